"""Participants from several sources: the union, their sources, and windows in an event's zone."""
from __future__ import annotations

from datetime import date

from factories_tally import at, event, problem, rev, tally_input
from wikigap.count.gather import _union
from wikigap.count.registered import Sources, course_source, registration_source, requests_line
from wikigap.count.tally import event_window, tally


def test_the_union_keeps_one_person_once_with_every_source_in_order() -> None:
    union = _union({"signup-list": ("Ana", "Bea_C", "Cid"),
                    registration_source(12): ("Bea C", "ana", "Dag"),
                    course_source("Sida/X"): ("Dag", "Eva")})
    # "ana" and "Ana", "Bea_C" and "Bea C" are one account each, as MediaWiki compares names
    assert union == {"Ana": ("signup-list", "registration 12"), "Bea C": ("signup-list", "registration 12"),
                     "Cid": ("signup-list",), "Dag": ("registration 12", "course Sida/X"),
                     "Eva": ("course Sida/X",)}


KOLKATA = event("Event:WikiGap Delhi", date(2026, 3, 8), wikis=("pt",), timezone="Asia/Kolkata")
MEXICO = event("Event:WikiGap Mexico", date(2026, 3, 8), wikis=("pt",),
               timezone="America/Mexico_City")


def test_an_event_window_is_its_local_days() -> None:
    assert event_window(KOLKATA, 0) == (at(2026, 3, 7, 18, 30), at(2026, 3, 8, 18, 29, 59))
    assert event_window(MEXICO, 0) == (at(2026, 3, 8, 6), at(2026, 3, 9, 5, 59, 59))


def test_edits_count_by_the_events_local_last_day() -> None:
    late_utc = rev("Ana", at(2026, 3, 8, 23, 30), pageid=1)        # after 23:59:59 in Kolkata
    late_local = rev("Ana", at(2026, 3, 9, 5, 30), pageid=2)       # 23:30 in Mexico City
    snap = tally(tally_input([KOLKATA, MEXICO], {KOLKATA.key: ("Ana",), MEXICO.key: ("Ana",)},
                             [late_utc, late_local]))
    delhi, mexico = snap.events
    assert delhi.metrics.edits == 0      # 23:30 UTC is 05:00 on 9 March in Kolkata: outside
    # in Mexico City (UTC-6) both are inside 8 March: 17:30 and 23:30 local
    assert mexico.metrics.edits == 2
    assert snap.metrics.edits == 2


def test_each_participant_row_says_where_they_signed_up() -> None:
    lisbon = event("WikiGap/2021/Lisbon", date(2021, 3, 8))
    data = tally_input([lisbon], {lisbon.key: ("Ana", "Bea")}, [rev("Ana", at(2021, 3, 8, 10))],
                       sources={lisbon.key: {"Ana": ("signup-list", "registration 3"),
                                             "Bea": ("registration 3",)}},
                       event_sources={lisbon.key: ("signup-list", "registration 3")},
                       unnamed={lisbon.key: 2})
    result = tally(data).events[0]
    assert [(p.user, p.sources) for p in result.participants] == [
        ("Ana", ("signup-list", "registration 3")), ("Bea", ("registration 3",))]
    assert (result.sources, result.unnamed, result.metrics.signed_up) == (
        ("signup-list", "registration 3"), 2, 2)   # the two unnamed people are not signed up by name


def test_an_event_whose_registration_failed_has_no_numbers() -> None:
    delhi = KOLKATA
    sources = Sources()
    sources.untallyable[delhi.key] = problem("registration-unreadable", delhi.key)
    result = tally(tally_input([delhi], {}, [], untallyable=sources.untallyable)).events[0]
    assert result.tallied is False and result.metrics.signed_up is None
    assert [p.code for p in result.problems] == ["registration-unreadable"]


def test_the_requests_line_names_each_kind() -> None:
    sources = Sources()
    assert requests_line(sources) == ""
    sources.requests.update({"registrations": 2, "participant pages": 5, "page views": 1,
                             "courses": 1})
    assert requests_line(sources) == ("registrations and courses: 1 courses, 1 page views, "
                                      "5 participant pages, 2 registrations")
