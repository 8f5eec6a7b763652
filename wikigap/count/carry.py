"""Keep the last good numbers when a wiki or Wikidata could not be read (pure).

Reads the snapshot a tally just made (with unknowns where a source failed)
and the campaign's earlier snapshot; returns the snapshot to store. An event
whose wiki could not be read keeps its earlier numbers, participants and
articles (its sign-ups, read now, stay current); when Wikidata could not be
read, every event keeps its earlier articles-about-women numbers. An event
whose registration or course is down keeps its whole earlier result. Such a
result carries ``stale_since``, the time those numbers were read (an earlier
carried number keeps its own, older time). With no earlier good numbers they
stay unknown, never 0. Runs inside the ``tally`` task, before the snapshot is
stored; the tables, the summary and ``export`` show the times.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from wikigap.count.registered import OUTAGE
from wikigap.model import (
    Article,
    Event,
    EventResult,
    Metrics,
    Phrase,
    Problem,
    Snapshot,
    wiki_phrase,
)

WIKIDATA = "wikidata"
WOMEN = ("created_about_women", "improved_about_women", "gender_unknown")
#: What the sign-up pages give at every tally, read from the events wiki, not the content wikis.
FROM_SIGNUPS = ("signed_up", "new_editors")


def carry_forward(snapshot: Snapshot, earlier: Snapshot | None, failed_wikis: Iterable[str],
                  wikidata_failed: bool,
                  lost_sources: Mapping[str, Sequence[str]] | None = None) -> Snapshot:
    """Fill what could not be read now from ``earlier``, marking each kept number's time.

    ``lost_sources`` maps an event to its registrations or courses that are
    down now (``registration 502``, ``course School/Title``): such an event
    keeps its whole earlier result, as an event whose wiki is down keeps its work.
    """
    failed, lost_sources = frozenset(failed_wikis), dict(lost_sources or {})
    if not failed and not wikidata_failed and not lost_sources:
        return snapshot
    before = {r.event.key: r for r in earlier.events} if earlier else {}
    old_articles = _by_event(earlier.articles if earlier else ())
    events, articles = [], _by_event(snapshot.articles)
    for result in snapshot.events:
        lost = tuple(w for w in result.event.wikis if w in failed) if result.tallied else ()
        old = before.get(result.event.key)
        if result.event.key in lost_sources:
            result = _carry_event(result, old, tuple(lost_sources[result.event.key]), earlier)
            if result.stale_since is not None:
                articles[result.event.key] = old_articles.get(result.event.key, [])
        elif lost:
            result = _carry_all(result, old, lost, earlier, wikidata_failed)
            if result.stale_since is not None:
                articles[result.event.key] = old_articles.get(result.event.key, [])
        elif wikidata_failed and result.tallied:
            result, kept = _carry_women(result, old, earlier, articles.get(result.event.key, []),
                                        old_articles.get(result.event.key, []))
            articles[result.event.key] = kept
        events.append(result)
    unread = tuple(sorted(failed)) + ((WIKIDATA,) if wikidata_failed else ()) + tuple(
        dict.fromkeys(name for names in lost_sources.values() for name in names))
    carried = dataclasses.replace(
        snapshot, events=tuple(events), unread=unread,
        metrics=_with_kept_people(snapshot.metrics, events, lost_sources),
        articles=tuple(sorted((a for group in articles.values() for a in group),
                              key=lambda a: (a.event, a.wiki, a.title))))
    return _with_totals(carried, earlier, wikidata_failed)


def _by_event(articles: Iterable[Article]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for article in articles:
        grouped.setdefault(article.event, []).append(article)
    return grouped


def _since(old: EventResult | None, earlier: Snapshot | None) -> datetime | None:
    """Give when an earlier result's numbers were read: its own stale time, else its snapshot's."""
    if old is None or earlier is None:
        return None
    return old.stale_since or earlier.taken_at


def _carry_all(result: EventResult, old: EventResult | None, lost: tuple[str, ...],
               earlier: Snapshot | None, wikidata_failed: bool) -> EventResult:
    """Keep an earlier result's work numbers for an event whose wiki could not be read."""
    unread = lost + ((WIKIDATA,) if wikidata_failed else ())
    if old is None or not old.tallied or old.metrics.edits is None:
        return dataclasses.replace(result, unread=unread)
    since = _since(old, earlier)
    fresh = {name: getattr(result.metrics, name) for name in FROM_SIGNUPS}
    per_wiki = {wiki: old.per_wiki.get(wiki, metrics) if wiki in lost else metrics
                for wiki, metrics in result.per_wiki.items()}
    return dataclasses.replace(
        result, metrics=dataclasses.replace(old.metrics, **fresh), per_wiki=per_wiki,
        participants=old.participants, unread=unread, stale_since=since,
        problems=tuple(_kept_problem(p, lost, since) for p in result.problems))


def _carry_event(result: EventResult, old: EventResult | None, lost: tuple[str, ...],
                 earlier: Snapshot | None) -> EventResult:
    """Keep an earlier result whole for an event whose registration or course is down now.

    Its participants come from that source, so nothing of it can be counted now:
    its numbers, people and what the source had filled in (days, languages,
    country, organizers) are the earlier ones; its problems are today's, the
    outage's saying since when the numbers are kept. With no earlier good
    numbers it stays untallied, its numbers unknown.
    """
    if old is None or not old.tallied or old.metrics.edits is None:
        return dataclasses.replace(result, unread=lost)
    since = _since(old, earlier)
    return dataclasses.replace(
        old, event=_filled(result.event, old.event), unread=lost, stale_since=since,
        problems=tuple(_kept_source(p, lost, since) for p in result.problems))


def _filled(now: Event, before: Event) -> Event:
    """Take the registry row as read now, with what the unread source had filled in before."""
    blank: dict[str, Any] = {name: getattr(before, name) for name in
             ("country", "city", "first_day", "last_day", "wikis", "organizers", "registration",
              "course", "timezone", "country_code", "online")
             if getattr(now, name) in (None, "", (), False)}
    if now.label in ("", now.page, (now.page or "").partition(":")[2].strip()):
        blank["label"] = before.label
    return dataclasses.replace(now, **blank)


def _kept_source(problem: Problem, lost: tuple[str, ...], since: datetime | None) -> Problem:
    """Say in a down source's problem that the event shows its earlier numbers."""
    if problem.code != OUTAGE or since is None or problem.subject not in lost:
        return problem
    return dataclasses.replace(problem, message=Phrase(
        "wikigapbot-problem-source-unreadable-kept",
        (source_phrase(problem.subject), f"{since:%Y-%m-%d %H:%M}")))


def source_phrase(name: str) -> Phrase | str:
    """Name an unread source in words: ``registration 502`` as an event registration, a course
    as a Dashboard course, a wiki code as it is (the Wikidata name is the renderer's)."""
    kind, _, rest = name.partition(" ")
    if kind == "registration" and rest:
        return Phrase("wikigapbot-unread-registration", (rest,))
    if kind == "course" and rest:
        return Phrase("wikigapbot-unread-course", (rest,))
    return name


def _with_kept_people(metrics: Metrics, events: list[EventResult],
                      lost: Mapping[str, Sequence[str]]) -> Metrics:
    """Add the kept events' people to the campaign's sign-ups and new editors, each once.

    The fresh count left those events out (nothing of them was read now); their
    earlier participant rows say who they were.
    """
    kept = [r for r in events if r.event.key in lost and r.stale_since is not None]
    if not kept or metrics.signed_up is None:
        return metrics
    others = [p for r in events if r.tallied and r.event.key not in lost for p in r.participants]
    people = {p.user for r in kept for p in r.participants} - {p.user for p in others}
    new = {p.user for r in kept for p in r.participants if p.new_editor} - {p.user for p in others}
    return dataclasses.replace(
        metrics, signed_up=metrics.signed_up + len(people),
        new_editors=None if metrics.new_editors is None else metrics.new_editors + len(new))


def _kept_problem(problem: Problem, lost: tuple[str, ...], since: datetime | None) -> Problem:
    """Say in an unread wiki's problem that the event shows its earlier numbers."""
    if problem.code != "wiki-unreadable" or since is None or problem.subject not in lost:
        return problem
    return dataclasses.replace(problem, message=Phrase(
        "wikigapbot-problem-wiki-unreadable-kept", (wiki_phrase(problem.subject), f"{since:%Y-%m-%d %H:%M}")))


def _carry_women(result: EventResult, old: EventResult | None, earlier: Snapshot | None,
                 articles: list[Article], old_articles: list[Article]
                 ) -> tuple[EventResult, list[Article]]:
    """Keep an earlier result's articles-about-women numbers when Wikidata could not be read."""
    if old is None or old.metrics.about_women is None:
        return dataclasses.replace(result, unread=(WIKIDATA,)), articles
    women = {name: getattr(old.metrics, name) for name in WOMEN}
    rows = {p.user: p for p in old.participants}
    people = tuple(dataclasses.replace(p, about_women=rows[p.user].about_women)
                   if p.user in rows else p for p in result.participants)
    flags = {(a.wiki, a.title): a.about_woman for a in old_articles}
    kept = [dataclasses.replace(a, about_woman=flags.get((a.wiki, a.title))) for a in articles]
    return dataclasses.replace(
        result, metrics=dataclasses.replace(result.metrics, **women), participants=people,
        unread=(WIKIDATA,), stale_since=_since(old, earlier)), kept


def _with_totals(snapshot: Snapshot, earlier: Snapshot | None, wikidata_failed: bool) -> Snapshot:
    """Count the campaign row over current and kept numbers, and say since when they are kept."""
    tallied = [r for r in snapshot.events if r.tallied]
    times = [r.stale_since for r in tallied if r.stale_since is not None]
    metrics = snapshot.metrics
    if any(r.stale_since is not None and not set(r.unread) <= {WIKIDATA} for r in tallied) \
            and all(r.metrics.edits is not None for r in tallied):
        metrics = _totals_from_articles(metrics, snapshot.articles, tallied, wikidata_failed)
    if wikidata_failed:
        old = earlier.metrics if earlier else Metrics()
        if old.about_women is not None and metrics.edits is not None:
            metrics = dataclasses.replace(metrics, **{n: getattr(old, n) for n in WOMEN})
            times.append(earlier.totals_stale_since or earlier.taken_at)   # type: ignore[union-attr]
        else:
            metrics = dataclasses.replace(metrics, **dict.fromkeys(WOMEN))
    since = min(times) if times and metrics.edits is not None else None
    return dataclasses.replace(snapshot, metrics=metrics, totals_stale_since=since)


def _totals_from_articles(base: Metrics, articles: Iterable[Article], tallied: list[EventResult],
                          wikidata_failed: bool) -> Metrics:
    """Count the campaign's distinct pages and users from the article rows, kept ones included.

    The revisions of a kept event are not at hand, so a page counts once with
    its largest event row (edits and bytes); users and languages are distinct.
    """
    pages: dict[tuple[str, str], list[Article]] = {}
    for article in articles:
        pages.setdefault((article.wiki, article.title), []).append(article)
    created = {key for key, rows in pages.items() if any(a.status == "created" for a in rows)}
    improved = set(pages) - created
    women = {} if wikidata_failed else {
        "created_about_women": sum(_woman(pages[k]) is True for k in created),
        "improved_about_women": sum(_woman(pages[k]) is True for k in improved),
        "gender_unknown": sum(_woman(rows) is None for rows in pages.values())}
    return dataclasses.replace(
        base, articles_created=len(created), articles_improved=len(improved),
        edits=sum(max(a.edits for a in rows) for rows in pages.values()),
        bytes_added=sum(max(a.bytes_added for a in rows) for rows in pages.values()),
        active_participants=len({u for a in articles for u in a.users}),
        languages=tuple(sorted({wiki for wiki, _ in pages})),
        edits_reverted=sum(r.metrics.edits_reverted or 0 for r in tallied), **women)


def _woman(rows: list[Article]) -> bool | None:
    """Say whether a page is about a woman, by any of its rows that knows."""
    known = [a.about_woman for a in rows if a.about_woman is not None]
    return known[0] if known else None
