"""jobs.yaml (Toolforge) runs exactly the campaign's scheduled tasks, on its crontabs."""
from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

import bot
from tasks import TASKS
from wikigap.config import DEFAULT_CONFIG, load_config
from wikigap.cron import cron_trigger

ROOT = Path(__file__).resolve().parents[3]
JOBS = yaml.safe_load((ROOT / "jobs.yaml").read_text(encoding="utf-8"))
CONFIG = load_config(DEFAULT_CONFIG, TASKS)
KNOWN_KEYS = {"name", "command", "image", "schedule", "emails", "filelog", "filelog-stdout",
              "filelog-stderr", "mem", "cpu", "mount", "retry"}


def test_one_job_per_scheduled_task_with_the_same_crontab():
    assert {job["name"]: job["schedule"] for job in JOBS} == CONFIG.schedule


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job["name"])
def test_each_job_runs_its_task_with_the_venv(job):
    assert set(job) <= KNOWN_KEYS, f"unknown keys {set(job) - KNOWN_KEYS}"
    assert job["name"] in TASKS
    assert job["image"] == "python3.11"
    assert job["emails"] == "onfailure"
    argv = shlex.split(job["command"])
    assert argv[0] == "$HOME/wikigapbot/.venv/bin/python"
    assert argv[1] == "$HOME/wikigapbot/bot.py"
    args = bot.parser().parse_args(argv[2:])
    assert (args.command, args.tasks, args.dry_run) == ("run", [job["name"]], False)


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job["name"])
def test_each_crontab_is_five_fields_that_cron_and_the_scheduler_read_alike(job):
    assert len(job["schedule"].split()) == 5
    cron_trigger(job["schedule"])
