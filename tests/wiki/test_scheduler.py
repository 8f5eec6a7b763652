"""The scheduler runs tasks as `run` does, survives failing jobs, stops cleanly.

The task bodies are stand-ins registered in place of the ``tasks`` package
(the mechanics under test are the scheduler's, the runner's, the lock's and
the run history's, all real); triggers fire every second instead of on
the campaign's crontabs, which cron cannot express below a minute.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from tasks import TASKS
from wikigap import cron
from wikigap.config import load_config
from wikigap.store.lock import LockBusy, campaign_lock
from wikigap.store.state import State

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """\
name: Scheduler test
account: WikiGapBot
wikis: {{meta: "{meta}"}}
events: {{wiki: meta, page: WikiGap/Test/Events}}
schedule:
  tally: "0 * * * *"
  status-table: "10 * * * *"
state: {state}
"""


def every_second() -> CronTrigger:
    """A cron trigger with a seconds field: the crontab's kind, fired within a second."""
    return CronTrigger(second="*", timezone=timezone.utc)


@pytest.fixture
def config(tmp_path, sandbox):
    """A campaign on the sandbox's Meta (`schedule` checks its wikis answer at start)."""
    path = tmp_path / "campaign.yaml"
    path.write_text(CONFIG.format(state=tmp_path / "state.sqlite", meta=sandbox["meta"].api_url),
                    encoding="utf-8")
    return load_config(path)


@pytest.fixture
def registry():
    """Give the scheduler a task table the test fills, as bot.py hands it the real one."""
    return {}


def start(config, tasks, triggers, **kwargs):
    """Run serve() in a thread; return (thread, stop event, result holder)."""
    stop, result = threading.Event(), {}
    thread = threading.Thread(target=lambda: result.update(
        status=scheduler.serve(config, tasks, triggers=triggers, stop_event=stop, **kwargs)))
    thread.start()
    return thread, stop, result


def stop_and_join(thread, stop, result) -> int:
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive(), "serve() did not return after the stop request"
    return result["status"]


def wait_for(condition, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def runs(config) -> list[dict]:
    if not config.state_path.exists():
        return []
    with State(config.state_path) as state:
        return state.runs()


def test_job_runs_the_task_and_records_the_run(config, registry):
    seen = []
    registry["tally"] = lambda ctx: seen.append(ctx.config.name)
    thread, stop, result = start(config, registry, {"tally": every_second()})
    try:
        wait_for(lambda: any(r["outcome"] == "ok" for r in runs(config)), what="a recorded run")
    finally:
        status = stop_and_join(thread, stop, result)
    assert status == 0
    assert seen and seen[0] == "Scheduler test"
    run = next(r for r in runs(config) if r["outcome"] == "ok")
    assert run["task"] == "tally" and run["ended_at"] >= run["started_at"]
    assert run["edits"] == {}


def test_a_job_that_raises_does_not_stop_the_next(config, registry, caplog):
    def broken(ctx):
        raise RuntimeError("registry page unreadable")

    calls = {"status-table": 0}
    registry["tally"] = broken
    registry["status-table"] = lambda ctx: calls.__setitem__("status-table", calls["status-table"] + 1)
    thread, stop, result = start(config, registry, {"tally": every_second(), "status-table": every_second()})
    try:
        wait_for(lambda: sum(r["task"] == "tally" and r["outcome"] == "failed"
                             for r in runs(config)) >= 2 and calls["status-table"] >= 2,
                 what="two failed tally runs and two status-table runs")
    finally:
        status = stop_and_join(thread, stop, result)
    assert status == 0
    failed = [r for r in runs(config) if r["task"] == "tally"]
    assert all(r["outcome"] == "failed" and "registry page unreadable" in r["message"]
               for r in failed if r["ended_at"])
    assert "Traceback" in caplog.text and "RuntimeError: registry page unreadable" in caplog.text


def test_a_crash_outside_the_task_is_logged_recorded_and_survived(config, registry, caplog,
                                                                   monkeypatch):
    registry["tally"] = lambda ctx: None
    real, calls = runner.run_tasks, []

    def crash_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "run_tasks", crash_once)
    thread, stop, result = start(config, registry, {"tally": every_second()})
    try:
        wait_for(lambda: any(r["outcome"] == "ok" for r in runs(config)), what="a run after the crash")
    finally:
        status = stop_and_join(thread, stop, result)
    assert status == 0
    assert runs(config)[0]["outcome"] == "failed"
    assert runs(config)[0]["message"] == "OSError: disk full"
    crash = [r for r in caplog.records if "crashed" in r.getMessage()]
    assert crash and crash[0].exc_info is not None


def test_scheduled_job_waits_for_a_manual_run_then_records_lock_busy(config, registry):
    registry["tally"] = lambda ctx: None
    with campaign_lock(config.state_path, 1, holder="manual run of tally"):
        thread, stop, result = start(config, registry, {"tally": every_second()}, lock_wait=0.3)
        try:
            wait_for(lambda: any(r["outcome"] == "failed" for r in runs(config)),
                     what="a lock-busy failure")
        except BaseException:
            stop_and_join(thread, stop, result)
            raise
    try:
        wait_for(lambda: any(r["outcome"] == "ok" for r in runs(config)),
                 what="a run once the lock is free")
    finally:
        assert stop_and_join(thread, stop, result) == 0
    busy = next(r for r in runs(config) if r["outcome"] == "failed")
    assert busy["message"].startswith("lock busy: Another run of this campaign")
    assert "manual run of tally" in busy["message"]


def test_manual_run_gives_up_with_a_clear_message_while_a_job_holds_the_lock(config, registry):
    entered, release = threading.Event(), threading.Event()

    def slow(ctx):
        entered.set()
        release.wait(10)

    registry["tally"] = slow
    thread, stop, result = start(config, registry, {"tally": every_second()})
    try:
        assert entered.wait(10), "the scheduled job did not start"
        with pytest.raises(LockBusy, match="Another run of this campaign holds the lock file"):
            runner.run_tasks(config, ["tally"], registry,
                             hooks=runner.RunHooks(echo=lambda line: None, lock_wait=0.3))
    finally:
        release.set()
        status = stop_and_join(thread, stop, result)
    assert status == 0


def test_serve_refuses_an_empty_schedule(config):
    from wikigap.config import ConfigError
    with pytest.raises(ConfigError, match="schedule"):
        scheduler.serve(config, {}, triggers={})


def test_triggers_follow_the_config_crontabs_in_utc(config):
    triggers = scheduler.crontab_triggers(config)
    assert list(triggers) == ["tally", "status-table"]
    assert str(triggers["status-table"].timezone) == "UTC"
    assert str(triggers["status-table"].fields[6]) == "10"  # the minute field


# The scheduler as staff run it: a process, ended by SIGTERM. The driver swaps
# only the task bodies (stand-ins that log their start and end to a file) and
# the triggers (cron with a seconds field); bot.py, serve(), the signal
# handlers, the runner, the lock and the state are the real ones.
DRIVER = textwrap.dedent("""\
    import sys, time, types
    from datetime import timezone
    sys.path.insert(0, {root!r})
    from apscheduler.triggers.cron import CronTrigger

    LOG, HOLD = {log!r}, {hold!r}

    def slow_tally(ctx):
        with open(LOG, "a") as f:
            f.write(f"scheduled start {{time.time()!r}}\\n")
        time.sleep(HOLD)  # a write in progress
        with open(LOG, "a") as f:
            f.write(f"scheduled end {{time.time()!r}}\\n")

    import tasks
    tasks.TASKS["tally"] = slow_tally  # the table bot.py hands the scheduler
    from wikigap.run import scheduler
    scheduler.crontab_triggers = lambda config: {{
        "tally": CronTrigger(second="*", timezone=timezone.utc)}}
    import bot
    sys.exit(bot.main(["schedule", "--config", {config!r}]))
""")


def spawn_scheduler(tmp_path, config, hold: float) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "intervals.log"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(root=str(ROOT), log=str(log), hold=hold,
                                    config=str(config.path)), encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(driver)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, log


@contextmanager
def reported(proc: subprocess.Popen):
    """On any failure, kill the scheduler process and show what it printed."""
    try:
        yield
    except BaseException as err:
        if proc.poll() is None:
            proc.kill()
        output, _ = proc.communicate(timeout=10)
        raise AssertionError(f"{err}\n--- scheduler output ---\n{output}") from err


def log_lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_schedule_process_runs_records_and_exits_0_on_sigterm(tmp_path, config):
    proc, log = spawn_scheduler(tmp_path, config, hold=1.5)
    with reported(proc):
        wait_for(lambda: any(r["outcome"] == "ok" for r in runs(config)), timeout=30,
                 what="a recorded scheduled run")
        wait_for(lambda: len([x for x in log_lines(log) if "start" in x]) >
                 len([x for x in log_lines(log) if "end" in x]), what="a job in progress")
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "scheduler started for Scheduler test: tally next at" in output
    assert "SIGTERM received: finishing the job in progress" in output
    lines = log_lines(log)
    assert lines[-1].startswith("scheduled end"), "the job in progress was cut off"
    assert all(r["ended_at"] and r["outcome"] == "ok" for r in runs(config))


def test_manual_and_scheduled_runs_never_overlap(tmp_path, config, registry):
    proc, log = spawn_scheduler(tmp_path, config, hold=0.4)

    def manual(ctx):
        with open(log, "a") as f:
            f.write(f"manual start {time.time()!r}\n")
        time.sleep(0.4)
        with open(log, "a") as f:
            f.write(f"manual end {time.time()!r}\n")

    registry["tally"] = manual
    with reported(proc):
        wait_for(lambda: any("scheduled start" in x for x in log_lines(log)), timeout=30,
                 what="the first scheduled run")
        statuses = [runner.run_tasks(config, ["tally"], registry, hooks=runner.RunHooks(
            echo=lambda line: None, lock_wait=20)).status for _ in range(4)]
        wait_for(lambda: sum("scheduled end" in x for x in log_lines(log)) >= 3,
                 what="more scheduled runs")
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    assert statuses == [0, 0, 0, 0]
    assert proc.returncode == 0
    assert_no_overlap(log_lines(log))


def assert_no_overlap(lines: list[str]) -> None:
    """Each start is followed by the end of the same kind of run, never by another start."""
    events = sorted((float(line.split()[2]), line.split()[0], line.split()[1]) for line in lines)
    kinds = {kind for _, kind, _ in events}
    assert kinds == {"manual", "scheduled"}, events
    for (_, kind, edge), (_, next_kind, next_edge) in zip(events, events[1:]):
        if edge == "start":
            assert (next_kind, next_edge) == (kind, "end"), f"runs overlap: {events}"


def test_missed_runs_are_logged(caplog):
    caplog.set_level(logging.WARNING, logger="wikigap.run.scheduler")
    event = types.SimpleNamespace(job_id="tally", scheduled_run_time="2021-03-08 10:00:00+00:00")
    scheduler._log_missed(event)
    assert "tally missed its 2021-03-08 10:00:00+00:00 run" in caplog.text


@pytest.mark.parametrize("field, names", [
    ("*", "*"), ("1", "mon"), ("0", "sun"), ("7", "sun"), ("1-5", "mon,tue,wed,thu,fri"),
    ("0,6", "sun,sat"), ("5-7", "sun,fri,sat"), ("*/2", "sun,tue,thu,sat"), ("MON", "mon"),
    ("0-6", "*"), ("1/3", "mon,thu"),
])
def test_cron_weekdays_count_from_sunday_as_cron_does(field, names):
    assert cron.cron_weekdays(field) == names


@pytest.mark.parametrize("crontab", ["0 9 * * 8", "0 9 * * 5-1", "0 9 * *", "0 9 1 * 1",
                                     "0 9 * * */0"])
def test_crontabs_cron_would_read_differently_are_refused(crontab):
    with pytest.raises(ValueError):
        cron.cron_trigger(crontab)


def test_a_crontab_cron_reads_differently_is_a_config_error_naming_the_key(config):
    from wikigap.config import ConfigError
    odd = dataclasses.replace(config, schedule={"notify": "0 9 1 * 1"})
    with pytest.raises(ConfigError, match="at key 'schedule.notify'.*not both"):
        scheduler.serve(odd, {})


def test_a_monday_crontab_fires_on_monday():
    monday_noon = datetime(2021, 3, 8, 12, tzinfo=timezone.utc)
    fire = cron.cron_trigger("0 9 * * 1").get_next_fire_time(None, monday_noon)
    assert fire == datetime(2021, 3, 15, 9, tzinfo=timezone.utc)


def test_real_tasks_on_the_sandbox_tally_feeds_the_status_table(sandbox, tmp_path):
    """Scheduled `tally` stores a snapshot; scheduled `status-table` publishes it, tallying no more.

    The two run one after the other (as at :00 and :10), each started only when
    the one before has finished, so the order never depends on the clock.
    """
    from sandbox_campaign import campaign_yaml

    prefix = "T-sched"
    sandbox["meta"].create_users([f"{prefix} Ann"])
    sandbox["meta"].load_pages([
        (f"{prefix}/Events", "{| class=\"wikitable\"\n! Event !! Date !! Languages\n|-\n"
                             f"| [[{prefix}/Alpha]] || 8 March 2021 || en\n|}}"),
        (f"{prefix}/Alpha", f"== Participants ==\n# [[User:{prefix} Ann]]"),
        (f"{prefix}/Status", "Intro\n<!-- wikigapbot:begin status -->\n<!-- wikigapbot:end status -->\n")])
    config = load_config(campaign_yaml(
        sandbox, tmp_path, f"{prefix}/Events", name="Scheduled sandbox",
        status_tables=[{"wiki": "meta", "page": f"{prefix}/Status"}]))
    for task in ("tally", "status-table"):
        run_once_scheduled(config, task)
    table = sandbox["meta"].page_text(f"{prefix}/Status")
    assert f"[[:{prefix}/Alpha|" in table, table
    with State(config.state_path) as state:
        snapshots = state.snapshots("Scheduled sandbox")
    assert len(snapshots) == 1, "status-table ran a tally of its own"


def run_once_scheduled(config, task: str) -> None:
    """Let serve() fire ``task`` once from a date trigger; return when its run is recorded ok."""
    thread, stop, result = start(config, TASKS, {task: DateTrigger(datetime.now(timezone.utc))})
    try:
        wait_for(lambda: any(r["task"] == task and r["outcome"] == "ok" for r in runs(config)),
                 timeout=60, what=f"an ok {task} run")
    finally:
        assert stop_and_join(thread, stop, result) == 0
