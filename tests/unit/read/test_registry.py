"""Registry reader tests: one case per tests/data/registry/*.wiki + *.json pair.

Add a case by adding a pair of files; the JSON lists the expected events (all
fields, problems as codes) and the page-level problems (code and line).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phrases import assert_written_in_every_language

from wikigap.model import Namespaces, Registry
from wikigap.read.registry import event_page, header_fields, parse_registry, quote
from wikigap.write.messages import english, messages

DATA = Path(__file__).parents[2] / "data" / "registry"
CASES = sorted(DATA.glob("*.wiki"))


def namespaces_from(spec: dict | None) -> Namespaces:
    """Build Namespaces from a case's optional JSON mapping."""
    if not spec:
        return Namespaces()
    return Namespaces(**{key: frozenset(names) for key, names in spec.items()})


def event_as_dict(event) -> dict:
    """Turn an Event into the JSON shape the cases use."""
    return {
        "page": event.page, "label": event.label, "country": event.country,
        "city": event.city,
        "first_day": event.first_day.isoformat() if event.first_day else None,
        "last_day": event.last_day.isoformat() if event.last_day else None,
        "wikis": list(event.wikis), "organizers": list(event.organizers),
        "row": event.row, "problems": [problem.code for problem in event.problems],
    }


def read_case(path: Path) -> tuple[dict, Registry]:
    """Load a case's expectations and run the reader on its wikitext."""
    spec = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    return spec, parse_registry(text, spec["title"], namespaces_from(spec.get("namespaces")))


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_case(path: Path) -> None:
    spec, registry = read_case(path)
    assert [event_as_dict(event) for event in registry.events] == spec["events"]
    assert [{"code": p.code, "line": p.line} for p in registry.problems] == spec["problems"]


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_problems_are_complete(path: Path) -> None:
    spec, registry = read_case(path)
    for event in registry.events:
        for problem in event.problems:
            assert (problem.event, problem.page, problem.line) == (event.key, spec["title"], event.row)
            assert_written_in_every_language(problem)
    for problem in registry.problems:
        assert problem.event is None and problem.page == spec["title"]
        assert_written_in_every_language(problem)


def test_every_sample_is_a_case() -> None:
    assert {"sample-meta-registry", "sample-status-no-table"} <= {path.stem for path in CASES}


def test_event_keys_are_unique_with_duplicates() -> None:
    _, registry = read_case(DATA / "row-problems.wiki")
    keys = [event.key for event in registry.events]
    assert len(keys) == len(set(keys))


def test_messages_quote_the_cell_and_name_the_fix() -> None:
    _, registry = read_case(DATA / "row-problems.wiki")
    ambiguous = next(p for e in registry.events for p in e.problems if p.code == "date-ambiguous")
    assert '“03/08/2021”' in english(ambiguous.message)
    assert english(ambiguous.fix) == ("Write the date as 8 March 2021 or 8–14 March 2021 in the "
                                      "row for C on WikiGap/2021/Events.")
    assert messages("sv").words(ambiguous.fix) == (
        "Skriv datumet som 8 mars 2021 eller 8–14 mars 2021 i raden för C på WikiGap/2021/Events.")
    assert messages("sv").words(ambiguous.message) == (
        'Datumet för C (rad 8 på WikiGap/2021/Events) kan inte användas. '
        '”03/08/2021” kan vara dag/månad eller månad/dag.')


def test_tallyable_only_with_page_dates_and_language() -> None:
    _, registry = read_case(DATA / "row-problems.wiki")
    assert [event.label for event in registry.events if event.tallyable] == ["G"]


@pytest.mark.parametrize("headers, expected", [
    (["Event", "Date", "Languages"], {"event": [0], "date": [1], "languages": [2]}),
    (["EVENT PAGE", "when", "Wiki(s)"], {"event": [0], "date": [1], "languages": [2]}),
    (["Sign-up", "Sign up", "Signup"], {"event": [0, 1, 2]}),
    (["Organizer(s)", "Organiser(s)", "Contact person", "Organisers"], {"organizers": [0, 1, 2, 3]}),
    (["Land", "Location", "Venue", "Place"], {"country": [0], "city": [1, 2, 3]}),
    (["Country / region", "Partners", "#", ""], {"country": [0]}),
    (["Date<ref>x</ref>", "Language(s)"], {"date": [0], "languages": [1]}),
])
def test_header_fields(headers: list[str], expected: dict) -> None:
    from wikigap.read.wikitext import visible_text
    assert header_fields([visible_text(header) for header in headers]) == expected


@pytest.mark.parametrize("target, expected", [
    ("WikiGap/2021/Stockholm", "WikiGap/2021/Stockholm"),
    (":m:WikiGap/2021/X", "WikiGap/2021/X"),
    ("Meta:wikiGap_2021", "WikiGap 2021"),
    ("WikiGap/2021/X#Sign up", "WikiGap/2021/X"),
    ("/Sub/", "WikiGap/2021/Events/Sub"),
    ("#Only a section", None),
    ("  spaced   out  ", "Spaced out"),
])
def test_event_page(target: str, expected: str | None) -> None:
    assert event_page(target, "WikiGap/2021/Events") == expected


def test_quote_shortens_long_cells() -> None:
    assert len(english(quote("x" * 500))) == 82          # “…”, in the reader's marks


def test_five_thousand_rows() -> None:
    rows = "".join(
        f"|-\n| Country {i} || City {i} || 8 March 2021 || sv, en || [[User:Organizer {i}]] "
        f"|| [[WikiGap/2021/Event {i}|Event {i}]]\n" for i in range(5000))
    text = ("{| class=\"wikitable\"\n! Country !! City !! Date !! Languages !! Organizers "
            "!! Event page\n" + rows + "|}\n")
    registry = parse_registry(text, "WikiGap/2021/Events")
    assert len(registry.events) == 5000
    assert registry.events[-1].row == 2 + 2 * 5000
    assert registry.events[-1].page == "WikiGap/2021/Event 4999"
    assert not any(event.problems for event in registry.events)


FRAGMENTS = ["{|", "|}", "|-", "\n", "!", "!!", "|", "||", "[[", "]]", "{{", "}}", "<br>",
             "<s>", "</s>", "<ref>", "</ref>", "<!--", "-->", "User:", "Event", "Date",
             "Languages", "8 March 2021", "sv, en", "rowspan=3", "colspan=99999", "|+",
             "[[WikiGap/2021/A]]", "#", ":", "'''", "<nowiki>", "=="]
wikitextish = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(wikitextish, st.text(max_size=200)))
def test_any_text_gives_a_registry(text: str) -> None:
    registry = parse_registry(text, "WikiGap/2021/Events")
    assert isinstance(registry, Registry)
    assert len({event.key for event in registry.events}) == len(registry.events)


SOURCES = """{| class="wikitable"
! Event !! Date !! Languages !! Event registration !! P&E Dashboard
|-
| [[WikiGap 2021/Oslo|Oslo]] || 8 March 2021 || no || [[Special:EventDetails/12|register]] || [https://outreachdashboard.wmflabs.org/courses/Sida/WikiGap_Oslo/home course]
|-
| [[Event:WikiGap Delhi]] || || || ||
|-
| Mexico City || || || 44 ||
|-
| Lima || || es || || Sida/WikiGap Lima
|-
| [[WikiGap 2021/Bad]] || || || abc || not a course
|-
| [[WikiGap 2021/Plain]] || || || ||
|}"""


def test_registration_and_dashboard_columns_name_more_sources() -> None:
    events = parse_registry(SOURCES, "WikiGap 2021").events
    got = [(e.key, e.registration, e.course, [p.code for p in e.problems]) for e in events]
    assert got == [
        ("WikiGap 2021/Oslo", 12, "Sida/WikiGap_Oslo", []),
        # an Event: page, an id or a course gives the days and languages later: no problem yet
        ("Event:WikiGap Delhi", None, None, []),
        ("Special:EventDetails/44", 44, None, []),
        ("Dashboard course Sida/WikiGap_Lima", None, "Sida/WikiGap_Lima", []),
        ("WikiGap 2021/Bad", None, None,
         ["registration-unreadable", "course-unreadable", "date-missing", "language-none"]),
        ("WikiGap 2021/Plain", None, None, ["date-missing", "language-none"]),
    ]
    assert events[0].is_event_page is False and events[1].is_event_page is True


def test_unreadable_registration_and_dashboard_cells_are_words_of_the_message_files() -> None:
    """They were English f-strings: a Swedish table showed them in English."""
    bad = next(e for e in parse_registry(SOURCES, "WikiGap 2021").events
               if e.key == "WikiGap 2021/Bad")
    registration, course = bad.problems[:2]
    for problem in (registration, course):
        assert_written_in_every_language(problem)
    assert english(registration.message) == (
        'The registration cell “abc” of WikiGap 2021/Bad (line 12 of WikiGap 2021) is not an '
        "event registration id.")
    assert english(course.fix) == (
        "Paste the course's address (…/courses/School/Title) or write School/Title in the row "
        "for WikiGap 2021/Bad on WikiGap 2021.")
    sv = messages("sv")
    assert sv.words(registration.message) == (
        'Anmälningscellen ”abc” för WikiGap 2021/Bad (rad 12 på WikiGap 2021) är inte numret '
        "på en evenemangsanmälan.")
    assert sv.words(registration.fix) == (
        "Skriv anmälans nummer (som i Special:EventDetails/123) i raden för WikiGap 2021/Bad "
        "på WikiGap 2021.")
    assert sv.words(course.message) == (
        'Dashboard-cellen ”not a course” för WikiGap 2021/Bad (rad 12 på WikiGap 2021) anger '
        "ingen kurs.")


def test_a_table_with_a_registration_column_needs_no_date_or_languages_column() -> None:
    text = "{| class=wikitable\n! Event !! Registration ID\n|-\n| [[Event:A]] || 3\n|}"
    registry = parse_registry(text, "WikiGap 2026")
    assert [(e.page, e.registration) for e in registry.events] == [("Event:A", 3)]
    assert registry.problems == ()
