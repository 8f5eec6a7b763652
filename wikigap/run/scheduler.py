"""Run the campaign's tasks on its crontabs until stopped: `bot.py schedule`.

Reads the config's ``schedule`` (task -> five-field crontab, UTC). Each job
runs the very code of `bot.py run TASK` (:func:`wikigap.run.runner.run_tasks`),
so a scheduled run records its history, takes the campaign lock and, when
the snapshot is older than ``max_snapshot_age``, tallies first. A job that
fails is logged with its traceback and recorded; the scheduler carries on.

SIGTERM or SIGINT stops new jobs and waits for the one in progress, so no
write is cut in half; then :func:`serve` returns 0. This is the in-process
alternative to Toolforge's jobs framework (``jobs.yaml``), not an addition.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Mapping
from datetime import timezone

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from wikigap.config import Config, ConfigError
from wikigap.cron import switching_trigger
from wikigap.run import runner
from wikigap.run.runner import TaskTable
from wikigap.store.engine import locate
from wikigap.store.lock import LockBusy
from wikigap.store.state import State

log = logging.getLogger(__name__)

#: A job that starts late (busy machine, long tally) still runs within this;
#: APScheduler's default of one second would skip it without a word.
MISFIRE_GRACE_SECONDS = 15 * 60
#: How long a scheduled job waits for a manual run (or another job) to finish.
LOCK_WAIT_SECONDS = 15 * 60
#: Slice of that wait, so a stop request is noticed while waiting.
LOCK_POLL_SECONDS = 2.0

def crontab_triggers(config: Config) -> dict[str, BaseTrigger]:
    """Turn the config's crontabs into UTC cron triggers, in task order.

    A task with a daily crontab after a moment (the Challenge after it settles,
    ``Config.daily_after``) switches to it then.
    """
    triggers, daily = {}, config.daily_after()
    for task, crontab in config.schedule.items():
        try:
            triggers[task] = switching_trigger(crontab, *daily.get(task, (None, None)))
        except ValueError as err:
            raise ConfigError(config.path, f"schedule.{task}", f"crontab '{crontab}': {err}") from None
    return triggers


def serve(config: Config, tasks: TaskTable, *, triggers: Mapping[str, BaseTrigger] | None = None,
          stop_event: threading.Event | None = None,
          lock_wait: float = LOCK_WAIT_SECONDS) -> int:
    """Run the scheduled tasks until SIGTERM, SIGINT or ``stop_event``; return 0.

    ``triggers`` replaces the crontabs (tests fire jobs within a second);
    ``stop_event`` lets a caller that is not the main thread stop the loop.
    """
    triggers = crontab_triggers(config) if triggers is None else dict(triggers)
    if not triggers:
        raise ConfigError(config.path, "schedule", "no task is scheduled; add task: crontab "
                          "lines, e.g. 'tally: \"0 * * * *\"'")
    stop = stop_event or threading.Event()
    timestamp_log_lines()
    scheduler = build_scheduler(config, tasks, triggers, stop, lock_wait)
    restore = install_signal_handlers(stop)
    try:
        scheduler.start()
        log.info("scheduler started for %s: %s", config.name, describe_jobs(scheduler))
        while not stop.wait(1.0):
            pass
        log.info("stopping: waiting for the job in progress to finish")
        scheduler.shutdown(wait=True)
        log.info("scheduler stopped")
    finally:
        restore()
    return 0


def build_scheduler(config: Config, tasks: TaskTable, triggers: Mapping[str, BaseTrigger],
                    stop: threading.Event, lock_wait: float) -> BackgroundScheduler:
    """Make a UTC scheduler with one coalescing, single-instance job per task."""
    scheduler = BackgroundScheduler(timezone=timezone.utc, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS})
    for task, trigger in triggers.items():
        scheduler.add_job(run_job, trigger, args=(config, tasks, task, stop, lock_wait),
                          id=task, name=task)
    scheduler.add_listener(_log_missed, EVENT_JOB_MISSED)
    return scheduler


def describe_jobs(scheduler: BackgroundScheduler) -> str:
    """Name each job with its next run time, for the start-up log line."""
    parts = []
    for job in scheduler.get_jobs():
        when = job.next_run_time.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") \
            if job.next_run_time else "never"
        parts.append(f"{job.id} next at {when}")
    return "; ".join(parts)


def run_job(config: Config, tasks: TaskTable, task: str, stop: threading.Event,
            lock_wait: float) -> int:
    """Run one scheduled task as `bot.py run TASK` would; never raise into the scheduler."""
    echo = _task_echo(task)
    try:
        status = run_when_free(config, tasks, task, stop, lock_wait, echo)
    except LockBusy as err:
        log.error("scheduled %s did not run: %s", task, err)
        record_failure(config, task, f"lock busy: {err}")
        return 1
    except Exception as err:  # whatever breaks, the scheduler must live on
        log.exception("scheduled %s crashed", task)
        record_failure(config, task, f"{type(err).__name__}: {err}")
        return 1
    log.info("scheduled %s finished: %s", task, "ok" if status == 0 else "failed")
    return status


def run_when_free(config: Config, tasks: TaskTable, task: str, stop: threading.Event,
                  lock_wait: float, echo: Callable[[str], None]) -> int:
    """Wait up to ``lock_wait`` for the campaign lock in short slices, then run.

    run_tasks raises LockBusy before it does anything, so retrying is safe;
    the slices let a stop request end the wait instead of the whole wait.
    """
    deadline = time.monotonic() + lock_wait
    said: list[str] = []

    def waiting(text: str) -> None:   # each slice would say it again: once is enough
        if not said:
            said.append(text)
            echo(f"{text} (scheduled {task})")

    while True:
        slice_ = max(0.0, min(LOCK_POLL_SECONDS, deadline - time.monotonic()))
        try:
            report = runner.run_tasks(config, [task], tasks, hooks=runner.RunHooks(
                echo=echo, lock_wait=slice_, halt=stop.is_set, on_wait=waiting))
            return report.status
        except LockBusy:
            if stop.is_set() or time.monotonic() >= deadline:
                raise


def record_failure(config: Config, task: str, message: str) -> None:
    """Add a failed run to the history, so `bot.py list` shows what happened."""
    try:
        with State(config.state_ref) as state:
            state.end_run(state.start_run(task), "failed", {}, 0, 0, message)
    except Exception:  # the history is a help, not a reason to stop
        log.exception("could not record the failed %s run in %s", task, locate(config.state_ref))


def install_signal_handlers(stop: threading.Event) -> Callable[[], None]:
    """Let SIGTERM and SIGINT set ``stop``; return a function that restores the old handlers.

    Signals reach only the main thread, so elsewhere (tests) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handle(signum: int, frame: object) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            log.warning("%s again: still finishing the job in progress (SIGKILL aborts it)", name)
        else:
            log.info("%s received: finishing the job in progress, then stopping", name)
        stop.set()

    old = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return restore


def timestamp_log_lines() -> None:
    """Put the UTC time on every log line: a scheduler's log is read hours later."""
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                  "%Y-%m-%d %H:%M:%S UTC")
    formatter.converter = time.gmtime
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:  # basicConfig's, not a test's capture
            handler.setFormatter(formatter)


def _task_echo(task: str) -> Callable[[str], None]:
    """Send a run's printed lines to the log, tagged with the task (no terminal here)."""
    def echo(text: str) -> None:
        for line in str(text).splitlines() or [""]:
            log.info("[%s] %s", task, line)
    return echo


def _log_missed(event: JobExecutionEvent) -> None:
    """Say when a run was skipped for being later than the misfire grace."""
    log.warning("scheduled %s missed its %s run (more than %d s late); the next one will run",
                event.job_id, event.scheduled_run_time, MISFIRE_GRACE_SECONDS)
