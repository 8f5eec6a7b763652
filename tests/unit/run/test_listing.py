"""`bot.py list` shows each task's schedule, next run (UTC) and last run."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from tasks import TASKS
from wikigap.config import load_config
from wikigap.outcomes import Kind
from wikigap.run.listing import describe, next_run
from wikigap.store.noticebook import NoticeBook
from wikigap.store.state import State

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2021, 3, 8, 9, 30, tzinfo=timezone.utc)

CONFIG = """\
name: Listing test
account: WikiGapBot
wikis: {{meta: meta:meta}}
events: {{wiki: meta, page: WikiGap/Test/Events}}
schedule:
  tally: "0 * * * *"
  status-table: "10 * * * *"
  notify: "0 9 * * 1"
state: {state}
"""


def make_config(tmp_path):
    path = tmp_path / "campaign.yaml"
    path.write_text(CONFIG.format(state=tmp_path / "state.sqlite"), encoding="utf-8")
    return load_config(path)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 3, 8, hour, minute, tzinfo=timezone.utc)


def fill_history(path: Path) -> None:
    """Two tally runs (the later one counts), a failed status-table, an unfinished notify."""
    with State(path) as state:
        old = state.start_run("tally", at(7))
        state.end_run(old, "failed", {}, 0, 3, "old failure", at(7, 1))
        new = state.start_run("tally", at(8))
        state.end_run(new, "ok", {}, 4, 120, "", at(8, 2))
        table = state.start_run("status-table", at(8, 10))
        state.end_run(table, "failed", {"saved": 1, "failed": 1}, 0, 9,
                      "failed meta: [[WikiGap/2021]]: the wiki is read-only", at(8, 11))
        state.start_run("notify", at(9))


def line_for(text: str, task: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(task + " "))


def test_lists_schedule_next_run_and_last_run_with_outcome(tmp_path):
    config = make_config(tmp_path)
    fill_history(config.state_path)
    text = describe(config, TASKS, NOW)
    assert line_for(text, "tally").split() == [
        "tally", "0", "*", "*", "*", "*", "2021-03-08", "10:00", "UTC",
        "2021-03-08", "08:02", "UTC", "ok", "4", "problems",
        "|", "last", "failure", "2021-03-08", "07:01", "UTC", "failed", "-", "old", "failure"]
    assert "10 * * * *" in line_for(text, "status-table")
    assert "2021-03-08 10:10 UTC" in line_for(text, "status-table")
    assert ("2021-03-08 08:11 UTC failed (failed 1, saved 1) - failed meta: [[WikiGap/2021]]: "
            "the wiki is read-only | last success: never") in line_for(text, "status-table")
    assert "2021-03-15 09:00 UTC" in line_for(text, "notify")
    assert "2021-03-08 09:00 UTC started, not finished" in line_for(text, "notify")
    assert line_for(text, "progress-report").split() == ["progress-report", "not", "scheduled", "-",
                                                         "never"]


def test_a_failed_last_run_shows_the_last_success_beside_it(tmp_path):
    config = make_config(tmp_path)
    fill_history(config.state_path)
    with State(config.state_path) as state:
        run = state.start_run("tally", at(9))
        state.end_run(run, "failed", {}, 0, 7, "could not read contributions on en", at(9, 5))
    line = line_for(describe(config, TASKS, NOW), "tally")
    assert line.endswith("2021-03-08 09:05 UTC failed - could not read contributions on en "
                         "| last success 2021-03-08 08:02 UTC")


def test_without_state_every_task_is_never_run_and_no_file_appears(tmp_path):
    config = make_config(tmp_path)
    text = describe(config, TASKS, NOW)
    assert "(none yet)" in text
    assert line_for(text, "tally").endswith("never")
    assert not config.state_path.exists()


def test_next_run_is_the_schedulers_next_fire_time_in_utc():
    assert next_run("0 * * * *", at(10)) == at(10)  # due now: the scheduler fires it now
    assert next_run("0 * * * *", at(10, 1)) == at(11)
    assert next_run("0 6 * * *", at(6, 1)) == datetime(2021, 3, 9, 6, tzinfo=timezone.utc)


def test_bot_list_command_prints_the_table(tmp_path):
    config = make_config(tmp_path)
    fill_history(config.state_path)
    result = subprocess.run([sys.executable, str(ROOT / "bot.py"), "list", "--config",
                             str(config.path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "campaign: Listing test" in result.stdout
    assert "ok 4 problems" in line_for(result.stdout, "tally")


CHALLENGE = """
challenge:
  name: Listing Challenge
  wiki: meta
  page: WikiGap Challenge/Test
  first_day: 2021-03-08
  last_day: 2021-03-09
  wikis: [en]
  rules: [{kind: created, points: 1}]
  leaderboard: {page: WikiGap Challenge/Test/Leaderboard}
  settle_hours: 24
"""


def test_the_challenge_is_listed_hourly_during_the_contest_then_daily(tmp_path):
    path = tmp_path / "campaign.yaml"
    path.write_text(CONFIG.format(state=tmp_path / "state.sqlite") + CHALLENGE, encoding="utf-8")
    config = load_config(path, TASKS)
    text = describe(config, TASKS, NOW)
    # hourly at :20 (the default crontab) while the contest runs: 09:30 -> 10:20
    assert line_for(text, "challenge").split()[:9] == [
        "challenge", "20", "*", "*", "*", "*", "2021-03-08", "10:20", "UTC"]
    # settled at 2021-03-11 00:00 (the day after last_day + 24 h), then daily at 06:20
    assert "20 6 * * *       daily from 2021-03-11 00:00 UTC" in text
    late = datetime(2021, 3, 10, 23, 30, tzinfo=timezone.utc)
    assert next_run("20 * * * *", late, *config.daily_after()["challenge"]) == datetime(
        2021, 3, 11, 6, 20, tzinfo=timezone.utc)
    assert "2021-03-11 06:20 UTC" in line_for(describe(config, TASKS, late), "challenge")


def test_refused_notices_are_listed_with_the_wikis_reason_until_they_go_through(tmp_path):
    config = make_config(tmp_path)
    bea = ("results", "WikiGap/Test/Stockholm", "Bea", "results")
    with State(config.state_path) as state:
        NoticeBook(state).record(bea, "meta:User talk:Bea", Kind.REFUSED, at(8),
                                 "abuse filter 3 (“No bot notices”) disallowed the text")
    listed = describe(config, TASKS, now=NOW)
    assert ("refused notices (tried again once a UTC day, or with --resend):\n"
            "  results [[WikiGap/Test/Stockholm]] → Bea: refused 2021-03-08 08:00 UTC: "
            "abuse filter 3 (“No bot notices”) disallowed the text") in listed
    with State(config.state_path) as state:
        NoticeBook(state).record(bea, "meta:User talk:Bea", Kind.SAVED, at(9))
    assert "refused notices" not in describe(config, TASKS, now=NOW)
