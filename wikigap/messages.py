"""Translated words of everything the bot writes, from translatewiki-style message files.

Reads ``i18n/LANG.json`` (banana/translatewiki JSON: ``@metadata`` with the
authors, then ``"wikigapbot-…": "text with $1 and {{PLURAL:$1|one|other}}"``;
``qqq.json`` documents each message for translators). Writes nothing.

A message missing in a language is taken from the next language of its
fallback chain, as MediaWiki does: the language itself, its explicit
MediaWiki fallbacks (``gl`` → ``pt``), its base language (``pt-br`` → ``pt``,
via langcodes), and English last. Plural forms follow the language's CLDR
rules (Babel), in CLDR order (zero, one, two, few, many, other), as
MediaWiki maps them. A translation is escaped before the values go in
(:func:`wikigap.escape.message`), so no translation can add markup; values
arrive escaped by the caller (the templates' filters).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import langcodes
import mwparserfromhell
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from wikigap import escape

I18N = Path(__file__).resolve().parent.parent / "i18n"
DEFAULT = "en"
DOCUMENTATION = "qqq"
PLACEHOLDER = re.compile(r"\$([1-9][0-9]*)")
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")

#: MediaWiki's explicit fallbacks (``$fallback`` in languages/messages/Messages*.php)
#: for languages whose speakers read one of our translations better than English.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "pt-br": ("pt",), "gl": ("pt",), "mwl": ("pt",),
    "an": ("es",), "ast": ("es",), "ext": ("es",), "gn": ("es",), "lad": ("es",),
    "qu": ("es",), "ay": ("es",), "nah": ("es",), "es-formal": ("es",),
    "br": ("fr",), "co": ("fr",), "frp": ("fr",), "ln": ("fr",), "wa": ("fr",),
    "arz": ("ar",), "ary": ("ar",), "aeb": ("ar",), "arq": ("ar",),
    "simple": ("en",),
}


class MessageError(KeyError):
    """A message file or key that cannot be used; the text names the file, the key and the fix."""

    def __str__(self) -> str:
        return str(self.args[0])


@lru_cache(maxsize=None)
def available() -> frozenset[str]:
    """Name the languages that have a message file (``qqq`` documents, it is no language)."""
    return frozenset(p.stem for p in I18N.glob("*.json") if p.stem != DOCUMENTATION)


@lru_cache(maxsize=None)
def load(language: str) -> dict[str, str]:
    """Read one message file without its ``@metadata``; every message must be text."""
    path = I18N / f"{language}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MessageError(f"no message file {path}; "
                           "copy i18n/en.json to add the language") from None
    except json.JSONDecodeError as err:
        raise MessageError(f"{path} is not valid JSON: {err}") from None
    for key, text in data.items():
        if key != "@metadata" and not isinstance(text, str):
            raise MessageError(f"{path}: message '{key}' must be a string, "
                               f"not {type(text).__name__}")
    return {key: text for key, text in data.items() if key != "@metadata"}


def fallbacks(code: str) -> tuple[str, ...]:
    """Give ``code`` and the languages MediaWiki falls back to from it, English not added."""
    chain = [code.strip().lower()]
    for current in chain:
        for nxt in (*FALLBACKS.get(current, ()), _base_language(current)):
            if nxt and nxt not in chain:
                chain.append(nxt)
    return tuple(chain)


def _base_language(code: str) -> str | None:
    """Give the language subtag of a longer code (``pt-br`` → ``pt``), via langcodes."""
    try:
        return langcodes.Language.get(code).language
    except (LookupError, ValueError):
        return None


def resolve(code: str) -> str | None:
    """Give the first language of ``code``'s fallbacks that has a message file, or None."""
    return next((c for c in fallbacks(code) if c in available()), None)


def event_language(wikis: Iterable[str], pinned: str | None = None) -> str:
    """Pick an event's language: the first of its wikis with a message file, else English.

    ``pinned`` (the campaign's ``notify.language``) wins when given.
    """
    if pinned:
        return resolve(pinned) or DEFAULT
    return next((found for found in map(resolve, wikis) if found), DEFAULT)


def babel_locale(language: str) -> Locale:
    """Give Babel's locale for a code; if Babel lacks it, its base language's, else English."""
    for code in (language, _base_language(language), DEFAULT):
        try:
            return Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    raise AssertionError("Babel has no English locale")   # pragma: no cover


class Messages:
    """The words of one language: ``msg(key, *values)`` gives a message ready for wikitext.

    Values that are ``int`` are numbers: formatted in the language and used
    by ``{{PLURAL:}}``; ``None`` reads as the ``wikigapbot-unknown`` word;
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

    def number(self, n: int | None) -> str:
        """Format a count in the language (``1,234``, ``1 234``, ``1.234``); None as unknown.

        Babel's no-break spaces become ordinary ones, as the spec writes them.
        """
        if n is None:
            return self("wikigapbot-unknown")
        text = format_decimal(n, locale=self.locale)
        return text.replace("\u00a0", " ").replace("\u202f", " ")

    def __call__(self, key: str, *values: object) -> str:
        """Give message ``key`` with its plurals chosen, its text escaped and ``values`` put in."""
        text = escape.message(self.plurals(self.text(key), values))
        shown = [self.number(v) if v is None or isinstance(v, int) else str(v) for v in values]
        return PLACEHOLDER.sub(lambda m: _nth(shown, m), text)

    def plurals(self, text: str, values: tuple[object, ...]) -> str:
        """Replace each ``{{PLURAL:$N|…}}`` by the form for value N (mwparserfromhell parses)."""
        code = mwparserfromhell.parse(text)
        for node in code.filter_templates(recursive=False):
            name = str(node.name).strip()
            if name.upper().startswith("PLURAL:"):
                code.replace(node, self.plural_form(_count(name[7:].strip(), values), node))
        return str(code)

    def plural_form(self, n: int | None, node: mwparserfromhell.nodes.Template) -> str:
        """Pick a PLURAL form: an explicit ``N=`` one, else by CLDR category; unknown: 'other'."""
        forms = [str(p.value) for p in node.params if not p.showkey]
        for param in node.params:
            if param.showkey and str(param.name).strip() == str(n):
                return str(param.value)
        if not forms:
            return ""
        rule = self.locale.plural_form
        categories = [c for c in PLURAL_ORDER if c in rule.tags or c == "other"]
        category = "other" if n is None else rule(abs(n))
        return forms[min(categories.index(category), len(forms) - 1)]


def _count(argument: str, values: tuple[object, ...]) -> int | None:
    """Read PLURAL's argument: ``$N`` (an int value, else unknown) or a literal number."""
    match = PLACEHOLDER.fullmatch(argument)
    if match:
        index = int(match.group(1)) - 1
        value = values[index] if index < len(values) else None
        return value if isinstance(value, int) else None
    return int(argument) if argument.isdigit() else None


def _nth(shown: list[str], match: re.Match[str]) -> str:
    """Give the Nth value for ``$N``; a placeholder without a value stays as written."""
    index = int(match.group(1)) - 1
    return shown[index] if index < len(shown) else match.group(0)


@lru_cache(maxsize=None)
def messages(language: str) -> Messages:
    """Give the (cached) words of ``language``, following its fallbacks."""
    return Messages(language)


def placeholders(text: str) -> set[str]:
    """List the ``$N`` placeholders a message uses (for the consistency test)."""
    return set(PLACEHOLDER.findall(text))
