"""`bot.py check`'s lines about the state: where it is, and (online) reached, its version, the lock.

Offline, the ``state`` value (or ``WIKIGAPBOT_STATE``) is read and, for a
database, where its password comes from — never the password. Online, the
state is opened read-only (nothing created or upgraded): the database
answers, its schema version is this release's (or one it upgrades, or one
it must not touch), and nobody holds the campaign lock.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import filelock
from sqlalchemy import exc

from wikigap.config import Config
from wikigap.store import schema
from wikigap.store.engine import Location, StateError, locate, open_engine, password
from wikigap.store.lock import holder_of, lock_free, lock_name
from wikigap.wikis.redact import REDACTOR

C = TypeVar("C")


def offline(config: Config, check: Callable[..., C]) -> C:
    """Say where the state is; for a database, that a password is there and from where."""
    try:
        where = locate(config.state_ref)
        if not where.is_url:
            return check(True, f"state file {where}", "" if where.exists()
                         else "none yet: the first run makes it")
        _, source = password()
    except StateError as err:
        return check(False, "state", str(err))
    return check(True, f"state database {where}", f"password from {source}")


def online(config: Config, check: Callable[..., C]) -> list[C]:
    """Reach the state, read its schema version, see that the campaign lock is free."""
    try:
        where = locate(config.state_ref)
    except StateError:
        return []                  # the offline line said why
    if not where.exists():
        return [check(True, f"state {where}", "none yet: the first run makes it")]
    try:
        engine = open_engine(where, read_only=True, pooled=False)
        with engine.connect() as conn:
            found = schema.version(conn)
            lock = _lock_line(conn, where, check)
        engine.dispose()
    except (exc.SQLAlchemyError, StateError) as err:
        return [check(False, f"state {where}", f"cannot be read: {REDACTOR.redact(str(err))}; "
                      "check the URL, the password and that the database exists")]
    return [check(True, f"state {where} reached"), _version_line(found, check), lock]


def _version_line(found: int | None, check: Callable[..., C]) -> C:
    mine = schema.SCHEMA_VERSION
    if found is None:
        return check(True, "state schema", f"no tables yet: the first run creates version {mine}")
    if found > mine:
        return check(False, f"state schema version {found}", f"newer than this release's {mine}: "
                     "run the release that wrote it (or restore the dump made before it)")
    return check(True, f"state schema version {found}", "this release's" if found == mine
                 else f"the next run upgrades it to {mine}")


def _lock_line(conn, where: Location, check: Callable[..., C]) -> C:
    """The campaign lock: free, or held by whom (a run is working now)."""
    if where.is_url:
        if lock_free(conn, where):
            return check(True, f"campaign lock {lock_name(where)!r} is free")
        return check(False, f"campaign lock {lock_name(where)!r}",
                     f"held by {holder_of(conn, lock_name(where)).text}; a run is working, "
                     "or check again when it ends")
    if not Path(f"{where.path}.lock").exists():
        return check(True, f"campaign lock {where.path}.lock is free")
    lock = filelock.FileLock(f"{where.path}.lock")
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        return check(False, f"campaign lock {where.path}.lock", "held: a run is working; "
                     "check again when it ends")
    lock.release()
    return check(True, f"campaign lock {where.path}.lock is free")
