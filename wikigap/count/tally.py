"""Count the participants' work per event and for the campaign (pure).

Reads dataclasses only: the registry's events, each event's valid
participants, the revisions the fetcher read with ``list=usercontribs`` and
the pages' state at tally time. Writes nothing; it returns a
:class:`~wikigap.model.Snapshot` that the ``tally`` task stores and the
output tasks render. Runs on every ``tally``.

A revision counts for an event when its user is a participant of the event,
its wiki is one of the event's wikis, its page exists and is not a redirect,
and its timestamp lies in the event window (both ends included; the event's
local days when its registration gives a time zone), unless it
carries one of the excluded change tags (reverted or reverting edits): those
count for nothing and are counted in ``edits_reverted``. A participant is a
new editor of an event when their account was registered from
``new_editor_days`` before its first day to the end of its last day; a page
is about a woman when its Wikidata item says so (:mod:`wikigap.count.wikidata`).
Numbers that cannot be known are None, never 0.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from wikigap.model import (
    REVERT_TAGS,
    Article,
    Event,
    EventResult,
    Metrics,
    PageState,
    ParticipantResult,
    Phrase,
    Problem,
    Revision,
    Snapshot,
    wiki_phrase,
)
from wikigap.read.registrations import local_window

PageKey = tuple[str, int]
Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class TallyInput:
    """Everything one tally needs, gathered so the steps share one argument.

    ``participants`` maps Event.key to the valid (registered) participants;
    ``extra_problems`` holds problems found outside the registry row (sign-up
    lines); ``untallyable`` marks events the reader could not use (missing
    sign-up page, no sign-up section) with the problem that says why;
    ``failed_wikis`` are wikis whose contributions could not be read.
    ``registrations`` maps participants to their account's registration
    time (``wiki.NO_DATE`` for accounts older than MediaWiki's record of
    them; None or absent: could not be read); ``genders`` maps Wikidata item ids to
    :func:`wikigap.count.wikidata.about_woman`, or is None when Wikidata could not
    be read. ``sources`` says per event where each participant signed up (the
    list, a registration, a course), ``event_sources`` which sources each event
    read, ``unnamed`` how many registered participants the registration does
    not name (hidden or vanished accounts).
    """

    campaign: str
    taken_at: datetime
    events: tuple[Event, ...]
    participants: Mapping[str, tuple[str, ...]]
    revisions: tuple[Revision, ...]
    pages: Mapping[PageKey, PageState]
    grace_days: int = 0
    extra_problems: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    untallyable: Mapping[str, Problem] = field(default_factory=dict)
    failed_wikis: frozenset[str] = frozenset()
    registry_problems: tuple[Problem, ...] = ()
    exclude_tags: frozenset[str] = frozenset(REVERT_TAGS)
    new_editor_days: int = 60
    registrations: Mapping[str, datetime | None] | None = None
    genders: Mapping[str, bool | None] | None = None
    sources: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    event_sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    renamed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # key -> new -> old
    unnamed: Mapping[str, int] = field(default_factory=dict)


def event_window(event: Event, grace_days: int) -> Window:
    """Return the event's counting window: first day 00:00 to last day + grace 23:59:59.

    In the event's own time zone when its registration gives one (as UTC
    times), else in UTC.
    """
    if event.first_day is None or event.last_day is None:
        raise ValueError(f"event {event.key!r} has no dates, so it has no window")
    return local_window(event.first_day, event.last_day, event.timezone, grace_days)


def _utc_at(day: date, clock: time) -> datetime:
    """Combine a day and a clock time into an aware UTC datetime."""
    return datetime.combine(day, clock, tzinfo=timezone.utc)


def fetch_plan(events: Iterable[Event], participants: Mapping[str, tuple[str, ...]],
               grace_days: int) -> dict[str, tuple[datetime, datetime, frozenset[str]]]:
    """Say per wiki which users and which span ``usercontribs`` must cover.

    The span is the smallest one holding every window of the events on that
    wiki, so one batched query per wiki serves all of them; events that
    cannot be tallied or have no participants add nothing.
    """
    plan: dict[str, tuple[datetime, datetime, frozenset[str]]] = {}
    for event in events:
        users = frozenset(participants.get(event.key, ()))
        if not event.tallyable or not users:
            continue
        start, end = event_window(event, grace_days)
        for wiki in event.wikis:
            if wiki in plan:
                old_start, old_end, old_users = plan[wiki]
                plan[wiki] = (min(start, old_start), max(end, old_end), old_users | users)
            else:
                plan[wiki] = (start, end, users)
    return plan


@dataclass(frozen=True)
class _Work:
    """One event's revisions: those that count and those left out for their tags."""

    counted: tuple[Revision, ...]
    reverted: tuple[Revision, ...]
    new_users: frozenset[str] | None   # None: registration dates unknown


def tally(data: TallyInput) -> Snapshot:
    """Tally every event and the campaign's distinct totals into a snapshot."""
    revisions = _unique(data.revisions)
    results: list[EventResult] = []
    work_by_event: dict[str, _Work] = {}
    for event in data.events:
        if not _can_tally(event, data):
            results.append(_untallied(event, data))
            continue
        work = _work(event, data, revisions)
        work_by_event[event.key] = work
        results.append(_event_result(event, work, data))
    articles = tuple(article for key, work in work_by_event.items()
                     for article in _articles(key, work.counted, data))
    return Snapshot(
        campaign=data.campaign, taken_at=data.taken_at, events=tuple(results),
        metrics=_campaign_metrics(results, work_by_event, data),
        articles=tuple(sorted(articles, key=lambda a: (a.event, a.wiki, a.title))),
        problems=data.registry_problems)


def _unique(revisions: Iterable[Revision]) -> tuple[Revision, ...]:
    """Drop repeated revisions: one fetched for several user batches is one edit."""
    seen: dict[tuple[str, int], Revision] = {}
    for revision in revisions:
        seen.setdefault((revision.wiki, revision.revid), revision)
    return tuple(seen.values())


def _can_tally(event: Event, data: TallyInput) -> bool:
    """Tell whether the event has what a tally needs and no reader marked it unusable."""
    return event.tallyable and event.key not in data.untallyable


def _problems(event: Event, data: TallyInput) -> tuple[Problem, ...]:
    """Gather the event's problems: its row's, the reader's, and unreadable wikis."""
    found = list(event.problems) + list(data.extra_problems.get(event.key, ()))
    if event.key in data.untallyable:
        found.append(data.untallyable[event.key])
    if _can_tally(event, data):
        found.extend(_wiki_failed(event, wiki) for wiki in _failed(event, data))
    return tuple(found)


def _failed(event: Event, data: TallyInput) -> tuple[str, ...]:
    """List the event's wikis whose contributions could not be read."""
    return tuple(wiki for wiki in event.wikis if wiki in data.failed_wikis)


def _wiki_failed(event: Event, wiki: str) -> Problem:
    """Describe a wiki that could not be read, so the event shows why numbers are missing."""
    return Problem(
        code="wiki-unreadable",
        message=Phrase("wikigapbot-problem-wiki-unreadable", (wiki_phrase(wiki),)),
        fix=Phrase("wikigapbot-fix-wiki-unreadable"),
        event=event.key, page=event.page, subject=wiki)


def _untallied(event: Event, data: TallyInput) -> EventResult:
    """Return the result of an event that cannot be tallied: no numbers, only problems."""
    return EventResult(event=event, metrics=Metrics(), problems=_problems(event, data),
                       tallied=False, sources=tuple(data.event_sources.get(event.key, ())),
                       unnamed=data.unnamed.get(event.key, 0))


def _in_event(event: Event, users: frozenset[str], window: Window,
              pages: Mapping[PageKey, PageState], revision: Revision) -> bool:
    """Tell whether one revision is the event's under the spec's rules (tags aside)."""
    if revision.user not in users or revision.wiki not in event.wikis:
        return False
    page = pages.get((revision.wiki, revision.pageid))
    if page is None or not page.exists or page.redirect:
        return False
    return window[0] <= revision.timestamp <= window[1]


def _work(event: Event, data: TallyInput, revisions: tuple[Revision, ...]) -> _Work:
    """Select the event's revisions, split by the excluded tags, and its new editors."""
    users = frozenset(data.participants.get(event.key, ()))
    window = event_window(event, data.grace_days)
    mine = [r for r in revisions if _in_event(event, users, window, data.pages, r)]
    reverted = tuple(r for r in mine if data.exclude_tags.intersection(r.tags))
    counted = tuple(r for r in mine if not data.exclude_tags.intersection(r.tags))
    return _Work(counted, reverted, _new_users(event, users, data))


def _new_users(event: Event, users: frozenset[str], data: TallyInput) -> frozenset[str] | None:
    """Find the participants registered from new_editor_days before the first day to the last day's end.

    One participant whose date could not be read makes the number unknown.
    """
    dates = data.registrations or {}
    if data.registrations is None or any(dates.get(user) is None for user in users):
        return None
    assert event.first_day is not None and event.last_day is not None
    start = _utc_at(event.first_day, time(0, 0, 0)) - timedelta(days=data.new_editor_days)
    end = _utc_at(event.last_day, time(23, 59, 59))
    return frozenset(user for user in users if start <= dates[user] <= end)  # type: ignore[operator]


def _count(users: frozenset[str] | None) -> int | None:
    return None if users is None else len(users)


def _event_result(event: Event, work: _Work, data: TallyInput) -> EventResult:
    """Build a tallied event's result; unreadable wikis make its totals unknown."""
    signed_up = len(set(data.participants.get(event.key, ())))
    failed = _failed(event, data)
    known = Metrics(signed_up=signed_up, new_editors=_count(work.new_users))
    per_wiki = {wiki: (known if wiki in failed else _metrics(
                    known, [r for r in work.counted if r.wiki == wiki],
                    [r for r in work.reverted if r.wiki == wiki], data))
                for wiki in event.wikis}
    rows: tuple[ParticipantResult, ...] = ()
    if failed:
        metrics = known
    else:
        metrics = _metrics(known, work.counted, work.reverted, data)
        rows = _participant_rows(event.key, data.participants.get(event.key, ()), work, data)
    return EventResult(event=event, metrics=metrics, per_wiki=per_wiki,
                       participants=rows, problems=_problems(event, data),
                       sources=tuple(data.event_sources.get(event.key, ())),
                       unnamed=data.unnamed.get(event.key, 0))


def _created_pages(counted: Iterable[Revision]) -> set[PageKey]:
    """Return the pages whose creating revision is among the counted ones."""
    return {(r.wiki, r.pageid) for r in counted if r.new}


def _metrics(known: Metrics, counted: Iterable[Revision], reverted: Iterable[Revision],
             data: TallyInput) -> Metrics:
    """Compute the spec's metrics over counted revisions; ``known`` holds signed_up and new_editors."""
    counted = list(counted)
    created = _created_pages(counted)
    touched = {(r.wiki, r.pageid) for r in counted}
    return Metrics(
        signed_up=known.signed_up,
        active_participants=len({r.user for r in counted}),
        articles_created=len(created),
        articles_improved=len(touched - created),
        bytes_added=sum(max(r.sizediff, 0) for r in counted),
        edits=len(counted),
        languages=tuple(sorted({r.wiki for r in counted})),
        new_editors=known.new_editors,
        edits_reverted=len(list(reverted)),
        **_women(created, touched - created, data))


def _women(created: set[PageKey], improved: set[PageKey], data: TallyInput) -> dict[str, int]:
    """Count pages about women among created and improved, and those Wikidata cannot place."""
    if data.genders is None:
        return {}
    flags = {page: about_woman(page, data) for page in created | improved}
    return {"created_about_women": sum(flags[p] is True for p in created),
            "improved_about_women": sum(flags[p] is True for p in improved),
            "gender_unknown": sum(flag is None for flag in flags.values())}


def about_woman(page: PageKey, data: TallyInput) -> bool | None:
    """Say whether a page's item is about a woman; None without item, answer or Wikidata."""
    state = data.pages.get(page)
    if data.genders is None or state is None or state.item is None:
        return None
    return data.genders.get(state.item)


def _participant_rows(key: str, users: Iterable[str], work: _Work,
                      data: TallyInput) -> tuple[ParticipantResult, ...]:
    """Give every valid participant a row, zero work included, sorted by name, with their sources."""
    sources, renamed = data.sources.get(key, {}), data.renamed.get(key, {})
    return tuple(dataclasses.replace(
                     _participant_row(user, [r for r in work.counted if r.user == user], work, data),
                     sources=tuple(sources.get(user, ())), renamed_from=renamed.get(user, ""))
                 for user in sorted(set(users)))


def _participant_row(user: str, own: list[Revision], work: _Work,
                     data: TallyInput) -> ParticipantResult:
    """Sum one participant's counted revisions; pages they created are not also improved."""
    created = _created_pages(own)
    touched = {(r.wiki, r.pageid) for r in own}
    women = _women(created, touched - created, data)
    return ParticipantResult(
        user=user, articles_created=len(created),
        articles_improved=len(touched - created),
        bytes_added=sum(max(r.sizediff, 0) for r in own), edits=len(own),
        wikis=tuple(sorted({r.wiki for r in own})),
        about_women=women["created_about_women"] + women["improved_about_women"] if women else None,
        new_editor=None if work.new_users is None else user in work.new_users)


def _articles(key: str, counted: tuple[Revision, ...], data: TallyInput) -> list[Article]:
    """Make one Article per page with counted revisions for the event."""
    by_page: dict[PageKey, list[Revision]] = {}
    for revision in counted:
        by_page.setdefault((revision.wiki, revision.pageid), []).append(revision)
    return [_article(key, page, revs, data) for page, revs in by_page.items()]


def _article(key: str, page: PageKey, revs: list[Revision], data: TallyInput) -> Article:
    """Summarise one page's counted revisions; the title is the page's current one."""
    state = data.pages[page]
    creator = next((r.user for r in revs if r.new), None)
    return Article(
        event=key, wiki=state.wiki, title=state.title,
        status="created" if creator is not None else "improved",
        edits=len(revs), bytes_added=sum(max(r.sizediff, 0) for r in revs),
        users=tuple(sorted({r.user for r in revs})), creator=creator,
        wikidata=state.item, about_woman=about_woman(page, data))


def _campaign_metrics(results: list[EventResult], work_by_event: dict[str, _Work],
                      data: TallyInput) -> Metrics:
    """Count distinct users, revisions and pages across the tallied events."""
    tallied = [result for result in results if result.tallied]
    signed_up = len({user for result in tallied
                     for user in data.participants.get(result.event.key, ())})
    new_sets = [work.new_users for work in work_by_event.values()]
    new_editors = None if any(s is None for s in new_sets) else \
        len(frozenset().union(*new_sets))   # type: ignore[arg-type]
    known = Metrics(signed_up=signed_up, new_editors=new_editors)
    if any(result.metrics.edits is None for result in tallied):
        return known
    counted = _unique(r for work in work_by_event.values() for r in work.counted)
    reverted = _unique(r for work in work_by_event.values() for r in work.reverted)
    return _metrics(known, counted, reverted, data)
