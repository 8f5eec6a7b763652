"""Tables a wing above the store keeps in the state: the store knows no wing.

The Challenge declares its own (wikigap.challenge.store.challengestore) on
the state's one schema (:data:`wikigap.store.schema.metadata`, so SQLite and
MariaDB alike) and registers them here when imported, with an optional
upgrade step; :func:`wikigap.store.schema.create_or_upgrade` runs it when it
opens a writable state.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Table


@dataclass(frozen=True)
class Tables:
    """One wing's tables (declared on the schema's ``metadata``) and an optional upgrade hook.

    ``upgrade(conn, version)`` runs at each writable open that changes the
    schema, with the state's schema version before it, in the open's transaction.
    """

    name: str
    tables: tuple[Table, ...]
    upgrade: Callable[[Connection, int], None] | None = None


#: The registered tables by owner (see :class:`Tables`).
TABLES: dict[str, Tables] = {}


def register_tables(tables: Tables) -> Tables:
    """Let every writable state hold one more wing's tables; give them back."""
    TABLES[tables.name] = tables
    return tables
