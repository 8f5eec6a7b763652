"""jobs.yaml (Toolforge) runs the tool's image, a Procfile process per job, on the campaign's crontabs.

Checked against the jobs framework's own keys (it rejects unknown ones; the
list is the command line's loader's, ../shared/reference/toolforge.md) and
against the ``Procfile`` the Build Service image runs.
"""
from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

import bot
from tasks import TASKS
from wikigap.config import DEFAULT_CONFIG, load_config
from wikigap.cron import cron_trigger
from wikigap.run.runner import LOCK_WAIT_SECONDS

ROOT = Path(__file__).resolve().parents[3]
JOBS = yaml.safe_load((ROOT / "jobs.yaml").read_text(encoding="utf-8"))
CONFIG = load_config(DEFAULT_CONFIG, TASKS)
#: The keys `toolforge jobs load` accepts (the loader's and the flags').
FRAMEWORK_KEYS = {"name", "command", "image", "schedule", "continuous", "emails", "filelog",
                  "filelog-stdout", "filelog-stderr", "no-filelog", "mount", "retry",
                  "timeout", "mem", "cpu", "wait", "health-check-script", "port", "replicas"}
IMAGE = "tool-wikigapbot/tool-wikigapbot:latest"


def procfile() -> dict[str, str]:
    """The Procfile's processes: name -> command."""
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict((part.strip() for part in line.split(":", 1)) for line in lines if line.strip())


def test_one_job_per_scheduled_task_with_the_same_crontab():
    assert {job["name"]: job["schedule"] for job in JOBS} == CONFIG.schedule


def test_the_procfile_has_a_process_per_task_and_the_scheduler():
    processes = procfile()
    assert set(processes) == set(TASKS) | {"schedule"}
    for name, command in processes.items():
        argv = shlex.split(command)
        assert argv[:2] == ["python", "bot.py"]
        args = bot.parser().parse_args(argv[2:])
        if name == "schedule":
            assert args.command == "schedule"
        else:
            assert (args.command, args.tasks, args.dry_run) == ("run", [name], False)


def test_the_python_version_is_the_one_the_tests_run_on():
    import sys
    wanted = (ROOT / ".python-version").read_text().strip()
    assert wanted == f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job["name"])
def test_each_job_runs_its_procfile_process_in_the_tools_image(job):
    assert set(job) <= FRAMEWORK_KEYS, f"keys the jobs framework rejects: {set(job) - FRAMEWORK_KEYS}"
    assert job["name"] in TASKS
    assert job["image"] == IMAGE
    assert job["command"] in procfile()
    assert job["command"] == job["name"]
    assert job["emails"] == "onfailure"
    assert job["mount"] == "none" and not {"filelog", "filelog-stdout", "filelog-stderr"} & set(job)
    assert job["timeout"] > CONFIG.max_run_minutes * 60 + LOCK_WAIT_SECONDS   # a hung pod is killed


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job["name"])
def test_each_crontab_is_five_fields_that_cron_and_the_scheduler_read_alike(job):
    assert len(job["schedule"].split()) == 5
    cron_trigger(job["schedule"])
