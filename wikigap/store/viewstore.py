"""Keep each article's page views in the state file, with the time they were read.

One row per (wiki, title) in the ``pageviews`` table (created with the rest of
the schema by :class:`wikigap.store.state.State`): the day range read, the daily
views as JSON, the total and ``read_at``. A failed read records its error and
time but leaves the last good read in place, so an article once read keeps its
numbers and is simply due again. Each result is committed as it arrives, so a
run stopped or killed part-way keeps everything it read and the next run
starts with what is missing.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone

from wikigap.model import ArticleViews
from wikigap.wikis.pageviews import ViewsResult


class ViewStore:
    """Read and write the ``pageviews`` table of an open state database."""

    def __init__(self, db: sqlite3.Connection, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    def load(self) -> dict[tuple[str, str], ArticleViews]:
        """Give every article's last good read by (wiki, title).

        A state file from before this table existed, opened read-only, has no
        views: nothing has been read, so nothing is known.
        """
        try:
            rows = self.db.execute("SELECT wiki, title, first_day, last_day, daily, read_at "
                                   "FROM pageviews WHERE read_at IS NOT NULL").fetchall()
        except sqlite3.OperationalError:
            return {}
        return {(row[0], row[1]): ArticleViews(
            row[0], row[1], date.fromisoformat(row[2]), date.fromisoformat(row[3]),
            json.loads(row[4]), datetime.fromisoformat(row[5])) for row in rows}

    def save(self, result: ViewsResult, at: datetime) -> None:
        """Record one article's read (or its failure) and commit at once; never in a dry run."""
        if self.dry_run:
            return
        request, when = result.request, at.astimezone(timezone.utc).isoformat()
        with self.db:
            if result.daily is None:
                self.db.execute(
                    "INSERT INTO pageviews (wiki, title, project, error, failed_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (wiki, title) DO UPDATE SET "
                    "error = excluded.error, failed_at = excluded.failed_at",
                    (request.wiki, request.title, request.project, result.error, when))
                return
            self.db.execute(
                "INSERT OR REPLACE INTO pageviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                (request.wiki, request.title, request.project, request.start.isoformat(),
                 request.end.isoformat(), result.views, json.dumps(result.daily, sort_keys=True),
                 when))

    def failures(self) -> dict[tuple[str, str], str]:
        """Give the articles whose latest read failed, with the error (for the run's output)."""
        try:
            rows = self.db.execute(
                "SELECT wiki, title, error FROM pageviews WHERE error IS NOT NULL").fetchall()
        except sqlite3.OperationalError:
            return {}
        return {(row[0], row[1]): row[2] for row in rows}
