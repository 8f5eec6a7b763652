"""Move a campaign's state between backends (`bot.py state copy --to URL`), row for row, verified.

A tool that ran on NFS with a SQLite file moves to ToolsDB without losing
its notices, snapshots, runs, page views or Challenge records — and back
again (a URL to a path). Every table is copied with its ids, in one
transaction on the target; then each table is counted on both sides, and
any difference is an error. The source is opened as a run opens it (an
older release's file is upgraded first); the target must hold no rows, so
a copy never merges two histories. Both campaign locks are held meanwhile,
so no run writes while the copy reads.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from sqlalchemy import Connection, Table, func, insert, select

from wikigap.store import schema
from wikigap.store.engine import Location, locate
from wikigap.store.lock import campaign_lock
from wikigap.store.state import State

BATCH = 2000
#: Not copied: who holds the lock now is no part of the history.
SKIPPED = ("run_locks",)


class CopyError(RuntimeError):
    """The target is not empty, or a count differs after the copy; the message says which."""


def tables() -> list[Table]:
    """The tables copied, parents first."""
    return [t for t in schema.metadata.sorted_tables if t.name not in SKIPPED]


def copy_state(source: str | Location, target: str | Location, lock_wait: float = 60,
               echo: Callable[[str], None] = print) -> dict[str, int]:
    """Copy every table from ``source`` to the empty ``target``; give the rows per table."""
    source = source if isinstance(source, Location) else locate(source)
    target = target if isinstance(target, Location) else locate(target)
    if str(source) == str(target):
        raise CopyError(f"the source and the target are the same state ({source})")
    if not source.exists():
        raise CopyError(f"no state at {source} to copy")
    with ExitStack() as stack:
        for where in (source, target):
            stack.enter_context(campaign_lock(where, lock_wait, "state copy", echo))
        src, dst = stack.enter_context(State(source)), stack.enter_context(State(target))
        with src.engine.connect() as reading, dst.engine.begin() as writing:
            _refuse_non_empty(writing, target)
            for table in tables():
                _copy_table(table, reading, writing)
        counts = {}
        with src.engine.connect() as a, dst.engine.connect() as b:
            for table in tables():
                counts[table.name] = _verified(table, a, b)
                echo(f"{table.name}: {counts[table.name]} rows")
    return counts


def _refuse_non_empty(conn: Connection, target: Location) -> None:
    """A copy goes into an empty state only (its ``meta`` holds just the schema version)."""
    for table in tables():
        rows = _count(table, conn)
        if rows > (1 if table.name == "meta" else 0):
            raise CopyError(f"{target} already holds a state ({rows} rows in {table.name}); "
                            "copy into an empty database or a new file")


def _copy_table(table: Table, reading: Connection, writing: Connection) -> None:
    """Copy one table in batches, ids and all; ``meta`` is merged (the version row exists)."""
    result = reading.execution_options(yield_per=BATCH).execute(select(table))
    for batch in result.partitions(BATCH):
        rows = [dict(row._mapping) for row in batch]
        if table.name == "meta":
            schema.upsert(writing, table, rows)
        else:
            writing.execute(insert(table), rows)


def _count(table: Table, conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def _verified(table: Table, source: Connection, target: Connection) -> int:
    """Count one table on both sides; a difference is an error naming the table."""
    here, there = _count(table, source), _count(table, target)
    if here != there:
        raise CopyError(f"{table.name}: {here} rows in the source but {there} in the target; "
                        "the copy is incomplete: drop the target's tables and copy again")
    return here
