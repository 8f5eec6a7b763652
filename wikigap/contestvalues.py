"""Checked readers for the values of the ``challenge:`` block (wikigap.contest).

Each reads one key of an already-parsed YAML mapping and raises
:class:`ChallengeConfigError` naming the full key path, what was found and
an example of what to write. Kept apart from the dataclasses so each module
stays readable; nothing here knows the Challenge's rules.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

_WIKI_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*|simple")
#: Examples the errors show for keys whose shape is not obvious.
EXAMPLES = {
    "rules": "rules: [{kind: bytes_at_least, bytes: 2000, points: 1}]",
    "rule": "{kind: bytes_at_least, bytes: 2000, points: 1}", "points": "points: 1",
    "bonus": "bonus: {page: WikiGap Challenge/2021/Bonus, mode: add, points: 1}",
    "first_day": "first_day: 2021-03-08", "last_day": "last_day: 2021-04-08",
    "wikis": "wikis: any, or wikis: [en, sv, pt]",
}


class ChallengeConfigError(ValueError):
    """A ``challenge:`` block that cannot be used; ``key`` is the full key path.

    Its own class (not config.ConfigError) because config.py imports
    wikigap.contest; config.py turns it into a ConfigError with the file's name.
    """

    def __init__(self, key: str, problem: str):
        self.key, self.problem = key, problem
        super().__init__(f"{key}: {problem}")


def check_code(code: Any, key: str) -> None:
    """Accept a lower-case language code; YAML's yes/no/on/off readings get their own hint."""
    if isinstance(code, bool):
        raise ChallengeConfigError(key, f"YAML read this code as {str(code).lower()} (it does so "
                                   "for no, yes, on, off): quote it, e.g. 'no'")
    if not isinstance(code, str) or not _WIKI_CODE.fullmatch(code):
        raise ChallengeConfigError(key, f"'{code}' is not a Wikipedia language code; write it "
                                   "in lower case as in its address, e.g. en, sv, pt, zh-yue")


def mapping(raw: Any, key: str, known: tuple[str, ...], required: tuple[str, ...],
            takes: str = "") -> dict:
    """Check ``raw`` is a mapping with only ``known`` keys and all ``required`` ones."""
    if not isinstance(raw, dict):
        raise ChallengeConfigError(key, f"expected a mapping, got {kind_of(raw)}")
    for name in raw:
        if name not in known:
            hint = takes or f"known keys: {', '.join(known)}"
            raise ChallengeConfigError(f"{key}.{name}", f"unknown key ({hint}); check the spelling")
    for name in required:
        if name not in raw or raw[name] is None:
            example = EXAMPLES.get(name, f"{name}: …")
            hint = f"; {takes}" if takes else ""
            raise ChallengeConfigError(f"{key}.{name}", f"required key is missing{hint}; "
                                       f"add it, e.g. {example}")
    return raw


def text(raw: Mapping, name: str, key: str, default: str | None = None) -> str:
    """Read a non-empty text (a page title, a name); YAML numbers are taken as text."""
    value = raw.get(name, default)
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise ChallengeConfigError(f"{key}.{name}",
                                   f"expected a non-empty text, got {kind_of(value)}")
    return str(value).strip()


def count(raw: Mapping, name: str, key: str, minimum: int, default: int | None = None) -> int:
    """Read a whole number of at least ``minimum`` (bytes, hours, places)."""
    value = raw.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ChallengeConfigError(f"{key}.{name}", f"expected a whole number of at least "
                                   f"{minimum}, got {kind_of(value)} {value!r}")
    return value


def flag(raw: Mapping, name: str, key: str, default: bool) -> bool:
    """Read true or false, nothing else (not "yes" in quotes)."""
    value = raw.get(name, default)
    if not isinstance(value, bool):
        raise ChallengeConfigError(f"{key}.{name}", f"expected true or false, got {value!r}")
    return value


def choice(raw: Mapping, name: str, key: str, options: tuple[str, ...]) -> str:
    """Read one of a few words."""
    value = raw.get(name)
    if value not in options:
        raise ChallengeConfigError(f"{key}.{name}", f"expected one of {', '.join(options)}, "
                                   f"got {value!r}")
    return value


def points(value: Any, key: str, positive: bool) -> Decimal:
    """Read a number of points (or a factor) as an exact Decimal."""
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidOperation
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or (positive and number == 0):
        least = "more than 0" if positive else "0 or more"
        raise ChallengeConfigError(key, f"expected a number {least}, got {kind_of(value)} "
                                   f"{value!r}; e.g. points: 1 or points: 0.5")
    return number


def optional_points(raw: Mapping, name: str, key: str) -> Decimal | None:
    """Read points that may be left out or null (a cap): None then."""
    value = raw.get(name)
    return None if value is None else points(value, f"{key}.{name}", positive=True)


def day(raw: Mapping, name: str, key: str) -> date:
    """Read a UTC day: YAML's unquoted 2021-03-08, or the same text quoted."""
    value = raw.get(name)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ChallengeConfigError(f"{key}.{name}", f"expected a day as YYYY-MM-DD (a whole UTC "
                               f"day, no time), got {value!r}; e.g. {EXAMPLES[name]}")


def kind_of(value: Any) -> str:
    """Name what YAML gave, for an error: a mapping, a list, nothing, int, str."""
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__)
