"""Date cell tests: every accepted form and every problem, table-driven, in every shipped language."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date, format_interval, get_date_format, get_month_names
from hypothesis import given, settings
from hypothesis import strategies as st

from wikigap.i18n import available
from wikigap.read.dates import MAX_YEAR, MIN_YEAR, DateError, parse_event_dates
from wikigap.write.messages import english, format_dates

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
        assert reason.startswith(f'“{text.strip()}”'), reason    # it quotes the cell


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["8", "14", "31", "2021", "03", "March", "Feb", " ", "–", "-", "—",
                              "to", "/", ".", ",", "(", ")", "99999999999", "0", "and", "&",
                              ":", "th", "Monday", "mars", "de", "marzo", "y", "a", "au",
                              "till", "den", "mån", "segunda-feira", "مارس", "٢٠٢١", "1er"]),
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


# ---------------------------------------------------------------- organizers' languages

IN_LANGUAGES = [
    ("13 mars 2021", D(2021, 3, 13), D(2021, 3, 13)),                    # sv
    ("8 de marzo de 2021", D(2021, 3, 8), D(2021, 3, 8)),                # es
    ("8 de março de 2021", D(2021, 3, 8), D(2021, 3, 8)),                # pt
    ("8 mars 2021", D(2021, 3, 8), D(2021, 3, 8)),                       # fr, sv
    ("8–14 mars 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8-14 mars 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8–14 de marzo de 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("8 de marzo – 8 de abril de 2021", D(2021, 3, 8), D(2021, 4, 8)),
    ("8 mars–14 apr. 2021", D(2021, 3, 8), D(2021, 4, 14)),              # Babel's sv interval
    ("28 december 2021 – 3 januari 2022", D(2021, 12, 28), D(2022, 1, 3)),
    ("del 8 al 14 de marzo de 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("de 8 a 14 de março de 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("du 8 au 14 mars 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("från 8 till 14 mars 2021", D(2021, 3, 8), D(2021, 3, 14)),
    ("den 8 mars 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("den 8:e mars 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("1er mars 2021", D(2021, 3, 1), D(2021, 3, 1)),
    ("måndag 8 mars 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("lunes, 8 de marzo de 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("segunda-feira, 8 de março de 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("lundi 8 mars 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("8 de mar. de 2021", D(2021, 3, 8), D(2021, 3, 8)),                 # abbreviated
    ("8 févr. 2021", D(2021, 2, 8), D(2021, 2, 8)),
    ("8 fevrier 2021", D(2021, 2, 8), D(2021, 2, 8)),                    # without accents
    ("8 de marco de 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("8 MARS 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("8 maj 2021", D(2021, 5, 8), D(2021, 5, 8)),
    ("8 okt. 2021", D(2021, 10, 8), D(2021, 10, 8)),
    ("8 dic 2021", D(2021, 12, 8), D(2021, 12, 8)),
    ("8 août 2021", D(2021, 8, 8), D(2021, 8, 8)),
    ("8 set. 2021", D(2021, 9, 8), D(2021, 9, 8)),
    ("8 de outubro de 2021", D(2021, 10, 8), D(2021, 10, 8)),
    ("8 مارس 2021", D(2021, 3, 8), D(2021, 3, 8)),                       # ar
    ("الاثنين، 8 مارس 2021", D(2021, 3, 8), D(2021, 3, 8)),
    ("٨ مارس ٢٠٢١", D(2021, 3, 8), D(2021, 3, 8)),                       # Arabic-Indic digits
    ("8 mars 2021 (på plats)", D(2021, 3, 8), D(2021, 3, 8)),
]

PROBLEMS_IN_LANGUAGES = [
    ("13 mars", "date-ambiguous"),                 # no year
    ("8–14 de marzo", "date-ambiguous"),
    ("03.08.2021", "date-ambiguous"),              # numeric day/month stays a problem
    ("8 y 9 de marzo de 2021", "date-ambiguous"),  # several days, not a range
    ("8 och 9 mars 2021", "date-ambiguous"),
    ("8 et 9 mars 2021", "date-ambiguous"),
    ("8 e 9 de março de 2021", "date-ambiguous"),
    ("entre el 8 y el 14 de marzo de 2021", "date-ambiguous"),
    ("tisdag 8 mars 2021", "date-ambiguous"),      # 8 March 2021 was a Monday
    ("8 de marzo de 2021 en línea", "date-unreadable"),
    ("8 mars 2021 kl. 10", "date-unreadable"),
    ("mars 2021", "date-unreadable"),
    ("14–8 mars 2021", "date-unreadable"),
    ("31 februari 2021", "date-unreadable"),
    ("n/a", "date-missing"),
]


@pytest.mark.parametrize("text, first, last", IN_LANGUAGES, ids=[c[0] for c in IN_LANGUAGES])
def test_readable_in_the_organizers_languages(text: str, first: date, last: date) -> None:
    assert parse_event_dates(text) == (first, last)


@pytest.mark.parametrize("text, code", PROBLEMS_IN_LANGUAGES,
                         ids=[c[0] for c in PROBLEMS_IN_LANGUAGES])
def test_problems_in_the_organizers_languages(text: str, code: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_event_dates(text)
    assert caught.value.code == code


@pytest.mark.parametrize("language", sorted(available()))
def test_every_cldr_month_name_of_every_shipped_language_is_read(language: str) -> None:
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for month, name in get_month_names(width, context, locale=language).items():
                assert parse_event_dates(f"8 {name} 2021") == (D(2021, month, 8),) * 2, name


def test_a_word_that_is_a_month_and_a_weekday_is_a_month() -> None:
    assert parse_event_dates("8 mar 2021") == (D(2021, 3, 8),) * 2    # es/fr "mar." = Tuesday


def month_patterns(language: str) -> list[str]:
    """Give CLDR's date patterns of a language that spell the month (numeric ones may be ambiguous)."""
    patterns = [get_date_format(f, locale=language).pattern for f in ("full", "long", "medium")]
    return [p for p in patterns if "MMM" in p or "LLL" in p] + ["d MMM y", "d LLLL y"]


DAYS = st.dates(min_value=D(MIN_YEAR, 1, 1), max_value=D(MAX_YEAR, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(available())), DAYS, st.data())
def test_a_day_written_by_babel_in_any_shipped_language_reads_back(language, day, data) -> None:
    pattern = data.draw(st.sampled_from(month_patterns(language)))
    text = format_date(day, pattern, locale=language)
    assert parse_event_dates(text) == (day, day), text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(available())), DAYS, st.integers(1, 400),
       st.sampled_from(["yMMMMd", "yMMMd"]))
def test_a_range_written_by_babel_in_any_shipped_language_reads_back(language, first, length,
                                                                      skeleton) -> None:
    last = min(first + timedelta(days=length), D(MAX_YEAR, 12, 31))
    text = format_interval(first, last, skeleton, locale=language)
    assert parse_event_dates(text) == (first, last), text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(available())), DAYS, st.integers(0, 400))
def test_the_dates_the_bot_writes_in_a_table_read_back(language, first, length) -> None:
    last = min(first + timedelta(days=length), D(MAX_YEAR, 12, 31))
    text = format_dates(first, last, language)
    assert parse_event_dates(text) == (first, last), text
