"""Read the registry's Languages cell into Wikipedia language codes.

Organizers write codes (``pt``), hosts (``pt.wikipedia.org``), database names
(``ptwiki``) or names in English or the language itself (``Portuguese``,
``Svenska``). Names are resolved by ``langcodes``; the code is then mapped to
the Wikipedia subdomain where the two differ (Norwegian Bokmål is ``no``).
What cannot be read is returned, not dropped, so it can become a problem.
"""
from __future__ import annotations

import re

import langcodes

_SEPARATORS = re.compile(r"\s*(?:[,/;&+\n|]|\band\b|\bor\b)\s*", re.IGNORECASE)
_SCHEME = re.compile(r"\b(?:https?:)?//", re.IGNORECASE)
_HOST = re.compile(r"([a-z][a-z0-9-]*)\.(?:m\.)?wikipedia(?:\.org)?\.?", re.IGNORECASE)
_DBNAME = re.compile(r"([a-z][a-z_]*)wiki", re.IGNORECASE)
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s+(?:language\s+)?(?:wikipedia|wiki|language)$", re.IGNORECASE)
_PARENTHESES = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
_PRIVATE_USE = re.compile(r"q[a-t][a-z]")

# Wikipedia subdomains that are not valid BCP 47 tags, or differ from them
WIKI_ONLY_CODES = frozenset({"simple", "be-x-old", "bat-smg", "roa-rup", "map-bms",
                             "fiu-vro", "nds-nl", "cbk-zam", "roa-tara", "zh-classical",
                             "zh-min-nan", "zh-yue", "be-tarask", "als"})
_TO_WIKI = {"nb": "no", "yue": "zh-yue", "lzh": "zh-classical", "nan": "zh-min-nan",
            "cmn": "zh", "sgs": "bat-smg", "rup": "roa-rup", "vro": "fiu-vro",
            "simple english": "simple"}
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis", "root", "art"})


def parse_languages(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (wiki codes in order, each once; the parts that are not languages)."""
    codes: list[str] = []
    unreadable: list[str] = []
    for part in _parts(text):
        code = read_language(part)
        if code is None:
            unreadable.append(part)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), tuple(unreadable)


def _parts(text: str) -> list[str]:
    """Split a cell on commas, slashes, 'and' and friends, dropping empty bits."""
    text = _SCHEME.sub("", text or "")
    return [part.strip(" .:-–—") for part in _SEPARATORS.split(text)
            if part.strip(" .:-–—")]


def read_language(part: str) -> str | None:
    """Return the Wikipedia code one part names, or None."""
    part = " ".join(part.split())
    match = _PARENTHESES.match(part)
    if match:
        return read_language(match.group(1)) or read_language(match.group(2))
    return _from_host(part) or _from_code(part) or _from_name(_SUFFIX.sub("", part))


def _from_host(part: str) -> str | None:
    """Read ``pt.wikipedia(.org)`` and ``ptwiki``."""
    match = _HOST.fullmatch(part) or _DBNAME.fullmatch(part)
    if not match:
        return None
    return _from_code(match.group(1).replace("_", "-"), lenient=True)


def _from_code(part: str, lenient: bool = False) -> str | None:
    """Accept a code: two letters in any case, longer ones in lower case.

    Three-letter codes must be written in lower case because many English
    words ("the", "all") are also ISO 639-3 codes.
    """
    code = part.lower()
    if code in WIKI_ONLY_CODES:
        return code
    if not _CODE.fullmatch(part) or code in _NOT_LANGUAGES:
        return None
    if not (lenient or len(code) == 2 or part == code):
        return None
    if not langcodes.tag_is_valid(code) or _PRIVATE_USE.fullmatch(code):
        return None
    return _TO_WIKI.get(code, code)


def _from_name(part: str) -> str | None:
    """Resolve a language name (any language langcodes knows) to its code.

    Only letters, spaces, hyphens and apostrophes reach langcodes: its name
    trie crashes (SystemError) on a NUL character.
    """
    if not part or len(part) > 60 or not all(char.isalpha() or char in " -'’" for char in part):
        return None
    if part.casefold() in _TO_WIKI:
        return _TO_WIKI[part.casefold()]
    try:
        language = langcodes.find(part).language
    except (LookupError, ValueError):
        return None
    if not language or language in _NOT_LANGUAGES:
        return None
    return _TO_WIKI.get(language, language)
