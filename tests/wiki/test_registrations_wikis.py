"""Participants from event registrations and Dashboard courses, tallied on the sandbox.

The registrations live in the CampaignEventsDouble on the sandbox's Meta (REST
only, Meta's shape unless a registration says REL1_39), the courses in the
Dashboard double; the edits are imported on the sandbox Wikipedias. Every
expected number is derived by hand in the comments (grace_days 0).
"""
from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, timezone

import pytest

import bot
from running import run_tasks
from sandbox import REL1_39, EventOrganizer, EventParticipant, EventRegistration, ImportedRevision
from sandbox.dashboard import FACILITATOR, PARTICIPANT, STAFF, Course, CourseUser, DashboardDouble
from sandbox_campaign import campaign_yaml
from bench.minimum import registration_terms
from wikigap.config import load_config
from wikigap.model import Metrics
from wikigap.store.state import State
from wikigap.write.messages import english

P = "RG"
UTC = timezone.utc
SIGNED = datetime(2026, 2, 1, 12, 0)      # when people registered for the events (UTC)
ORG = EventOrganizer(f"{P} Org", roles=("creator",))
BIG = [f"{P} B{n:02d}" for n in range(1, 46)]      # 45 rows: B44 hidden, B45 vanished
COURSE_PEOPLE = [f"{P} C1", f"{P} C2", f"{P} CFac", f"{P} CStaff"]


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def big_registration(b05_cancelled: bool) -> EventRegistration:
    """45 people in Europe/Stockholm on 8 March 2026; B05 cancels, then registers again."""
    people = []
    for n, name in enumerate(BIG, start=1):
        people.append(EventParticipant(name, SIGNED, hidden=n == 44, not_found=n == 45,
                                       cancelled=(n == 5 and b05_cancelled),
                                       participant_id=1000 + n))
    return EventRegistration(f"{P} Big", f"Event:{P} Big", datetime(2026, 3, 8, 10),
                             datetime(2026, 3, 8, 17), timezone="Europe/Stockholm",
                             wikis=("ptwiki",), participants=tuple(people), organizers=(ORG,),
                             id=501)


def simple(name: str, rid: int, people: list[str], zone: str = "UTC", wikis=("ptwiki",),
           start=datetime(2026, 3, 8, 9), end=datetime(2026, 3, 8, 18), **extra) -> EventRegistration:
    return EventRegistration(name, f"Event:{name}", start, end, timezone=zone, wikis=wikis,
                             participants=tuple(EventParticipant(p, SIGNED) for p in people),
                             organizers=(ORG,), id=rid, **extra)


REGISTRATIONS = [
    # Kolkata (UTC+5:30), id in the column: 8 March local is 7 March 18:30 .. 8 March 18:29:59 UTC
    simple(f"{P} Kolkata", 502, [f"{P} K1", f"{P} K2"], "Asia/Kolkata", ("svwiki",)),
    # Mexico City (UTC-6), found by viewing its page: 8 March 06:00 .. 9 March 05:59:59 UTC
    simple(f"{P} Mexico", 503, [f"{P} M1", f"{P} M2"], "America/Mexico_City",
           ("enwiki", "commonswiki")),
    simple(f"{P} Both", 504, [f"{P} B-Bea", f"{P} B-Cid", f"{P} B-Dag"]),
    # the 1.39 branch's shape: 21 rows, the 4th hidden and dropped from the page -> 19, 1, []
    EventRegistration(f"{P} Old", f"Event:{P} Old", datetime(2026, 3, 8, 9), datetime(2026, 3, 8, 18),
                      participants=tuple(EventParticipant(f"{P} O{n:02d}", SIGNED, hidden=n == 4)
                                         for n in range(1, 22)),
                      organizers=(ORG,), id=505, shape=REL1_39),
    simple(f"{P} Deleted", 506, [f"{P} K1"], deleted=True),
    simple(f"{P} Broken", 507, [f"{P} K1"], fail_status=503),
    simple(f"{P} Test", 508, [f"{P} K1"], is_test_event=True),
]

ORGS = f"[[User:{P} Org]]"
REGISTRY = f"""{{| class="wikitable"
! Event page !! Date !! Languages !! Organizers !! Registration !! Dashboard
|-
| [[Event:{P} Big]] || || || {ORGS} || ||
|-
| [[Event:{P} Kolkata]] || || || {ORGS} || 502 ||
|-
| [[Event:{P} Mexico]] || || || {ORGS} || ||
|-
| [[{P}/Both]] || 8 March 2026 || pt || {ORGS} || [[Special:EventDetails/504]] ||
|-
| [[Event:{P} Old]] || 8 March 2026 || pt || {ORGS} || 505 ||
|-
| {P} Course || 8 March 2026 || pt || {ORGS} || || https://outreachdashboard.wmflabs.org/courses/{P}/Course_One/home
|-
| {P} Deleted || 8 March 2026 || pt || {ORGS} || 506 ||
|-
| {P} Wrong id || 8 March 2026 || pt || {ORGS} || 99999 ||
|-
| {P} Broken || 8 March 2026 || pt || {ORGS} || 507 ||
|-
| {P} Private || 8 March 2026 || pt || {ORGS} || || {P}/Private_Course
|-
| [[Event:{P} Test]] || || || {ORGS} || ||
|}}"""
BOTH_LIST = f"== Participants ==\n# [[User:{P} B-Ann]]\n# [[User:{P}_B-Bea]]\n# [[User:{P} B-Cid]]\n"

# (wiki, title, user, UTC time, size after) -> which event counts it and why
EDITS = [
    ("pt", "Big One", "B01", "2026-03-08T09:00:00", 1000),   # new; Big (10:00 Stockholm)
    ("pt", "Big One", "B02", "2026-03-08T22:59:59", 1300),   # +300 Big (23:59:59 local, last second)
    ("pt", "Big One", "B03", "2026-03-08T23:00:00", 1350),   # 00:00 local on the 9th: outside
    ("pt", "Big Hidden", "B44", "2026-03-08T12:00:00", 500),  # hidden account: nobody knows it
    ("pt", "Big Five", "B05", "2026-03-08T12:00:00", 700),   # new; Big once B05 registers again
    ("sv", "Kolkata One", "K1", "2026-03-08T18:29:59", 400),  # new; 23:59:59 in Kolkata: inside
    ("sv", "Kolkata Two", "K2", "2026-03-07T18:30:00", 200),  # new; 00:00 on the 8th in Kolkata
    ("sv", "Kolkata Two", "K2", "2026-03-08T23:30:00", 260),  # 05:00 on the 9th there: outside
    ("en", "Mexico One", "M1", "2026-03-09T05:30:00", 900),   # new; 23:30 on the 8th in Mexico City
    ("en", "Mexico One", "M2", "2026-03-09T06:00:00", 950),   # 00:00 on the 9th there: outside
    ("pt", "Both One", "B-Ann", "2026-03-08T10:00:00", 300),  # new; Both (from the list)
    ("pt", "Both One", "B-Dag", "2026-03-08T11:00:00", 350),  # +50 Both (from the registration)
    ("pt", "Old One", "O02", "2026-03-08T10:00:00", 100),     # new; Old
    ("pt", "Old One", "O21", "2026-03-08T11:00:00", 160),     # +60 Old (on the 1.39 branch's page 2)
    ("pt", "Course One", "C1", "2026-03-08T10:00:00", 800),   # new; Course
    ("pt", "Course One", "CFac", "2026-03-08T11:00:00", 880),  # facilitator: not a participant
]


def _metrics(signed, active, created, improved, bytes_added, edits, languages) -> Metrics:
    """Exact metrics; nobody is new (the sandbox makes the accounts now, after the events)
    and no page has a Wikidata item, so every counted page is of unknown gender."""
    return Metrics(signed_up=signed, active_participants=active, articles_created=created,
                   articles_improved=improved, bytes_added=bytes_added, edits=edits,
                   languages=languages, new_editors=0, edits_reverted=0, created_about_women=0,
                   improved_about_women=0, gender_unknown=created + improved)


@pytest.fixture(scope="module")
def campaign(sandbox, tmp_path_factory):
    """Seed registrations, course, pages and edits; tally before and after B05 registers again."""
    meta = sandbox["meta"]
    with DashboardDouble() as dashboard:
        dashboard.add_course(Course(f"{P}/Course_One", at(2026, 3, 8), at(2026, 3, 8, 23, 59, 59),
                                    users=(CourseUser(f"{P} C1"), CourseUser(f"{P} C2"),
                                           CourseUser(f"{P} CFac", FACILITATOR),
                                           CourseUser(f"{P} C1", STAFF),
                                           CourseUser(f"{P} CStaff", STAFF))))
        dashboard.add_course(Course(f"{P}/Private_Course", at(2026, 3, 8), at(2026, 3, 8),
                                    users=(CourseUser(f"{P} C1", PARTICIPANT),), private=True))
        meta.create_users(COURSE_PEOPLE + [f"{P} B-Ann", f"{P} B-Bea", f"{P} B-Cid"])
        meta.add_registration(big_registration(b05_cancelled=True))
        for registration in REGISTRATIONS:
            meta.add_registration(registration)
        event_pages = [(f"Event:{P} {n}", f"The {n} event.") for n in
                       ("Big", "Kolkata", "Mexico", "Both", "Old", "Deleted", "Broken", "Test")]
        meta.load_pages([(f"{P}/Events", REGISTRY), (f"{P}/Both", BOTH_LIST), *event_pages])
        _import_edits(sandbox)
        folder = tmp_path_factory.mktemp("rg")
        config = load_config(campaign_yaml(sandbox, folder, f"{P}/Events", grace_days=0,
                                           dashboard={"url": dashboard.url}))
        first_out: list[str] = []
        first = run_tasks(config, ["tally"], echo=first_out.append)
        with State(config.state_path) as state:
            before = state.latest_snapshot(config.name)
        meta.add_registration(big_registration(b05_cancelled=False))   # B05 keeps id 1005
        out: list[str] = []
        status = run_tasks(config, ["tally"], echo=out.append)
        with State(config.state_path) as state:
            after = state.latest_snapshot(config.name)
        seen = list(dashboard.seen)
    return {"config": config, "before": before, "after": after, "status": (first, status),
            "out": out, "first_out": first_out, "dashboard": seen}


def _import_edits(sandbox) -> None:
    users = {f"{P} {user}" for _, _, user, _, _ in EDITS}
    for code in ("en", "pt", "sv"):
        sandbox[code].create_users(sorted(users))
        sandbox[code].import_revisions([
            ImportedRevision(f"{P} {title}", "x" * size, f"{P} {user}",
                             datetime.fromisoformat(when).replace(tzinfo=UTC))
            for wiki, title, user, when, size in EDITS if wiki == code])


def results(snapshot) -> dict:
    return {r.event.key: r for r in snapshot.events}


def test_45_registered_people_over_three_pages_one_hidden_one_gone_one_back(campaign):
    before = results(campaign["before"])[f"Event:{P} Big"]
    after = results(campaign["after"])[f"Event:{P} Big"]
    # first tally: 45 rows, B05 cancelled, B44 hidden, B45 gone -> 42 named
    # edits: B01 creates Big One (1000), B02 +300 at the last local second; B03 is too late
    assert before.metrics == _metrics(42, 2, 1, 0, 1300, 2, ("pt",))
    # B05 registers again under the same participant id 1005 (lower than the last one seen):
    # read in full, 43 named; B05's Big Five (700) counts now
    assert after.metrics == _metrics(43, 3, 2, 0, 2000, 3, ("pt",))
    assert (before.unnamed, after.unnamed) == (2, 2)
    assert f"{P} B44" not in {p.user for p in after.participants}
    assert after.event.timezone == "Europe/Stockholm" and after.event.wikis == ("pt",)
    assert str(after.event.first_day) == "2026-03-08" and after.event.label == f"{P} Big"


def test_the_window_is_the_events_local_days(campaign):
    events = results(campaign["after"])
    # Kolkata: K1's 18:29:59 UTC and K2's 18:30 UTC the day before are in; 23:30 UTC is not
    assert events[f"Event:{P} Kolkata"].metrics == _metrics(2, 2, 2, 0, 600, 2, ("sv",))
    # Mexico City: M1's 23:30 local (05:30 UTC on the 9th) is in; 00:00 local is not
    assert events[f"Event:{P} Mexico"].metrics == _metrics(2, 1, 1, 0, 900, 1, ("en",))
    codes = {p.code for p in events[f"Event:{P} Mexico"].problems}
    assert "registration-other-wikis" in codes            # commonswiki is not a Wikipedia


def test_a_list_and_a_registration_share_two_people(campaign):
    both = results(campaign["after"])[f"{P}/Both"]
    # list: Ann, Bea, Cid; registration: Bea, Cid, Dag -> 4 people, Bea and Cid once each
    assert both.metrics == _metrics(4, 2, 1, 0, 350, 2, ("pt",))
    assert {p.user: p.sources for p in both.participants} == {
        f"{P} B-Ann": ("signup-list",), f"{P} B-Bea": ("signup-list", "registration 504"),
        f"{P} B-Cid": ("signup-list", "registration 504"), f"{P} B-Dag": ("registration 504",)}


def test_the_139_shape_is_read_past_its_short_page(campaign):
    old = results(campaign["after"])[f"Event:{P} Old"]
    # 21 rows, O04 hidden: the 1.39 branch sends 19, then 1 (O21), then []: 20 people
    assert old.metrics == _metrics(20, 2, 1, 0, 160, 2, ("pt",))
    assert f"{P} O21" in {p.user for p in old.participants}


def test_a_course_counts_its_editors_once_and_no_facilitator(campaign):
    course = results(campaign["after"])[f"Dashboard course {P}/Course_One"]
    # C1 (Editor and Staff: once), C2; CFac and CStaff are not participants
    assert course.metrics == _metrics(2, 1, 1, 0, 800, 1, ("pt",))
    assert [p.user for p in course.participants] == [f"{P} C1", f"{P} C2"]


def test_unreadable_sources_are_problems_with_unknown_numbers(campaign):
    events = results(campaign["after"])
    expected = {f"Special:EventDetails/506": "registration-missing",      # deleted
                f"Special:EventDetails/99999": "registration-missing",    # no such id
                f"Special:EventDetails/507": "source-unreadable",         # 503: an outage
                f"Dashboard course {P}/Private_Course": "course-missing",
                f"Event:{P} Test": "registration-test-event"}
    for key, code in expected.items():
        assert not events[key].tallied, key
        assert events[key].metrics == Metrics(), key
        assert code in {p.code for p in events[key].problems}, key
    deleted = next(p for p in events["Special:EventDetails/506"].problems
                   if p.code == "registration-missing")
    assert "506 was deleted" in english(deleted.message)         # Meta's errorKey says so
    # the 503 is a failed read: the tally exits 1 and the next one tries again
    assert campaign["status"] == (1, 1)


def test_the_campaign_row_counts_each_person_once(campaign):
    m = campaign["after"].metrics
    # signed up: Big 43, Kolkata 2, Mexico 2, Both 4, Old 20, Course 2 = 73 distinct people
    assert m.signed_up == 43 + 2 + 2 + 4 + 20 + 2
    assert (m.edits, m.bytes_added) == (3 + 2 + 1 + 2 + 2 + 1, 2000 + 600 + 900 + 350 + 160 + 800)


def test_requests_are_the_minimum(campaign):
    summary = next(line for line in campaign["out"] if line.startswith("tally: ") and "API requests" in line)
    # page views: Big, Mexico, Test (no id in the row); GETs: those 3 and 502, 504, 505, 506,
    # 99999, 507 = 9; participant pages of the readable ones: Big 45 rows (4), Kolkata 2 (2),
    # Mexico 2 (2), Both 3 (2), Old 21 (3) = 13; courses: Course One, Private = 2
    terms = registration_terms([45, 2, 2, 3, 21], ids_not_given=3, courses=2)
    assert terms["participant_pages"] == 13
    assert (f"registrations and courses: 2 courses, 3 page views, 13 participant pages, "
            f"9 registrations") in summary
    users_json = [s for s in campaign["dashboard"] if s.path.endswith("/users.json")]
    assert len(users_json) == 2 * 2                        # one per course, each of two tallies
    assert all("WikiGapBot" in s.user_agent or "Pywikibot" in s.user_agent for s in users_json)


def test_export_says_where_each_participant_came_from(campaign, capsys):
    path = campaign["config"].path
    assert bot.main(["export", "--config", path, "--what", "participants", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    sources = {(r["event"], r["user"]): r["source"] for r in rows}
    assert sources[(f"{P}/Both", f"{P} B-Dag")] == "registration 504"
    assert sources[(f"{P}/Both", f"{P} B-Bea")] == "signup-list; registration 504"
    assert sources[(f"Dashboard course {P}/Course_One", f"{P} C1")] == f"course {P}/Course_One"
    assert bot.main(["export", "--config", path, "--what", "events", "--format", "json"]) == 0
    events = {e["page"] or "": e for e in json.loads(capsys.readouterr().out)["events"]}
    assert events[f"Event:{P} Big"]["unnamed_participants"] == 2
    assert events[f"{P}/Both"]["sources"] == ["signup-list", "registration 504"]


UMBRELLA = f"""The {P} umbrella campaign. [[Event:{P} Umbrella]]
* [[Event:{P} U Delhi|Delhi]]
* [[Event:{P} U Mexico]]
* [[Event:{P} U Online]]
"""


@pytest.fixture(scope="module")
def umbrella(sandbox, tmp_path_factory):
    """An umbrella Event: page with three children; the status table in Swedish."""
    meta = sandbox["meta"]
    org = EventOrganizer(f"{P} U-Org", roles=("creator",))
    children = [
        simple(f"{P} U Delhi", 601, [f"{P} U1"], "Asia/Kolkata", ("enwiki",), in_person=True,
               meeting_country_code="IN", meeting_address="New Delhi"),
        simple(f"{P} U Mexico", 602, [f"{P} U2"], "America/Mexico_City", ("enwiki",),
               in_person=True, meeting_country_code="MX", meeting_address="Ciudad de México"),
        simple(f"{P} U Online", 603, [f"{P} U3"], "+01:00", ("svwiki",), online=True),
    ]
    meta.add_registration(simple(f"{P} Umbrella", 600, [f"{P} U1"]))
    for child in children:
        meta.add_registration(dataclasses.replace(child, organizers=(org,)))
    status = f"{P}/Umbrella status"
    meta.load_pages([(f"Event:{P} Umbrella", UMBRELLA), (status, "<!-- wikigapbot:begin status -->\n"
                                                         "<!-- wikigapbot:end status -->"),
                     *[(f"Event:{c.name}", f"{c.name}.") for c in children]])
    config = load_config(campaign_yaml(
        sandbox, tmp_path_factory.mktemp("rgu"), f"Event:{P} Umbrella", grace_days=0,
        name=f"{P} Umbrella", status_tables=[{"wiki": "meta", "page": status, "language": "sv"}]))
    code = run_tasks(config, ["tally", "status-table"])
    with State(config.state_path) as state:
        snapshot = state.latest_snapshot(config.name)
    return code, snapshot, meta.page_text(status)


def test_an_umbrella_page_is_the_registry_of_its_children(umbrella):
    code, snapshot, table = umbrella
    assert code == 0
    events = results(snapshot)
    assert list(events) == [f"Event:{P} U Delhi", f"Event:{P} U Mexico", f"Event:{P} U Online"]
    delhi, mexico, online = events.values()
    assert (delhi.event.label, delhi.event.wikis, delhi.event.country_code, delhi.event.city) == (
        "Delhi", ("en",), "IN", "New Delhi")
    assert mexico.event.label == f"{P} U Mexico" and online.event.online
    assert all(r.event.organizers == (f"{P} U-Org",) for r in events.values())   # from /organizers
    assert all(r.tallied and r.metrics.signed_up == 1 for r in events.values())
    # the table names the countries in its language, once the footnote on private participants
    assert "Indien" in table and "Mexiko" in table and re.search(r"\|\s*Online\s*\n", table)
    assert table.count("Deltagare som anmält sig privat") == 1
