"""Task `views` end to end: sandbox wikis, a real tally, the pageviews API double.

Two events share one article; the double knows each article's daily views, answers
404 for one and 500 for another. Every expected number below is summed by hand
from the DAILY table and the windows in the comments, not by the code under test.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import bot
from sandbox.pageviews import PageviewsDouble
from sandbox_campaign import campaign_yaml
from wikigap.wikis import pageviews
from wikigap.config import load_config
from running import run_tasks
from sandbox import ImportedRevision
from wikigap.store.state import State

P = "Vw1"
ROOT = Path(__file__).resolve().parents[2]
CONTACT = "wikigapbot test operators <views@example.org>"
USERS = [f"{P} {name}" for name in ("Alice", "Bob", "Cara")]
REGISTRY = f"""{{| class="wikitable"
! Event page !! Country !! City !! Dates !! Languages !! Organizer(s)
|-
| [[{P}/Stockholm]] || Sweden || Stockholm || 8 March 2021 || sv, en || [[User:{P} Alice]]
|-
| [[{P}/Online]] || World || Online || 10–12 March 2021 || en || [[User:{P} Alice]]
|}}
"""
SIGNUPS = {f"{P}/Stockholm": f"== Participants ==\n# [[User:{P} Alice]]\n# [[User:{P} Bob]]\n",
           f"{P}/Online": f"== Participants ==\n# [[User:{P} Alice]]\n# [[User:{P} Cara]]\n"}
# Windows (grace 2): Stockholm 2021-03-08 .. 03-10 23:59:59; Online 03-10 .. 03-14 23:59:59.
EDITS = [  # (wiki, title, user, time, size)
    ("en", "Ada Lovelace", "Alice", "2021-03-08T10:00:00", 1000),  # new: Stockholm (created)
    ("en", "Ada Lovelace", "Alice", "2021-03-11T10:00:00", 1100),  # Online (improved) -> 2 events
    ("en", "Grace Hopper", "Bob", "2021-03-09T10:00:00", 500),     # new: Stockholm
    ("sv", "Selma Lagerlöf", "Bob", "2021-03-08T12:00:00", 700),   # new: Stockholm; API 404
    ("en", "Hedy Lamarr", "Cara", "2021-03-11T09:00:00", 600),     # new: Online; API 500
]
D = date
ADA = {D(2021, 3, 7): 1000, D(2021, 3, 8): 10, D(2021, 3, 9): 20, D(2021, 3, 10): 40,
       D(2021, 3, 11): 80, D(2022, 1, 1): 5}    # the 7th is before both events: never counted
GRACE = {D(2021, 3, 9): 3, D(2021, 3, 12): 4}
HEDY = {D(2021, 3, 11): 1000, D(2021, 3, 12): 2000}
# Stockholm (from 03-08): Ada 10+20+40+80+5 = 155, Grace 7, Selma 0 (404)     -> 162
# Online (from 03-10):    Ada 40+80+5 = 125, Hedy unknown (500)               -> unknown
# Campaign: Hedy unknown                                                       -> unknown
# Once Hedy answers: Online 125 + 3000 = 3125; campaign Ada once (from 03-08):
#   155 + 7 + 0 + 3000 = 3162 (not 162 + 3125 = 3287, which counts Ada twice).
PROJECT = """{{Lägesrapport
|uppdaterad=
|måluppfyllnad=
* T.3.1 - artiklarna läses 0/1 000 000 gånger
<!-- wikigapbot:begin wikigapbot -->
<!-- wikigapbot:end wikigapbot -->
}}
"""


def revisions(code: str) -> list[ImportedRevision]:
    return [ImportedRevision(f"{P} {title}", "x" * size, f"{P} {user}",
                             datetime.fromisoformat(when).replace(tzinfo=timezone.utc))
            for wiki, title, user, when, size in EDITS if wiki == code]


@pytest.fixture(scope="module")
def wikis(sandbox):
    """Load the campaign's pages, users and 2021 revisions once for the module."""
    for name in ("meta", "en", "sv"):
        sandbox[name].create_users(USERS)
    sandbox["meta"].load_pages([(f"{P}/Events", REGISTRY), *SIGNUPS.items(),
                                (f"{P}/Status", "Status.\n<!-- wikigapbot:begin status -->\n"
                                 "<!-- wikigapbot:end status -->\nEnd.\n")])
    sandbox["se"].load_page(f"{P}/Projekt", PROJECT)
    for code in ("en", "sv"):
        sandbox[code].import_revisions(revisions(code))
    return sandbox


def scripted(api: PageviewsDouble, hedy_fails: bool = True) -> PageviewsDouble:
    api.article("en.wikipedia", f"{P} Ada Lovelace", daily=ADA)
    api.article("en.wikipedia", f"{P} Grace Hopper", daily=GRACE)
    if hedy_fails:
        api.article("en.wikipedia", f"{P} Hedy Lamarr", status=500)
    else:
        api.article("en.wikipedia", f"{P} Hedy Lamarr", daily=HEDY)
    return api   # sv.wikipedia's Selma is unknown to the double: 404


def config_for(sandbox, folder: Path, api: PageviewsDouble, **extra):
    return load_config(campaign_yaml(
        sandbox, folder, f"{P}/Events", grace_days=2, name=f"Views {folder.name}",
        pageviews={"api": api.url, "contact": CONTACT, "refresh_days": 7},
        status_tables=[{"wiki": "meta", "page": f"{P}/Status", "marker": "status",
                        "language": "en"}],
        progress_report={"wiki": "se", "page": f"{P}/Projekt", "template": "Lägesrapport",
                         "goals": {"T.3.1": "views"}}, **extra))


def published(config):
    """The latest snapshot with its views, as every output task sees it."""
    with State(config.state_path) as state:
        return state.published_snapshot(config.name)


def titles(seen) -> list[str]:
    return sorted(s.article for s in seen)


def test_views_exact_for_events_and_campaign_unknown_where_a_read_failed(
        wikis, tmp_path, monkeypatch):
    monkeypatch.setattr(pageviews, "BACKOFF_SECONDS", 0.01)
    output: list[str] = []
    with scripted(PageviewsDouble()) as api:
        config = config_for(wikis, tmp_path, api)
        assert run_tasks(config, ["tally"]) == 0
        assert run_tasks(config, ["views"], echo=output.append) == 1     # Hedy stays unknown
        snapshot = published(config)
        events = {r.event.key: r.metrics.views for r in snapshot.events}
        assert events == {f"{P}/Stockholm": 162, f"{P}/Online": None}
        assert snapshot.metrics.views is None
        rows = {(a.event, a.title): a.views for a in snapshot.articles}
        assert rows[(f"{P}/Stockholm", f"{P} Ada Lovelace")] == 155
        assert rows[(f"{P}/Online", f"{P} Ada Lovelace")] == 125
        assert rows[(f"{P}/Stockholm", f"{P} Selma Lagerlöf")] == 0
        assert rows[(f"{P}/Online", f"{P} Hedy Lamarr")] is None
        people = {p.user: p.views for r in snapshot.events for p in r.participants
                  if r.event.key == f"{P}/Stockholm"}
        assert people == {f"{P} Alice": 155, f"{P} Bob": 7}
        # One request per article (Ada once for both events), Hedy retried, from the 8th.
        assert len(api.seen) == 4 + pageviews.RETRIES
        assert all("/daily/20210308/" in s.path for s in api.seen if "Ada" in s.article)
        assert any("4/4 articles read (0 to do)" in line and "1 errors" in line
                   for line in output), output
        assert any("HTTP 500" in line and "Hedy" in line for line in output)

        # The status table shows the column: Stockholm's number, Online's unknown.
        assert run_tasks(config, ["status-table"]) == 0
        table = wikis["meta"].page_text(f"{P}/Status")
        assert "! Views" in table and 'data-sort-value="162" | 162' in table
        assert "| unknown" in table
        output.clear()
        assert run_tasks(config, ["progress-report"], echo=output.append) == 1
        assert any("goals T.3.1 are unknown" in line for line in output), output

        api.article("en.wikipedia", f"{P} Hedy Lamarr", daily=HEDY)
        before = len(api.seen)
        assert run_tasks(config, ["views"]) == 0
        assert titles(api.seen[before:]) == [f"{P}_Hedy_Lamarr"]    # only what was missing
        snapshot = published(config)
        assert {r.event.key: r.metrics.views for r in snapshot.events} == {
            f"{P}/Stockholm": 162, f"{P}/Online": 3125}
        assert snapshot.metrics.views == 3162
        out = tmp_path / "events.json"                                     # export shows them
        assert bot.main(["export", "--config", config.path, "--what", "events",
                         "--format", "json", "--out", str(out)]) == 0
        exported = json.loads(out.read_text(encoding="utf-8"))
        assert exported["campaign"]["views"] == 3162, exported["campaign"]
        assert run_tasks(config, ["progress-report"]) == 0                 # views as a goal
        project = wikis["se"].page_text(f"{P}/Projekt")
        assert "* T.3.1 - artiklarna läses 3 162/1 000 000 gånger" in project
        assert "Artiklarna har visats 3\u00a0162 gånger sedan evenemangen började." in project

        before = len(api.seen)
        output.clear()
        assert run_tasks(config, ["views"], echo=output.append) == 0
        assert len(api.seen) == before                               # within refresh_days
        assert any("4 read within 7 days, 0 to read" in line for line in output), output


def test_a_dry_run_reads_nothing(wikis, tmp_path):
    with scripted(PageviewsDouble(), hedy_fails=False) as api:
        config = config_for(wikis, tmp_path, api)
        assert run_tasks(config, ["tally"]) == 0
        output: list[str] = []
        assert run_tasks(config, ["views"], dry_run=True, echo=output.append) == 0
        assert api.seen == []
        assert any("4 requests to" in line and "would be made" in line for line in output)


def test_a_run_killed_half_way_is_resumed_with_only_what_is_missing(wikis, tmp_path):
    """SIGKILL the bot while the double holds its 4th request; the rerun reads the rest."""
    with scripted(PageviewsDouble(), hedy_fails=False) as api:
        config = config_for(wikis, tmp_path, api)
        assert run_tasks(config, ["tally"]) == 0
        proc = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run", "views",
                                 "--config", config.path], cwd=ROOT, env=dict(os.environ),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        api.on_request = lambda seen: _kill_after_first_store(api, proc, config.state_path)
        proc.wait(timeout=120)
        assert proc.returncode == -signal.SIGKILL, proc.stdout.read().decode()
        stored = _stored(config.state_path)
        assert 1 <= len(stored) < 4
        first = len(api.seen)
        api.on_request = None
        assert run_tasks(config, ["views"]) == 0
        everything = {f"{P}_Ada_Lovelace", f"{P}_Grace_Hopper", f"{P}_Hedy_Lamarr",
                      f"{P}_Selma_Lagerlöf"}
        assert set(titles(api.seen[first:])) == everything - stored
        assert len(api.seen) - first == 4 - len(stored)
        assert published(config).metrics.views == 3162


def _kill_after_first_store(api, proc, state_path) -> None:
    """On the 4th request, wait until the bot has stored an answer, then kill it."""
    if len(api.seen) != 4:
        return
    deadline = time.monotonic() + 30
    while not _stored(state_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)


def _stored(state_path) -> set[str]:
    with sqlite3.connect(state_path) as db:
        rows = db.execute("SELECT title FROM pageviews WHERE read_at IS NOT NULL").fetchall()
    return {title.replace(" ", "_") for (title,) in rows}


def test_every_request_names_the_bot_and_the_contact(wikis, tmp_path):
    with scripted(PageviewsDouble(), hedy_fails=False) as api:
        config = config_for(wikis, tmp_path, api)
        assert run_tasks(config, ["tally", "views"]) == 0
        assert len(api.seen) == 4
        assert all(s.user_agent.startswith("wikigapbot/") and CONTACT in s.user_agent
                   for s in api.seen)
