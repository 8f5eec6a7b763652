"""What a task is given to do its work, and the error a task raises when it cannot.

A task is a function of a :class:`Context`. The runner builds the context; the
task reads the wikis through ``ctx.wikis`` (adapters, never pywikibot objects),
writes only through ``ctx.publisher`` and keeps data in ``ctx.state``.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wikigap.config import Config
from wikigap.count.views import with_views
from wikigap.model import EventResult, Snapshot, utc_now
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


@dataclass
class RunState:
    """What a run learns as it goes, kept beside the fixed :class:`Context`.

    ``snapshot`` is this run's tally (or the stored one a task used);
    ``tallied`` says the tally already ran in this run; ``expected`` is
    (how many, of what) the task in progress means to post, for an
    interrupt's line; ``errors`` are a tally's, run first for a publishing
    task, which still make that task fail.
    """

    snapshot: Snapshot | None = None
    tallied: bool = False
    expected: tuple[int, str] | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What a task is given: the config, the wikis, the publisher, the state, the run's state.

    It does not change during a run; what the run learns is in ``run``.
    ``patience`` is the run's bound on every service
    (wikigap.wikis.deadline); ``storing`` holds the campaign lock around a
    store when the run does not hold it throughout. A publishing task that
    needs a fresh snapshot names the task that makes one (the tally) when it
    asks: :meth:`latest_snapshot`.
    """

    config: Config
    wikis: Wikis
    publisher: Publisher
    state: State
    dry_run: bool = False
    echo: Callable[[str], None] = print
    now: Callable[[], datetime] = utc_now
    options: RunOptions = field(default_factory=RunOptions)
    patience: Patience = field(default_factory=lambda: Patience(None))
    storing: Callable[..., AbstractContextManager] = nullcontext   # (wait=True)
    run: RunState = field(default_factory=RunState)

    def chosen_event(self, snapshot: Snapshot) -> EventResult | None:
        """Give the one event ``--event`` names (None without it); unknown is an error."""
        if self.options.event is None:
            return None
        found = snapshot.find(self.options.event)
        if found is None:
            known = ", ".join(f"[[{r.event.key}]]" for r in snapshot.events[:5])
            raise TaskError(f"--event: no event [[{self.options.event}]] in the latest snapshot "
                            f"(it has {len(snapshot.events)}: {known}"
                            f"{', …' if len(snapshot.events) > 5 else ''}); give the sign-up "
                            "page's title as the registry links it")
        return found

    def expect(self, count: int, noun: str) -> None:
        """Say how many writes the task is about to make, so an interrupt can say how far it got."""
        self.run.expected = (count, noun)

    def latest_snapshot(self, refresh: Callable[[Context], None]) -> Snapshot:
        """Give this run's snapshot (else the stored one, running ``refresh`` first when it is
        stale) with its views.

        The views are joined on every call (wikigap.count.views), so a task after
        ``views`` in the same run publishes what that task just read.
        """
        return with_views(self.counted_snapshot(refresh), self.state.view_store().load())

    def counted_snapshot(self, refresh: Callable[[Context], None]) -> Snapshot:
        """Give this run's snapshot, else the stored one, running ``refresh`` (the tally) first
        when it is stale."""
        run = self.run
        if run.snapshot is None:
            stored = self.state.latest_snapshot(self.config.name)
            max_age = timedelta(minutes=self.config.max_snapshot_age)
            if stored is not None and self.now() - stored.taken_at <= max_age:
                run.snapshot = stored
            elif run.tallied:
                raise NoSnapshot("no snapshot: this run's tally made none, see above")
            else:
                self._refresh_first(refresh)
        if run.snapshot is None:
            raise TaskError("no snapshot could be made; run 'bot.py run tally' and read its errors")
        return run.snapshot

    def _refresh_first(self, refresh: Callable[[Context], None]) -> None:
        """Tally now; a tally that stored a snapshot with unknowns still lets the task publish.

        Its error is kept in ``run.errors`` so the task still ends as failed.
        """
        self.echo("snapshot missing or older than max_snapshot_age: running tally first")
        self.run.tallied = True
        try:
            with self.storing():
                refresh(self)
        except TaskError as err:
            if self.run.snapshot is None:
                raise
            self.echo(f"tally: {err}")
            self.run.errors.append(f"tally: {err}")
