"""Date cell tests: every accepted form and every problem, table-driven."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikigap.read.dates import DateError, parse_event_dates
from wikigap.write.messages import english

D = date

READABLE = [
    ("8 March 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("March 8, 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("2021-03-08", D(2021, 3, 8), D(2021, 3, 8)),
    ("8–14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8-14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8—14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8 to 14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8 – 14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8 March – 8 April 2021", D(2021, 3, 8), D(2021, 4, 8)),
    ("8 March - 8 April 2021", D(2021, 3, 8), D(2021, 4, 8)),
    ("8 March to 8 April 2021", D(2021, 3, 8), D(2021, 4, 8)),
    ("8 March 2021 – 8 April 2021", D(2021, 3, 8), D(2021, 4, 8)),
    ("8 March 2021 – 8 April", D(2021, 3, 8), D(2021, 4, 8)),
    ("2021-03-08 – 2021-03-14", D(2021, 3, 8), D(2021, 3, 14)),
    ("2021-03-08 - 2021-03-14", D(2021, 3, 8), D(2021, 3, 14)),
    ("2021-03-08-2021-03-14", D(2021, 3, 8), D(2021, 3, 14)),
    ("2021-03-08 to 2021-03-14", D(2021, 3, 8), D(2021, 3, 14)),
    ("2021-03-08 — 2021-03-14", D(2021, 3, 8), D(2021, 3, 14)),
    ("March 8–14, 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("March 8 – April 2, 2021", D(2021, 3, 8), D(2021, 4, 2)),
    ("28 December 2021 – 3 January 2022", D(2021, 12, 28), D(2022, 1, 3)),
    ("from 8 to 14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8th–14th March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("Monday, 8 March 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("8 March 2021 (online)", D(2021, 3, 8), D(2021, 3, 8)),
    ("  8\u00a0March\u00a02021 ", D(2021, 3, 8), D(2021, 3, 8)),
    ("13/03/2021", D(2021, 3, 13), D(2021, 3, 13)),
    ("03/13/2021", D(2021, 3, 13), D(2021, 3, 13)),
    ("03/03/2021", D(2021, 3, 3), D(2021, 3, 3)),
    ("8 Mar 2021", D(2021, 3, 8), D(2021, 3, 8)),
    # Every part comes from the text; these stay readable under the strict check.
    ("Mar 8 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("8 Mar. 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("Sept 8, 2021", D(2021, 9, 8), D(2021, 9, 8)),
    ("8th of March 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("March 8th, 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("8-9 March 2021", D(2021, 3, 8), D(2021, 3, 9)),
    ("2021/03/08", D(2021, 3, 8), D(2021, 3, 8)),
    ("13.03.2021 – 14.03.2021", D(2021, 3, 13), D(2021, 3, 14)),
    ("8 March 2021 – 2021-04-08", D(2021, 3, 8), D(2021, 4, 8)),
    ("Monday 8 – Sunday 14 March 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("March 8 – 14 2021", D(2021, 3, 8), D(2021, 3, 14)),
]

PROBLEMS = [
    ("", "date-missing"),
    ("   ", "date-missing"),
    ("TBA", "date-missing"),
    ("?", "date-missing"),
    ("8 March", "date-ambiguous"),
    ("8–14 March", "date-ambiguous"),
    ("8 March – 8 April", "date-ambiguous"),
    ("03/08/2021", "date-ambiguous"),
    ("08.03.2021", "date-ambiguous"),
    ("3-8-2021", "date-ambiguous"),
    ("03/08/2021 – 05/08/2021", "date-ambiguous"),
    ("14–8 March 2021", "date-unreadable"),
    ("8 April – 8 March 2021", "date-unreadable"),
    ("2021-03-14 – 2021-03-08", "date-unreadable"),
    ("March 2021", "date-unreadable"),
    ("2021", "date-unreadable"),
    ("next spring", "date-unreadable"),
    ("31 February 2021", "date-unreadable"),
    ("8 March 3021", "date-unreadable"),
    ("8 March 1921", "date-unreadable"),
    ("8 March 2021, 10:00–16:00 CET", "date-unreadable"),
    # dateutil's skipping used to turn these into guesses (2008, 2009, 8–20 March, ...).
    ("8 and 9 March 2021", "date-ambiguous"),
    ("8th and 9th March 2021", "date-ambiguous"),
    ("8/9 March 2021", "date-ambiguous"),
    ("8, 15 March 2021", "date-ambiguous"),
    ("8 & 9 March 2021", "date-ambiguous"),
    ("March 8 and 9, 2021", "date-ambiguous"),
    ("March 8/9, 2021", "date-ambiguous"),
    ("8, 9 and 10 March 2021", "date-ambiguous"),
    ("2021-03-08/09", "date-ambiguous"),
    ("between 8 and 14 March 2021", "date-ambiguous"),
    ("8 March 2021, 18–20", "date-unreadable"),
    ("8 March 2021 – 9", "date-unreadable"),
    ("8 March 2021 10:00", "date-unreadable"),
    ("3 March 2021 3:03", "date-unreadable"),
    ("8 March 21", "date-unreadable"),
    ("8 March 2021 online", "date-unreadable"),
    ("8 March 2021 [online]", "date-unreadable"),
    ("8 March, 9 March 2021", "date-unreadable"),
    ("8 to 9 to 10 March 2021", "date-unreadable"),
    ("8 March April 2021", "date-unreadable"),
    ("Tuesday, 8 March 2021", "date-ambiguous"),
]


@pytest.mark.parametrize("text, first, last", READABLE, ids=[case[0] for case in READABLE])
def test_readable(text: str, first: date, last: date) -> None:
    assert parse_event_dates(text) == (first, last)


@pytest.mark.parametrize("text, code", PROBLEMS, ids=[case[0] or "empty" for case in PROBLEMS])
def test_problem(text: str, code: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_event_dates(text)
    assert caught.value.code == code
    reason = english(caught.value.reason)          # every reason is a message, in English too
    assert reason.endswith(".") and "$" not in reason
    if code != "date-missing":
        assert reason.startswith(f'"{text.strip()}"'), reason    # it quotes the cell


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["8", "14", "31", "2021", "03", "March", "Feb", " ", "–", "-", "—",
                              "to", "/", ".", ",", "(", ")", "99999999999", "0", "and", "&",
                              ":", "th", "Monday"]),
             max_size=12).map("".join)))
def test_any_text_gives_dates_or_a_date_error(text: str) -> None:
    try:
        first, last = parse_event_dates(text)
    except DateError as error:
        assert error.code in {"date-missing", "date-unreadable", "date-ambiguous"}
    else:
        assert first <= last
        years = {int(number) for number in re.findall(r"\d{4}", text)}
        assert {first.year, last.year} <= years   # never a year the text does not spell out
