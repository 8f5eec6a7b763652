"""Run tasks as `bot.py run` does, for tests that only need the exit status."""
from __future__ import annotations

from tasks import TASKS
from wikigap.run import runner


def run_tasks(config, names, **kwargs) -> int:
    """Run ``names`` with the bot's own task table; return the exit status."""
    return runner.run_tasks(config, list(names), TASKS, **kwargs).status
