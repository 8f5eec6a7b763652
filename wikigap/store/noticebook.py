"""The notice record as typed data, and the one state model every notice goes through.

A notice (one kind, event, organizer and key) moves through these states:

- **due**: planned and not (yet) on the talk page; a failed or skipped try
  leaves it due, so the next run tries again;
- **held**: due, but waiting for its event's page views (planned, never stored:
  :func:`wikigap.write.notices.held_notices` says so from the snapshot);
- **posted**: on the talk page (saved, or its marker found there): never again;
- **refused**: the wiki said no to its text (an abuse filter, the spam or title
  list); tried again at most once per UTC date, until it goes through or staff
  ``--resend`` it (a block or a protection leaves it due: they may be lifted
  before the next run, see :mod:`wikigap.run.posting`);
- **resent**: posted again on staff's request (``--resend``).

The state file keeps one row per try (the ``notices`` table, through
:class:`~wikigap.store.state.State`); here each row becomes a
:class:`NoticeRecord` and the rows of one notice its :func:`state`. Tasks ask
a :class:`NoticeBook`, never the rows.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wikigap.outcomes import Kind

if TYPE_CHECKING:
    from wikigap.store.state import State

#: The record's detail of a notice staff asked to post again (--resend).
RESEND = "resend"

Identity = tuple[str, str, str, str]   # (kind, event, organizer, key)


class NoticeState(StrEnum):
    """Where a notice stands; the values are the words ``list`` and ``export`` show."""

    DUE = "due"
    HELD = "held"
    POSTED = "posted"
    REFUSED = "refused"
    RESENT = "resent"


#: The write outcomes that put a notice on its talk page.
ON_THE_PAGE = frozenset({Kind.SAVED, Kind.UNCHANGED})


@dataclass(frozen=True)
class NoticeRecord:
    """One try of one notice, as the state file keeps it."""

    kind: str
    event: str
    organizer: str
    key: str
    at: datetime
    outcome: str
    target: str
    detail: str = ""

    @property
    def identity(self) -> Identity:
        return (self.kind, self.event, self.organizer, self.key)

    @property
    def resend(self) -> bool:
        """Tell whether staff asked for this try (``--resend``)."""
        return self.detail == RESEND or self.detail.startswith(RESEND + ": ")

    @property
    def reason(self) -> str:
        """Why this try did not post (the detail without the resend mark)."""
        return self.detail.removeprefix(RESEND).removeprefix(": ") if self.resend else self.detail

    @property
    def state(self) -> NoticeState:
        """The state this one try leaves the notice in."""
        if self.outcome in ON_THE_PAGE:
            return NoticeState.RESENT if self.resend and self.outcome == Kind.SAVED \
                else NoticeState.POSTED
        if self.outcome == Kind.REFUSED:
            return NoticeState.REFUSED
        return NoticeState.DUE


def record_from(row: Mapping[str, Any]) -> NoticeRecord:
    """Read one row of the ``notices`` table.

    A file of schema version 1 read without migrating (a dry run) keeps the
    reason inside the outcome (``failed: why``); it is split off here, once.
    """
    outcome, detail = str(row["outcome"]), str(row.get("detail") or "")
    if ": " in outcome and not detail:
        outcome, _, detail = outcome.partition(": ")
    return NoticeRecord(row["kind"], row["event"], row["organizer"], row["key"],
                        _when(row["posted_at"]), outcome, row["target"], detail)


def _when(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def state(records: Iterable[NoticeRecord]) -> NoticeState:
    """Give a notice's state from its tries, oldest first: once posted, it stays posted.

    A later refused or failed try (a resend the wiki refused) does not take
    the notice off the talk page it is already on.
    """
    current = NoticeState.DUE
    for record in records:
        new = record.state
        if current in (NoticeState.POSTED, NoticeState.RESENT) and new not in (
                NoticeState.POSTED, NoticeState.RESENT):
            continue
        current = new
    return current


@dataclass(frozen=True)
class Refusal:
    """A notice the wiki refused and has not taken since: for ``list`` and the run's retry rule."""

    record: NoticeRecord

    @property
    def day(self) -> date:
        return self.record.at.astimezone(timezone.utc).date()


class NoticeBook:
    """The notice record of one state file, read and written as :class:`NoticeRecord`."""

    def __init__(self, state: State) -> None:
        self.state = state

    def records(self, kind: str | None = None, event: str | None = None) -> list[NoticeRecord]:
        """Every try, oldest first, optionally of one kind and event."""
        return [record_from(row) for row in self.state.notices(kind=kind, event=event)]

    def by_notice(self, kind: str | None = None,
                  event: str | None = None) -> dict[Identity, list[NoticeRecord]]:
        """Group the tries by notice, each group oldest first."""
        grouped: dict[Identity, list[NoticeRecord]] = {}
        for record in self.records(kind, event):
            grouped.setdefault(record.identity, []).append(record)
        return grouped

    def posted(self, kind: str | None = None, event: str | None = None) -> set[Identity]:
        """The notices on their talk pages (posted, resent, or found there): never posted again."""
        return {identity for identity, tries in self.by_notice(kind, event).items()
                if state(tries) in (NoticeState.POSTED, NoticeState.RESENT)}

    def refused(self, kind: str | None = None, event: str | None = None) -> list[Refusal]:
        """The notices whose last word from the wiki was no, each with its latest refusal."""
        return [Refusal(tries[-1]) for tries in self.by_notice(kind, event).values()
                if state(tries) == NoticeState.REFUSED]

    def waiting(self, today: date, kind: str | None = None,
                event: str | None = None) -> set[Identity]:
        """The notices not to try in this run: posted, or refused already today (UTC).

        An abuse filter or a spam list says the same no to the same text, and
        the Challenge's awards run hourly: one try a day is enough.
        """
        refused_today = {r.record.identity for r in self.refused(kind, event) if r.day == today}
        return self.posted(kind, event) | refused_today

    def record(self, identity: Identity, target: str, outcome: str, at: datetime,
               detail: str = "", resend: bool = False) -> None:
        """Keep one try's outcome (with its reason when it did not post)."""
        if resend:
            detail = RESEND + (f": {detail}" if detail else "")
        kind, event, organizer, key = identity
        self.state.record_notice(kind, event, organizer, key, target, outcome, at, detail)
