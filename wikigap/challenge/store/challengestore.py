"""Keep the Challenge's reads and boards in the state file, so no revision is read twice.

Five tables, the Challenge's own: declared on the state's one schema
(:data:`wikigap.store.schema.metadata`, so SQLite and MariaDB alike) and
registered (:func:`wikigap.store.tables.register_tables`) when this module is
imported; created by :class:`wikigap.store.state.State` with the rest of the
schema (an older state gains them when opened):

- ``challenge_figures``: each revision's figures by (wiki, revid) (bytes,
  words, references, links: those the rules needed, each with the version
  of its counting, :data:`~wikigap.challenge.count.words.FIGURE_VERSIONS`),
  measured as its text arrived; the text itself is not kept. A revision's
  text never changes, so it is read again only for a figure not yet stored.
  A file from before (schema 3) kept the texts in ``challenge_texts``:
  :meth:`ChallengeStore.upgrade_texts` measures them and drops the table
  (no text read again).
- ``challenge_accounts``: each contestant's Wikipedias from their global
  account, with the time read; read again only when a day old.
- ``challenge_revisions``: every contestant revision the bot has seen. One
  that ``usercontribs`` no longer returns was deleted (with its article), so
  the leaderboard can say "deleted" instead of dropping the line unexplained.
- ``challenge_boards``: each run's scored board as JSON (the export's shape),
  for ``bot.py export --what challenge`` and the Swedish progress summary.
- ``challenge_confirmations``: each confirmation of a final ranking, with the
  ranking's id and everyone's place in it (wikigap.challenge.write.confirm), so
  a later ranking can be told apart from the one staff confirmed.

Every write commits at once and does nothing in a dry run.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    Table,
    Text,
    exc,
    insert,
    inspect,
    select,
)

from wikigap.challenge.count.words import FIGURE_VERSIONS, WikiNames, measure
from wikigap.model import Revision
from wikigap.store.schema import BINARY, DOCUMENT, iso_time, key, metadata, upsert
from wikigap.store.state import State
from wikigap.store.tables import Tables, register_tables
from wikigap.wikis.apidata import parse_api_time

#: A contestant's global account is read again after this long.
ACCOUNT_MAX_AGE = timedelta(days=1)

figures_table = Table(
    "challenge_figures", metadata, key("wiki", primary_key=True),
    Column("revid", Integer, primary_key=True, autoincrement=False), Column("figures", Text),
    iso_time("read_at", False), **BINARY)
accounts_table = Table(
    "challenge_accounts", metadata, key("user", primary_key=True), Column("wikis", Text),
    key("home"), iso_time("read_at", False), **BINARY)
revisions_table = Table(
    "challenge_revisions", metadata, key("challenge", primary_key=True),
    key("wiki", primary_key=True), Column("revid", Integer, primary_key=True, autoincrement=False),
    Column("data", Text, nullable=False), **BINARY)
boards_table = Table(
    "challenge_boards", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
    key("challenge", nullable=False), iso_time("taken_at", False),
    Column("final", Integer, nullable=False), Column("data", DOCUMENT, nullable=False), **BINARY)
#: Schema 3's texts, read only to be measured and dropped (never created: not on ``metadata``).
texts_table = Table(
    "challenge_texts", MetaData(), key("wiki", primary_key=True),
    Column("revid", Integer, primary_key=True, autoincrement=False), Column("text", DOCUMENT),
    iso_time("read_at", False), **BINARY)
confirmations_table = Table(
    "challenge_confirmations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    key("challenge", nullable=False), key("ranking", nullable=False),
    iso_time("confirmed_at", False), Column("places", DOCUMENT, nullable=False), **BINARY)
TABLES = register_tables(Tables("challenge", (figures_table, accounts_table, revisions_table,
                                              boards_table, confirmations_table)))


class ChallengeStore:
    """Read and write the ``challenge_*`` tables of an open state database."""

    def __init__(self, db: Engine, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    @classmethod
    def of(cls, state: State) -> ChallengeStore:
        """The Challenge's tables of an open state; like every write there, nothing in a dry run."""
        return cls(state.db, dry_run=state.dry_run)

    def _rows(self, query) -> list[tuple]:
        """Run a query; a read-only file from before schema 3 has no such table: nothing."""
        try:
            with self.db.connect() as conn:
                return [tuple(row) for row in conn.execute(query)]
        except (exc.OperationalError, exc.ProgrammingError):
            return []

    def _upsert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert or replace rows (each dialect's upsert) and commit; nothing in a dry run."""
        if self.dry_run or not rows:
            return
        with self.db.begin() as conn:
            upsert(conn, table, rows)

    # Revision figures

    def figures(self, wiki: str, revids: Iterable[int]) -> dict[int, dict[str, int] | None]:
        """Give the stored figures among ``revids``, of the current versions only.

        None: the revision was read, but its text is deleted or hidden.
        """
        wanted = sorted(set(revids))
        found: dict[int, dict[str, int] | None] = {}
        c = figures_table.c
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for revid, data in self._rows(select(c.revid, c.figures).where(
                    c.wiki == wiki, c.revid.in_(chunk))):
                found[revid] = None if data is None else _current(json.loads(data))
        return found

    def save_figures(self, wiki: str, figures: dict[int, dict[str, int] | None],
                     at: datetime) -> None:
        """Keep revisions' figures (None: no text), replacing what was kept of them."""
        self._upsert(figures_table, [
            {"wiki": wiki, "revid": revid, "read_at": _iso(at),
             "figures": None if data is None else json.dumps(_versioned(data))}
            for revid, data in figures.items()])

    def upgrade_texts(self, names: Callable[[str], WikiNames | None], at: datetime) -> int:
        """Measure the texts a schema-3 file kept, keep their figures, drop the texts.

        ``names`` gives a wiki's own names (None: not readable now); a wiki
        whose names cannot be read keeps its texts until a run can. Every
        figure is measured, since the texts will not be read again. Returns
        how many texts were measured.
        """
        if self.dry_run:
            return 0
        with self.db.connect() as conn:
            if not inspect(conn).has_table("challenge_texts"):
                return 0
        c = texts_table.c
        measured, kept = 0, False
        for (wiki,) in self._rows(select(c.wiki).distinct().order_by(c.wiki)):
            own = names(wiki)
            if own is None:
                kept = True
                continue
            measured += self._measure_texts(wiki, own, at)
        if not kept:
            with self.db.begin() as conn:
                texts_table.drop(conn)
            if self.db.dialect.name == "sqlite":
                with self.db.connect() as conn:   # give the texts' pages back to the file system
                    conn.exec_driver_sql("VACUUM")
        return measured

    def _measure_texts(self, wiki: str, names: WikiNames, at: datetime) -> int:
        """Measure one wiki's kept texts 500 at a time, keep the figures, delete the texts."""
        done, c = 0, texts_table.c
        while rows := self._rows(select(c.revid, c.text).where(c.wiki == wiki).limit(500)):
            self.save_figures(wiki, {revid: None if text is None else measure(text, wiki, names)
                                     for revid, text in rows}, at)
            with self.db.begin() as conn:
                conn.execute(texts_table.delete().where(
                    c.wiki == wiki, c.revid.in_([revid for revid, _ in rows])))
            done += len(rows)
        return done

    # Global accounts

    def accounts(self, now: datetime) -> dict[str, tuple[tuple[str, ...] | None, str | None]]:
        """Give the accounts read less than a day before ``now``: user -> (wikis, home language)."""
        fresh = {}
        c = accounts_table.c
        for user, wikis, home, read_at in self._rows(select(c.user, c.wikis, c.home, c.read_at)):
            if now - datetime.fromisoformat(read_at) < ACCOUNT_MAX_AGE:
                fresh[user] = (None if wikis is None else tuple(json.loads(wikis)), home)
        return fresh

    def save_account(self, user: str, wikis: tuple[str, ...] | None, home: str | None,
                     at: datetime) -> None:
        self._upsert(accounts_table, [{
            "user": user, "wikis": None if wikis is None else json.dumps(list(wikis)),
            "home": home, "read_at": _iso(at)}])

    # Revisions seen

    def seen(self, challenge: str) -> list[Revision]:
        """Give every contestant revision seen by earlier runs."""
        c = revisions_table.c
        return [_revision(json.loads(row[0])) for row in self._rows(
            select(c.data).where(c.challenge == challenge))]

    def remember(self, challenge: str, revisions: Iterable[Revision]) -> None:
        self._upsert(revisions_table, [
            {"challenge": challenge, "wiki": r.wiki, "revid": r.revid,
             "data": json.dumps(_revision_dict(r))} for r in revisions])

    # Boards

    def save_board(self, challenge: str, taken_at: datetime, final: bool,
                   document: dict[str, Any]) -> None:
        if self.dry_run:
            return
        with self.db.begin() as conn:
            conn.execute(insert(boards_table).values(
                challenge=challenge, taken_at=_iso(taken_at), final=int(final),
                data=json.dumps(document)))

    def latest_board(self, challenge: str) -> dict[str, Any] | None:
        """Give the latest board's document (with ``taken_at`` and ``final``), or None."""
        c = boards_table.c
        rows = self._rows(select(c.taken_at, c.final, c.data).where(c.challenge == challenge)
                          .order_by(c.taken_at.desc(), c.id.desc()).limit(1))
        if not rows:
            return None
        taken_at, final, data = rows[0]
        return {**json.loads(data), "taken_at": taken_at, "final": bool(final)}

    # Confirmations

    def confirmations(self, challenge: str) -> list[tuple[str, datetime, list]]:
        """Give the recorded confirmations, oldest first: (ranking id, when, places as JSON)."""
        c = confirmations_table.c
        return [(ranking, datetime.fromisoformat(at), json.loads(places))
                for ranking, at, places in self._rows(
                    select(c.ranking, c.confirmed_at, c.places).where(c.challenge == challenge)
                    .order_by(c.confirmed_at, c.id))]

    def save_confirmation(self, challenge: str, ranking: str, at: datetime,
                          places: list) -> None:
        if self.dry_run:
            return
        with self.db.begin() as conn:
            conn.execute(insert(confirmations_table).values(
                challenge=challenge, ranking=ranking, confirmed_at=_iso(at),
                places=json.dumps(places)))


def _versioned(figures: dict[str, int]) -> dict[str, int]:
    """Name each figure with its counting's version for storing: ``words`` -> ``words@1``."""
    return {f"{name}@{FIGURE_VERSIONS[name]}": value for name, value in figures.items()}


def _current(stored: dict[str, int]) -> dict[str, int]:
    """Give the stored figures counted the current way, by name; others are left out."""
    current = {f"{name}@{version}": name for name, version in FIGURE_VERSIONS.items()}
    return {current[key]: value for key, value in stored.items() if key in current}


def _revision_dict(rev: Revision) -> dict[str, Any]:
    return {"wiki": rev.wiki, "revid": rev.revid, "pageid": rev.pageid, "title": rev.title,
            "user": rev.user, "timestamp": rev.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sizediff": rev.sizediff, "new": rev.new, "tags": list(rev.tags),
            "parentid": rev.parentid}


def _revision(data: dict[str, Any]) -> Revision:
    return Revision(**{**data, "timestamp": parse_api_time(data["timestamp"]),
                       "tags": tuple(data["tags"])})


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat()
