"""Keep the Challenge's reads and boards in the state file, so no revision is read twice.

Five tables, created with the rest of the schema by
:class:`wikigap.store.state.State` (schema version 3; an older file gains them
when opened):

- ``challenge_texts``: revision wikitext by (wiki, revid). A revision's text
  never changes, so once read it is never asked for again, in any run.
- ``challenge_accounts``: each contestant's Wikipedias from their global
  account, with the time read; read again only when a day old.
- ``challenge_revisions``: every contestant revision the bot has seen. One
  that ``usercontribs`` no longer returns was deleted (with its article), so
  the leaderboard can say "deleted" instead of dropping the line unexplained.
- ``challenge_boards``: each run's scored board as JSON (the export's shape),
  for ``bot.py export --what challenge`` and the Swedish progress summary.
- ``challenge_confirmations``: each confirmation of a final ranking, with the
  ranking's id and everyone's place in it (wikigap.challenge.confirm), so a
  later ranking can be told apart from the one staff confirmed.

Every write commits at once and does nothing in a dry run.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from wikigap.model import Revision
from wikigap.wikis.apidata import parse_api_time

#: A contestant's global account is read again after this long.
ACCOUNT_MAX_AGE = timedelta(days=1)


class ChallengeStore:
    """Read and write the ``challenge_*`` tables of an open state database."""

    def __init__(self, db: sqlite3.Connection, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Run a query; a read-only file from before schema 3 has no such table: nothing."""
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError:
            return []

    # Revision texts

    def texts(self, wiki: str, revids: Iterable[int]) -> dict[int, str | None]:
        """Give the stored texts among ``revids`` (None: read, but deleted or hidden)."""
        wanted = sorted(set(revids))
        found: dict[int, str | None] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._rows(f"SELECT revid, text FROM challenge_texts WHERE wiki = ? "
                                    f"AND revid IN ({marks})", (wiki, *chunk)))
        return found

    def save_texts(self, wiki: str, texts: dict[int, str | None], at: datetime) -> None:
        if self.dry_run or not texts:
            return
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO challenge_texts VALUES (?, ?, ?, ?)",
                                [(wiki, revid, text, _iso(at)) for revid, text in texts.items()])

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


    # Confirmations

    def confirmations(self, challenge: str) -> list[tuple[str, datetime, list]]:
        """Give the recorded confirmations, oldest first: (ranking id, when, places as JSON)."""
        return [(ranking, datetime.fromisoformat(at), json.loads(places))
                for ranking, at, places in self._rows(
                    "SELECT ranking, confirmed_at, places FROM challenge_confirmations "
                    "WHERE challenge = ? ORDER BY confirmed_at, id", (challenge,))]

    def save_confirmation(self, challenge: str, ranking: str, at: datetime,
                          places: list) -> None:
        if self.dry_run:
            return
        with self.db:
            self.db.execute("INSERT INTO challenge_confirmations (challenge, ranking, "
                            "confirmed_at, places) VALUES (?, ?, ?, ?)",
                            (challenge, ranking, _iso(at), json.dumps(places)))


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
