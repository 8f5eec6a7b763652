"""Keep each article's page views in the state, with the time they were read.

One row per (wiki, title) in the ``pageviews`` table
(:mod:`wikigap.store.schema`): the day range read, the daily views as JSON,
the total and ``read_at``. A failed read records its error and time but
leaves the last good read in place, so an article once read keeps its
numbers and is simply due again. Each result is committed as it arrives, so a
run stopped or killed part-way keeps everything it read and the next run
starts with what is missing.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from sqlalchemy import Engine, exc, select

from wikigap.model import ArticleViews
from wikigap.store.schema import pageviews, upsert
from wikigap.wikis.pageviews import ViewsResult


class ViewStore:
    """Read and write the ``pageviews`` table of an open state."""

    def __init__(self, db: Engine, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    def load(self) -> dict[tuple[str, str], ArticleViews]:
        """Give every article's last good read by (wiki, title).

        A state file from before this table existed, opened read-only, has no
        views: nothing has been read, so nothing is known.
        """
        c = pageviews.c
        query = select(c.wiki, c.title, c.first_day, c.last_day, c.daily, c.read_at).where(
            c.read_at.is_not(None))
        try:
            with self.db.connect() as conn:
                rows = conn.execute(query).all()
        except (exc.OperationalError, exc.ProgrammingError):
            return {}
        return {(row[0], row[1]): ArticleViews(
            row[0], row[1], date.fromisoformat(row[2]), date.fromisoformat(row[3]),
            json.loads(row[4]), datetime.fromisoformat(row[5])) for row in rows}

    def save(self, result: ViewsResult, at: datetime) -> None:
        """Record one article's read (or its failure) and commit at once; never in a dry run."""
        if self.dry_run:
            return
        request, when = result.request, at.astimezone(timezone.utc).isoformat()
        row = {"wiki": request.wiki, "title": request.title, "project": request.project}
        with self.db.begin() as conn:
            if result.daily is None:
                upsert(conn, pageviews, [{**row, "error": result.error, "failed_at": when}],
                       ("error", "failed_at"))
                return
            upsert(conn, pageviews, [{
                **row, "first_day": request.start.isoformat(), "last_day": request.end.isoformat(),
                "views": result.views, "daily": json.dumps(result.daily, sort_keys=True),
                "read_at": when, "error": None, "failed_at": None}])

    def failures(self) -> dict[tuple[str, str], str]:
        """Give the articles whose latest read failed, with the error (for the run's output)."""
        c = pageviews.c
        try:
            with self.db.connect() as conn:
                rows = conn.execute(select(c.wiki, c.title, c.error).where(
                    c.error.is_not(None))).all()
        except (exc.OperationalError, exc.ProgrammingError):
            return {}
        return {(row[0], row[1]): row[2] for row in rows}
