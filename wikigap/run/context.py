"""What a task is given to do its work, and the error a task raises when it cannot.

A task is a function of a :class:`Context`. The runner builds the context; the
task reads the wikis through ``ctx.wikis`` (adapters, never pywikibot objects),
writes only through ``ctx.publisher`` and keeps data in ``ctx.state``.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from wikigap.config import Config
from wikigap.count.views import with_views
from wikigap.model import EventResult, Snapshot
from wikigap.store.state import State
from wikigap.wikis.deadline import Patience
from wikigap.wikis.sites import Wikis
from wikigap.write.publisher import Publisher


class TaskError(Exception):
    """A task could not do its work; the message says what and what to do."""


@dataclass(frozen=True)
class Resend:
    """A notice staff asked to post again on purpose: its kind and its event's page."""

    event: str
    kind: str


@dataclass(frozen=True)
class RunOptions:
    """What staff asked of this run beyond its tasks (``bot.py run`` options).

    ``accept_fewer_events`` lets the tally publish a registry that shrank by
    more than half (wikigap.count.guard); ``event`` limits the writes to one
    event's (its sign-up page's table, its notices); ``resend`` makes
    ``notify`` post one event's notices again, and nothing else.
    """

    accept_fewer_events: bool = False
    event: str | None = None
    resend: Resend | None = None

class NoSnapshot(TaskError):
    """The tally of this run made no snapshot, so a publishing task has nothing to publish.

    The runner shows the task as skipped (the tally's own line says why), so
    one failure of `run all` is printed once, not once per task after it.
    """


def locks_while_storing(task: Callable[[Context], None]) -> Callable[[Context], None]:
    """Mark a task that holds the campaign lock only while it stores (``views``).

    Run alone, such a task reads without the lock, so the hourly tally and the
    publishing tasks run beside it; it wraps each store in ``ctx.storing()``
    (``ctx.storing(False)`` raises LockBusy at once instead of waiting).
    """
    task.locks_while_storing = True   # type: ignore[attr-defined]
    return task


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Context:
    """What a task needs: the config, the wikis, the publisher, the state and the snapshot.

    ``refresh`` is the task that makes a new snapshot (the tally); the runner
    hands it in, so publishing tasks can ask for a fresh snapshot without
    this module knowing the task list. ``patience`` is the run's bound on
    every service (wikigap.wikis.deadline); ``storing`` holds the campaign
    lock around a store when the run does not hold it throughout.
    """

    config: Config
    wikis: Wikis
    publisher: Publisher
    state: State
    dry_run: bool = False
    echo: Callable[[str], None] = print
    refresh: Callable[[Context], None] | None = None
    snapshot: Snapshot | None = None
    now: Callable[[], datetime] = utc_now
    errors: list[str] = field(default_factory=list)
    options: RunOptions = field(default_factory=RunOptions)

    def chosen_event(self, snapshot: Snapshot) -> EventResult | None:
        """Give the one event ``--event`` names (None without it); unknown is an error."""
        if self.options.event is None:
            return None
        found = snapshot.find(self.options.event)
        if found is None:
            known = ", ".join(f"[[{r.event.key}]]" for r in snapshot.events[:5])
            raise TaskError(f"--event: no event [[{self.options.event}]] in the latest snapshot "
                            f"(it has {len(snapshot.events)}: {known}"
                            f"{', …' if len(snapshot.events) > 5 else ''}); give the event's "
                            "page as the registry links it, or its name as the tables show it")
        return found
    tallied: bool = False        # the refresh task already ran in this run
    expected: tuple[int, str] | None = None   # (how many, of what) the task means to post

    def expect(self, count: int, noun: str) -> None:
        """Say how many writes the task is about to make, so an interrupt can say how far it got."""
        self.expected = (count, noun)
    patience: Patience = field(default_factory=lambda: Patience(None))
    storing: Callable[..., AbstractContextManager] = nullcontext   # (wait=True)

    def latest_snapshot(self) -> Snapshot:
        """Give this run's snapshot (else the stored one, tallying first when stale) with its views.

        The views are joined on every call (wikigap.count.views), so a task after
        ``views`` in the same run publishes what that task just read.
        """
        return with_views(self.counted_snapshot(), self.state.view_store().load())

    def counted_snapshot(self) -> Snapshot:
        """Give this run's snapshot, else the stored one, tallying first when stale."""
        if self.snapshot is None:
            stored = self.state.latest_snapshot(self.config.name)
            max_age = timedelta(minutes=self.config.max_snapshot_age)
            if stored is not None and self.now() - stored.taken_at <= max_age:
                self.snapshot = stored
            elif self.tallied:
                raise NoSnapshot("no snapshot: this run's tally made none, see above")
            else:
                self._refresh_first()
        if self.snapshot is None:
            raise TaskError("no snapshot could be made; run 'bot.py run tally' and read its errors")
        return self.snapshot

    def _refresh_first(self) -> None:
        """Tally now; a tally that stored a snapshot with unknowns still lets the task publish.

        Its error is kept in ``errors`` so the task still ends as failed.
        """
        if self.refresh is None:
            raise TaskError("the snapshot is missing or stale and this run has no tally task")
        self.echo("snapshot missing or older than max_snapshot_age: running tally first")
        self.tallied = True
        try:
            with self.storing():
                self.refresh(self)
        except TaskError as err:
            if self.snapshot is None:
                raise
            self.echo(f"tally: {err}")
            self.errors.append(f"tally: {err}")
