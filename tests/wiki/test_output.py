"""What a manual run prints: each outcome once, named; no log lines; one line for a
failure and for Ctrl-C, which loses nothing.

Every test runs the real `bot.py` in a subprocess against a small campaign on
the sandbox Meta (test_notify's helpers) and reads its stdout and stderr.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sandbox import use_pywikibot_dir
from test_notify import Campaign, campaign, ended_event, markers  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
OUTCOME_WORDS = ("saved", "unchanged", "dry-run", "skipped", "conflict", "failed")


def bot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=ROOT,
                          env=env or dict(os.environ), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)


def outcome_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip().split(" ")[0] in OUTCOME_WORDS]


def status_page(c: Campaign) -> None:
    c.meta.load_page(f"{c.prefix}/Status", "Intro.\n<!-- wikigapbot:begin status -->\n"
                                           "<!-- wikigapbot:end status -->\n")


def test_a_run_prints_each_outcome_once_naming_the_notice_and_no_log_lines(campaign, tmp_path):
    c = campaign
    ana, bo = c.user("Ana"), c.user("Bo")
    ended_event(c, (ana, bo))
    status_page(c)
    config = c.config()
    env = dict(os.environ)      # a fresh pywikibot folder: no session yet, so pywikibot logs in
    env["WIKIGAPBOT_PASSWORD_FILE"] = str(use_pywikibot_dir(tmp_path / "pwb", "test_output", env))
    proc = bot("run", "all", "--config", config.path, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = outcome_lines(proc.stdout)
    assert len(lines) == len(set(lines)) == 3, proc.stdout
    event = c.event_page("Stockholm")
    assert f"  saved     meta: [[{c.prefix}/Status]]" in lines
    for who in (ana, bo):
        assert f"  saved     results {event} → {who}: posted on [[User talk:{who}]]" in lines
    assert proc.stderr == ""
    for noise in ("INFO", "Logging in", "Sleeping", "read [["):
        assert noise not in proc.stdout, noise
    log = (config.state_path.parent / "logs" / "wikigapbot.log").read_text(encoding="utf-8")
    assert f"read [[{c.prefix}/Events]]" in log and "Logging in" in log

    again = bot("run", "tally", "notify", "-v", "--config", config.path, env=env)
    assert again.returncode == 0
    assert f"INFO wikigap.wikis.wiki: read [[{c.prefix}/Events]]" in again.stderr   # -v: the log
    assert "2 already posted, 0 posted" in again.stdout


def test_a_failed_tally_is_printed_once_and_the_tasks_after_it_are_skipped(campaign):
    c = campaign
    status_page(c)
    config = c.config()                     # the registry page was never written
    proc = bot("run", "all", "--config", config.path)
    assert proc.returncode == 1
    everything = proc.stdout + proc.stderr
    assert everything.count("does not exist; check events.page") == 1, everything
    assert "Traceback" not in everything
    for task in ("status-table", "notify"):
        assert (f"task {task}: skipped (no snapshot: this run's tally made none, see above)"
                in proc.stdout), proc.stdout
    assert proc.stdout.splitlines()[-1] == "writes: none"


@pytest.fixture
def slow_env(tmp_path) -> dict[str, str]:
    """A pywikibot folder that waits 5 s between edits: Ctrl-C lands between two notices."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    password = use_pywikibot_dir(tmp_path / "slow-pwb", "tests/wiki/test_output.py", env=env,
                                 extra={"put_throttle": 5})
    env["WIKIGAPBOT_PASSWORD_FILE"] = str(password)
    return env


def test_ctrl_c_during_notify_is_one_line_exit_130_and_the_rerun_posts_the_rest_once(
        campaign, slow_env):
    c = campaign
    people = tuple(c.user(name) for name in ("Ana", "Bo", "Cai"))
    ended_event(c, people)
    config = c.config()
    assert c.run(config, "tally") == 0, c.printed
    proc = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run", "notify", "--config",
                             config.path], cwd=ROOT, env=slow_env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = []
    for line in proc.stdout:            # wait for the first notice to be posted
        printed.append(line)
        if line.startswith("  saved"):
            proc.send_signal(signal.SIGINT)
            break
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, "".join(printed) + rest + err
    assert err.splitlines() == ["interrupted: 1 of 3 notices posted; run again to finish"], err
    assert "Traceback" not in rest
    posted = [p for p in people if markers(c.talk(p))]
    assert len(posted) == 1

    assert c.run(config, "notify") == 0, c.printed
    assert all(c.revisions(p) == 1 for p in people)
    assert all(len(markers(c.talk(p))) == 1 for p in people)
    assert Counter(line.split()[0] for line in outcome_lines(c.printed))["saved"] == 2, c.printed
