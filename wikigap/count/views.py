"""The ``views`` metric: how often the counted articles were read, joined onto a snapshot.

Pure. A tally counts articles; the ``views`` task reads their daily page views
into the state (:mod:`wikigap.store.viewstore`); every output joins the two here, so
tables, notices and exports always show the views read so far:

- an article row (event, wiki, title): its views from the event's first day on;
- an event: the sum of its article rows;
- a participant: the sum over the event's articles they edited;
- the campaign: each distinct (wiki, title) once, from the first day of the
  earliest event that counts it.

A sum is None (unknown) when any of its articles has no good read reaching
back to the day it needs, or when the articles themselves are unknown (the
event could not be tallied, a wiki could not be read); never 0 for "not read".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from wikigap.model import Article, ArticleViews, EventResult, Snapshot

Key = tuple[str, str]   # (wiki code, title)
Reads = Mapping[Key, ArticleViews]


def project_for(wiki: str, pattern: str | Mapping[str, str] = "{lang}.wikipedia") -> str:
    """Name the pageviews API project of a content wiki code: ``pt`` -> ``pt.wikipedia``.

    ``pattern`` is the config's ``pageviews.project``: a pattern with
    ``{lang}``, or an explicit map from wiki code to project.
    """
    if isinstance(pattern, Mapping):
        if wiki not in pattern:
            raise KeyError(f"no pageviews project for wiki '{wiki}'; add it under pageviews.project")
        return pattern[wiki]
    return pattern.format(lang=wiki)


def first_days(snapshot: Snapshot) -> dict[Key, date]:
    """Give each counted article the first day of the earliest event that counts it."""
    starts = {r.event.key: r.event.first_day for r in snapshot.events}
    needed: dict[Key, date] = {}
    for article in snapshot.articles:
        start = starts.get(article.event)
        if start is None:
            continue
        key = (article.wiki, article.title)
        needed[key] = min(start, needed.get(key, start))
    return needed


@dataclass(frozen=True)
class Plan:
    """What a views run must read: articles due (key, first day), and how many are fresh."""

    due: tuple[tuple[Key, date], ...]
    fresh: int
    too_new: int            # first day is today or later: no whole day to read yet
    end: date               # the last day to read: yesterday (UTC)


def plan_reads(needed: Mapping[Key, date], reads: Reads, now: datetime,
               refresh_days: int) -> Plan:
    """Choose the articles to read: never read, read too long ago, or not far enough back."""
    end = now.date() - timedelta(days=1)
    oldest = now - timedelta(days=refresh_days)
    due, fresh, too_new = [], 0, 0
    for key, start in sorted(needed.items()):
        if start > end:
            too_new += 1
            continue
        read = reads.get(key)
        if read is not None and read.read_at > oldest and read.first_day <= start:
            fresh += 1
        else:
            due.append((key, start))
    return Plan(tuple(due), fresh, too_new, end)


def with_views(snapshot: Snapshot, reads: Reads) -> Snapshot:
    """Return the snapshot with ``views`` filled in on articles, participants, events, campaign."""
    results = {r.event.key: r for r in snapshot.events}
    articles = tuple(replace(a, views=_article_views(a, results, reads))
                     for a in snapshot.articles)
    events = tuple(_event_views(r, [a for a in articles if a.event == r.event.key])
                   for r in snapshot.events)
    campaign = _campaign_views(snapshot, reads)
    return replace(snapshot, articles=articles, events=events,
                   metrics=replace(snapshot.metrics, views=campaign))


def _article_views(article: Article, results: Mapping[str, EventResult],
                   reads: Reads) -> int | None:
    """Give one article row its views from its event's first day, or None."""
    result = results.get(article.event)
    read = reads.get((article.wiki, article.title))
    if result is None or result.event.first_day is None or read is None:
        return None
    return read.since(result.event.first_day)


def total(values: Iterable[int | None]) -> int | None:
    """Add counts; one unknown makes the sum unknown."""
    values = list(values)
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _event_views(result: EventResult, articles: list[Article]) -> EventResult:
    """Sum an event's article rows into it and its participants (unknown when untallied)."""
    if not result.tallied or result.metrics.articles_created is None:
        return result
    people = tuple(replace(p, views=total(a.views for a in articles if p.user in a.users))
                   for p in result.participants)
    metrics = replace(result.metrics, views=total(a.views for a in articles))
    return replace(result, metrics=metrics, participants=people)


def _campaign_views(snapshot: Snapshot, reads: Reads) -> int | None:
    """Sum each distinct article once, from the earliest first day that counts it."""
    if snapshot.metrics.articles_created is None:
        return None
    needed = first_days(snapshot)
    return total(reads[key].since(start) if key in reads else None
                 for key, start in needed.items())


def daily_totals(snapshot: Snapshot, reads: Reads) -> dict[date, int] | None:
    """Give the campaign's views per day (each article from its first day), for the chart.

    None when the campaign's views are unknown, so the chart draws no line
    rather than one that is too low.
    """
    if with_views(snapshot, reads).metrics.views is None:
        return None
    days: dict[date, int] = {}
    for key, start in first_days(snapshot).items():
        for when, views in reads[key].daily.items():
            day = date.fromisoformat(when)
            if day >= start:
                days[day] = days.get(day, 0) + views
    return days
