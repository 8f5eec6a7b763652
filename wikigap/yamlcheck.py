"""The one YAML validator: checked readers of parsed YAML values, for the config and its sections.

Pure: every reader takes what ``yaml.safe_load`` gave and the key path it
sits at (``challenge.rules[1].points``), and returns the checked value or
raises :class:`YamlError` with that key path and the fix. The file is not
known here: :func:`wikigap.config.load_config` turns a YamlError into a
ConfigError naming the file. Two ways to read:

- :func:`build` makes a dataclass from a mapping by its type hints (the
  campaign's own keys, wikigap.config);
- the readers of one value (:func:`mapping`, :func:`text`, :func:`count`,
  :func:`flag`, :func:`choice`, :func:`points`, :func:`day`) for blocks whose
  checks say more than a type (the Challenge's ``challenge:`` block, and each
  rule kind's parameters, wikigap.challenge).
"""
from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any


class YamlError(ValueError):
    """A value that cannot be used: ``key`` is its full key path, ``problem`` what to fix."""

    def __init__(self, key: str, problem: str):
        self.key, self.problem = key, problem
        super().__init__(f"{key}: {problem}")


# ------------------------------------------------- dataclasses by their type hints

def build(cls: type, raw: Any, prefix: str, skip: tuple[str, ...] = ()) -> Any:
    """Make dataclass ``cls`` from a mapping: unknown, missing and mistyped keys raise.

    Fields named in ``skip`` are neither read nor known (filled in later).
    """
    if not isinstance(raw, dict):
        raise YamlError(prefix, f"expected a mapping, got {kind_of(raw)}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in skip}
    for key in raw:
        if key not in fields:
            known = ", ".join(fields)
            raise YamlError(join(prefix, key), f"unknown key (known keys: {known})")
    values = {}
    for name, f in fields.items():
        key = join(prefix, name)
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise YamlError(key, "required key is missing")
            continue
        values[name] = convert(hints[name], raw[name], key)
    return cls(**values)


def convert(hint: Any, value: Any, key: str) -> Any:
    """Check ``value`` against the type hint, building nested dataclasses."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:   # an optional section: keep the nested key in its errors
            return convert(options[0], value, key)
        errors = []
        for option in options:
            try:
                return convert(option, value, key)
            except YamlError as err:
                errors.append(err.problem)
        raise YamlError(key, " or ".join(errors))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, value, key)
    if origin is tuple:
        if not isinstance(value, list):
            raise YamlError(key, f"expected a list, got {kind_of(value)}")
        return tuple(convert(args[0], v, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise YamlError(key, f"expected a mapping, got {kind_of(value)}")
        return {str(k): convert(args[1], v, join(key, str(k))) for k, v in value.items()}
    return scalar(hint, value, key)


def scalar(hint: type, value: Any, key: str) -> Any:
    """Accept a scalar of the hinted type (YAML numbers for names are turned to text)."""
    if hint is bool and isinstance(value, bool):
        return value
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise YamlError(key, f"must not be negative, got {value}")
        return value
    if hint is str and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise YamlError(key, f"expected {hint.__name__}, got {kind_of(value)} {value!r}")


# ------------------------------------------------- checked readers of one value

def mapping(raw: Any, key: str, known: tuple[str, ...], required: tuple[str, ...],
            takes: str = "", examples: Mapping[str, str] | None = None) -> dict:
    """Check ``raw`` is a mapping with only ``known`` keys and all ``required`` ones.

    ``takes`` replaces the list of known keys in the error; ``examples`` give
    a missing key's example (else ``key: …``).
    """
    if not isinstance(raw, dict):
        raise YamlError(key, f"expected a mapping, got {kind_of(raw)}")
    for name in raw:
        if name not in known:
            hint = takes or f"known keys: {', '.join(known)}"
            raise YamlError(f"{key}.{name}", f"unknown key ({hint}); check the spelling")
    for name in required:
        if raw.get(name) is None:
            hint = f"; {takes}" if takes else ""
            example = (examples or {}).get(name, name + ": …")
            raise YamlError(f"{key}.{name}", f"required key is missing{hint}; add it, "
                            f"e.g. {example}")
    return raw


def typed(raw: Mapping, name: str, key: str, ok: Callable[[Any], bool], expected: str,
          default: Any = None) -> Any:
    """Read one value that ``ok`` accepts, or say what was expected and what came."""
    value = raw.get(name, default)
    if isinstance(value, bool) and expected != "true or false" or not ok(value):
        raise YamlError(f"{key}.{name}", f"expected {expected}, got {kind_of(value)} {value!r}")
    return value


def text(raw: Mapping, name: str, key: str, default: str | None = None) -> str:
    """Read a non-empty text (a page title, a name); YAML numbers are taken as text."""
    ok = lambda v: isinstance(v, (str, int)) and bool(str(v).strip())  # noqa: E731
    return str(typed(raw, name, key, ok, "a non-empty text", default)).strip()


def count(raw: Mapping, name: str, key: str, least: int, default: int | None = None) -> int:
    """Read a whole number of at least ``least`` (bytes, hours, places)."""
    ok = lambda v: isinstance(v, int) and v >= least  # noqa: E731
    return typed(raw, name, key, ok, f"a whole number of at least {least}", default)


def flag(raw: Mapping, name: str, key: str, default: bool) -> bool:
    """Read true or false, nothing else (not "yes" in quotes)."""
    return typed(raw, name, key, lambda v: isinstance(v, bool), "true or false", default)


def choice(raw: Mapping, name: str, key: str, options: tuple[str, ...]) -> str:
    """Read one of a few words."""
    return typed(raw, name, key, lambda v: v in options, f"one of {', '.join(options)}")


def points(value: Any, key: str, positive: bool) -> Decimal:
    """Read a number of points (or a factor) as an exact Decimal."""
    number = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or number < 0 or (positive and number == 0):
        least = "more than 0" if positive else "0 or more"
        raise YamlError(key, f"expected a number {least}, got {kind_of(value)} "
                        f"{value!r}; e.g. points: 1 or points: 0.5")
    return number


def optional_points(raw: Mapping, name: str, key: str) -> Decimal | None:
    """Read points that may be left out or null (a cap): None then."""
    value = raw.get(name)
    return None if value is None else points(value, f"{key}.{name}", positive=True)


def day(raw: Mapping, name: str, key: str, example: str) -> date:
    """Read a UTC day: YAML's unquoted 2021-03-08, or the same text quoted."""
    value = raw.get(name)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise YamlError(f"{key}.{name}", f"expected a day as YYYY-MM-DD (a whole UTC "
                    f"day, no time), got {value!r}; e.g. {example}")


def kind_of(value: Any) -> str:
    """Name what YAML gave, for an error: a mapping, a list, nothing, int, str."""
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__)


def join(prefix: str, key: str) -> str:
    """Join a key path: ``join("notify", "wiki")`` is ``notify.wiki``; no prefix, the key."""
    return f"{prefix}.{key}" if prefix else key
