"""The state's tables, once, for SQLite and MariaDB alike (SQLAlchemy Core), and their upgrades.

One definition serves both backends, so no SQL is written twice: keys are
``VARCHAR`` (MariaDB cannot index ``TEXT``), large documents are ``LONGTEXT``
on MariaDB (its ``TEXT`` stops at 64 KB), and every MariaDB table uses the
binary collation ``utf8mb4_bin``, so titles and names that differ only in
case or accents (``Åsa``/``åsa``) never collide — ToolsDB's default collation
ignores both. SQLite compares bytes already.

The schema is versioned in ``meta.schema_version``: a state written by an
older release is upgraded in place when opened (:func:`create_or_upgrade`);
one written by a newer release is refused, since its meaning is unknown.

Versions: 1 the first; 2 a notice's outcome and reason in two columns; 3 the
Challenge's tables; 4 tables a wing registers (:func:`register_tables`: the
Challenge keeps revision figures, not texts); 5 one schema for SQLite and
MariaDB, and ``run_locks`` (who holds the campaign lock, for a run that has
to wait).

A wing above the store (the Challenge) declares its tables on
:data:`metadata` with the helpers here (:func:`key`, :data:`DOCUMENT`,
:data:`BINARY`) and registers them with an optional upgrade step, so both
backends get them and the store knows no wing.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    exc,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import mysql, sqlite

from wikigap.store.tables import TABLES, Tables, register_tables  # noqa: F401  (re-exported)

SCHEMA_VERSION = 5

#: Long enough for a page title (255 bytes in MediaWiki) or a user name.
KEY = 255
#: A document (a snapshot, a board) may be megabytes: LONGTEXT on MariaDB.
DOCUMENT = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")
#: Every MariaDB table: utf8mb4 with binary comparison (case and accents count).
BINARY: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin",
          "mariadb_charset": "utf8mb4", "mariadb_collate": "utf8mb4_bin"}

metadata = MetaData()


def key(name: str, **kwargs) -> Column:
    return Column(name, String(KEY), **kwargs)


def iso_time(name: str, nullable: bool = True) -> Column:
    """An ISO 8601 UTC time as text, so that text order is time order (as version 3 kept it)."""
    return Column(name, String(40), nullable=nullable)


meta = Table("meta", metadata, key("key", primary_key=True),
             Column("value", Text, nullable=False), **BINARY)

snapshots = Table(
    "snapshots", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
    key("campaign", nullable=False), iso_time("taken_at", False),
    Column("data", DOCUMENT, nullable=False),
    Index("snapshots_campaign", "campaign", "taken_at"), **BINARY)

event_metrics = Table(
    "event_metrics", metadata, Column("snapshot_id", Integer, nullable=False, index=True),
    key("event", nullable=False), Column("tallied", Integer, nullable=False),
    *(Column(name, Integer) for name in ("signed_up", "active_participants",
                                         "articles_created", "articles_improved",
                                         "bytes_added", "edits")),
    Column("languages", Text), **BINARY)

articles = Table(
    "articles", metadata, Column("snapshot_id", Integer, nullable=False, index=True),
    key("event", nullable=False), key("wiki", nullable=False), key("title", nullable=False),
    Column("status", String(40), nullable=False), Column("edits", Integer, nullable=False),
    Column("bytes_added", Integer, nullable=False), Column("users", Text, nullable=False),
    key("creator"), **BINARY)

problems = Table(
    "problems", metadata, Column("snapshot_id", Integer, nullable=False, index=True),
    key("event"), key("code", nullable=False), key("page"), Column("line", Integer),
    Column("message", Text, nullable=False), Column("fix", Text, nullable=False), **BINARY)

notices = Table(
    "notices", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
    key("kind", nullable=False), key("event", nullable=False),
    key("organizer", nullable=False), key("key", nullable=False), iso_time("posted_at", False),
    key("outcome", nullable=False), key("target", nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Index("notices_lookup", "kind", "event", "organizer"), **BINARY)

runs = Table(
    "runs", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
    key("task", nullable=False), iso_time("started_at", False), iso_time("ended_at"),
    key("outcome"), Column("edits", Text), Column("problems", Integer),
    Column("api_requests", Integer), Column("message", Text), **BINARY)

pageviews = Table(
    "pageviews", metadata, key("wiki", primary_key=True), key("title", primary_key=True),
    key("project", nullable=False), Column("first_day", String(10)), Column("last_day", String(10)), Column("views", Integer),
    Column("daily", DOCUMENT), iso_time("read_at"), Column("error", Text), iso_time("failed_at"),
    **BINARY)

run_locks = Table(
    "run_locks", metadata, key("name", primary_key=True), Column("holder", Text, nullable=False),
    key("tasks", nullable=False), iso_time("since", False), Column("connection", Integer),
    **BINARY)


class NewerSchema(RuntimeError):
    """The state was written by a newer release: this one must not touch it."""


def version(conn: Connection) -> int | None:
    """Read ``meta.schema_version``; None when the state has no ``meta`` table yet."""
    if not inspect(conn).has_table("meta"):
        return None
    found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return None if found is None else int(found)


def create_or_upgrade(engine: Engine, where: str) -> int:
    """Create the missing tables, upgrade an older state in place; give the version found.

    Refuses (NewerSchema) a state written by a newer release. Two pods
    opening a new state at once both succeed: the one that loses the race to
    create a table or the version row tries again and finds them made.
    """
    if _current(engine, where):
        return SCHEMA_VERSION
    with _schema_lock(engine):
        for attempt in range(3):
            try:
                return _create_or_upgrade(engine, where)
            except (exc.OperationalError, exc.ProgrammingError, exc.IntegrityError):
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _current(engine: Engine, where: str) -> bool:
    """Tell, in one round trip or two, that the state is this release's with every table.

    The common case of every open (each run opens the state twice); no DDL,
    no schema lock. A newer state is refused here too.
    """
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            if "meta" not in names:
                return False
            found = version(conn)
    except (exc.OperationalError, exc.ProgrammingError):   # another pod's DDL under way
        return False
    if found is not None and found > SCHEMA_VERSION:
        raise NewerSchema(f"{where}: schema version {found} is newer than this bot's "
                          f"{SCHEMA_VERSION}; run the release that wrote it, or update")
    return found == SCHEMA_VERSION and set(metadata.tables) <= names


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """On MariaDB, let one pod at a time create or upgrade tables (concurrent DDL fails there)."""
    if engine.dialect.name == "sqlite":
        yield
        return
    with engine.connect() as conn:
        name = f"{engine.url.database}.wikigapbot.schema"[:64]
        conn.execute(text("SELECT GET_LOCK(:name, 60)"), {"name": name})
        try:
            yield
        finally:
            conn.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": name})


def _create_or_upgrade(engine: Engine, where: str) -> int:
    with engine.begin() as conn:
        found = version(conn)
        if found is not None and found > SCHEMA_VERSION:
            raise NewerSchema(f"{where}: schema version {found} is newer than this bot's "
                              f"{SCHEMA_VERSION}; run the release that wrote it, or update")
        metadata.create_all(conn, checkfirst=True)
        _split_notice_outcomes(conn)
        for tables in TABLES.values():
            if tables.upgrade is not None:
                tables.upgrade(conn, SCHEMA_VERSION if found is None else found)
        _write_version(conn, found)
    return SCHEMA_VERSION if found is None else found


def _write_version(conn: Connection, found: int | None) -> None:
    """Set ``schema_version`` to this release's (a new state's row is inserted)."""
    if found is None:
        rows = conn.execute(select(meta.c.key).where(meta.c.key == "schema_version")).all()
        if not rows:
            conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            return
    conn.execute(meta.update().where(meta.c.key == "schema_version")
                 .values(value=str(SCHEMA_VERSION)))


def _split_notice_outcomes(conn: Connection) -> None:
    """Version 1 → 2 (SQLite only: no MariaDB state is older than 4): outcome and reason apart."""
    columns = {c["name"] for c in inspect(conn).get_columns("notices")}
    if "detail" in columns:
        return
    conn.execute(text("ALTER TABLE notices ADD COLUMN detail TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("UPDATE notices SET detail = substr(outcome, instr(outcome, ': ') + 2), "
                      "outcome = substr(outcome, 1, instr(outcome, ': ') - 1) "
                      "WHERE instr(outcome, ': ') > 0"))


def upsert(conn: Connection, table: Table, rows: list[dict], update: tuple[str, ...] | None = None
           ) -> None:
    """Insert ``rows``; one whose key is there already updates ``update`` (default: every column).

    Each dialect's own statement (SQLite ``ON CONFLICT DO UPDATE``, MariaDB
    ``ON DUPLICATE KEY UPDATE``), so two pods writing the same key never fail.
    """
    if not rows:
        return
    names = update if update is not None else tuple(
        c.name for c in table.columns if not c.primary_key)
    if conn.dialect.name == "sqlite":
        lite = sqlite.insert(table)
        conn.execute(lite.on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key.columns],
            set_={name: lite.excluded[name] for name in names}), rows)
        return
    maria = mysql.insert(table)
    conn.execute(maria.on_duplicate_key_update({name: maria.inserted[name] for name in names}),
                 rows)
