"""Impact metrics on real wikis: articles about women, new editors, reverted edits.

Two events; every edit below says what it does to the numbers, and the
expected metrics are summed from those comments, not from the code under
test. Items live on the sandbox's Wikibase double, page properties, account
registration dates and change tags are stored as MediaWiki stores them.
"""
from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest

import bot
from running import run_tasks
from sandbox import ImportedRevision
from sandbox_campaign import campaign_yaml
from wikidata_entities import CAT, FEMALE, MALE, TRANS_WOMAN, claims, statement
from wikigap.wikis import wiki
from wikigap.config import load_config
from wikigap.model import Metrics
from wikigap.write.render import render_status_table
from wikigap.store.state import State

P = "IM"
USERS = ("Ada", "Bo", "Cy", "Di", "Eli", "Fay", "Outsider")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


REGISTRY = f"""{{| class="wikitable"
! Event page !! Country !! City !! Dates !! Languages !! Organizer(s)
|-
| [[{P}/Oslo]] || Norway || Oslo || 8–10 March 2021 || en || [[User:{P} Ada]]
|-
| [[{P}/Bergen]] || Norway || Bergen || 1–2 June 2021 || sv || [[User:{P} Eli]]
|}}
"""
SIGNUPS = {
    f"{P}/Oslo": "== Participants ==\n" + "".join(
        f"# [[User:{P} {n}]]\n" for n in ("Ada", "Bo", "Cy", "Di", "Eli", "Fay")),
    f"{P}/Bergen": f"== Participants ==\n# [[User:{P} Cy]]\n# [[User:{P} Eli]]\n",
}
# Registration on the events wiki. Oslo's new-editor window: 2021-01-07 00:00 (60 days
# before 8 March) to 2021-03-10 23:59:59; Bergen's: 2021-04-02 00:00 to 2021-06-02 23:59:59.
REGISTERED = {
    "Ada": "2021-01-07T00:00:00",   # exactly 60 days before Oslo: new for Oslo
    "Bo": "2021-01-06T00:00:00",    # 61 days before: not new
    "Cy": "2021-03-09T08:00:00",    # during Oslo: new there; before Bergen's window: not new there
    "Di": "2021-03-11T00:00:00",    # after Oslo's last day (in its grace days): not new
    "Eli": "2015-05-05T00:00:00",   # long ago
    "Fay": "2010-01-01T00:00:00",
    "Outsider": "2010-01-01T00:00:00",
}
ITEMS = {
    "Q901": claims(p21=(FEMALE,)),                       # a woman
    "Q902": claims(p21=(TRANS_WOMAN,)),                  # a trans woman
    "Q903": claims(p21=(MALE,)),                         # a man
    "Q904": claims(),                                    # a human without P21: unknown
    "Q905": claims(p31=(CAT,), p21=(FEMALE,)),           # not a human: not a woman
    "Q906": claims(P21=[statement("P21", FEMALE, "deprecated"), statement("P21", MALE)]),
    "Q907": claims(p21=(FEMALE,)),                       # the moved article's item
    "Q908": claims(p21=(FEMALE,)),                       # the reverted page's item
}                                                        # Q999 has no page: missing
# (wiki, title, user, time, size after, tags); Oslo window 8 March .. 13 March (grace 3)
EDITS = [
    ("en", "Anna", "Ada", "2021-03-08T10:00:00", 1000, ()),         # created, woman (+1000)
    ("en", "Tess", "Bo", "2021-03-08T11:00:00", 500, ()),           # created, trans woman (+500)
    ("en", "Tess", "Ada", "2021-03-10T12:00:00", 650, ("mw-reverted",)),  # reverted: nothing
    ("en", "Tess", "Bo", "2021-03-10T13:00:00", 500, ("mw-undo",)),        # an undo: nothing
    ("en", "Mark", "Outsider", "2020-01-01T00:00:00", 200, ()),
    ("en", "Mark", "Cy", "2021-03-09T10:00:00", 300, ()),           # improved, man (+100)
    ("en", "Human", "Cy", "2021-03-09T11:00:00", 400, ()),          # created, unknown (+400)
    ("en", "Cat", "Di", "2021-03-12T10:00:00", 300, ()),            # created, not a woman (+300)
    ("en", "Deprecated", "Outsider", "2020-01-01T00:00:00", 100, ()),
    ("en", "Deprecated", "Ada", "2021-03-10T10:00:00", 250, ()),    # improved, not a woman (+150)
    ("en", "Noitem", "Eli", "2021-03-11T10:00:00", 600, ()),        # created, unknown (+600)
    ("en", "Missing", "Outsider", "2020-01-01T00:00:00", 100, ()),
    ("en", "Missing", "Eli", "2021-03-12T10:00:00", 180, ()),       # improved, unknown (+80)
    ("en", "Old name", "Outsider", "2020-01-01T00:00:00", 100, ()),
    ("en", "Old name", "Bo", "2021-03-09T12:00:00", 400, ()),       # improved, woman (+300); moved
    ("en", "Reverted", "Outsider", "2020-01-01T00:00:00", 100, ()),
    ("en", "Reverted", "Fay", "2021-03-09T10:00:00", 700, ("mw-reverted",)),  # Fay's only edit
    ("en", "Reverted", "Outsider", "2021-03-09T12:00:00", 100, ("mw-rollback",)),  # not a participant
    ("sv", "Selma", "Eli", "2021-06-01T10:00:00", 800, ()),         # Bergen: created, woman (+800)
    ("sv", "Selma", "Cy", "2021-06-02T09:00:00", 1000, ()),         # Bergen: (+200)
    ("sv", "Selma", "Outsider", "2021-06-02T10:00:00", 1100, ("mw-manual-revert",)),  # no effect
]
PAGE_ITEMS = {"en": {"Anna": "Q901", "Tess": "Q902", "Mark": "Q903", "Human": "Q904",
                     "Cat": "Q905", "Deprecated": "Q906", "Missing": "Q999",
                     "Target": "Q907", "Reverted": "Q908"},  # Noitem has none
              "sv": {"Selma": "Q901"}}

OSLO = Metrics(signed_up=6, active_participants=5,            # Fay's only edit was reverted
               articles_created=5, articles_improved=4,       # Anna Tess Human Cat Noitem; Mark Deprecated Missing Target
               bytes_added=1000 + 500 + 100 + 400 + 300 + 150 + 600 + 80 + 300, edits=9,
               languages=("en",), new_editors=2,               # Ada, Cy
               edits_reverted=3,                               # Ada's and Bo's on Tess, Fay's
               created_about_women=2, improved_about_women=1,  # Anna, Tess; Target
               gender_unknown=3)                               # Human, Noitem, Missing
BERGEN = Metrics(signed_up=2, active_participants=2, articles_created=1, articles_improved=0,
                 bytes_added=800 + 200, edits=2, languages=("sv",), new_editors=0,
                 edits_reverted=0, created_about_women=1, improved_about_women=0,
                 gender_unknown=0)
CAMPAIGN = Metrics(signed_up=6, active_participants=5, articles_created=6, articles_improved=4,
                   bytes_added=3430 + 1000, edits=11, languages=("en", "sv"), new_editors=2,
                   edits_reverted=3, created_about_women=3, improved_about_women=1,
                   gender_unknown=3)
UNKNOWN_WOMEN = dict(created_about_women=None, improved_about_women=None, gender_unknown=None)


def _name(user: str) -> str:
    return f"{P} {user}"


@pytest.fixture(scope="module")
def campaign(sandbox, tmp_path_factory):
    """Load the campaign, items, registration dates, tags and page properties."""
    names = [_name(u) for u in USERS]
    for code in ("meta", "en", "sv"):
        sandbox[code].create_users(names)
    sandbox["meta"].set_registrations({_name(u): utc(t) for u, t in REGISTERED.items()})
    sandbox["meta"].load_pages([(f"{P}/Events", REGISTRY), *SIGNUPS.items()])
    sandbox["wikidata"].load_entities(ITEMS)
    for code in ("en", "sv"):
        edits = [e for e in EDITS if e[0] == code]
        sandbox[code].import_revisions([ImportedRevision(f"{P} {t}", "x" * size, _name(u), utc(w))
                                        for _, t, u, w, size, _ in edits])
        sandbox[code].tag_revisions([(f"{P} {t}", utc(w), tags)
                                     for _, t, _, w, _, tags in edits if tags])
    sandbox["en"].move_page(f"{P} Old name", f"{P} Target")
    for code, items in PAGE_ITEMS.items():
        sandbox[code].set_items({f"{P} {t}": q for t, q in items.items()})
    return tmp_path_factory.mktemp("impact")


def _tally(sandbox, folder, name, **extra):
    folder.mkdir(exist_ok=True)
    config = load_config(campaign_yaml(sandbox, folder, f"{P}/Events", grace_days=3,
                                       name=name, **extra))
    output: list[str] = []
    status = run_tasks(config, ["tally"], echo=output.append)
    with State(config.state_path) as state:
        return config, status, state.latest_snapshot(name), output


@pytest.fixture(scope="module")
def tallied(sandbox, campaign):
    return _tally(sandbox, campaign / "ok", "Impact")


def _results(snapshot):
    return {r.event.key: r for r in snapshot.events}


def test_event_metrics_are_exact(tallied):
    _, status, snapshot, _ = tallied
    assert status == 0
    results = _results(snapshot)
    assert results[f"{P}/Oslo"].metrics == OSLO
    assert results[f"{P}/Bergen"].metrics == BERGEN
    assert results[f"{P}/Oslo"].per_wiki == {"en": OSLO}


def test_campaign_metrics_count_distinct_pages_and_users(tallied):
    assert tallied[2].metrics == CAMPAIGN


def test_articles_carry_their_item_and_gender(tallied):
    rows = {(a.event, a.title): (a.status, a.wikidata, a.about_woman) for a in tallied[2].articles}
    oslo = f"{P}/Oslo"
    assert rows[(oslo, f"{P} Anna")] == ("created", "Q901", True)
    assert rows[(oslo, f"{P} Target")] == ("improved", "Q907", True)   # moved: found by page id
    assert rows[(oslo, f"{P} Noitem")] == ("created", None, None)
    assert rows[(oslo, f"{P} Missing")] == ("improved", "Q999", None)
    assert rows[(oslo, f"{P} Cat")] == ("created", "Q905", False)
    assert rows[(oslo, f"{P} Deprecated")] == ("improved", "Q906", False)
    assert (oslo, f"{P} Reverted") not in rows and (oslo, f"{P} Old name") not in rows


def test_participant_rows_mark_new_editors_and_women(tallied):
    oslo = {p.user: p for p in _results(tallied[2])[f"{P}/Oslo"].participants}
    assert {u for u, p in oslo.items() if p.new_editor} == {_name("Ada"), _name("Cy")}
    assert (oslo[_name("Bo")].about_women, oslo[_name("Bo")].articles_improved) == (2, 1)
    assert (oslo[_name("Fay")].edits, oslo[_name("Fay")].about_women) == (0, 0)
    bergen = {p.user: p for p in _results(tallied[2])[f"{P}/Bergen"].participants}
    assert bergen[_name("Cy")].new_editor is False


def test_export_has_the_new_metrics_and_article_columns(tallied, capsys):
    path = tallied[0].path
    assert bot.main(["export", "--config", path, "--what", "events", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["campaign"]["created_about_women"] == 3
    assert data["campaign"]["new_editors"] == 2 and data["campaign"]["edits_reverted"] == 3
    assert bot.main(["export", "--config", path, "--what", "articles", "--format", "json"]) == 0
    articles = {a["title"]: a for a in json.loads(capsys.readouterr().out)
                if a["event"] == f"{P}/Oslo"}
    assert (articles[f"{P} Noitem"]["wikidata"], articles[f"{P} Noitem"]["about_woman"]) == ("", None)
    assert articles[f"{P} Tess"]["about_woman"] is True


def test_wikidata_requests_are_one_per_500_items(sandbox, campaign, tallied):
    """A second tally (logged in already) asks Wikidata once for its 9 items: ⌈9/500⌉ = 1.

    (The first tally also logged in to Wikidata: its login is the only other cost.)
    """
    host = urlsplit(sandbox["wikidata"].api_url).netloc
    before, total = wiki.REQUESTS.by_host[host], wiki.REQUESTS.count
    _, status, snapshot, output = _tally(sandbox, campaign / "ok", "Impact")
    wikidata_requests = wiki.REQUESTS.by_host[host] - before
    items = {q for pages in PAGE_ITEMS.values() for q in pages.values()}   # all edited pages'
    print(f"tally: {wiki.REQUESTS.count - total} requests, {wikidata_requests} to Wikidata "
          f"for {len(items)} items")
    assert status == 0 and snapshot.metrics == CAMPAIGN and len(items) == 9
    assert wikidata_requests <= math.ceil(len(items) / 500)


def test_wikidata_unreachable_leaves_only_the_women_unknown(sandbox, campaign, capsys):
    config, status, snapshot, output = _tally(sandbox, campaign / "down", "Impact down",
                                              wikidata="http://127.0.0.1:9/api.php")
    assert status == 1
    assert any("Wikidata" in line for line in output)
    results = _results(snapshot)
    assert results[f"{P}/Oslo"].metrics == replace(OSLO, **UNKNOWN_WOMEN)
    assert results[f"{P}/Bergen"].metrics == replace(BERGEN, **UNKNOWN_WOMEN)
    assert snapshot.metrics == replace(CAMPAIGN, **UNKNOWN_WOMEN)
    assert all(a.about_woman is None for a in snapshot.articles)
    campaign_row = render_status_table(snapshot, "en").split('|- class="sortbottom"')[1]
    # signed up, active, new editors, created, improved, about women (unknown), bytes (views next)
    assert "! 6\n! 5\n! 2\n! 6\n! 4\n! unknown\n! 4,430\n" in campaign_row
    assert bot.main(["export", "--config", config.path, "--what", "events", "--format", "csv"]) == 0
    campaign_row = capsys.readouterr().out.splitlines()[1]
    assert ",2,3,,,\n" in campaign_row + "\n"   # new_editors, edits_reverted, then 3 unknowns

