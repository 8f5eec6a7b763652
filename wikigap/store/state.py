"""Keep the bot's memory in one SQLite file: snapshots, notices posted, runs, page views, Challenge.

Written by the ``tally`` task (snapshots), ``notify`` (notices), ``views``
(the ``pageviews`` table, through :mod:`wikigap.store.viewstore`), ``challenge``
(its own ``challenge_*`` tables, registered in :mod:`wikigap.store.tables`) and every run
(its start, end and counts); read by the output tasks and ``export``. The
whole snapshot is stored as JSON so it reads back exactly; its metrics,
articles and problems are also spread into tables for ad-hoc SQL. The
schema is created when the file is opened.

:func:`campaign_lock` keeps manual and scheduled runs of one campaign apart
with a lock file next to the state file.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from wikigap.count.views import with_views
from wikigap.model import EventResult, Phrase, Snapshot, utc_now
from wikigap.store.serialize import snapshot_from_dict, snapshot_to_dict
from wikigap.store.tables import TABLES
from wikigap.store.viewstore import ViewStore

#: 3: the Challenge's tables; 4: registered tables (the Challenge keeps figures, not texts)
SCHEMA_VERSION = 4
log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY, campaign TEXT NOT NULL, taken_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS snapshots_campaign ON snapshots (campaign, taken_at);
CREATE TABLE IF NOT EXISTS event_metrics (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id), event TEXT NOT NULL,
    tallied INTEGER NOT NULL, signed_up INTEGER, active_participants INTEGER,
    articles_created INTEGER, articles_improved INTEGER, bytes_added INTEGER,
    edits INTEGER, languages TEXT);
CREATE TABLE IF NOT EXISTS articles (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id), event TEXT NOT NULL,
    wiki TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, edits INTEGER NOT NULL,
    bytes_added INTEGER NOT NULL, users TEXT NOT NULL, creator TEXT);
CREATE TABLE IF NOT EXISTS problems (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id), event TEXT, code TEXT NOT NULL,
    page TEXT, line INTEGER, message TEXT NOT NULL, fix TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, event TEXT NOT NULL, organizer TEXT NOT NULL,
    key TEXT NOT NULL, posted_at TEXT NOT NULL, outcome TEXT NOT NULL, target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, task TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
    outcome TEXT, edits TEXT, problems INTEGER, api_requests INTEGER, message TEXT);
CREATE TABLE IF NOT EXISTS pageviews (
    wiki TEXT NOT NULL, title TEXT NOT NULL, project TEXT NOT NULL, first_day TEXT,
    last_day TEXT, views INTEGER, daily TEXT, read_at TEXT, error TEXT, failed_at TEXT,
    PRIMARY KEY (wiki, title));
"""


def _inserted(cursor: sqlite3.Cursor) -> int:
    """Give the id of the row an INSERT just made (sqlite3 sets it after every INSERT)."""
    if cursor.lastrowid is None:
        raise sqlite3.DatabaseError("the INSERT made no row")
    return cursor.lastrowid


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
    """The campaign's SQLite state file; use as a context manager.

    A state opened for a dry run (:meth:`for_run`) never changes: its write
    methods do nothing, and the file (when there is one) is opened read-only.
    """

    dry_run = False

    @classmethod
    def for_run(cls, path: str | os.PathLike[str], dry_run: bool) -> State:
        """Open the state for a run; a dry run reads it without changing it, or keeps none."""
        if not dry_run:
            return cls(path)
        state = cls(path, read_only=True) if Path(path).exists() else cls(":memory:")
        state.dry_run = True
        return state

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        """Open (creating folders and schema as needed) the state file at ``path``.

        ``read_only`` opens an existing file so that nothing can change it (a
        dry run); ``":memory:"`` keeps a dry run's state in memory only.
        """
        self.path = Path(path)
        if read_only:
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path))
        self.db.row_factory = sqlite3.Row
        if not read_only:
            self._create_schema()

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; every write has already been committed."""
        self.db.close()

    def _create_schema(self) -> None:
        """Create the tables and refuse a file written by a newer schema."""
        with self.db:
            self.db.executescript(SCHEMA)
            self._migrate()
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            for tables in TABLES.values():
                self.db.executescript(tables.schema)
                if tables.upgrade is not None:
                    tables.upgrade(self.db, SCHEMA_VERSION if row is None else int(row["value"]))
            if row is None:
                # OR IGNORE: two processes opening a new file at once write the same row
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                                (str(SCHEMA_VERSION),))
            elif int(row["value"]) > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: schema version {row['value']} is newer than "
                                   f"this bot's {SCHEMA_VERSION}; update the bot")
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                            (str(SCHEMA_VERSION),))

    def _migrate(self) -> None:
        """Bring a version 1 file up to date: a notice's outcome and its reason in two columns."""
        columns = {row["name"] for row in self.db.execute("PRAGMA table_info(notices)")}
        if "detail" in columns:
            return
        try:
            self.db.execute("ALTER TABLE notices ADD COLUMN detail TEXT NOT NULL DEFAULT ''")
        except sqlite3.OperationalError as err:   # another process migrated it just now
            if "duplicate column" in str(err):
                return
            raise
        self.db.execute("UPDATE notices SET detail = substr(outcome, instr(outcome, ': ') + 2), "
                        "outcome = substr(outcome, 1, instr(outcome, ': ') - 1) "
                        "WHERE instr(outcome, ': ') > 0")

    # Snapshots

    @_kept_in_dry_run(0)
    def save_snapshot(self, snapshot: Snapshot, words: Callable[[Phrase | str], str]) -> int:
        """Store a snapshot (whole, and spread into tables); return its id.

        ``words`` writes a problem's Phrase for the problems table, which staff
        read with ad-hoc SQL (the tally passes English); the stored snapshot
        keeps the Phrases themselves, to be written in any language later.
        """
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO snapshots (campaign, taken_at, data) VALUES (?, ?, ?)",
                (snapshot.campaign, _iso(snapshot.taken_at),
                 json.dumps(snapshot_to_dict(snapshot), ensure_ascii=False)))
            snapshot_id = _inserted(cursor)
            self._save_details(snapshot_id, snapshot, words)
        return snapshot_id

    def _save_details(self, snapshot_id: int, snapshot: Snapshot,
                      words: Callable[[Phrase | str], str]) -> None:
        """Spread a snapshot's metrics, articles and problems into their tables."""
        self.db.executemany("INSERT INTO event_metrics VALUES (?,?,?,?,?,?,?,?,?,?)",
                            [_metric_row(snapshot_id, r) for r in snapshot.events])
        self.db.executemany(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
            [(snapshot_id, a.event, a.wiki, a.title, a.status, a.edits, a.bytes_added,
              json.dumps(list(a.users), ensure_ascii=False), a.creator)
             for a in snapshot.articles])
        problems = list(snapshot.problems) + [p for r in snapshot.events for p in r.problems]
        self.db.executemany(
            "INSERT INTO problems VALUES (?,?,?,?,?,?,?)",
            [(snapshot_id, p.event, p.code, p.page, p.line, words(p.message), words(p.fix))
             for p in problems])

    def latest_snapshot(self, campaign: str) -> Snapshot | None:
        """Return the campaign's most recent snapshot, or None when it has none."""
        row = self.db.execute(
            "SELECT data FROM snapshots WHERE campaign = ? ORDER BY taken_at DESC, id DESC "
            "LIMIT 1", (campaign,)).fetchone()
        return snapshot_from_dict(json.loads(row["data"])) if row else None

    def snapshots(self, campaign: str) -> list[Snapshot]:
        """Return all the campaign's snapshots, oldest first (for a history chart)."""
        rows = self.db.execute(
            "SELECT data FROM snapshots WHERE campaign = ? ORDER BY taken_at, id", (campaign,))
        return [snapshot_from_dict(json.loads(row["data"])) for row in rows]

    def view_store(self) -> ViewStore:
        """The page-views table; like every write here, a dry run's store writes nothing."""
        return ViewStore(self.db, dry_run=self.dry_run)

    def published_snapshot(self, campaign: str) -> Snapshot | None:
        """Give the latest snapshot as the tables show it: with the stored page views joined."""
        snapshot = self.latest_snapshot(campaign)
        return None if snapshot is None else with_views(snapshot, self.view_store().load())

    # Notices

    @_kept_in_dry_run(0)
    def record_notice(self, kind: str, event: str, organizer: str, key: str, target: str,
                      outcome: str, posted_at: datetime | None = None, detail: str = "") -> int:
        """Remember a notice's outcome (and why, when not saved) so it is not posted again."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO notices (kind, event, organizer, key, posted_at, outcome, target, "
                "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (kind, event, organizer, key, _iso(posted_at or _now()), outcome, target, detail))
        return _inserted(cursor)

    def notices(self, kind: str | None = None, event: str | None = None,
                organizer: str | None = None) -> list[dict[str, Any]]:
        """List recorded notices, oldest first, optionally filtered."""
        filters = {"kind": kind, "event": event, "organizer": organizer}
        used = {name: value for name, value in filters.items() if value is not None}
        where = " AND ".join(f"{name} = ?" for name in used) or "1"
        rows = self.db.execute(f"SELECT * FROM notices WHERE {where} ORDER BY id",
                               tuple(used.values()))
        return [dict(row) for row in rows]

    def has_notice(self, kind: str, event: str, organizer: str, key: str,
                   outcomes: tuple[str, ...] = ("saved",)) -> bool:
        """Tell whether this exact notice already ended with one of ``outcomes``."""
        marks = ",".join("?" * len(outcomes))
        row = self.db.execute(
            f"SELECT 1 FROM notices WHERE kind = ? AND event = ? AND organizer = ? AND key = ? "
            f"AND outcome IN ({marks}) LIMIT 1", (kind, event, organizer, key, *outcomes))
        return row.fetchone() is not None

    # Runs

    @_kept_in_dry_run(0)
    def start_run(self, task: str, started_at: datetime | None = None) -> int:
        """Record that a task started; return the run's id for :meth:`end_run`."""
        with self.db:
            cursor = self.db.execute("INSERT INTO runs (task, started_at) VALUES (?, ?)",
                                     (task, _iso(started_at or _now())))
        return _inserted(cursor)

    @_kept_in_dry_run(None)
    def end_run(self, run_id: int, outcome: str, edits: dict[str, int], problems: int,
                api_requests: int, message: str = "", ended_at: datetime | None = None) -> None:
        """Record how a run ended: outcome, write outcomes counted, problems and API use."""
        with self.db:
            self.db.execute(
                "UPDATE runs SET ended_at = ?, outcome = ?, edits = ?, problems = ?, "
                "api_requests = ?, message = ? WHERE id = ?",
                (_iso(ended_at or _now()), outcome, json.dumps(edits, sort_keys=True),
                 problems, api_requests, message, run_id))

    def last_runs(self) -> dict[str, dict[str, Any]]:
        """Return each task's most recent run, with ``edits`` decoded."""
        rows = self.db.execute(
            "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY task) "
            "ORDER BY task")
        return {row["task"]: _run_row(row) for row in rows}

    def last_by_outcome(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Give each task's latest ended run per outcome: ``{task: {"ok": row, "failed": row}}``.

        `bot.py list` shows the last failure beside the last success, so an
        outage is seen with how long ago things last went well.
        """
        rows = self.db.execute(
            "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs WHERE outcome IS NOT NULL "
            "GROUP BY task, outcome) ORDER BY task")
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for row in rows:
            found.setdefault(row["task"], {})[row["outcome"]] = _run_row(row)
        return found


def _iso(moment: datetime) -> str:
    """Format an aware datetime as UTC ISO 8601 so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the state stores UTC times only")
    return moment.astimezone(timezone.utc).isoformat()


def _metric_row(snapshot_id: int, result: EventResult) -> tuple[Any, ...]:
    """Flatten an event's metrics into an ``event_metrics`` row (None stays NULL)."""
    m = result.metrics
    languages = None if m.languages is None else ",".join(m.languages)
    return (snapshot_id, result.event.key, int(result.tallied), m.signed_up,
            m.active_participants, m.articles_created, m.articles_improved,
            m.bytes_added, m.edits, languages)


def _run_row(row: sqlite3.Row) -> dict[str, Any]:
    """Turn a ``runs`` row into a dict whose ``edits`` is a dict again."""
    data = dict(row)
    data["edits"] = json.loads(data["edits"]) if data["edits"] else {}
    return data
