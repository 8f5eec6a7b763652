"""The tally on real wikis: imported 2021 revisions, exact numbers derived by hand.

Six events over en, pt and sv (grace_days 2). Every revision below says
which events count it and why; the expected metrics are summed from those
comments, not from the code under test.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone

import pytest

import bot
from phrases import assert_written_in_every_language
from sandbox_campaign import campaign_yaml
from wikigap.config import load_config
from wikigap.write.messages import english
from wikigap.model import Metrics
from running import run_tasks
from sandbox import ImportedRevision
from wikigap.store.state import State

P = "T3"  # prefix: pages and users of this module only
USERS = [f"{P} {n}" for n in ("Alice", "Bob", "Carla", "Dan", "Eve", "Fay", "Gus", "Hana", "Ivan")]

REGISTRY = f"""Events of the tally test.
{{| class="wikitable"
! Event page !! Country !! City !! Dates !! Languages !! Organizer(s)
|-
| [[{P}/Stockholm]] || Sweden || Stockholm || 8 March 2021 || sv, en || [[User:{P} Alice]]
|-
| [[{P}/Brazil|Brazil online]] || Brazil || Online || 8–14 March 2021 || Portuguese || [[User:{P} Dan]]
|-
| [[{P}/Nairobi]] || Kenya || Nairobi || March 20, 2021 || en.wikipedia || [[User:{P} Fay]]
|-
| [[{P}/Online]] || World || Online || 2021-03-08 – 2021-03-12 || en / sv || [[User:{P} Hana]]
|-
| [[{P}/Kyiv]] || Ukraine || Kyiv || 08/03/2021 || en || [[User:{P} Ivan]]
|-
| [[{P}/Lisbon]] || Portugal || Lisbon || 1 April 2021 || pt || [[User:{P} Dan]]
|}}
"""

SIGNUPS = {
    f"{P}/Stockholm": f"""== Participants ==
# [[User:{P} Alice]] 10:00, 1 March 2021 (UTC)
# [[User:{P} Bob|Bob]] ([[User talk:{P} Bob|talk]]) 10:01, 1 March 2021 (UTC)
# <s>[[User:{P} Carla]] 10:02, 1 March 2021 (UTC)</s>
# [[User:{P} Alice|Alice again]] 10:03, 1 March 2021 (UTC)
# [[Special:Contributions/203.0.113.5|203.0.113.5]] 10:04, 1 March 2021 (UTC)
# [[User:{P} Ghost]] 10:05, 1 March 2021 (UTC)
""",
    f"{P}/Brazil": f"== Sign up ==\n* [[User:{P} Bob]]\n* [[User:{P} Dan]]\n",
    f"{P}/Nairobi": f"== Attendees ==\n# [[User:{P} Fay]]\n# [[User:{P} Gus]]\n",
    f"{P}/Online": f"== Participants ==\n# [[User:{P} Alice]]\n# [[User:{P} Hana]]\n",
    f"{P}/Kyiv": f"== Participants ==\n# [[User:{P} Ivan]]\n",
    # {P}/Lisbon is never created: its sign-up page is missing.
}

# Windows (grace 2 days):
#   Stockholm sv,en {Alice, Bob}       2021-03-08 00:00:00 .. 2021-03-10 23:59:59
#   Brazil    pt    {Bob, Dan}         2021-03-08 00:00:00 .. 2021-03-16 23:59:59
#   Nairobi   en    {Fay, Gus}         2021-03-20 00:00:00 .. 2021-03-22 23:59:59
#   Online    en,sv {Alice, Hana}      2021-03-08 00:00:00 .. 2021-03-14 23:59:59
#   Kyiv: ambiguous date, Lisbon: no sign-up page -> not tallied.
# (wiki, title, user, time, size after the edit), each page's edits in time order -> counted for
EDITS = [
    ("en", "Ada Lovelace", "Alice", "2021-03-08T00:00:00", 1000),   # new; Stockholm, Online (first second)
    ("en", "Ada Lovelace", "Bob", "2021-03-09T10:00:00", 1200),     # +200 Stockholm
    ("en", "Ada Lovelace", "Eve", "2021-03-09T11:00:00", 1250),     # +50 nobody: Eve never signed up
    ("en", "Grace Hopper", "Alice", "2021-03-07T23:59:59", 500),    # new but 1 s early: nowhere
    ("en", "Grace Hopper", "Alice", "2021-03-10T23:59:59", 600),    # +100 Stockholm (last second), Online
    ("en", "Grace Hopper", "Alice", "2021-03-11T00:00:00", 630),    # +30 Online only (1 s after Stockholm)
    ("en", "Redirect Page", "Hana", "2021-03-09T12:00:00", None),   # redirect: nowhere
    ("en", "Deleted Page", "Hana", "2021-03-09T13:00:00", 300),     # deleted below: nowhere
    ("en", "Katherine Johnson", "Fay", "2021-03-20T12:00:00", 800),  # new; Nairobi
    ("en", "Katherine Johnson", "Gus", "2021-03-22T23:59:59", 700),  # -100 Nairobi (edit, 0 bytes)
    ("en", "Katherine Johnson", "Gus", "2021-03-23T00:00:00", 740),  # +40 after grace: nowhere
    ("en", "Hedy Lamarr", "Hana", "2021-03-12T09:00:00", 600),      # new; Online
    ("en", "Hedy Lamarr", "Fay", "2021-03-21T09:00:00", 660),       # +60 Nairobi (improved there)
    ("en", "Talk:Ada Lovelace", "Alice", "2021-03-09T09:00:00", 90),  # talk namespace: nowhere
    ("en", "Ivan Page", "Ivan", "2021-03-08T09:00:00", 400),        # Kyiv not tallied: nowhere
    ("sv", "Selma Lagerlöf", "Bob", "2021-03-08T12:00:00", 1500),   # new; Stockholm
    ("sv", "Selma Lagerlöf", "Carla", "2021-03-08T13:00:00", 1570),  # +70 Carla withdrew: nowhere
    ("sv", "Selma Lagerlöf", "Alice", "2021-03-13T08:00:00", 1750),  # +180 Online (after Stockholm)
    ("pt", "Bertha Lutz", "Dan", "2021-03-10T08:00:00", 900),       # new; Brazil
    ("pt", "Bertha Lutz", "Bob", "2021-03-16T23:59:59", 1020),      # +120 Brazil (last second of grace)
    ("pt", "Bertha Lutz", "Bob", "2021-03-17T00:00:00", 1030),      # +10 too late: nowhere
    ("pt", "Nísia Floresta", "Bob", "2021-03-08T09:00:00", 700),    # new; Brazil (pt is not Stockholm's)
]

EXPECTED = {
    f"{P}/Stockholm": Metrics(signed_up=2, active_participants=2, articles_created=2,
                              articles_improved=1, bytes_added=1000 + 200 + 100 + 1500, edits=4,
                              languages=("en", "sv")),
    f"{P}/Brazil": Metrics(signed_up=2, active_participants=2, articles_created=2,
                           articles_improved=0, bytes_added=900 + 120 + 700, edits=3,
                           languages=("pt",)),
    f"{P}/Nairobi": Metrics(signed_up=2, active_participants=2, articles_created=1,
                            articles_improved=1, bytes_added=800 + 0 + 60, edits=3, languages=("en",)),
    f"{P}/Online": Metrics(signed_up=2, active_participants=2, articles_created=2,
                           articles_improved=2, bytes_added=1000 + 100 + 30 + 600 + 180, edits=5,
                           languages=("en", "sv")),
}
# Campaign, distinct: users Alice Bob Dan Fay Gus Hana; 13 revisions (Ada's and Grace's
# shared ones once); created Ada Selma Bertha Nísia Katherine Hedy (Selma and Hedy were
# also improved in other events but count as created); improved Grace only.
CAMPAIGN = Metrics(signed_up=6, active_participants=6, articles_created=6, articles_improved=1,
                   bytes_added=1000 + 200 + 100 + 30 + 1500 + 180 + 900 + 120 + 700 + 800 + 60 + 600,
                   edits=13, languages=("en", "pt", "sv"))




def _no_impact(metrics: Metrics) -> Metrics:
    """Fill the impact metrics this campaign has none of: accounts made in 2026 (now), so
    nobody is new; no tags; no page has a Wikidata item, so every counted page is unknown."""
    return replace(metrics, new_editors=0, edits_reverted=0, created_about_women=0,
                   improved_about_women=0,
                   gender_unknown=metrics.articles_created + metrics.articles_improved)


EXPECTED = {page: _no_impact(m) for page, m in EXPECTED.items()}
CAMPAIGN = _no_impact(CAMPAIGN)


def _revisions(wiki: str) -> list[ImportedRevision]:
    revs = []
    for code, title, user, when, size in EDITS:
        if code != wiki:
            continue
        text = "#REDIRECT [[T3 Ada Lovelace]]" if size is None else "x" * size
        ns, _, rest = title.rpartition(":")
        full = f"{ns}:{P} {rest}" if ns else f"{P} {title}"
        stamp = datetime.fromisoformat(when).replace(tzinfo=timezone.utc)
        revs.append(ImportedRevision(full, text, f"{P} {user}", stamp))
    return revs


OUTPUT: list[str] = []


@pytest.fixture(scope="module")
def tallied(sandbox, tmp_path_factory):
    """Load the campaign into the sandbox, run tally once, return config and snapshot."""
    users = [u for u in USERS]
    for name in ("meta", "en", "pt", "sv"):
        sandbox[name].create_users(users)
    sandbox["meta"].load_pages([(f"{P}/Events", REGISTRY), *SIGNUPS.items()])
    for code in ("en", "pt", "sv"):
        sandbox[code].import_revisions(_revisions(code))
    sandbox["en"].delete_page(f"{P} Deleted Page")
    path = campaign_yaml(sandbox, tmp_path_factory.mktemp("t3"), registry=f"{P}/Events",
                         grace_days=2)
    config = load_config(path)
    status = run_tasks(config, ["tally"], echo=OUTPUT.append)
    with State(config.state_path) as state:
        snapshot = state.latest_snapshot(config.name)
    return path, status, snapshot


def test_tally_succeeds_and_stores_a_snapshot(tallied):
    _, status, snapshot = tallied
    assert status == 0
    assert snapshot is not None and snapshot.taken_at.tzinfo is not None


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_event_numbers_are_exact(tallied, page):
    results = {r.event.key: r for r in tallied[2].events}
    assert results[page].tallied
    assert results[page].metrics == EXPECTED[page]


def test_campaign_counts_distinct_things(tallied):
    assert tallied[2].metrics == CAMPAIGN


def test_untallyable_events_show_problems_not_numbers(tallied):
    results = {r.event.key: r for r in tallied[2].events}
    for page, code in ((f"{P}/Kyiv", "date-ambiguous"), (f"{P}/Lisbon", "signup-page-missing")):
        assert not results[page].tallied
        assert results[page].metrics == Metrics()
        assert code in {p.code for p in results[page].problems}


def test_every_problem_read_from_the_wikis_is_written_in_every_language(tallied):
    problems = [*tallied[2].problems, *(p for r in tallied[2].events for p in r.problems)]
    assert {"signup-ip", "signup-unknown-user", "signup-page-missing", "date-ambiguous"} <= \
        {p.code for p in problems}
    for problem in problems:
        assert_written_in_every_language(problem)


def test_signup_problems_drop_only_their_line(tallied):
    stockholm = {r.event.key: r for r in tallied[2].events}[f"{P}/Stockholm"]
    codes = {p.code: p for p in stockholm.problems}
    assert codes["signup-ip"].line == 6
    assert codes["signup-unknown-user"].line == 7
    assert f"{P} Ghost" in english(codes["signup-unknown-user"].message)
    assert [p.user for p in stockholm.participants] == [f"{P} Alice", f"{P} Bob"]


def test_problems_are_shown_in_the_output_with_page_and_line(tallied):
    printed = "\n".join(OUTPUT)
    assert f"problem: [{P}/Stockholm, line 6]" in printed          # the IP
    assert f"problem: [{P}/Stockholm, line 7]" in printed          # the unknown user
    assert f"problem: [{P}/Events, line 13]" in printed          # Kyiv's ambiguous date
    assert f"problem: [{P}/Lisbon] The sign-up page" in printed    # no such page
    summary = [line for line in OUTPUT if line.startswith("tally: 6 events, ")]
    assert summary and "6 participants (6 active), 7 articles (6 created), 4 problems" in summary[0]
    assert "API requests" in summary[0]


def test_articles_and_who_edited_them(tallied):
    rows = {(a.event, a.wiki, a.title): a for a in tallied[2].articles}
    ada = rows[(f"{P}/Stockholm", "en", f"{P} Ada Lovelace")]
    assert (ada.status, ada.edits, ada.bytes_added) == ("created", 2, 1200)
    assert ada.users == (f"{P} Alice", f"{P} Bob")
    hedy = rows[(f"{P}/Nairobi", "en", f"{P} Hedy Lamarr")]
    assert (hedy.status, hedy.users) == ("improved", (f"{P} Fay",))
    assert not any("Redirect" in t or "Deleted" in t or "Talk" in t for _, _, t in rows)


def test_export_events_json(tallied, capsys):
    path = tallied[0]
    assert bot.main(["export", "--config", str(path), "--what", "events", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    events = {e["page"]: e for e in data["events"]}
    assert data["campaign"]["edits"] == 13
    assert events[f"{P}/Brazil"]["languages"] == ["pt"]
    assert events[f"{P}/Kyiv"]["edits"] is None and events[f"{P}/Kyiv"]["problems"]
    assert events[f"{P}/Online"]["first_day"] == "2021-03-08"


def test_export_articles_csv(tallied, capsys):
    assert bot.main(["export", "--config", str(tallied[0])]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    # header; Stockholm: Ada, Grace, Selma; Brazil: Bertha, Nísia; Nairobi: Katherine, Hedy;
    # Online: Ada, Grace, Hedy, Selma
    assert len(lines) == 1 + 3 + 2 + 2 + 4
    assert "status" in lines[0] and "bytes_added" in lines[0]


def test_a_moved_signup_page_is_read_at_its_new_title(tallied, sandbox, tmp_path):
    """An organizer moves the sign-up page; the registry keeps the old link (a redirect)."""
    registry = REGISTRY.split("|-\n| [[T3/Brazil")[0].replace(f"[[{P}/Stockholm]]", f"[[{P}/Old]]")
    sandbox["meta"].load_pages([(f"{P}/Moved/Events", registry + "|}"),
                                (f"{P}/Old", f"#REDIRECT [[{P}/Stockholm]]")])
    config = load_config(campaign_yaml(sandbox, tmp_path, f"{P}/Moved/Events", grace_days=2,
                                       name="Moved"))
    assert run_tasks(config, ["tally"]) == 0
    with State(config.state_path) as state:
        moved = state.latest_snapshot("Moved").events[0]
    assert moved.tallied and moved.metrics == EXPECTED[f"{P}/Stockholm"]
