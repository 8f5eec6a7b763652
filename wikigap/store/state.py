"""Keep the bot's memory: snapshots, notices posted, runs, page views, Challenge — in SQLite or MariaDB.

Written by the ``tally`` task (snapshots), ``notify`` (notices), ``views``
(the ``pageviews`` table, through :mod:`wikigap.store.viewstore`), ``challenge``
(its own ``challenge_*`` tables, registered in :mod:`wikigap.store.tables`) and every run
(its start, end and counts); read by the output tasks, ``list`` and ``export``.
The whole snapshot is stored as JSON so it reads back exactly; its metrics,
articles and problems are also spread into tables for ad-hoc SQL.

The state is a SQLite file (the embedded default) or a MariaDB database
(ToolsDB, where Toolforge's pods share it): :mod:`wikigap.store.engine` says
which; the tables are :mod:`wikigap.store.schema`'s, created or upgraded
when the state is opened. :func:`campaign_lock` (from
:mod:`wikigap.store.lock`) keeps runs of one campaign apart.
"""
from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    CursorResult,
    Engine,
    Select,
    func,
    insert,
    literal_column,
    select,
    update,
)

from wikigap.count.views import with_views
from wikigap.model import EventResult, Phrase, Snapshot, utc_now
from wikigap.store import schema as t
from wikigap.store.engine import Location, locate, open_engine
from wikigap.store.lock import LockBusy, campaign_lock  # noqa: F401  (their home before 5)
from wikigap.store.serialize import snapshot_from_dict, snapshot_to_dict
from wikigap.store.tables import Tables, register_tables  # noqa: F401  (the wings' way in)
from wikigap.store.viewstore import ViewStore

SCHEMA_VERSION = t.SCHEMA_VERSION
log = logging.getLogger(__name__)


def _now() -> datetime:
    """Give the clock's time to the second: the state's times are whole seconds."""
    return utc_now().replace(microsecond=0)


def _kept_in_dry_run(default: Any = None) -> Callable:
    """Make a write method do nothing in a dry run: the one rule of what a dry run may touch."""
    def wrap(method: Callable) -> Callable:
        @functools.wraps(method)
        def guarded(self: State, *args: Any, **kwargs: Any) -> Any:
            if self.dry_run:
                log.debug("dry run: %s not written to the state", method.__name__)
                return default
            return method(self, *args, **kwargs)
        return guarded
    return wrap


class State:
    """The campaign's state (a SQLite file or a MariaDB database); use as a context manager.

    A state opened for a dry run (:meth:`for_run`) never changes: its write
    methods do nothing, and a SQLite file (when there is one) is opened read-only.
    """

    dry_run = False

    @classmethod
    def for_run(cls, where: str | os.PathLike[str] | Location, dry_run: bool) -> State:
        """Open the state for a run; a dry run reads it without changing it, or keeps none."""
        location = where if isinstance(where, Location) else locate(where)
        if not dry_run:
            return cls(location)
        state = cls(location, read_only=True) if location.exists() else cls(":memory:")
        if location.is_url and state.schema_version() is None:   # a database with no tables yet
            state.close()
            state = cls(":memory:")
        state.dry_run = True
        return state

    def __init__(self, where: str | os.PathLike[str] | Location, read_only: bool = False) -> None:
        """Open the state at ``where`` (a path, ``":memory:"`` or a ``mysql://`` URL).

        Tables are created or upgraded as needed (the folders of a file too);
        ``read_only`` opens an existing state so that nothing can change it (a
        dry run): a file read-only, a database without touching its schema.
        """
        self.location = where if isinstance(where, Location) else locate(where)
        self.engine: Engine = open_engine(self.location, read_only)
        self.path = self.location.path
        if not read_only:
            t.create_or_upgrade(self.engine, str(self.location))

    @property
    def db(self) -> Engine:
        """The engine (the stores' handle; the name kept from the SQLite-only state)."""
        return self.engine

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections; every write has already been committed."""
        self.engine.dispose()

    def schema_version(self) -> int | None:
        """The state's ``meta.schema_version`` (for `check --online`)."""
        with self.engine.connect() as conn:
            return t.version(conn)

    # Snapshots

    @_kept_in_dry_run(0)
    def save_snapshot(self, snapshot: Snapshot, words: Callable[[Phrase | str], str]) -> int:
        """Store a snapshot (whole, and spread into tables); return its id.

        ``words`` writes a problem's Phrase for the problems table, which staff
        read with ad-hoc SQL (the tally passes English); the stored snapshot
        keeps the Phrases themselves, to be written in any language later.
        """
        with self.engine.begin() as conn:
            result = conn.execute(insert(t.snapshots).values(
                campaign=snapshot.campaign, taken_at=_iso(snapshot.taken_at),
                data=json.dumps(snapshot_to_dict(snapshot), ensure_ascii=False)))
            snapshot_id = _new_id(result)
            for table, rows in _details(snapshot_id, snapshot, words):
                if rows:
                    conn.execute(insert(table), rows)
        return snapshot_id

    def latest_snapshot(self, campaign: str) -> Snapshot | None:
        """Return the campaign's most recent snapshot, or None when it has none."""
        query = (select(t.snapshots.c.data).where(t.snapshots.c.campaign == campaign)
                 .order_by(t.snapshots.c.taken_at.desc(), t.snapshots.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            data = conn.execute(query).scalar()
        return snapshot_from_dict(json.loads(data)) if data is not None else None

    def snapshots(self, campaign: str) -> list[Snapshot]:
        """Return all the campaign's snapshots, oldest first (for a history chart)."""
        query = (select(t.snapshots.c.data).where(t.snapshots.c.campaign == campaign)
                 .order_by(t.snapshots.c.taken_at, t.snapshots.c.id))
        with self.engine.connect() as conn:
            return [snapshot_from_dict(json.loads(data)) for data in conn.execute(query).scalars()]

    def view_store(self) -> ViewStore:
        """The page-views table; like every write here, a dry run's store writes nothing."""
        return ViewStore(self.engine, dry_run=self.dry_run)

    def published_snapshot(self, campaign: str) -> Snapshot | None:
        """Give the latest snapshot as the tables show it: with the stored page views joined."""
        snapshot = self.latest_snapshot(campaign)
        return None if snapshot is None else with_views(snapshot, self.view_store().load())

    # Notices

    @_kept_in_dry_run(0)
    def record_notice(self, kind: str, event: str, organizer: str, key: str, target: str,
                      outcome: str, posted_at: datetime | None = None, detail: str = "") -> int:
        """Remember a notice's outcome (and why, when not saved) so it is not posted again."""
        with self.engine.begin() as conn:
            result = conn.execute(insert(t.notices).values(
                kind=kind, event=event, organizer=organizer, key=key,
                posted_at=_iso(posted_at or _now()), outcome=outcome, target=target,
                detail=detail))
        return _new_id(result)

    def notices(self, kind: str | None = None, event: str | None = None,
                organizer: str | None = None) -> list[dict[str, Any]]:
        """List recorded notices, oldest first, optionally filtered.

        Every column there is (``*``): a dry run reads an old file as it is.
        """
        query: Select = select(literal_column("*")).select_from(t.notices).order_by(t.notices.c.id)
        for name, value in (("kind", kind), ("event", event), ("organizer", organizer)):
            if value is not None:
                query = query.where(t.notices.c[name] == value)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def has_notice(self, kind: str, event: str, organizer: str, key: str,
                   outcomes: tuple[str, ...] = ("saved",)) -> bool:
        """Tell whether this exact notice already ended with one of ``outcomes``."""
        c = t.notices.c
        query = select(c.id).where(c.kind == kind, c.event == event, c.organizer == organizer,
                                   c.key == key, c.outcome.in_(outcomes)).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    # Runs

    @_kept_in_dry_run(0)
    def start_run(self, task: str, started_at: datetime | None = None) -> int:
        """Record that a task started; return the run's id for :meth:`end_run`."""
        with self.engine.begin() as conn:
            result = conn.execute(insert(t.runs).values(
                task=task, started_at=_iso(started_at or _now())))
        return _new_id(result)

    @_kept_in_dry_run(None)
    def end_run(self, run_id: int, outcome: str, edits: dict[str, int], problems: int,
                api_requests: int, message: str = "", ended_at: datetime | None = None) -> None:
        """Record how a run ended: outcome, write outcomes counted, problems and API use."""
        with self.engine.begin() as conn:
            conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(
                ended_at=_iso(ended_at or _now()), outcome=outcome,
                edits=json.dumps(edits, sort_keys=True), problems=problems,
                api_requests=api_requests, message=message))

    def runs(self) -> list[dict[str, Any]]:
        """Every run recorded, oldest first, ``edits`` decoded (for tests and ad-hoc checks)."""
        with self.engine.connect() as conn:
            return [_run_row(row) for row in conn.execute(select(t.runs).order_by(t.runs.c.id))]

    def last_runs(self) -> dict[str, dict[str, Any]]:
        """Return each task's most recent run, with ``edits`` decoded."""
        latest = select(func.max(t.runs.c.id)).group_by(t.runs.c.task)
        query = select(t.runs).where(t.runs.c.id.in_(latest)).order_by(t.runs.c.task)
        with self.engine.connect() as conn:
            return {row.task: _run_row(row) for row in conn.execute(query)}

    def last_by_outcome(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Give each task's latest ended run per outcome: ``{task: {"ok": row, "failed": row}}``.

        `bot.py list` shows the last failure beside the last success, so an
        outage is seen with how long ago things last went well.
        """
        latest = (select(func.max(t.runs.c.id)).where(t.runs.c.outcome.is_not(None))
                  .group_by(t.runs.c.task, t.runs.c.outcome))
        query = select(t.runs).where(t.runs.c.id.in_(latest)).order_by(t.runs.c.task)
        found: dict[str, dict[str, dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                found.setdefault(row.task, {})[row.outcome] = _run_row(row)
        return found


def _new_id(result: CursorResult) -> int:
    """Give the id of the row an INSERT just made (both dialects report it)."""
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise RuntimeError("the INSERT made no row")
    return int(key[0])


def _iso(moment: datetime) -> str:
    """Format an aware datetime as UTC ISO 8601 so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the state stores UTC times only")
    return moment.astimezone(timezone.utc).isoformat()


def _details(snapshot_id: int, snapshot: Snapshot, words: Callable[[Phrase | str], str]
             ) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Spread a snapshot's metrics, articles and problems into rows of their tables."""
    problems = list(snapshot.problems) + [p for r in snapshot.events for p in r.problems]
    return [
        (t.event_metrics, [_metric_row(snapshot_id, r) for r in snapshot.events]),
        (t.articles, [dict(snapshot_id=snapshot_id, event=a.event, wiki=a.wiki, title=a.title,
                           status=a.status, edits=a.edits, bytes_added=a.bytes_added,
                           users=json.dumps(list(a.users), ensure_ascii=False),
                           creator=a.creator) for a in snapshot.articles]),
        (t.problems, [dict(snapshot_id=snapshot_id, event=p.event, code=p.code, page=p.page,
                           line=p.line, message=words(p.message), fix=words(p.fix))
                      for p in problems])]


def _metric_row(snapshot_id: int, result: EventResult) -> dict[str, Any]:
    """Flatten an event's metrics into an ``event_metrics`` row (None stays NULL)."""
    m = result.metrics
    languages = None if m.languages is None else ",".join(m.languages)
    return dict(snapshot_id=snapshot_id, event=result.event.key, tallied=int(result.tallied),
                signed_up=m.signed_up, active_participants=m.active_participants,
                articles_created=m.articles_created, articles_improved=m.articles_improved,
                bytes_added=m.bytes_added, edits=m.edits, languages=languages)


def _run_row(row: Any) -> dict[str, Any]:
    """Turn a ``runs`` row into a dict whose ``edits`` is a dict again."""
    data = dict(row._mapping)
    data["edits"] = json.loads(data["edits"]) if data["edits"] else {}
    return data
