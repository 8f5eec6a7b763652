"""Turn snapshots into JSON-ready dicts and back, exactly.

Used by :mod:`wikigap.store.state` to store a whole snapshot in one JSON column, so
a stored snapshot reads back equal to the one saved: dates and UTC datetimes
as ISO strings, tuples and dicts restored from the dataclasses' type hints.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, timezone
from functools import cache
from typing import Any

from wikigap.model import Snapshot


def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """Convert a snapshot to plain JSON types."""
    return _encode(snapshot)


def snapshot_from_dict(data: dict[str, Any]) -> Snapshot:
    """Rebuild a snapshot from :func:`snapshot_to_dict`'s output."""
    return _decode(Snapshot, data)


def _encode(value: Any) -> Any:
    """Encode one value; datetimes are checked before dates since they are dates too."""
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: snapshots hold UTC times only")
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    """Resolve a dataclass's (string) annotations once."""
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    """Decode one value to the type its annotation names."""
    if value is None:
        return None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = {f.name for f in dataclasses.fields(hint)}
        hints = _hints(hint)
        return hint(**{name: _decode(hints[name], item)
                       for name, item in value.items() if name in fields})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return _decode(_member(args, value), value)
    if origin is tuple:
        return tuple(_decode(args[0], item) for item in value)
    if origin is frozenset:
        return frozenset(_decode(args[0], item) for item in value)
    if origin is dict:
        return {key: _decode(args[1], item) for key, item in value.items()}
    return _scalar(hint, value)


def _member(args: tuple[Any, ...], value: Any) -> Any:
    """Pick the member of a union that the stored value's JSON shape belongs to.

    An object is the (one) dataclass member; a string, number or list is the
    member of that type (``Phrase | int | str`` keeps ``"3"`` a string and
    ``3`` a number); otherwise the first member that is not None.
    """
    members = [arg for arg in args if arg is not type(None)]
    if isinstance(value, dict):
        return next((arg for arg in members if dataclasses.is_dataclass(arg)), members[0])
    plain = [arg for arg in members if isinstance(arg, type) and typing.get_origin(arg) is None
             and isinstance(value, arg) and not (arg is int and isinstance(value, bool))]
    return plain[0] if plain else members[0]


def _scalar(hint: Any, value: Any) -> Any:
    """Decode a leaf: datetimes to aware UTC, dates from ISO, the rest as stored."""
    if hint is datetime:
        return datetime.fromisoformat(value).astimezone(timezone.utc)
    if hint is date:
        return date.fromisoformat(value)
    return value
