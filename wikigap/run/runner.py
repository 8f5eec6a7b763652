"""Run tasks by name, once: the code behind `bot.py run` and each scheduled job.

It loads nothing itself: it is given a checked Config and the task table
(``tasks.TASKS``, handed in by `bot.py`), takes the campaign lock, runs the
tasks in order (a failing task does not stop the others), records the run
history and returns a :class:`~wikigap.outcomes.RunReport`.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from wikigap.config import Config
from wikigap.outcomes import Kind, RunReport, TaskRun
from wikigap.run.context import Context, NoSnapshot, RunOptions, TaskError
from wikigap.store.lock import campaign_lock
from wikigap.store.state import State
from wikigap.wikis import deadline, wiki
from wikigap.wikis.errors import describe
from wikigap.wikis.redact import REDACTOR
from wikigap.wikis.sites import Wikis
from wikigap.write.publisher import PageEdit, Publisher

log = logging.getLogger(__name__)
LOCK_WAIT_SECONDS = 60

Task = Callable[[Context], None]
TaskTable = Mapping[str, Task]
#: The task that makes a snapshot; publishing tasks run it first when theirs is stale.
REFRESH_TASK = "tally"


class Interrupted(Exception):
    """Ctrl-C (SIGINT) ended the run; the message says how far it got, in one line.

    The task in progress is recorded as interrupted in the run history; what
    was written is kept (notices by their marker), so running again finishes.
    """


@dataclass(frozen=True)
class RunHooks:
    """How a run talks to its caller; the defaults are `bot.py run`'s.

    ``echo`` takes the output lines; ``halt`` (the scheduler's stop request)
    is asked before each write, so a SIGTERM ends the run after the write in
    progress; ``on_wait`` is told once when the run has to wait for the lock
    (default: ``echo``), at most ``lock_wait`` seconds; ``before_save`` lets a
    test act between a read and its save, as a person editing then would.
    """

    echo: Callable[[str], None] = print
    halt: Callable[[], bool] | None = None
    on_wait: Callable[[str], None] | None = None
    lock_wait: float = LOCK_WAIT_SECONDS
    before_save: Callable[[PageEdit], None] | None = None


def make_context(config: Config, state: State, dry_run: bool, hooks: RunHooks,
                 options: RunOptions, patience: deadline.Patience,
                 storing: Callable[..., AbstractContextManager] = nullcontext) -> Context:
    """Wire a context: account, wikis on demand, publisher with the run page."""
    wiki.configure_account(config.account)
    wikis = Wikis(config)
    run_page = (config.run_page.wiki, config.run_page.page) if config.run_page else None
    publisher = Publisher(wikis=wikis.get, dry_run=dry_run, run_page=run_page, echo=hooks.echo,
                          before_save=hooks.before_save, halt=hooks.halt,
                          conflict_retries=config.conflict_retries)
    return Context(config=config, wikis=wikis, publisher=publisher, state=state,
                   dry_run=dry_run, echo=hooks.echo, options=options, patience=patience,
                   storing=storing)


def run_tasks(config: Config, names: list[str], tasks: TaskTable, dry_run: bool = False,
              options: RunOptions | None = None, hooks: RunHooks | None = None) -> RunReport:
    """Run tasks in order under the campaign lock, within ``max_run_minutes``; report each.

    A run of tasks that lock only while storing (``views``) takes the lock
    around each store instead.
    """
    hooks = hooks or RunHooks()
    on_wait = hooks.echo if hooks.on_wait is None else hooks.on_wait

    def lock_for(wait: bool = True) -> AbstractContextManager:
        """The campaign lock; without ``wait``, LockBusy at once when another run holds it."""
        return campaign_lock(config.state_ref, hooks.lock_wait if wait else 0, " ".join(names),
                             on_wait if wait else None)

    alone = all(getattr(tasks[name], "locks_while_storing", False) for name in names)
    lock = nullcontext() if dry_run or alone else lock_for()
    patience = deadline.Patience(config.max_run_minutes)
    with lock, wiki.simulated(dry_run), deadline.bounded(patience), \
            State.for_run(config.state_ref, dry_run) as state:
        ctx = make_context(config, state, dry_run, hooks, options or RunOptions(), patience,
                           lock_for if alone and not dry_run else nullcontext)
        runs = tuple(run_one(ctx, name, tasks[name]) for name in names)
        report = RunReport(runs, ctx.publisher.stopped(), dry_run)
        echo_summary(report, hooks.echo)
        return report


def echo_summary(report: RunReport, echo: Callable[[str], None]) -> None:
    """Print why writing stopped (if it did) and the writes counted by kind."""
    if report.stopped:
        tail = "a real run would write nothing" if report.dry_run else "nothing was written"
        echo(f"stopped: {report.stopped}; {tail}")
    counts = report.counts()
    echo("writes: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))


def run_one(ctx: Context, name: str, task: Task) -> TaskRun:
    """Run one task; an exception or a failed write marks it failed, the run goes on.

    A task that finds no snapshot after this run's failed tally is skipped,
    not failed again; Ctrl-C records the task as interrupted and raises
    :class:`Interrupted`, which ends the run.
    """
    start, before, errors = time.monotonic(), len(ctx.publisher.outcomes), len(ctx.run.errors)
    requests_before = wiki.REQUESTS.count
    run_id = ctx.state.start_run(name)
    ok, skipped, message = True, False, ""
    ctx.run.expected = None
    if name == REFRESH_TASK:
        ctx.run.tallied = True
    try:
        task(ctx)
    except KeyboardInterrupt:
        raise _interrupted(ctx, name, run_id, before, requests_before) from None
    except NoSnapshot as err:
        ok, skipped, message = False, True, str(err)
    except Exception as err:
        ok = False
        message = REDACTOR.redact(str(err)) if isinstance(err, TaskError) else describe(err)
        log.error("task %s failed", name, exc_info=not isinstance(err, TaskError))
    mine = tuple(ctx.publisher.outcomes[before:])
    failed_writes = [o for o in mine if o.kind.bad]
    shown = message
    if (failed_writes or ctx.run.errors[errors:]) and ok:
        ok = False
        message = "; ".join([str(o) for o in failed_writes] + ctx.run.errors[errors:])
        shown = "; ".join(([f"{len(failed_writes)} write(s) did not succeed (above)"]
                           if failed_writes else []) + ctx.run.errors[errors:])
    problems = _problem_count(ctx) if name == REFRESH_TASK else 0
    run = TaskRun(name, ok, message, time.monotonic() - start, mine,
                  wiki.REQUESTS.count - requests_before, problems, skipped)
    _report(ctx, run, shown)
    status = "skipped" if skipped else "ok" if ok else "failed"
    ctx.state.end_run(run_id, status, run.counts(), run.problems, run.requests, message)
    return run


def _interrupted(ctx: Context, name: str, run_id: int, before: int, requests_before: int
                 ) -> Interrupted:
    """Record the task as interrupted, with what it wrote; give the error that ends the run."""
    mine = tuple(ctx.publisher.outcomes[before:])
    text = interrupted_text(name, mine, ctx.run.expected)
    ctx.state.end_run(run_id, "interrupted", TaskRun(name, False, text, 0, mine).counts(), 0,
                      wiki.REQUESTS.count - requests_before, text)
    return Interrupted(text)


def interrupted_text(name: str, outcomes, expected: tuple[int, str] | None) -> str:
    """Say in one line how far an interrupted task got: ``1 of 2 notices posted``."""
    saved = sum(o.kind == Kind.SAVED for o in outcomes)
    if expected is not None:
        total, noun = expected
        verb = "posted" if noun == "notices" else "written"
        return f"{min(saved, total)} of {total} {noun} {verb}"
    return f"during {name}, " + (f"{saved} write(s) saved" if saved else "nothing written")


def _problem_count(ctx: Context) -> int:
    snap = ctx.run.snapshot
    return 0 if snap is None else len(snap.problems) + sum(len(e.problems) for e in snap.events)


def _report(ctx: Context, run: TaskRun, shown: str) -> None:
    """Print the task's one closing line; its writes were printed as they happened."""
    status = f"skipped ({shown})" if run.skipped else "ok" if run.ok else f"FAILED: {shown}"
    ctx.echo(f"task {run.name}: {status} ({run.seconds:.1f} s)")
