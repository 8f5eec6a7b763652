"""Reading event registration answers: the recorded 1.39 answers and Meta-shape examples.

The 1.39 answers are real (tests/data/campaignevents/, copied from the shared
recordings); the Meta-shape ones are built here from the field list of the
shared registrations.md: local times with ``timezone``, ``wikis``,
``meeting_country_code``, ``tracking_tools``, ``private``/``hidden``/``not_found``.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikigap.read.registrations import (META, REL1_39, AnswerError, error_key, event_id_in_html,
                                        event_zone, local_window, parse_organizers,
                                        parse_participants, parse_registration, registration_id,
                                        wiki_languages)

DATA = Path(__file__).resolve().parents[2] / "data" / "campaignevents"
UTC = timezone.utc


def recorded(name: str) -> dict:
    """One recorded answer: {name, method, url, status, body}."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def meta_registration(**overrides) -> dict:
    """A GET /event_registration/{id} answer in Meta's shape (registrations.md, section 1)."""
    body = {"id": 12, "name": "WikiGap Delhi 2026", "event_page": "Event:WikiGap_Delhi_2026",
            "event_page_wiki": "metawiki", "status": "open", "timezone": "Asia/Kolkata",
            "start_time": "20260308100000", "end_time": "20260309180000",
            "types": ["editing-event"], "wikis": ["hiwiki", "enwiki", "commonswiki"],
            "topics": [], "online_meeting": True, "inperson_meeting": True,
            "meeting_country_code": "in", "meeting_address": "New Delhi",
            "is_test_event": False, "tracks_contributions": False, "goal_type": None,
            "goal_target": None,
            "tracking_tools": [{"tool_id": "wikimedia-pe-dashboard",
                                "tool_event_id": "Sida/WikiGap_Delhi_2026"}],
            "questions": []}
    return body | overrides


def test_the_recorded_139_registration_is_read_in_utc_without_zone_or_wikis() -> None:
    answer = recorded("10_get_event_registration")
    reg = parse_registration(answer["body"])
    assert answer["status"] == 200
    assert (reg.id, reg.shape, reg.timezone, reg.wikis) == (1, REL1_39, None, None)
    assert reg.event_page == "Event:WikiGap Trial 2026"
    # 20270308090000 and 20270308170000 are UTC on the 1.39 branch
    assert reg.start == datetime(2027, 3, 8, 9, tzinfo=UTC)
    assert reg.end == datetime(2027, 3, 8, 17, tzinfo=UTC)
    assert (reg.first_day, reg.last_day) == (date(2027, 3, 8), date(2027, 3, 8))
    assert (reg.online, reg.in_person, reg.country, reg.country_code) == (True, True, "Sweden", None)
    assert reg.is_test_event is False and reg.courses == ()


def test_meta_shape_times_are_local_to_the_event_zone() -> None:
    reg = parse_registration(meta_registration())
    assert (reg.shape, reg.timezone) == (META, "Asia/Kolkata")
    # 10:00 IST (UTC+5:30) is 04:30 UTC; 18:00 IST on the 9th is 12:30 UTC
    assert reg.start == datetime(2026, 3, 8, 4, 30, tzinfo=UTC)
    assert reg.end == datetime(2026, 3, 9, 12, 30, tzinfo=UTC)
    assert (reg.first_day, reg.last_day) == (date(2026, 3, 8), date(2026, 3, 9))
    assert reg.event_page == "Event:WikiGap Delhi 2026"
    assert reg.wikis == ("hiwiki", "enwiki", "commonswiki")
    assert reg.country_code == "IN"
    assert reg.courses == ("Sida/WikiGap_Delhi_2026",)


def test_local_days_differ_from_utc_days_near_midnight() -> None:
    # 00:30 on 8 March in Kolkata is 19:00 UTC on 7 March: the event's day is the 8th
    reg = parse_registration(meta_registration(start_time="20260308003000",
                                               end_time="20260308230000"))
    assert reg.start == datetime(2026, 3, 7, 19, 0, tzinfo=UTC)
    assert (reg.first_day, reg.last_day) == (date(2026, 3, 8), date(2026, 3, 8))


def test_an_offset_zone_is_read_like_meta_stores_it() -> None:
    reg = parse_registration(meta_registration(timezone="-06:00", start_time="20260308000000"))
    assert reg.start == datetime(2026, 3, 8, 6, 0, tzinfo=UTC)
    assert event_zone("+05:30").utcoffset(None) == timedelta(hours=5, minutes=30)


def test_kolkata_window_ends_before_2330_utc_on_its_last_day() -> None:
    start, end = local_window(date(2026, 3, 8), date(2026, 3, 8), "Asia/Kolkata", 0)
    # 00:00 IST = 18:30 UTC the day before; 23:59:59 IST = 18:29:59 UTC
    assert start == datetime(2026, 3, 7, 18, 30, tzinfo=UTC)
    assert end == datetime(2026, 3, 8, 18, 29, 59, tzinfo=UTC)
    assert not start <= datetime(2026, 3, 8, 23, 30, tzinfo=UTC) <= end


def test_mexico_city_window_holds_2330_local_on_its_last_day() -> None:
    start, end = local_window(date(2026, 3, 8), date(2026, 3, 8), "America/Mexico_City", 0)
    # Mexico City is UTC-6 all year since 2022: 23:30 local on the 8th is 05:30 UTC on the 9th
    assert (start, end) == (datetime(2026, 3, 8, 6, tzinfo=UTC),
                            datetime(2026, 3, 9, 5, 59, 59, tzinfo=UTC))
    assert start <= datetime(2026, 3, 9, 5, 30, tzinfo=UTC) <= end


def test_grace_days_extend_the_local_last_day() -> None:
    _, end = local_window(date(2026, 3, 8), date(2026, 3, 8), "+05:30", 2)
    assert end == datetime(2026, 3, 10, 18, 29, 59, tzinfo=UTC)


def test_without_a_zone_the_window_is_utc() -> None:
    assert local_window(date(2021, 3, 8), date(2021, 3, 8), None, 0) == (
        datetime(2021, 3, 8, tzinfo=UTC), datetime(2021, 3, 8, 23, 59, 59, tzinfo=UTC))


@pytest.mark.parametrize("bad", ["Mars/Olympus", "+25:00", "", "UTC+5"])
def test_an_unknown_zone_is_an_answer_error(bad: str) -> None:
    with pytest.raises(AnswerError, match="timezone"):
        event_zone(bad)


def test_the_recorded_139_pages_read_to_23_names_then_an_empty_page() -> None:
    first = parse_participants(recorded("20_participants_page1")["body"])
    second = parse_participants(recorded("21_participants_page2")["body"])
    last = parse_participants(recorded("22_participants_page3_empty")["body"])
    # the 1.39 branch dropped the hidden users from page 1: 19 items, not 20
    assert (len(first.names), first.last_id, first.unnamed, first.private) == (19, 22, 0, False)
    assert first.names[:2] == ("P01", "P02")
    assert (len(second.names), second.last_id) == (4, 26)
    assert (last.names, last.last_id) == ((), None)


def test_meta_shape_hidden_and_vanished_people_are_counted_never_named() -> None:
    page = parse_participants([
        {"participant_id": 1, "user_id": 7, "user_name": "ana_b", "private": False,
         "user_registered_at": "20260301120000", "user_page": {}},
        {"participant_id": 2, "user_id": 8, "hidden": True, "private": False,
         "user_registered_at": "20260301120000"},
        {"participant_id": 5, "user_id": 9, "not_found": True, "private": False,
         "user_registered_at": "20260301120000"},
    ])
    assert (page.names, page.unnamed, page.private, page.last_id) == (("Ana b",), 2, True, 5)


def test_organizers_139_give_no_names_meta_gives_them() -> None:
    assert parse_organizers(recorded("40_organizers")["body"]) == ((), None)
    assert parse_organizers([{"organizer_id": 3, "user_id": 1, "user_name": "Organizer_A",
                              "roles": ["creator"]},
                             {"organizer_id": 4, "user_id": 2, "user_name": "Organizer A",
                              "roles": ["organizer"]}]) == (("Organizer A",), 4)


def test_wikis_map_to_wikipedia_languages_and_others_are_set_apart() -> None:
    assert wiki_languages(("svwiki", "commonswiki", "enwiki", "svwiki", "*", "svwiktionary",
                           "zh_min_nanwiki")) == (
        ("sv", "en", "zh-min-nan"), ("commonswiki", "*", "svwiktionary"))
    assert wiki_languages(()) == ((), ())


def test_the_event_id_is_read_from_a_viewed_page() -> None:
    found = json.loads((DATA / "50_event_page_html_findings.json").read_text())
    html = ('<script>RLCONF={"wgPageName":"Event:WikiGap_Trial_2026","wgCampaignEventsEventID":'
            + found["wgCampaignEventsEventID"][0] + '};</script>')
    assert event_id_in_html(html) == 1
    assert event_id_in_html('<script>RLCONF={"wgPageName":"Event:Gone"};</script>') is None


@pytest.mark.parametrize("cell, expected", [
    ("12", 12), (" 12 ", 12), ("Special:EventDetails/12", 12), ("Special:EventDetails/12?tab=x", 12),
    ("https://meta.wikimedia.org/wiki/Special:EventDetails/345", 345),
    ("special:eventdetails/7", 7), ("abc", None), ("", None), ("12 or 13", None), ("-3", None),
])
def test_registration_cells(cell: str, expected: int | None) -> None:
    assert registration_id(cell) == expected


def test_errors_are_named_by_key_not_text() -> None:
    assert error_key(recorded("13_get_event_registration_badid")["body"]) == "badinteger"
    assert error_key(recorded("11_get_event_registration_unknown")["body"]) == "Not Found"
    assert error_key({"errorKey": "campaignevents-rest-get-registration-deleted"}) == \
        "campaignevents-rest-get-registration-deleted"
    assert error_key("<html>") == ""


@pytest.mark.parametrize("body, field", [
    ([], "object"), (meta_registration(id="1"), "id"), (meta_registration(start_time="2026-03-08"), "start_time"),
    (meta_registration(event_page=""), "event_page"), (meta_registration(timezone="Nowhere/X"), "timezone"),
])
def test_unreadable_registrations_name_the_field(body: object, field: str) -> None:
    with pytest.raises(AnswerError, match=field):
        parse_registration(body)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=6), max_leaves=20)


@given(st.dictionaries(st.sampled_from(list(meta_registration())), JSON, max_size=22))
def test_any_registration_answer_reads_or_raises_answer_error(body: dict) -> None:
    try:
        parse_registration(meta_registration() | body)
    except AnswerError:
        pass


@given(JSON)
def test_any_participant_answer_reads_or_raises_answer_error(body: object) -> None:
    try:
        page = parse_participants(body)
    except AnswerError:
        return
    assert all(page.names) and page.unnamed >= 0


@given(st.text(max_size=60))
def test_any_registration_cell_gives_an_id_or_none(cell: str) -> None:
    found = registration_id(cell)
    assert found is None or found >= 0
