"""One run of a campaign at a time: a lock file beside a SQLite state, a named lock in MariaDB.

SQLite keeps ``<state>.lock`` (and ``<state>.lock.holder``, who holds it).
With the state in MariaDB, pods share no folder, so the lock is the server's
``GET_LOCK``: its name is prefixed with the database's (lock names are
server-wide), it is held on a connection of its own, outside the pool, kept
alive by a ping while the run works, and released by the server when the
connection ends — a killed pod never leaves a stale lock. Its holder is
written in ``run_locks`` with the connection's id, so a waiting run can say
for whom it waits.

A run that gives up waiting raises :class:`LockBusy`; it knows the holder's
tasks and since when it holds the lock, so `bot.py run` can tell an hourly
overlap (exit 0) from a stuck run (exit 1): :meth:`LockBusy.overlap`.
"""
from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import filelock
from sqlalchemy import Connection, delete, select, text

from wikigap.store import schema
from wikigap.store.engine import Location, locate, open_engine

#: The lock's connection is pinged this often, so that no idle timeout ends it mid-run.
KEEP_ALIVE_SECONDS = 60
_SINCE = re.compile(r" since (\S+?)(?:, (.*))?$")


@dataclass(frozen=True)
class Holder:
    """Who holds the lock: as it wrote itself, its tasks, and since when."""

    text: str = "an unknown process"
    tasks: str = ""
    since: datetime | None = None


class LockBusy(RuntimeError):
    """Another run of the same campaign holds the state lock."""

    def __init__(self, message: str, holder: Holder | None = None) -> None:
        super().__init__(message)
        self.holder = holder or Holder()

    def overlap(self, tasks: str, max_run_minutes: int, now: datetime | None = None) -> bool:
        """Tell an overlap (the same tasks, still within their bound) from something stuck.

        An hourly job that finds its previous run still working is normal and
        needs no mail; one whose holder has run past ``max_run_minutes`` is not.
        """
        since = self.holder.since
        if since is None or self.holder.tasks != tasks:
            return False
        now = now or datetime.now(timezone.utc)
        return now - since <= timedelta(minutes=max_run_minutes)


def _iso_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _me(tasks: str) -> str:
    return f"pid {os.getpid()} on {socket.gethostname()} since {_iso_now()}" + (
        f", {tasks}" if tasks else "")


@contextmanager
def campaign_lock(where: str | os.PathLike[str] | Location, timeout_seconds: float,
                  holder: str = "", on_wait: Callable[[str], None] | None = None
                  ) -> Iterator[object]:
    """Hold the campaign's lock while a run works; raise LockBusy after ``timeout_seconds``.

    ``holder`` (the task names) is recorded with the lock so that a run that
    has to wait can say who is in the way: ``on_wait`` is told once, before
    the wait, for whom it waits.
    """
    location = where if isinstance(where, Location) else locate(where)
    if location.is_url:
        with _named_lock(location, timeout_seconds, holder, on_wait) as name:
            yield name
    else:
        with _file_lock(Path(f"{location.path}.lock"), timeout_seconds, holder,
                        on_wait) as path:
            yield path


# SQLite: a lock file beside the state file

def _holder_path(lock_path: Path) -> Path:
    """Name the side file that says who holds the lock (the lock file itself is truncated by waiters)."""
    return lock_path.with_name(lock_path.name + ".holder")


@contextmanager
def _file_lock(lock_path: Path, timeout_seconds: float, tasks: str,
               on_wait: Callable[[str], None] | None) -> Iterator[Path]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(lock_path, timeout=timeout_seconds)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        if on_wait is not None:
            on_wait(f"waiting for the campaign lock, held by {_file_holder(lock_path).text}")
        try:
            lock.acquire()
        except filelock.Timeout:
            who = _file_holder(lock_path)
            raise LockBusy(f"Another run of this campaign holds the lock file {lock_path} "
                           f"({who.text}); waited {timeout_seconds:g} s. Wait for it to "
                           "finish, or stop it, then try again.", who) from None
    info = _holder_path(lock_path)
    try:
        info.write_text(_me(tasks) + "\n")
        yield lock_path
    finally:
        info.unlink(missing_ok=True)
        lock.release()


def _file_holder(lock_path: Path) -> Holder:
    """Say who holds the lock, as its holder wrote it."""
    try:
        line = _holder_path(lock_path).read_text().strip()
    except OSError:
        return Holder()
    return _parsed(line) if line else Holder()


def _parsed(line: str) -> Holder:
    found = _SINCE.search(line)
    if found is None:
        return Holder(line)
    try:
        since = datetime.fromisoformat(found[1])
    except ValueError:
        since = None
    return Holder(line, found[2] or "", since)


# MariaDB: a named lock on a connection of its own

def lock_name(location: Location) -> str:
    """The server-wide lock name: the database's name first (at most 64 characters)."""
    return f"{location.database}.wikigapbot.campaign"[:64]


@contextmanager
def _named_lock(location: Location, timeout_seconds: float, tasks: str,
                on_wait: Callable[[str], None] | None) -> Iterator[str]:
    engine = open_engine(location, pooled=False)     # the lock's connection is its own
    schema.create_or_upgrade(engine, str(location))
    name = lock_name(location)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        if not _get_lock(conn, name, 0):
            if on_wait is not None:
                on_wait(f"waiting for the campaign lock, held by {holder_of(conn, name).text}")
            if not _get_lock(conn, name, timeout_seconds):
                who = holder_of(conn, name)
                raise LockBusy(f"Another run of this campaign holds the lock {name!r} in "
                               f"{location} ({who.text}); waited {timeout_seconds:g} s. Wait "
                               "for it to finish, or stop it, then try again.", who)
        _write_holder(conn, name, tasks)
        with _kept_alive(conn):
            yield name
        conn.execute(delete(schema.run_locks).where(schema.run_locks.c.name == name))
        conn.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": name})
    finally:
        conn.close()
        engine.dispose()


def _get_lock(conn: Connection, name: str, timeout_seconds: float) -> bool:
    """Ask for the named lock, waiting up to ``timeout_seconds`` (whole seconds on the server)."""
    wait = int(timeout_seconds + 0.999) if timeout_seconds > 0 else 0
    return conn.execute(text("SELECT GET_LOCK(:name, :wait)"),
                        {"name": name, "wait": wait}).scalar() == 1


def _write_holder(conn: Connection, name: str, tasks: str) -> None:
    me = conn.execute(text("SELECT CONNECTION_ID()")).scalar()
    schema.upsert(conn, schema.run_locks, [{"name": name, "holder": _me(tasks), "tasks": tasks,
                                            "since": _iso_now(), "connection": me}])


def holder_of(conn: Connection, name: str) -> Holder:
    """Read who holds the named lock now (its row, if its connection is the one holding it)."""
    rows = conn.execute(select(schema.run_locks).where(
        schema.run_locks.c.name == name,
        schema.run_locks.c.connection == text("IS_USED_LOCK(:name)").bindparams(name=name)
    )).all()
    if not rows:
        return Holder()
    row = rows[0]
    return Holder(row.holder, row.tasks, datetime.fromisoformat(row.since))


def lock_free(conn: Connection, location: Location) -> bool:
    """Tell whether nobody holds the campaign's named lock (for `check --online`)."""
    return conn.execute(text("SELECT IS_FREE_LOCK(:name)"),
                        {"name": lock_name(location)}).scalar() == 1


@contextmanager
def _kept_alive(conn: Connection) -> Iterator[None]:
    """Ping the lock's connection while the run works, so no idle timeout ends it."""
    stop, guard = threading.Event(), threading.Lock()

    def ping() -> None:
        while not stop.wait(KEEP_ALIVE_SECONDS):
            with guard:
                conn.execute(text("SELECT 1"))

    thread = threading.Thread(target=ping, name="campaign-lock-keepalive", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        with guard:
            pass
        thread.join(timeout=5)
