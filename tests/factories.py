"""Small hand-made model objects for tests: sensible defaults, override what a test is about."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from wikigap.model import (Event, EventResult, Metrics, ParticipantResult, Phrase, Problem,
                           Snapshot)

TAKEN_AT = datetime(2021, 7, 14, 6, 0, tzinfo=timezone.utc)

HOSTILE = (
    "}}", "{{subst:CURRENTYEAR}}", "[[Category:Spam]]", "[[", "]]", "|", "a || b",
    "<!-- x", "~~~~", "__NOTOC__", "<ref>x</ref>", "!bang", "-minus", "*star", "#hash",
    "=head=", "{|", "|}", "|-", "'''bold'''", "http://example.org", "&lt;b&gt;", "a\nb",
    "[http://x y]", "<nowiki>", "{{{1}}}", ":colon", ";semi", "+plus", "x'",
)


#: The registry row's name for an event in the default problem: "the event on line 3".
ON_LINE_3 = Phrase("wikigapbot-problem-event-on-line", ("3",))


def problem(**overrides: Any) -> Problem:
    """Build a Problem (an unreadable date by default, in message keys as the readers write it)."""
    values: dict[str, Any] = dict(
        code="date-unreadable",
        message=Phrase("wikigapbot-problem-date", (ON_LINE_3, "3", "WikiGap/2021/Events",
                                                   Phrase("wikigapbot-date-not-a-date",
                                                          ('"soon"',)))),
        fix=Phrase("wikigapbot-fix-date", (Phrase("wikigapbot-date-example"), ON_LINE_3,
                                           "WikiGap/2021/Events")))
    values.update(overrides)
    return Problem(**values)


def event(**overrides: Any) -> Event:
    """Build an Event (Stockholm, 8–14 March 2021, sv and en) with overrides."""
    values: dict[str, Any] = dict(
        page="WikiGap/2021/Stockholm", label="WikiGap Stockholm", country="Sweden",
        city="Stockholm", first_day=date(2021, 3, 8), last_day=date(2021, 3, 14),
        wikis=("sv", "en"), organizers=("Anna",), row=3)
    values.update(overrides)
    return Event(**values)


def metrics(**overrides: Any) -> Metrics:
    """Build Metrics with every value known."""
    values: dict[str, Any] = dict(signed_up=25, active_participants=12, articles_created=40,
                                  articles_improved=17, bytes_added=123456, edits=300,
                                  languages=("en", "sv"), views=1234567, new_editors=6,
                                  edits_reverted=4, created_about_women=30,
                                  improved_about_women=9, gender_unknown=5)
    values.update(overrides)
    return Metrics(**values)


def participant(user: str = "Anna", **overrides: Any) -> ParticipantResult:
    """Build one participant's result."""
    values: dict[str, Any] = dict(user=user, articles_created=3, articles_improved=2,
                                  bytes_added=12345, edits=20, wikis=("sv",), views=4321,
                                  about_women=4, new_editor=True)
    values.update(overrides)
    return ParticipantResult(**values)


def result(ev: Event | None = None, **overrides: Any) -> EventResult:
    """Build a tallied EventResult for ``ev`` (the default event when None)."""
    values: dict[str, Any] = dict(event=ev or event(), metrics=metrics(),
                                  participants=(participant("Anna"), participant("Björn")))
    values.update(overrides)
    return EventResult(**values)


def untallied(ev: Event | None = None, *problems: Problem) -> EventResult:
    """Build an EventResult that could not be tallied: no numbers, its problems."""
    return EventResult(event=ev or event(), metrics=Metrics(),
                       problems=problems or (problem(),), tallied=False)


def snapshot(*events: EventResult, **overrides: Any) -> Snapshot:
    """Build a Snapshot of ``events`` (three varied events when none are given)."""
    values: dict[str, Any] = dict(campaign="WikiGap 2021", taken_at=TAKEN_AT,
                                  events=events or default_events(), metrics=metrics())
    values.update(overrides)
    return Snapshot(**values)


def default_events() -> tuple[EventResult, ...]:
    """Give three events: tallied, not tallied, and one with an unknown count."""
    brazil = event(page="WikiGap/2021/Brazil", label="WikiGap Brasil", country="Brazil",
                   city="Online", first_day=date(2021, 3, 8), last_day=date(2021, 4, 8),
                   wikis=("pt",))
    nairobi = event(page="WikiGap 2021 Nairobi Kenya", label="WikiGap Nairobi",
                    country="Kenya", city="Nairobi", first_day=None, last_day=None,
                    wikis=("en", "sw"))
    return (
        result(brazil, metrics=metrics(signed_up=1200, bytes_added=None)),
        untallied(nairobi),
        result(),
    )
