"""Outages, as an operator meets them: `bot.py run` against sandbox wikis behind a fault proxy.

Each service under test (a content wiki, Wikidata, the pageviews double) is
reached through ``sandbox.faultproxy.FaultProxy``, which refuses (a closed
port), answers 503 forever, or never answers. The bot runs as a process, as
cron or Toolforge start it, with pywikibot allowed 1,000 retries: only the
run's bound (``max_run_minutes``) can end it. Every run is bounded by the test
(the process is killed past a generous upper bound; no speed is asserted).

Time is scaled, not the rules: the bot runs with ``WIKIGAPBOT_TIME_SCALE`` at
:data:`SCALE` (``wikigap/wikis/deadline.py``), so a minute of ``max_run_minutes``
lasts 15 s and a refused connection is tried 1.25 and 2.5 s apart, through the
production code; a run given a bound must end within that scaled bound plus
:data:`MARGIN` (start-up, the last try's cut, a busy machine).

Three events, one per wiki; the expected numbers are summed from EDITS by hand.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sandbox import ImportedRevision, use_pywikibot_dir
from sandbox.faultproxy import FaultProxy
from sandbox.pageviews import PageviewsDouble
from sandbox_campaign import campaign_yaml
from wikidata_entities import FEMALE, MALE, claims
from wikigap.model import Metrics
from wikigap.store.state import State
from wikigap.wikis.deadline import SCALE_VARIABLE
from wikigap.write.regions import read_region
from wikigap.write.render import without_time

P = "OUT"
ROOT = Path(__file__).resolve().parents[2]
USERS = ("Ada", "Bo", "Cy", "Di")
REGISTRY = f"""{{| class="wikitable"
! Event page !! Country !! City !! Dates !! Languages !! Organizer(s)
|-
| [[{P}/Oslo]] || Norway || Oslo || 8 March 2021 || en || [[User:{P} Ada]]
|-
| [[{P}/Bergen]] || Norway || Bergen || 8 March 2021 || sv || [[User:{P} Cy]]
|-
| [[{P}/Porto]] || Portugal || Porto || 8 March 2021 || pt || [[User:{P} Di]]
|}}
"""
SIGNUPS = {f"{P}/Oslo": f"== Participants ==\n# [[User:{P} Ada]]\n# [[User:{P} Bo]]\n",
           f"{P}/Bergen": f"== Participants ==\n# [[User:{P} Cy]]\n",
           f"{P}/Porto": f"== Participants ==\n# [[User:{P} Di]]\n"}
EDITS = [  # (wiki, title, user, size): each creates its article on 8 March 2021
    ("en", "Anna", "Ada", 1000),    # Oslo: a woman (Q931)
    ("en", "Mark", "Bo", 400),      # Oslo: a man (Q932)
    ("sv", "Selma", "Cy", 800),     # Bergen: a woman (Q933)
    ("pt", "Maria", "Di", 600),     # Porto: no item, Wikidata cannot place it
]
ITEMS = {"Q931": claims(p21=(FEMALE,)), "Q932": claims(p21=(MALE,)), "Q933": claims(p21=(FEMALE,))}
PAGE_ITEMS = {"en": {"Anna": "Q931", "Mark": "Q932"}, "sv": {"Selma": "Q933"}}
# Registered in 2010: nobody is a new editor (0, known).
OSLO = Metrics(2, 2, 2, 0, 1400, 2, ("en",), new_editors=0, edits_reverted=0,
               created_about_women=1, improved_about_women=0, gender_unknown=0)
BERGEN = Metrics(1, 1, 1, 0, 800, 1, ("sv",), new_editors=0, edits_reverted=0,
                 created_about_women=1, improved_about_women=0, gender_unknown=0)
PORTO = Metrics(1, 1, 1, 0, 600, 1, ("pt",), new_editors=0, edits_reverted=0,
                created_about_women=0, improved_about_women=0, gender_unknown=1)
CAMPAIGN = Metrics(4, 4, 4, 0, 2800, 4, ("en", "pt", "sv"), new_editors=0, edits_reverted=0,
                   created_about_women=2, improved_about_women=0, gender_unknown=1)
NO_WOMEN = dict(created_about_women=None, improved_about_women=None, gender_unknown=None)
VIEWS_ARTICLES = 145
SCALE = 0.25    # a minute of max_run_minutes lasts 15 s; refusals wait 1.25 s, then 2.5 s
MARGIN = 60     # seconds a run may take past its scaled bound: Python's start-up, the last try


def within(minutes: float) -> float:
    """The upper bound, in seconds, of a run given ``max_run_minutes: minutes`` at SCALE."""
    return minutes * 60 * SCALE + MARGIN


@pytest.fixture(scope="module")
def campaign(sandbox):
    """Load users, pages, 2021 edits, items and 145 more Porto articles for the views runs."""
    names = [f"{P} {u}" for u in USERS]
    for code in ("meta", "en", "pt", "sv"):
        sandbox[code].create_users(names)
    sandbox["meta"].set_registrations({n: datetime(2010, 1, 1, tzinfo=timezone.utc) for n in names})
    sandbox["meta"].load_pages([(f"{P}/Events", REGISTRY), *SIGNUPS.items()])
    sandbox["wikidata"].load_entities(ITEMS)
    when = datetime(2021, 3, 8, 10, tzinfo=timezone.utc)
    for code in ("en", "pt", "sv"):
        sandbox[code].import_revisions([ImportedRevision(f"{P} {t}", "x" * size, f"{P} {u}", when)
                                        for wiki, t, u, size in EDITS if wiki == code])
        sandbox[code].set_items({f"{P} {t}": q for t, q in PAGE_ITEMS.get(code, {}).items()})
    return sandbox


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The bot's environment: a sandbox pywikibot folder allowing 1,000 retries, 1-2 s apart,
    and the run's bound and refusal waits scaled by SCALE."""
    child = dict(os.environ, **{SCALE_VARIABLE: str(SCALE)})
    use_pywikibot_dir(tmp_path_factory.mktemp("pwb-outage"), "tests/wiki/test_outage.py",
                      env=child, extra={"max_retries": 1000, "retry_wait": 1, "retry_max": 2})
    return child


def proxy_for(sandbox, code: str, mode: str = "pass") -> FaultProxy:
    parts = urlsplit(sandbox[code].api_url)
    return FaultProxy((parts.hostname, parts.port), mode)


def via(proxy: FaultProxy, sandbox, code: str) -> str:
    """The wiki's api.php URL through the proxy."""
    return proxy.url(urlsplit(sandbox[code].api_url).path)


def write_config(sandbox, folder: Path, name: str, *, content=None, **extra) -> str:
    direct = {code: sandbox[code].api_url for code in ("en", "pt", "sv")}
    return str(campaign_yaml(sandbox, folder, f"{P}/Events", grace_days=3, name=name,
                             content_wikis={**direct, **(content or {})}, **extra))


def bot(env, config: str, *args: str, bound: float) -> tuple[int, str, float]:
    """Run bot.py as a process; fail if it runs past ``bound`` seconds (an upper bound)."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "bot.py"), *args, "--config", config],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=bound)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def snapshot_of(config: str, name: str):
    with State(Path(config).parent / "state.sqlite") as state:
        return state.latest_snapshot(name)


def results(snapshot) -> dict:
    return {r.event.key.split("/")[-1]: r for r in snapshot.events}


def test_wikidata_at_a_closed_port_leaves_the_women_unknown_then_carried(campaign, env, tmp_path):
    proxy = proxy_for(campaign, "wikidata", "refuse")
    config = write_config(campaign, tmp_path, f"{P} wd", wikidata=via(proxy, campaign, "wikidata"))
    with proxy:
        status, out, seconds = bot(env, config, "run", "tally", bound=240)
        assert status == 1 and seconds < 240
        assert "could not read the articles' items on Wikidata" in out
        assert f"127.0.0.1:{proxy.port} could not be read: tried 3 time(s)" in out
        first = snapshot_of(config, f"{P} wd")      # first run: unknown, every other number exact
        assert results(first)["Oslo"].metrics == replace(OSLO, **NO_WOMEN)
        assert results(first)["Porto"].metrics == replace(PORTO, **NO_WOMEN)
        assert first.metrics == replace(CAMPAIGN, **NO_WOMEN) and first.unread == ("wikidata",)
        proxy.mode = "pass"
        assert bot(env, config, "run", "tally", bound=240)[0] == 0
        good = snapshot_of(config, f"{P} wd")
        assert results(good)["Oslo"].metrics == OSLO and good.metrics == CAMPAIGN
        proxy.mode = "refuse"
        status, out, _ = bot(env, config, "run", "tally", bound=240)
        later = snapshot_of(config, f"{P} wd")      # a later run: carried, with their time
    assert status == 1
    assert results(later)["Oslo"].metrics == OSLO and later.metrics == CAMPAIGN
    assert results(later)["Oslo"].stale_since == good.taken_at == later.totals_stale_since
    assert "keep their last good numbers" in out


def test_a_wiki_answering_503_ends_within_its_bound_naming_that_wiki(campaign, env, tmp_path):
    """max_run_minutes 3 (45 s at SCALE): without the bound, 1,000 pywikibot retries 1-2 s
    apart would take over half an hour."""
    proxy = proxy_for(campaign, "en", "503")
    config = write_config(campaign, tmp_path, f"{P} 503", max_run_minutes=3,
                          content={"en": via(proxy, campaign, "en")})
    with proxy:
        status, out, seconds = bot(env, config, "run", "tally", bound=within(3))
    assert status == 1 and seconds < within(3)
    assert "could not read contributions on en" in out and "HTTP 503" in out
    assert "its share of the time left" in out and "The next tally tries again" in out
    assert proxy.seen["503"] > 5        # pywikibot's polite retries went on until the bound
    now = results(snapshot_of(config, f"{P} 503"))
    assert now["Bergen"].metrics == BERGEN and now["Porto"].metrics == PORTO
    assert now["Oslo"].metrics == Metrics(signed_up=2, new_editors=0)   # no earlier numbers


def test_an_answer_that_never_comes_ends_within_the_bound(campaign, env, tmp_path):
    """max_run_minutes 2 (30 s at SCALE): en's tries take up to three quarters of it, the
    wikis read after en must still fit in the rest."""
    proxy = proxy_for(campaign, "en", "hang")
    config = write_config(campaign, tmp_path, f"{P} hang", max_run_minutes=2,
                          content={"en": via(proxy, campaign, "en")})
    with proxy:
        status, out, seconds = bot(env, config, "run", "tally", bound=within(2))
    assert status == 1 and seconds < within(2) and "no answer in time" in out and "ReadTimeout" not in out
    now = results(snapshot_of(config, f"{P} hang"))
    assert now["Bergen"].metrics == BERGEN and now["Porto"].metrics == PORTO


def test_wikidata_answering_503_leaves_only_the_women_unknown(campaign, env, tmp_path):
    proxy = proxy_for(campaign, "wikidata", "503")
    config = write_config(campaign, tmp_path, f"{P} wd503", max_run_minutes=1,
                          wikidata=via(proxy, campaign, "wikidata"))
    with proxy:
        status, out, seconds = bot(env, config, "run", "tally", bound=within(1))
    assert status == 1 and seconds < within(1) and "HTTP 503" in out
    snapshot = snapshot_of(config, f"{P} wd503")
    assert results(snapshot)["Bergen"].metrics == replace(BERGEN, **NO_WOMEN)
    assert snapshot.metrics == replace(CAMPAIGN, **NO_WOMEN)


def test_an_outage_in_a_second_run_keeps_the_first_runs_numbers_then_recovers(campaign, env,
                                                                           tmp_path):
    page = f"{P}/Status {tmp_path.name}"
    campaign["meta"].load_page(page, "<!-- wikigapbot:begin status -->\n"
                                     "<!-- wikigapbot:end status -->\n")
    proxy = proxy_for(campaign, "en")
    config = write_config(campaign, tmp_path, f"{P} again", content={"en": via(proxy, campaign, "en")},
                          status_tables=[{"wiki": "meta", "page": page, "language": "en"}])
    with proxy:
        assert bot(env, config, "run", "tally", "status-table", bound=240)[0] == 0
        good = read_region(campaign["meta"].page_text(page), "status")
        first = snapshot_of(config, f"{P} again")
        proxy.mode = "refuse"
        status, out, seconds = bot(env, config, "run", "tally", "status-table", bound=240)
        during = read_region(campaign["meta"].page_text(page), "status")
        kept = snapshot_of(config, f"{P} again")
        _, listing, _ = bot(env, config, "list", bound=120)
        _, exported, _ = bot(env, config, "export", "--what", "events", "--format", "json",
                             bound=120)
        proxy.mode = "pass"
        assert bot(env, config, "run", "tally", "status-table", bound=240)[0] == 0
        back = read_region(campaign["meta"].page_text(page), "status")
    assert status == 1 and seconds < 240
    assert f"could not read contributions on en (http://127.0.0.1:{proxy.port} could not be " \
           "read: tried 3 time(s)" in out
    assert results(kept)["Oslo"].metrics == OSLO and results(kept)["Oslo"].stale_since == first.taken_at
    as_of = f"as of {first.taken_at:%H:%M} UTC, {first.taken_at.day} {first.taken_at:%B}"
    assert f"[[:{P}/Oslo|{P}/Oslo]]<br /><small>{as_of}</small>" in during
    assert "| data-sort-value=\"1400\" | 1,400" in during            # the first run's numbers
    assert during.endswith("Could not be read at this update: English Wikipedia. Rows marked “as of” keep the "
                           "last numbers read from it, at that time (from Wikidata: the articles "
                           "about women); with no earlier numbers they are unknown.")
    assert f"(distinct)<br /><small>includes numbers {as_of}</small>" in during
    assert without_time(back) == without_time(good) and "as of" not in back   # exact again
    tally_line = next(line for line in listing.splitlines() if line.startswith("tally "))
    assert " failed 1 problems - could not read contributions on en (http" in tally_line
    assert "| last success " in tally_line
    events = {e["page"]: e for e in json.loads(exported)["events"]}
    assert events[f"{P}/Oslo"]["stale_since"] == first.taken_at.isoformat().replace("+00:00", "Z")
    assert events[f"{P}/Porto"]["stale_since"] is None


@pytest.fixture(scope="module")
def many_articles(campaign):
    """145 Porto articles by Di (counted, so `views` has 145 to read)."""
    when = datetime(2021, 3, 8, 12, tzinfo=timezone.utc)
    campaign["pt"].import_revisions([ImportedRevision(f"{P} Artigo {n}", "y" * 50, f"{P} Di", when)
                                     for n in range(VIEWS_ARTICLES - 1)])
    return campaign


def test_views_with_the_api_refusing_ends_fast_and_a_tally_runs_beside_it(many_articles, env,
                                                                         tmp_path):
    with PageviewsDouble() as api, FaultProxy(api.server.server_address, "refuse") as proxy:
        config = write_config(many_articles, tmp_path, f"{P} views",
                              pageviews={"api": proxy.url(), "contact": "outage test <t@example.org>"})
        assert bot(env, config, "run", "tally", bound=240)[0] == 0
        assert len(snapshot_of(config, f"{P} views").articles) >= VIEWS_ARTICLES
        start = time.monotonic()     # views at real time: its refusals take 15 s, the tally less
        views = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run", "views", "--config",
                                  config], cwd=ROOT, env={**env, SCALE_VARIABLE: "1"},
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        status, out, _ = bot(env, config, "run", "tally", bound=120)
        tally_done = time.monotonic() - start
        views_out, _ = views.communicate(timeout=120)
        views_done = time.monotonic() - start
    assert status == 0 and "task tally: ok" in out
    assert out.count("waiting for the campaign lock") <= 1
    assert views.returncode == 1 and views_done < 60
    assert "the pageviews API is unreachable; views keep their last read" in views_out
    assert api.seen == []
    assert tally_done < views_done       # the tally ran while views was still trying


def test_views_with_the_api_answering_503_ends_within_the_bound(many_articles, env, tmp_path):
    with PageviewsDouble() as api, FaultProxy(api.server.server_address, "503") as proxy:
        config = write_config(many_articles, tmp_path, f"{P} views503", max_run_minutes=1,
                              pageviews={"api": proxy.url(), "contact": "outage test <t@example.org>"})
        assert bot(env, config, "run", "tally", bound=240)[0] == 0
        status, out, seconds = bot(env, config, "run", "views", bound=within(1))
    assert status == 1 and seconds < within(1)
    assert "the pageviews API is unreachable" in out and "HTTP 503" in out


def test_the_schedulers_next_slot_runs_as_normal_after_an_outage(campaign, tmp_path, monkeypatch):
    """Two scheduled slots in one process (as `bot.py schedule` runs them): down, then back."""
    import threading

    from tasks import TASKS
    from wikigap.config import load_config
    from wikigap.run import scheduler

    monkeypatch.setenv(SCALE_VARIABLE, str(SCALE))      # this process's runs, as the bot's
    proxy = proxy_for(campaign, "en", "refuse")
    config = load_config(write_config(campaign, tmp_path, f"{P} slots",
                                      content={"en": via(proxy, campaign, "en")}))
    with proxy:
        assert scheduler.run_job(config, TASKS, "tally", threading.Event(), 5) == 1
        down = results(snapshot_of(config.path, f"{P} slots"))
        proxy.mode = "pass"
        assert scheduler.run_job(config, TASKS, "tally", threading.Event(), 5) == 0
        back = snapshot_of(config.path, f"{P} slots")
    assert down["Oslo"].metrics == Metrics(signed_up=2, new_editors=0)
    assert results(back)["Oslo"].metrics == OSLO and results(back)["Bergen"].metrics == BERGEN
    assert back.unread == () and back.totals_stale_since is None
