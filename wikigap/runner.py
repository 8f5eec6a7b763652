"""Run tasks by name, once: the code behind `bot.py run` and each scheduled job.

It loads nothing itself; it is given a checked Config, takes the campaign lock,
runs the tasks in order (a failing task does not stop the others), records the
run history and turns the outcomes into an exit status.
"""
from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from wikigap import wiki
from wikigap.config import Config
from wikigap.model import Snapshot
from wikigap.publisher import Publisher
from wikigap.state import State, campaign_lock
from wikigap.views import with_views
from wikigap.viewstore import ViewStore

log = logging.getLogger(__name__)
LOCK_WAIT_SECONDS = 60


class TaskError(Exception):
    """A task could not do its work; the message says what and what to do."""


@dataclass
class Context:
    """What a task needs: the config, the wikis, the publisher and the snapshot."""

    config: Config
    publisher: Publisher
    state: State
    dry_run: bool = False
    echo: Callable[[str], None] = print
    snapshot: Snapshot | None = None
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    errors: list[str] = field(default_factory=list)
    _sites: dict[str, object] = field(default_factory=dict)

    def site(self, name: str):
        """Get (and log in to) the site for a config wiki name or a site spec."""
        spec = self.config.wikis.get(name, name)
        if spec not in self._sites:
            site = wiki.site_for(spec)
            site.login()
            self._sites[spec] = site
        return self._sites[spec]

    def latest_snapshot(self) -> Snapshot:
        """Give this run's snapshot (else the stored one, tallying first when stale) with its views.

        The views are joined on every call (wikigap.views), so a task after
        ``views`` in the same run publishes what that task just read.
        """
        return with_views(self.counted_snapshot(), ViewStore(self.state.db).load())

    def counted_snapshot(self) -> Snapshot:
        """Give this run's snapshot, else the stored one, tallying first when stale."""
        if self.snapshot is None:
            stored = self.state.latest_snapshot(self.config.name)
            max_age = timedelta(minutes=self.config.max_snapshot_age)
            if stored is not None and self.now() - stored.taken_at <= max_age:
                self.snapshot = stored
            else:
                self._tally_first()
        assert self.snapshot is not None
        return self.snapshot

    def _tally_first(self) -> None:
        """Tally now; a tally that stored a snapshot with unknowns still lets the task publish.

        Its error is kept in ``errors`` so the task still ends as failed.
        """
        from tasks import TASKS
        self.echo("snapshot missing or older than max_snapshot_age: running tally first")
        try:
            TASKS["tally"](self)
        except TaskError as err:
            if self.snapshot is None:
                raise
            self.echo(f"tally: {err}")
            self.errors.append(f"tally: {err}")


@dataclass(frozen=True)
class TaskRun:
    name: str
    ok: bool
    message: str
    seconds: float


def make_context(config: Config, state: State, dry_run: bool, echo=print, before_save=None,
                 halt=None) -> Context:
    """Wire a context: account, publisher with the run page, sites on demand."""
    account = wiki.configure_account(config.account)
    holder: dict[str, Context] = {}
    run_page = (config.run_page.wiki, config.run_page.page) if config.run_page else None
    publisher = Publisher(sites=lambda name: holder["ctx"].site(name), edit_api=wiki,
                          account=account, dry_run=dry_run, run_page=run_page, echo=echo,
                          before_save=before_save, halt=halt)
    holder["ctx"] = Context(config=config, publisher=publisher, state=state, dry_run=dry_run, echo=echo)
    return holder["ctx"]


def run_tasks(config: Config, names: list[str], dry_run: bool = False, echo=print,
              lock_wait: float = LOCK_WAIT_SECONDS, before_save=None, halt=None) -> int:
    """Run tasks in order under the campaign lock; return the exit status (0 or 1).

    ``halt`` (the scheduler's stop request) is asked before each write, so a
    SIGTERM ends the run after the write in progress; ``before_save`` lets a
    test act between a read and its save.
    """
    from tasks import TASKS

    lock = nullcontext() if dry_run else campaign_lock(config.state_path, lock_wait, " ".join(names))
    with lock, open_state(config, dry_run) as state:
        ctx = make_context(config, state, dry_run, echo, before_save, halt)
        runs = [run_one(ctx, name, TASKS[name]) for name in names]
        if ctx.publisher.stopped():
            tail = "a real run would write nothing" if dry_run else "nothing was written"
            echo(f"stopped: {ctx.publisher.stopped()}; {tail}")
        counts = ctx.publisher.counts()
        echo("writes: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
        return 0 if all(r.ok for r in runs) else 1


def open_state(config: Config, dry_run: bool) -> State:
    """Open the state; a dry run reads it without changing it, or keeps one in memory."""
    if not dry_run:
        return State(config.state_path)
    if config.state_path.exists():
        return State(config.state_path, read_only=True)
    return State(":memory:")


def run_one(ctx: Context, name: str, task: Callable[[Context], None]) -> TaskRun:
    """Run one task; an exception or a failed write marks it failed, the run goes on."""
    start, before, errors = time.monotonic(), len(ctx.publisher.outcomes), len(ctx.errors)
    requests_before = wiki.REQUESTS.count
    run_id = None if ctx.dry_run else ctx.state.start_run(name)
    ok, message = True, ""
    try:
        task(ctx)
    except Exception as err:
        ok, message = False, str(err) if isinstance(err, TaskError) else f"{type(err).__name__}: {err}"
        log.error("task %s failed", name, exc_info=not isinstance(err, TaskError))
    mine = ctx.publisher.outcomes[before:]
    bad = [str(o) for o in mine if o.kind in ("failed", "conflict")] + ctx.errors[errors:]
    if bad and ok:
        ok, message = False, "; ".join(bad)
    seconds = time.monotonic() - start
    _report(ctx, name, ok, message, mine, seconds)
    if run_id is not None:
        edits: dict[str, int] = {}
        for o in mine:
            edits[o.kind] = edits.get(o.kind, 0) + 1
        problems = _problem_count(ctx) if name == "tally" else 0
        ctx.state.end_run(run_id, "ok" if ok else "failed", edits, problems,
                          wiki.REQUESTS.count - requests_before, message)
    return TaskRun(name, ok, message, seconds)


def _problem_count(ctx: Context) -> int:
    snap = ctx.snapshot
    return 0 if snap is None else len(snap.problems) + sum(len(e.problems) for e in snap.events)


def _report(ctx: Context, name: str, ok: bool, message: str, outcomes, seconds: float) -> None:
    for outcome in outcomes:
        ctx.echo(f"  {outcome}")
    status = "ok" if ok else f"FAILED: {message}"
    ctx.echo(f"task {name}: {status} ({seconds:.1f} s)")
