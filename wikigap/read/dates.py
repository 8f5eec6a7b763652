"""Read an event's dates from the registry's Date cell: one day or a range.

The cell may be written in any shipped language (``13 mars 2021``, ``8 de
marzo de 2021``, ``du 8 au 14 mars 2021``): :func:`to_english` first rewrites
its month and weekday names (CLDR's, through Babel, wide and abbreviated, for
every language with a message file in ``i18n/`` (withdrawn ones too), accents optional; a name that
would mean two months in two languages is left out, and ``mar``, March and a
Spanish and French Tuesday, is a month) and its joining words in English.

Each side of a range is parsed by python-dateutil; the range logic only
lends a missing month or year from one side to the other ("8–14 March 2021",
"March 8–14, 2021", "8 March – 8 April 2021"). Anything that would need a
guess (no year, 03/08/2021, an end before the start, a year outside
2001–2100) raises :class:`DateError` so the registry can record a problem.

dateutil skips words and numbers it cannot place ("8 and 9 March 2021" comes
back as 9 March 2008), so every side it reads is checked against the text:
each number must be the side's day, month or four-digit year, each of those
parts must come from the text, and the only words allowed are month and
weekday names (plus "of"). Lists of days ("8 and 9", "8/9", "8, 15") are
refused as ambiguous before dateutil sees them.

A refusal says why as a :class:`~wikigap.model.Phrase` (``wikigapbot-date-…``),
so each organizer reads it in the notice's language.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from babel.dates import get_day_names, get_month_names
from dateutil import parser as dateutil_parser

from wikigap.i18n import read_in
from wikigap.model import Phrase, quoted

MIN_YEAR, MAX_YEAR = 2001, 2100
#: "8 March 2021 or 8–14 March 2021", in the reader's language.
EXAMPLE = Phrase("wikigapbot-date-example")

_DEFAULTS = (datetime(1112, 1, 1), datetime(1116, 12, 2))   # two leap years
_BLANKS = {"", "?", "-", "–", "—", "tba", "tbd", "tbc", "n/a", "to be announced",
           "to be decided", "to be confirmed"}
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2,4})(?!\d)")
_WIDE_SEPARATORS = re.compile(r"\s*(?:–|—|−|―|\s-\s|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*",
                              re.IGNORECASE)
_HYPHEN = re.compile(r"-")
_LEADING_WORDS = re.compile(r"^(?:from|between)\s+", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")
# Two day numbers joined by , / & + or "and" -- but not inside 13/03/2021 or 2021/03/08.
_DAY_LIST = re.compile(r"(?<![\d/.])\d{1,2}\s*(?:,|/|&|\+|\band\b)\s*"
                       r"\d{1,2}(?!\d)(?!\s*[./-]\s*\d)", re.IGNORECASE)
_TOKEN = re.compile(r"\d+|[^\W\d_]+|\S")
_MONTHS = {name.casefold(): number for number, names in
           enumerate(dateutil_parser.parserinfo.MONTHS, start=1) for name in names}
_WEEKDAYS = {name.casefold(): number for number, names in
             enumerate(dateutil_parser.parserinfo.WEEKDAYS) for name in names}
_FILLER_WORDS = {"of"}                       # "8th of March 2021"
_SIDE_PUNCTUATION = {",", ".", "/", "-"}     # inside one side: "March 8, 2021", "2021-03-08"


class DateError(ValueError):
    """A Date cell that cannot be read without guessing.

    ``code`` is the Problem code; ``reason`` says why, to be written in the
    reader's language (its first value is the cell, quoted).
    """

    def __init__(self, code: str, reason: Phrase) -> None:
        super().__init__(f"{code}: {reason.key} {reason.values}")
        self.code = code
        self.reason = reason


def _error(code: str, key: str, original: str, *values: str | Phrase) -> DateError:
    """Build a DateError whose reason quotes the cell as the organizer wrote it."""
    return DateError(code, Phrase(key, (quoted(original.strip()), *values)))


@dataclass(frozen=True)
class _Partial:
    """One side of a range: what dateutil found, None where the text said nothing."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None = None   # 0 = Monday, from a weekday name in the text


def parse_event_dates(text: str) -> tuple[date, date]:
    """Return (first day, last day) of a Date cell; a one-day event gives (d, d)."""
    if _clean(text).casefold() in _BLANKS:
        raise DateError("date-missing", Phrase("wikigapbot-date-missing"))
    cleaned = _LEADING_WORDS.sub("", " ".join(to_english(_clean(text)).split())).strip(" .,;")
    _refuse_day_lists(text, cleaned)
    for separators in (_WIDE_SEPARATORS, _HYPHEN):
        ranges = _split_ranges(cleaned, separators)
        if ranges:
            return _one_answer(text, ranges)
    return _single(text, cleaned)


def _clean(text: str) -> str:
    """Drop remarks in parentheses and extra spaces (no-break ones too)."""
    return " ".join(_PARENTHESES.sub(" ", text or "").split()).strip(" .,;")


def _refuse_day_lists(original: str, text: str) -> None:
    """Refuse "8 and 9 March", "8/9 March", "8, 15 March": several days, not one or a range.

    dateutil would silently take one of the numbers as a year or drop it;
    the organizer meant something the registry's one-window model cannot hold.
    """
    if _DAY_LIST.search(text):
        raise _error("date-ambiguous", "wikigapbot-date-day-list", original)


def _single(original: str, text: str) -> tuple[date, date]:
    """Read text as one day."""
    day = _complete(original, _read_side(original, text))
    return day, day


def _split_ranges(text: str, separators: re.Pattern[str]) -> set[tuple[date, date]]:
    """Try every separator position; keep the readings where both sides make sense.

    A DateError that proves ambiguity (03/08 style) is raised at once; other
    failed splits are simply not readings (a '-' inside 2021-03-08 is not a range).
    """
    readings: set[tuple[date, date]] = set()
    for match in separators.finditer(text):
        left, right = text[:match.start()].strip(" ,"), text[match.end():].strip(" ,")
        if not left or not right:
            continue
        try:
            readings.add(_range(text, left, right))
        except DateError as error:
            if error.code == "date-ambiguous" or error.code == "date-reversed":
                raise _as_public(error) from None
    return readings


def _as_public(error: DateError) -> DateError:
    """Map internal codes onto the three the registry knows."""
    if error.code == "date-reversed":
        return DateError("date-unreadable", error.reason)
    return error


def _one_answer(original: str, readings: set[tuple[date, date]]) -> tuple[date, date]:
    """Accept a range only when all readings agree."""
    if len(readings) > 1:
        raise _error("date-ambiguous", "wikigapbot-date-many-ranges", original)
    return readings.pop()


def _range(original: str, left_text: str, right_text: str) -> tuple[date, date]:
    """Read both sides, lend the missing month or year across, check the order."""
    left = _read_side(original, left_text)
    right = _read_side_after(original, left, right_text)
    _refuse_bare_end_day(original, left, right)
    month = right.month if left.month is None else left.month
    year = left.year if left.year is not None else right.year
    first = _complete(original, _Partial(year, month, left.day, left.weekday))
    last = _complete(original, _Partial(right.year or year, right.month or month, right.day,
                                        right.weekday))
    if last < first:
        raise _error("date-reversed", "wikigapbot-date-reversed", original)
    return first, last


def _refuse_bare_end_day(original: str, left: _Partial, right: _Partial) -> None:
    """Refuse "8 March 2021 – 9": a lone number after a full date is not a spec form.

    The month is lent forward only inside "March 8–14, 2021", where the start has
    no year yet; after a year the number may as well be an hour or a remark.
    """
    if right.month is None and left.year is not None:
        raise _error("date-unreadable", "wikigapbot-date-lone-number", original)


def _read_side_after(original: str, left: _Partial, text: str) -> _Partial:
    """Read a range's end; "14, 2021" after "March 8" borrows the month name first."""
    try:
        return _read_side(original, text)
    except DateError:
        if left.month is None:
            raise
        month = dateutil_parser.parserinfo.MONTHS[left.month - 1][1]
        return _read_side(original, f"{month} {text}")


def _read_side(original: str, text: str) -> _Partial:
    """Parse one side with dateutil twice (two defaults) to see what it left out."""
    dayfirst = _day_first(original, text)
    try:
        found = [dateutil_parser.parse(text, default=default, dayfirst=dayfirst, ignoretz=True)
                 for default in _DEFAULTS]
    except (ValueError, OverflowError, TypeError, ArithmeticError, LookupError):
        raise _error("date-unreadable", "wikigapbot-date-not-a-date", original) from None
    one, two = found
    partial = _Partial(one.year if one.year == two.year else None,
                       one.month if one.month == two.month else None,
                       one.day if one.day == two.day else None)
    if partial.day is None:
        raise _error("date-unreadable", "wikigapbot-date-no-day", original)
    return _explained(original, text, partial)


def _explained(original: str, text: str, partial: _Partial) -> _Partial:
    """Accept dateutil's reading only if the side's text says exactly that and nothing more.

    Every number must be used once (day, numeric month or four-digit year), every
    part read must come from a number or a month name, and no other word or sign
    may be left over: a time (10:00), a stray day or an unknown word means dateutil
    skipped something, and skipping is guessing.
    """
    numbers, months, weekdays = _side_tokens(original, text)
    if len(months) > 1 or len(weekdays) > 1 or (months and months[0] != partial.month):
        raise _leftover(original)
    expected = [("part", value) for value in (partial.day, None if months else partial.month)
                if value is not None]
    expected += [("year", partial.year)] if partial.year is not None else []
    used = [("year" if len(number) == 4 else "part", int(number)) for number in numbers]
    if sorted(used) != sorted(expected):
        raise _leftover(original)
    return _Partial(partial.year, partial.month, partial.day, weekdays[0] if weekdays else None)


def _side_tokens(original: str, text: str) -> tuple[list[str], list[int], list[int]]:
    """Split one side into its numbers, month names and weekday names; refuse anything else.

    Ordinal suffixes (8th) were dropped by :func:`to_english`.
    """
    numbers: list[str] = []
    months: list[int] = []
    weekdays: list[int] = []
    for token in _TOKEN.findall(text):
        word = token.casefold()
        if token[0].isdecimal():
            numbers.append(token)
        elif word in _MONTHS:
            months.append(_MONTHS[word])
        elif word in _WEEKDAYS:
            weekdays.append(_WEEKDAYS[word])
        elif word not in _FILLER_WORDS and token not in _SIDE_PUNCTUATION:
            raise _leftover(original)
    return numbers, months, weekdays


def _leftover(original: str) -> DateError:
    """The error for text that dateutil would have had to skip or invent."""
    return _error("date-unreadable", "wikigapbot-date-leftover", original, EXAMPLE)


def _day_first(original: str, text: str) -> bool:
    """Decide day/month order for 13/03/2021; refuse 03/08/2021 as ambiguous."""
    match = _NUMERIC.search(text)
    if not match:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    if first <= 12 and second <= 12 and first != second:
        raise _error("date-ambiguous", "wikigapbot-date-day-or-month", original)
    return first > 12


def _complete(original: str, partial: _Partial) -> date:
    """Build a date from a side with all parts, or say which part is missing."""
    if partial.year is None:
        raise _error("date-ambiguous", "wikigapbot-date-no-year", original)
    if partial.month is None or partial.day is None:
        raise _error("date-unreadable", "wikigapbot-date-no-month", original)
    if not MIN_YEAR <= partial.year <= MAX_YEAR:
        raise _error("date-unreadable", "wikigapbot-date-year", original, str(partial.year))
    try:
        day = date(partial.year, partial.month, partial.day)
    except ValueError:
        raise _error("date-unreadable", "wikigapbot-date-not-real", original) from None
    if partial.weekday is not None and partial.weekday != day.weekday():
        raise _error("date-ambiguous", "wikigapbot-date-weekday", original, day.isoformat())
    return day


# ---------------------------------------------------------------- the organizers' languages

#: Words between the numbers and names of a date, per language: "from", "to",
#: "and", "between" become English (the range reader knows those), "" drops a
#: word that only joins ("8 de marzo de 2021", "den 8 mars", "le 8 mars").
CONNECTING_WORDS: dict[str, dict[str, str]] = {
    "sv": {"från": "from", "fr.o.m.": "from", "till": "to", "t.o.m.": "to", "och": "and",
           "mellan": "between", "den": ""},
    "es": {"del": "from", "desde": "from", "al": "to", "a": "to", "hasta": "to", "y": "and",
           "entre": "between", "de": "", "el": ""},
    "pt": {"desde": "from", "a": "to", "até": "to", "e": "and", "entre": "between", "de": ""},
    "fr": {"du": "from", "au": "to", "à": "to", "jusqu'au": "to", "et": "and",
           "entre": "between", "le": ""},
}
#: Ordinal endings after a day number: 8th, 1er (fr), 8:e and 1:a (sv), 1º and 1.º (es, pt).
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|er|:[ae]|\.?º|\.?ª|°)(?![^\W\d_])", re.IGNORECASE)
_FORMAT_CHARACTERS = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_COMMAS = str.maketrans({"،": ",", "٫": ","})


def to_english(text: str) -> str:
    """Give ``text`` with its month, weekday and connecting words in English, digits in ASCII.

    Everything else is left as it stands, so the reader still sees (and
    refuses) any word that is not part of a date.
    """
    text = _FORMAT_CHARACTERS.sub("", text).translate(_COMMAS)
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    text = _ORDINAL.sub("", text)
    words = _words()
    pattern = _pattern(tuple(words))
    return pattern.sub(lambda match: words.get(match.group(0).casefold(), match.group(0)), text)


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    """Map each known word (casefolded) to the English it stands for."""
    months = _unambiguous(_names(enumerate(dateutil_parser.parserinfo.MONTHS, start=1),
                                 get_month_names))
    weekdays = {name: day for name, day in
                _unambiguous(_names(enumerate(dateutil_parser.parserinfo.WEEKDAYS),
                                    get_day_names)).items() if name not in months}
    english = {name: dateutil_parser.parserinfo.MONTHS[month - 1][-1]
               for name, month in months.items()}
    english.update({name: dateutil_parser.parserinfo.WEEKDAYS[day][-1]
                    for name, day in weekdays.items()})
    for language in sorted(read_in()):
        for word, meaning in CONNECTING_WORDS.get(language, {}).items():
            english.setdefault(word.casefold(), meaning)
    return english


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Match any of ``names`` as a whole word, the longest first (``juni`` before ``jun``)."""
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in ordered)
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)


def _names(english: Iterable[tuple[int, tuple[str, ...]]],
           babel: Callable[..., Mapping[int, str]]) -> list[tuple[str, int]]:
    """List (name, number) from dateutil's English and Babel's names in every shipped language.

    Babel and dateutil count months from 1 and weekdays from Monday = 0 alike.
    """
    found = [(name, number) for number, names in english for name in names]
    for language in sorted(read_in()):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                found += [(name, number) for number, name in
                          babel(width, context, locale=language).items()]
    return found


def _unambiguous(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Index names and their unaccented spellings; drop any that would mean two things."""
    meanings: dict[str, set[int]] = {}
    for name, value in pairs:
        for spelling in _spellings(name):
            meanings.setdefault(spelling, set()).add(value)
    return {name: values.pop() for name, values in meanings.items() if len(values) == 1}


def _spellings(name: str) -> set[str]:
    """Give a name casefolded without its final dot, and the same without accents."""
    folded = name.casefold().strip().rstrip(".")
    bare = "".join(c for c in unicodedata.normalize("NFD", folded)
                   if not unicodedata.combining(c))
    return {spelling for spelling in (folded, unicodedata.normalize("NFC", bare)) if spelling}
