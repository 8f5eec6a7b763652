"""Read the events' registrations and Dashboard courses: participants, days, languages, organizers.

A registry row (or an umbrella page's child) may name, besides its sign-up
page's wikitext list, an event registration (the row's ``Event:`` page, or
its Registration column) and Dashboard courses (its Dashboard column, or the
registration's ``wikimedia-pe-dashboard`` tracking tool). This step reads
them, fills what the row leaves empty (days in the event's own time zone,
languages from ``wikis``, organizers, country, name) and returns each
source's participants; :func:`wikigap.count.gather.read_signups` makes the
union. Anything unreadable is a :class:`~wikigap.model.Problem` and makes
that event's participants unknown, never 0.

Requests, counted in :attr:`Sources.requests`: one page view per event whose
id the row does not give, one ``GET`` per registration, ⌈participants/20⌉ + 1
participant pages, organizer pages only for rows that name no organizer,
one ``users.json`` per course and its ``course.json`` only when no days are given.
"""
from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wikigap.model import SIGNUP_LIST, Event, Phrase, Problem
from wikigap.read.registrations import Registration, wiki_languages
from wikigap.read.registry import registered
from wikigap.wikis import campaignevents, dashboard
from wikigap.wikis.campaignevents import RestRefused
from wikigap.wikis.errors import WikiError

if TYPE_CHECKING:
    from wikigap.wikis.wiki import Wiki

log = logging.getLogger(__name__)
LIST = SIGNUP_LIST


def registration_source(event_id: int) -> str:
    """Name a registration as a participant's source (export, tables)."""
    return f"registration {event_id}"


def course_source(slug: str) -> str:
    """Name a Dashboard course as a participant's source."""
    return f"course {slug}"


@dataclass
class Sources:
    """What the registrations and courses gave: completed events, people per source, problems."""

    events: tuple[Event, ...] = ()
    people: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    untallyable: dict[str, Problem] = field(default_factory=dict)
    unnamed: dict[str, int] = field(default_factory=dict)
    private: set[str] = field(default_factory=set)   # events whose registration hides private people
    requests: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)  # reads that failed (5xx, no answer): try again

    def has_sources(self, key: str) -> bool:
        """Tell whether an event has participants from a registration or a course."""
        return key in self.people


class _Reader:
    """Read one campaign's registrations and courses, event by event."""

    def __init__(self, wiki: Wiki, dashboard_url: str, echo: Callable[[str], None]) -> None:
        self.wiki, self.dashboard_url, self.echo = wiki, dashboard_url, echo
        self.out = Sources()

    def event(self, event: Event) -> Event:
        """Read the event's registration and courses; return it completed."""
        key = event.key
        courses = [event.course] if event.course else []
        if event.registration is not None or event.is_event_page:
            found = self._registration(event)
            if found is None:
                return event
            event, courses = self._complete(event, found), courses + list(found.courses)
            if key in self.out.untallyable:
                return event
        for slug in dict.fromkeys(courses):
            event = self._course(event, key, slug)
        return event

    def problem(self, event: Event, code: str, message: Phrase, fix: Phrase, blocking: bool,
                 subject: str = "") -> None:
        """Record a problem of the event; a blocking one makes its participants unknown."""
        problem = Problem(code, message, fix, event.key, event.page, None,
                          subject=subject or event.page or event.label)
        if blocking:
            self.out.untallyable.setdefault(event.key, problem)
        else:
            self.out.problems.setdefault(event.key, []).append(problem)

    def _registration(self, event: Event) -> Registration | None:
        """Find the registration id, read it and its participants; None when unusable."""
        event_id, from_page = event.registration, event.registration is None
        try:
            if event_id is None:
                assert event.page, "read for a registration id or an Event: page only"
                self.out.requests["page views"] += 1
                event_id = campaignevents.event_id_of_page(self.wiki, event.page)
                if event_id is None:
                    self._no_id(event)
                    return None
            self.out.requests["registrations"] += 1
            found = campaignevents.registration(self.wiki, event_id)
        except WikiError as err:
            self._unreadable(event, event_id, err)
            return None
        if (from_page or event.is_event_page) and found.event_page != event.page:
            self._other_page(event, found)
            return None
        if found.is_test_event:
            self.problem(event, "registration-test-event",
                         Phrase("wikigapbot-problem-registration-test-event",
                                (str(found.id), found.name)),
                         Phrase("wikigapbot-fix-registration-test-event"), blocking=True)
            return found
        return found if self._participants(event, found) else None

    def _participants(self, event: Event, found: Registration) -> bool:
        try:
            people = campaignevents.participants(self.wiki, found.id)
        except WikiError as err:
            self._unreadable(event, found.id, err)
            return False
        self.out.requests["participant pages"] += people.requests
        self.out.people.setdefault(event.key, {})[registration_source(found.id)] = people.names
        self.out.unnamed[event.key] = self.out.unnamed.get(event.key, 0) + people.unnamed
        if people.private:
            self.out.private.add(event.key)
        self.echo(f"  registration {found.id}: {len(people.names)} participants"
                  + (f", {people.unnamed} not shown (hidden or gone)" if people.unnamed else "")
                  + f", {people.requests} pages")
        return True

    def _no_id(self, event: Event) -> None:
        self.problem(event, "registration-not-found",
                     Phrase("wikigapbot-problem-registration-not-found", (str(event.page),)),
                     Phrase("wikigapbot-fix-registration-not-found", (str(event.page),)),
                     blocking=True)

    def _unreadable(self, event: Event, event_id: int | None, err: WikiError) -> None:
        """Make a refused or failed read a problem; the event's participants stay unknown."""
        status = err.status if isinstance(err, RestRefused) else None
        key = err.key if isinstance(err, RestRefused) else ""
        what, name = f"registration {event_id}", event.label or event.key
        if status == 404:
            message = Phrase("wikigapbot-problem-registration-deleted"
                             if key.endswith("-deleted")
                             else "wikigapbot-problem-registration-missing", (str(event_id), name))
            fix = Phrase("wikigapbot-fix-registration-missing")
        elif status == 403:
            message = Phrase("wikigapbot-problem-registration-forbidden", (str(event_id),))
            fix = Phrase("wikigapbot-fix-registration-forbidden")
        else:
            message = Phrase("wikigapbot-problem-registration-unreadable",
                             (str(event_id), str(err), name))
            fix = Phrase("wikigapbot-fix-wiki-unreadable")
        log.error("%s: %s", what, err)
        self.echo(f"  {what}: FAILED ({err})")
        codes: dict[int | None, str] = {404: "registration-missing", 403: "registration-forbidden"}
        code = codes.get(status, "registration-unreadable")
        if code == "registration-unreadable":
            self.out.failed.append(what)
        self.problem(event, code, message, fix, blocking=True, subject=what)

    def _other_page(self, event: Event, found: Registration) -> None:
        self.problem(event, "registration-other-page",
                     Phrase("wikigapbot-problem-registration-other-page",
                            (str(found.id), str(found.event_page), str(event.page))),
                     Phrase("wikigapbot-fix-registration-other-page",
                            (str(found.event_page), str(event.page))), blocking=True)

    def _complete(self, event: Event, found: Registration) -> Event:
        """Fill what the row leaves empty from the registration; differing days are a problem."""
        changes: dict = {"registration": found.id, "timezone": found.timezone}
        if event.first_day is None:
            changes.update(first_day=found.first_day, last_day=found.last_day)
        elif (event.first_day, event.last_day) != (found.first_day, found.last_day):
            self.problem(event, "registration-dates-differ",
                         Phrase("wikigapbot-problem-registration-dates-differ",
                                (str(event.first_day), str(event.last_day), event.label,
                                 str(found.first_day), str(found.last_day),
                                 found.timezone or "UTC")),
                         Phrase("wikigapbot-fix-registration-dates-differ"), blocking=False)
        if not event.wikis:
            changes["wikis"] = self._languages(event, found)
        if not event.organizers:
            changes["organizers"] = self._organizers(found)
        if not event.country and not event.city:
            changes.update(country_code=found.country_code, country=found.country,
                           city=found.address if found.in_person else "",
                           online=found.online and not found.in_person)
        label = event.label
        if not label or label in (event.page, (event.page or "").partition(":")[2].strip()):
            changes["label"] = found.name or label
        return dataclasses.replace(event, **changes)

    def _languages(self, event: Event, found: Registration) -> tuple[str, ...]:
        codes, others = wiki_languages(found.wikis or ())
        if not codes:
            given = (", ".join(found.wikis) if found.wikis
                     else Phrase("wikigapbot-notice-results-no-wikis"))
            self.problem(event, "registration-no-language",
                         Phrase("wikigapbot-problem-registration-no-language",
                                (str(found.id), given, event.label or event.key)),
                         Phrase("wikigapbot-fix-registration-no-language"), blocking=True)
        elif others:
            self.problem(event, "registration-other-wikis",
                         Phrase("wikigapbot-problem-registration-other-wikis",
                                (str(found.id), ", ".join(others))),
                         Phrase("wikigapbot-fix-nothing"), blocking=False)
        return codes

    def _organizers(self, found: Registration) -> tuple[str, ...]:
        try:
            self.out.requests["organizer pages"] += 1
            return campaignevents.organizers(self.wiki, found.id)
        except WikiError as err:   # notices go to no organizer; the numbers stand
            log.warning("organizers of registration %s: %s", found.id, err)
            return ()

    def _course(self, event: Event, key: str, slug: str) -> Event:
        """Read one course's participants, and its days when the event has none."""
        try:
            self.out.requests["courses"] += 1
            names = dashboard.users(self.dashboard_url, slug)
            if event.first_day is None:
                self.out.requests["course dates"] += 1
                first, last = dashboard.days(self.dashboard_url, slug)
                event = dataclasses.replace(event, first_day=first, last_day=last)
        except WikiError as err:
            self._course_failed(event, slug, err)
            return event
        self.out.people.setdefault(key, {})[course_source(slug)] = names
        self.echo(f"  course {slug}: {len(names)} participants")
        return event

    def _course_failed(self, event: Event, slug: str, err: WikiError) -> None:
        status = err.status if isinstance(err, RestRefused) else None
        log.error("course %s: %s", slug, err)
        self.echo(f"  course {slug}: FAILED ({err})")
        if status == 404:
            message = Phrase("wikigapbot-problem-course-missing", (slug, event.label or event.key))
            fix = Phrase("wikigapbot-fix-course-missing")
        else:
            message = Phrase("wikigapbot-problem-course-unreadable", (slug, str(err)))
            fix = Phrase("wikigapbot-fix-wiki-unreadable")
            self.out.failed.append(f"course {slug}")
        self.problem(event, "course-unreadable" if status != 404 else "course-missing",
                      message, fix, blocking=True, subject=f"course {slug}")


def read_sources(wiki: Wiki, events: tuple[Event, ...], dashboard_url: str,
                 echo: Callable[[str], None]) -> Sources:
    """Read every event's registration and courses; the events come back completed."""
    reader = _Reader(wiki, dashboard_url, echo)
    reader.out.events = tuple(reader.event(event) for event in events)
    for event in reader.out.events:
        if event.key in reader.out.untallyable or not registered(event):
            continue
        if event.first_day is None:
            reader.problem(event, "date-missing",
                           Phrase("wikigapbot-problem-sources-no-date",
                                  (event.label or event.key,)),
                           Phrase("wikigapbot-fix-sources-no-date"), blocking=True)
        elif not event.wikis:
            reader.problem(event, "language-none",
                           Phrase("wikigapbot-problem-sources-no-language",
                                  (event.label or event.key,)),
                           Phrase("wikigapbot-fix-sources-no-language"), blocking=True)
    return reader.out


def requests_line(sources: Sources) -> str:
    """Say how many requests the registrations and courses cost, for the tally's summary."""
    if not sources.requests:
        return ""
    parts = [f"{n} {kind}" for kind, n in sorted(sources.requests.items()) if n]
    return "registrations and courses: " + ", ".join(parts)
