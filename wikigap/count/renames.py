"""Renamed accounts followed: a signed-up name that is no user is looked up in the rename logs.

People are renamed in the middle of a campaign, and the sign-up page (or a
registration, a course, the Challenge's list) keeps the old name. Global
renames are logged on Meta (``gblrename``), local ones on the wiki itself
(``renameuser``); both are read by title (:meth:`~wikigap.wikis.wiki.Wiki.rename_log`),
chains followed (Old → Mid → New), each name asked once a run. The
participant then counts under the new name with all her edits.

A rename to a vanished name ("Renamed user …", Wikimedia's right to vanish)
or through a hidden log entry is followed for the numbers but never shown
as old → new (:attr:`Rename.shown` is False).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from wikigap.model import normalize_user

if TYPE_CHECKING:
    from wikigap.wikis.wiki import Wiki

log = logging.getLogger(__name__)

RENAME_TYPES = frozenset({"renameuser", "gblrename"})
VANISHED_PREFIXES = ("Renamed user ", "Vanished user ")
MAX_HOPS = 10


@dataclass(frozen=True)
class Rename:
    """An account name followed to the one it has now."""

    old: str
    new: str
    shown: bool = True   # False: a vanished name or a hidden entry (never published)


@dataclass
class Accounts:
    """Which names are accounts (by their name now) and which were renamed, as data."""

    registered: dict[str, datetime | None] = field(default_factory=dict)
    renamed: dict[str, Rename] = field(default_factory=dict)

    def current(self, name: str) -> str:
        """The account's name now (the name itself when not renamed)."""
        return self.renamed[name].new if name in self.renamed else name

    def is_user(self, name: str) -> bool:
        return self.current(name) in self.registered


def next_name(name: str, entries: Iterable[Mapping[str, Any]]) -> tuple[str, bool] | None:
    """The name ``name`` was renamed to by the newest rename entry, and whether it may be shown.

    An entry whose details are hidden (``actionhidden``) says nothing to follow.
    """
    for entry in sorted(entries, key=lambda e: str(e.get("timestamp", "")), reverse=True):
        if entry.get("type") not in RENAME_TYPES or _flag(entry, "actionhidden"):
            continue
        params = entry.get("params") or {}
        if _same(params.get("olduser"), name) and params.get("newuser"):
            new = str(params["newuser"])
            hidden = _flag(entry, "suppressed") or _flag(entry, "userhidden")
            return new, not hidden and not new.startswith(VANISHED_PREFIXES)
    return None


def _flag(entry: Mapping[str, Any], key: str) -> bool:
    """An API flag: present as ``""`` (formatversion 1) or True (2)."""
    return key in entry and entry[key] is not False


def _same(a: Any, b: str) -> bool:
    """Compare a log entry's user name with a listed one by MediaWiki's rules."""
    return isinstance(a, str) and normalize_user(a) == normalize_user(b)


def follow(wiki: Wiki, names: Iterable[str], logs: dict[str, list] | None = None) -> dict[str, Rename]:
    """Follow each name through the rename log to its name now; names never renamed are left out.

    ``logs`` caches each name's entries for the run (each missing name asked once).
    """
    logs = {} if logs is None else logs
    found: dict[str, Rename] = {}
    for name in dict.fromkeys(names):
        current, shown, seen = name, True, {name}
        for _ in range(MAX_HOPS):
            if current not in logs:
                logs[current] = wiki.rename_log(current)
            step = next_name(current, logs[current])
            if step is None or step[0] in seen:
                break
            current, shown = step[0], shown and step[1]
            seen.add(current)
        if current != name:
            found[name] = Rename(name, current, shown)
    return found


def accounts(wiki: Wiki, names: Iterable[str]) -> Accounts:
    """Check which names are accounts, following the renames of those that are not.

    Two batched user look-ups at most (the names, then the new names) and one
    log read per missing name: the shared look-up of sign-up lists,
    registrations, courses and the Challenge's contestants.
    """
    names = list(dict.fromkeys(names))
    out = Accounts(dict(wiki.registered_users(names)) if names else {})
    missing = [n for n in names if n not in out.registered]
    if not missing:
        return out
    renamed = follow(wiki, missing)
    out.registered.update(wiki.registered_users({r.new for r in renamed.values()})
                          if renamed else {})
    out.renamed = {old: r for old, r in renamed.items() if r.new in out.registered}
    for rename in out.renamed.values():
        log.info("'%s' was renamed to '%s'%s", rename.old, rename.new,
                 "" if rename.shown else " (not shown: vanished or hidden)")
    return out
