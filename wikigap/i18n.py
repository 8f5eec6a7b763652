"""Which languages the bot can write: the message files in i18n/ and MediaWiki's fallbacks.

Reads ``i18n/LANG.json`` (banana/translatewiki JSON: ``@metadata`` with the
authors, then ``"wikigapbot-…": "text"``; ``qqq.json`` documents each message
for translators). A message missing in a language is taken from the next
language of its fallback chain, as MediaWiki does: the language itself, its
explicit MediaWiki fallbacks (``gl`` → ``pt``), its base language (``pt-br`` →
``pt``, via langcodes), and English last.

A language is *shipped* when its file in ``i18n/`` has every message of
``en.json`` (the completeness test holds the files to that). A file that
nobody here can review and complete waits in ``i18n/withdrawn/``: its
language is not offered (an event in it is written in English, heading
included, and ``bot.py check`` says so), but its month and country names
still help the readers understand what organizers write.

It sits at the ground, apart from the wording in
:mod:`wikigap.write.messages`, because the config check at start
(:mod:`wikigap.config`) must know which languages exist before any stage runs.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import langcodes
from babel import Locale, UnknownLocaleError

I18N = Path(__file__).resolve().parent.parent / "i18n"
WITHDRAWN = I18N / "withdrawn"
DEFAULT = "en"
DOCUMENTATION = "qqq"

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
def withdrawn() -> frozenset[str]:
    """Name the languages taken out of the shipped ones until their file is reviewed whole."""
    return frozenset(p.stem for p in WITHDRAWN.glob("*.json"))


def read_in() -> frozenset[str]:
    """Name the languages whose month and country names the readers understand: all with a file."""
    return available() | withdrawn()


def withdrawn_language(code: str) -> str | None:
    """Give the withdrawn language ``code`` would have been written in, if any (``arz`` → ``ar``)."""
    if resolve(code) is not None:
        return None
    return next((c for c in fallbacks(code) if c in withdrawn()), None)


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
