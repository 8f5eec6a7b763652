"""Keep the Challenge's reads and boards in the state file, so no revision is read twice.

Four tables, the Challenge's own: registered with the state
(:func:`wikigap.store.tables.register_tables`) when this module is imported,
and created by :class:`wikigap.store.state.State` with the rest of the schema
(an older file gains them when opened):

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

Every write commits at once and does nothing in a dry run.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from wikigap.challenge.count.words import FIGURE_VERSIONS, WikiNames, measure
from wikigap.model import Revision
from wikigap.store.state import State
from wikigap.store.tables import Tables, register_tables
from wikigap.wikis.apidata import parse_api_time

#: A contestant's global account is read again after this long.
ACCOUNT_MAX_AGE = timedelta(days=1)


SCHEMA = """
CREATE TABLE IF NOT EXISTS challenge_figures (
    wiki TEXT NOT NULL, revid INTEGER NOT NULL, figures TEXT, read_at TEXT NOT NULL,
    PRIMARY KEY (wiki, revid));
CREATE TABLE IF NOT EXISTS challenge_accounts (
    user TEXT PRIMARY KEY, wikis TEXT, home TEXT, read_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS challenge_revisions (
    challenge TEXT NOT NULL, wiki TEXT NOT NULL, revid INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (challenge, wiki, revid));
CREATE TABLE IF NOT EXISTS challenge_boards (
    id INTEGER PRIMARY KEY, challenge TEXT NOT NULL, taken_at TEXT NOT NULL,
    final INTEGER NOT NULL, data TEXT NOT NULL);
"""
TABLES = register_tables(Tables("challenge", SCHEMA))


class ChallengeStore:
    """Read and write the ``challenge_*`` tables of an open state database."""

    def __init__(self, db: sqlite3.Connection, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    @classmethod
    def of(cls, state: State) -> ChallengeStore:
        """The Challenge's tables of an open state; like every write there, nothing in a dry run."""
        return cls(state.db, dry_run=state.dry_run)

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Run a query; a read-only file from before schema 3 has no such table: nothing."""
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError:
            return []

    # Revision figures

    def figures(self, wiki: str, revids: Iterable[int]) -> dict[int, dict[str, int] | None]:
        """Give the stored figures among ``revids``, of the current versions only.

        None: the revision was read, but its text is deleted or hidden.
        """
        wanted = sorted(set(revids))
        found: dict[int, dict[str, int] | None] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for revid, data in self._rows(f"SELECT revid, figures FROM challenge_figures "
                                          f"WHERE wiki = ? AND revid IN ({marks})", (wiki, *chunk)):
                found[revid] = None if data is None else _current(json.loads(data))
        return found

    def save_figures(self, wiki: str, figures: dict[int, dict[str, int] | None],
                     at: datetime) -> None:
        """Keep revisions' figures (None: no text), replacing what was kept of them."""
        if self.dry_run or not figures:
            return
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO challenge_figures VALUES (?, ?, ?, ?)",
                [(wiki, revid, None if data is None else json.dumps(_versioned(data)), _iso(at))
                 for revid, data in figures.items()])

    def upgrade_texts(self, names: Callable[[str], WikiNames | None], at: datetime) -> int:
        """Measure the texts a schema-3 file kept, keep their figures, drop the texts.

        ``names`` gives a wiki's own names (None: not readable now); a wiki
        whose names cannot be read keeps its texts until a run can. Every
        figure is measured, since the texts will not be read again. Returns
        how many texts were measured.
        """
        if self.dry_run or not self._rows("SELECT name FROM sqlite_master WHERE "
                                          "type = 'table' AND name = 'challenge_texts'"):
            return 0
        measured, kept = 0, False
        for (wiki,) in self._rows("SELECT DISTINCT wiki FROM challenge_texts ORDER BY wiki"):
            own = names(wiki)
            if own is None:
                kept = True
                continue
            measured += self._measure_texts(wiki, own, at)
        if not kept:
            with self.db:
                self.db.execute("DROP TABLE challenge_texts")
            self.db.execute("VACUUM")   # give the texts' pages back to the file system
        return measured

    def _measure_texts(self, wiki: str, names: WikiNames, at: datetime) -> int:
        """Measure one wiki's kept texts 500 at a time, keep the figures, delete the texts."""
        done = 0
        while rows := self._rows("SELECT revid, text FROM challenge_texts WHERE wiki = ? "
                                 "LIMIT 500", (wiki,)):
            self.save_figures(wiki, {revid: None if text is None else measure(text, wiki, names)
                                     for revid, text in rows}, at)
            with self.db:
                self.db.executemany("DELETE FROM challenge_texts WHERE wiki = ? AND revid = ?",
                                    [(wiki, revid) for revid, _ in rows])
            done += len(rows)
        return done

    # Global accounts

    def accounts(self, now: datetime) -> dict[str, tuple[tuple[str, ...] | None, str | None]]:
        """Give the accounts read less than a day before ``now``: user -> (wikis, home language)."""
        fresh = {}
        for user, wikis, home, read_at in self._rows(
                "SELECT user, wikis, home, read_at FROM challenge_accounts"):
            if now - datetime.fromisoformat(read_at) < ACCOUNT_MAX_AGE:
                fresh[user] = (None if wikis is None else tuple(json.loads(wikis)), home)
        return fresh

    def save_account(self, user: str, wikis: tuple[str, ...] | None, home: str | None,
                     at: datetime) -> None:
        if self.dry_run:
            return
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO challenge_accounts VALUES (?, ?, ?, ?)",
                            (user, None if wikis is None else json.dumps(list(wikis)), home,
                             _iso(at)))

    # Revisions seen

    def seen(self, challenge: str) -> list[Revision]:
        """Give every contestant revision seen by earlier runs."""
        return [_revision(json.loads(row[0])) for row in self._rows(
            "SELECT data FROM challenge_revisions WHERE challenge = ?", (challenge,))]

    def remember(self, challenge: str, revisions: Iterable[Revision]) -> None:
        if self.dry_run:
            return
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO challenge_revisions VALUES (?, ?, ?, ?)",
                                [(challenge, r.wiki, r.revid, json.dumps(_revision_dict(r)))
                                 for r in revisions])

    # Boards

    def save_board(self, challenge: str, taken_at: datetime, final: bool,
                   document: dict[str, Any]) -> None:
        if self.dry_run:
            return
        with self.db:
            self.db.execute("INSERT INTO challenge_boards (challenge, taken_at, final, data) "
                            "VALUES (?, ?, ?, ?)", (challenge, _iso(taken_at), int(final),
                                                     json.dumps(document)))

    def latest_board(self, challenge: str) -> dict[str, Any] | None:
        """Give the latest board's document (with ``taken_at`` and ``final``), or None."""
        rows = self._rows("SELECT taken_at, final, data FROM challenge_boards WHERE challenge = ? "
                          "ORDER BY taken_at DESC, id DESC LIMIT 1", (challenge,))
        if not rows:
            return None
        taken_at, final, data = rows[0]
        return {**json.loads(data), "taken_at": taken_at, "final": bool(final)}


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
