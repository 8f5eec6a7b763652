"""Translated words of everything the bot writes, and its numbers and dates, ready for wikitext.

Takes the messages of :mod:`wikigap.i18n`'s files (with their fallbacks) and
fills them in: plural forms follow the language's CLDR rules (Babel), in CLDR
order (zero, one, two, few, many, other), as MediaWiki maps them; numbers and
dates in the language's format. A translation is escaped before the values go
in (:func:`wikigap.write.escape.message`), so no translation can add markup;
values arrive escaped by the caller (the templates' filters).

Problems are written late: a reader records a :class:`~wikigap.model.Phrase`
(a message key and its values) and :meth:`Messages.words` writes it as plain
text in the table's or notice's language, for a template filter to escape,
or in English (:func:`english`) for the console, exports and the state file.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache

import mwparserfromhell
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal

from wikigap.i18n import (
    DEFAULT,
    DOCUMENTATION,
    MessageError,
    available,
    babel_locale,
    fallbacks,
    load,
    resolve,
)
from wikigap.model import LIST, QUOTE, WIKI, Phrase
from wikigap.write import escape

PLACEHOLDER = re.compile(r"\$([1-9][0-9]*)")
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


class Messages:
    """The words of one language: ``msg(key, *values)`` gives a message ready for wikitext.

    Values that are ``int`` or ``Decimal`` are numbers: formatted in the
    language ("2,5" in Swedish) and used by ``{{PLURAL:}}`` with CLDR's rules
    for fractions (French "0,5 point"); ``None`` reads as the ``wikigapbot-unknown`` word;
    any other value is put in as given (already escaped by the caller).
    """

    def __init__(self, language: str) -> None:
        self.language = resolve(language) or DEFAULT
        self.chain = tuple(c for c in fallbacks(self.language) if c in available())
        if DEFAULT not in self.chain:
            self.chain += (DEFAULT,)
        self.locale = babel_locale(self.language)

    def text(self, key: str) -> str:
        """Give the raw translation of ``key``, walking the fallback chain."""
        for language in self.chain:
            if key in load(language):
                return load(language)[key]
        raise MessageError(f"message '{key}' is not in i18n/{DEFAULT}.json; add it there "
                           f"and document it in i18n/{DOCUMENTATION}.json")

    def number(self, n: int | Decimal | None) -> str:
        """Format a count in the language (``1,234``, ``1 234``, ``1.234``); None as unknown.

        A space between thousands is Babel's U+00A0 no-break space (French
        CLDR's narrow U+202F becomes one too, as MediaWiki writes French), so
        a number never wraps at the end of a line.
        """
        if n is None:
            return self("wikigapbot-unknown")
        return format_decimal(n, locale=self.locale).replace("\u202f", "\u00a0")

    def __call__(self, key: str, *values: object) -> str:
        """Give message ``key`` with its plurals chosen, its text escaped and ``values`` put in."""
        text = escape.message(self.plurals(self.text(key), values))
        return self._elide(PLACEHOLDER.sub(lambda m: _nth(self._shown(values, self.number), m),
                                           text))

    def plain(self, key: str, *values: object) -> str:
        """Give message ``key`` with plurals chosen and ``values`` put in, nothing escaped.

        For text a template escapes as a whole (``| plain``, ``| cell``) or
        that never goes to a wiki (the console, an edit summary).
        """
        text = self.plurals(self.text(key), values)
        return self._elide(PLACEHOLDER.sub(
            lambda m: _nth(self._shown(values, self._plain_number), m), text))

    def _elide(self, text: str) -> str:
        """Elide French "de" after the unknown count before a vowel: "un nombre inconnu d’articles".

        Only there: a translation elides its own words, and "de" before a
        value that is a name is the organizer's to write.
        """
        unknown = self.text("wikigapbot-summary-unknown-count")
        if self.locale.language != "fr" or not unknown.endswith(" de"):
            return text
        return re.sub(re.escape(unknown) + r" (?=[aeiouyàâéèêëîïôœùûAEIOUYÉÈÊÀÂÎÔ])",
                      unknown[:-1] + "’", text)

    def words(self, phrase: Phrase | str) -> str:
        """Write a Phrase in this language as plain text; a ``str`` is already words.

        Two keys name no message: ``@wiki`` names a wiki in prose (:meth:`wiki`)
        and ``@list`` joins its values as CLDR's list in this language.
        """
        if isinstance(phrase, str):
            return phrase
        values = [self.words(v) if isinstance(v, Phrase) else v for v in phrase.values]
        if phrase.key == WIKI:
            return self.wiki(str(values[0]))
        if phrase.key == LIST:
            return self.join(str(v) for v in values)
        return self.plain(phrase.key, *values)

    def wiki(self, name: str) -> str:
        """Name a wiki in a sentence (codes are for tables): "Wikipedia på engelska", "Wikidata".

        ``name`` is a Wikipedia's language code or a configured wiki's name;
        a language's name comes from CLDR (Babel), in this language.
        """
        special = {"meta": "wikigapbot-wiki-meta", "se": "wikigapbot-wiki-se",
                   "wikidata": "wikigapbot-wiki-wikidata", "commons": "wikigapbot-wiki-commons"}
        if name.lower() in special:
            return self.plain(special[name.lower()])
        if name.replace("-", "_") not in self.locale.languages:
            return self.plain("wikigapbot-wiki-other", name)
        return self.plain("wikigapbot-wiki-wikipedia", self.language_name(name))

    def language_name(self, code: str) -> str:
        """Name a language by its code in this language (CLDR via Babel): "sv" -> "svenska".

        A wiki code's ``-`` is CLDR's ``_`` (``zh-min-nan``); a code CLDR does not
        know is given as it is.
        """
        return self.locale.languages.get(code.replace("-", "_"), code)

    def join(self, items: Iterable[str]) -> str:
        """Join words as a list in this language (CLDR via Babel): "a, b and c", "a, b och c"."""
        listed = list(items)
        return format_list(listed, locale=self.locale) if listed else ""

    def quote(self, text: str) -> str:
        """Put words in this language's quotation marks (a message: Babel has no quotation data)."""
        return self.plain(QUOTE, text)

    def _plain_number(self, n: int | Decimal | None) -> str:
        """Format a count like :meth:`number`, the unknown word unescaped."""
        return self.text("wikigapbot-unknown") if n is None else self.number(n)

    @staticmethod
    def _shown(values: tuple[object, ...],
               number: Callable[[int | Decimal | None], str]) -> list[str]:
        """Give each value as text: numbers (and None) in the language, the rest as given."""
        return [number(v) if v is None or _numeric(v) else str(v)   # type: ignore[arg-type]
                for v in values]

    def plurals(self, text: str, values: tuple[object, ...]) -> str:
        """Replace each ``{{PLURAL:$N|…}}`` by the form for value N (mwparserfromhell parses)."""
        code = mwparserfromhell.parse(text)
        for node in code.filter_templates(recursive=False):
            name = str(node.name).strip()
            if name.upper().startswith("PLURAL:"):
                code.replace(node, self.plural_form(_count(name[7:].strip(), values), node))
        return str(code)

    def plural_form(self, n: int | Decimal | None, node: mwparserfromhell.nodes.Template) -> str:
        """Pick a PLURAL form: an explicit ``N=`` one, else by CLDR category; unknown: 'other'."""
        forms = [str(p.value) for p in node.params if not p.showkey]
        for param in node.params:
            if param.showkey and str(param.name).strip() == str(n):
                return str(param.value)
        if not forms:
            return ""
        rule = self.locale.plural_form
        categories = [c for c in PLURAL_ORDER if c in rule.tags or c == "other"]
        category = "other" if n is None else rule(abs(Decimal(n)))
        return forms[min(categories.index(category), len(forms) - 1)]


def _numeric(value: object) -> bool:
    """Tell whether a value is a number the language formats: an int or a Decimal, not a bool."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _count(argument: str, values: tuple[object, ...]) -> int | Decimal | None:
    """Read PLURAL's argument: ``$N`` (a number value, else unknown) or a literal number."""
    match = PLACEHOLDER.fullmatch(argument)
    if match:
        index = int(match.group(1)) - 1
        value = values[index] if index < len(values) else None
        return value if _numeric(value) else None  # type: ignore[return-value]
    return int(argument) if argument.isdigit() else None


def _nth(shown: list[str], match: re.Match[str]) -> str:
    """Give the Nth value for ``$N``; a placeholder without a value stays as written."""
    index = int(match.group(1)) - 1
    return shown[index] if index < len(shown) else match.group(0)


@lru_cache(maxsize=None)
def messages(language: str) -> Messages:
    """Give the (cached) words of ``language``, following its fallbacks."""
    return Messages(language)


def english(phrase: Phrase | str) -> str:
    """Write a Phrase in English, for staff: the console, exports, the state file."""
    return messages(DEFAULT).words(phrase)


def placeholders(text: str) -> set[str]:
    """List the ``$N`` placeholders a message uses (for the consistency test)."""
    return set(PLACEHOLDER.findall(text))


def format_number(n: int | None, language: str) -> str:
    """Format a count: ``12,345`` (en), ``12 345`` (sv, fr), ``12.345`` (es, pt); None as unknown.

    "unknown"/"okänt" rather than a dash, so nobody reads a missing count as 0.
    """
    return messages(language).number(n)


def format_day(day: date, language: str, pattern_key: str = "wikigapbot-format-date") -> str:
    """Format one day with Babel's month names: ``8 March 2021`` / ``8 mars 2021``.

    The pattern is a message (CLDR syntax), so a language orders its own words.
    """
    words = messages(language)
    return format_date(day, words.text(pattern_key), locale=words.locale)


def format_dates(first: date | None, last: date | None, language: str) -> str:
    """Format an event's days compactly: ``8–14 March 2021``, ``8 March – 8 April 2021``.

    Babel's interval formats abbreviate months (``Mar``), so the range is
    built here from whole dates; the dash is spaced when a side has spaces.
    """
    if first is None and last is None:
        return messages(language).text("wikigapbot-unknown")
    if first is None or last is None:
        return format_day(first or last, language)  # type: ignore[arg-type]
    if first == last:
        return format_day(first, language)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_day(last, language)}"
    start = format_day(first, language, "wikigapbot-format-day-month" if first.year == last.year
                       else "wikigapbot-format-date")
    return f"{start} – {format_day(last, language)}"


def format_time(moment: datetime, language: str) -> str:
    """Format a moment in UTC: ``14 July 2021, 06:00 (UTC)``; naive times are taken as UTC."""
    utc = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None \
        else moment.astimezone(timezone.utc)
    words = messages(language)
    return format_datetime(utc, words.text("wikigapbot-format-time"), tzinfo=timezone.utc,
                           locale=words.locale) + " (UTC)"


def format_as_of(moment: datetime, language: str) -> str:
    """Format when kept numbers were read, short: ``14:00 UTC, 8 March`` / ``kl. 14:00 UTC 8 mars``."""
    words = messages(language)
    return format_datetime(moment.astimezone(timezone.utc), words.text("wikigapbot-format-as-of"),
                           tzinfo=timezone.utc, locale=words.locale)
