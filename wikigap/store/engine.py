"""Where the state lives: a SQLite file (the embedded default) or a MariaDB database (ToolsDB).

The config's ``state`` is a path, as it always was, or a URL
``mysql://USER@HOST[:PORT]/DATABASE``; ``WIKIGAPBOT_STATE`` overrides it (a
Toolforge job sets it with ``toolforge envvars``). The URL holds no password:
it comes from ``WIKIGAPBOT_STATE_PASSWORD`` (a job without NFS), else from
``~/replica.my.cnf`` (a checkout on Toolforge, or a job with ``mount: all``).
The password joins the log redactor the moment it is read, and is never
printed, logged or stored (SQLAlchemy's URL hides it in its own text too).
"""
from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool, StaticPool

from wikigap.wikis.redact import REDACTOR

PASSWORD_VARIABLE = "WIKIGAPBOT_STATE_PASSWORD"
_URL = re.compile(r"mysql://(?P<user>[^@/:\s]+)@(?P<host>[^:/\s]+)(?::(?P<port>\d{1,5}))?"
                  r"/(?P<database>[A-Za-z0-9_$]+)")
#: A pooled MariaDB connection older than this is replaced (ToolsDB ends idle ones).
RECYCLE_SECONDS = 280


class StateError(ValueError):
    """The ``state`` value or its password cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Location:
    """A state: a SQLite ``path``, or a MariaDB database (``user``, ``host``, ``port``, ``database``)."""

    path: Path | None = None
    user: str = ""
    host: str = ""
    port: int = 3306
    database: str = ""

    @property
    def is_url(self) -> bool:
        return self.path is None

    def __str__(self) -> str:
        """Name the state for messages: the path, or the URL (never a password)."""
        if self.path is not None:
            return str(self.path)
        return f"mysql://{self.user}@{self.host}:{self.port}/{self.database}"

    def exists(self) -> bool:
        """Tell whether there is a state to read (a database is always there to be asked)."""
        return self.path is None or self.path.exists()


def locate(value: str | os.PathLike[str]) -> Location:
    """Read a ``state`` value: a ``mysql://`` URL or a SQLite path (``:memory:`` too)."""
    text = os.fspath(value)
    if not text.startswith("mysql"):
        return Location(path=Path(text))
    found = _URL.fullmatch(text)
    if found is None:
        shown = re.sub(r"//[^@/]*@", "//…@", text)     # a password someone put there stays out
        raise StateError(f"state: {shown!r} is not a database URL; write "
                         "mysql://USER@HOST[:PORT]/DATABASE (the password comes from "
                         f"{PASSWORD_VARIABLE} or ~/replica.my.cnf, never the URL)")
    return Location(user=found["user"], host=found["host"], port=int(found["port"] or 3306),
                    database=found["database"])


def password(env: Mapping[str, str] | None = None, home: Path | None = None) -> tuple[str, str]:
    """Give the database password and where it came from (for `check`); redacted from now on."""
    env = os.environ if env is None else env
    if env.get(PASSWORD_VARIABLE):
        secret, source = env[PASSWORD_VARIABLE], f"the environment ({PASSWORD_VARIABLE})"
    else:
        cnf = (home or Path.home()) / "replica.my.cnf"
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(cnf.read_text(encoding="utf-8"))
            secret = parser.get("client", "password").strip().strip("'\"")
        except (OSError, configparser.Error) as err:
            raise StateError(f"no database password: set {PASSWORD_VARIABLE} (toolforge envvars "
                             f"create {PASSWORD_VARIABLE}), or give {cnf} a [client] password "
                             f"({type(err).__name__})") from None
        source = str(cnf)
    REDACTOR.add(secret)
    return secret, source


def open_engine(location: Location, read_only: bool = False, pooled: bool = True) -> Engine:
    """Connect to the state: SQLite (read-only for a dry run) or MariaDB through PyMySQL.

    ``pooled=False`` gives MariaDB connections that are never reused (the
    campaign lock's, which must end with the lock).
    """
    if location.path is None:
        secret, _ = password()
        url = URL.create("mysql+pymysql", location.user, secret, location.host, location.port,
                         location.database, query={"charset": "utf8mb4"})
        if not pooled:
            return create_engine(url, poolclass=NullPool)
        return create_engine(url, pool_pre_ping=True, pool_recycle=RECYCLE_SECONDS,
                             pool_size=2, max_overflow=2)
    if str(location.path) == ":memory:":
        return create_engine("sqlite://", poolclass=StaticPool,
                             connect_args={"check_same_thread": False})
    if read_only:
        uri = f"{location.path.resolve().as_uri()}?mode=ro"
        engine = create_engine("sqlite://", creator=lambda: _sqlite_uri(uri))
    else:
        location.path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{location.path}",
                               connect_args={"timeout": 60})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_uri(uri: str):
    import sqlite3
    return sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Wait for a busy file rather than fail at once (two runs' short writes)."""
    dbapi_connection.execute("PRAGMA busy_timeout = 60000")
