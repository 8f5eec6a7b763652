"""Run tasks as `bot.py run` does, for tests that only need the exit status."""
from __future__ import annotations

from tasks import TASKS
from wikigap.run import runner


def run_tasks(config, names, dry_run: bool = False, options=None, **hooks) -> int:
    """Run ``names`` with the bot's own task table; return the exit status.

    ``hooks`` are :class:`~wikigap.run.runner.RunHooks`' fields (``echo``, ``before_save``,
    ``halt``, ``on_wait``, ``lock_wait``).
    """
    return runner.run_tasks(config, list(names), TASKS, dry_run=dry_run, options=options,
                            hooks=runner.RunHooks(**hooks)).status
