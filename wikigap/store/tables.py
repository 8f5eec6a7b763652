"""Tables a wing above the store keeps in the state file: the store knows no wing.

The Challenge registers its own (wikigap.challenge.store.challengestore) when
imported; :class:`wikigap.store.state.State` runs each registered schema
when it opens a writable file.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tables:
    """One wing's tables: ``schema`` and an optional upgrade hook.

    Each open of a writable state runs ``schema`` (CREATE …
    IF NOT EXISTS) and then ``upgrade(db, version)`` with the file's schema
    version before this open, in the open's transaction.
    """

    name: str
    schema: str
    upgrade: Callable[[sqlite3.Connection, int], None] | None = None


#: The registered tables by owner (see :class:`Tables`).
TABLES: dict[str, Tables] = {}


def register_tables(tables: Tables) -> Tables:
    """Let every writable state file hold one more wing's tables; give them back."""
    TABLES[tables.name] = tables
    return tables
