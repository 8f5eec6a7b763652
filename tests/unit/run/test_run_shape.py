"""The run's shape: a Context that does not change, a small run state beside it, and a
runner whose production signature holds no test hooks."""
from __future__ import annotations

import dataclasses
import inspect

from wikigap.run import runner
from wikigap.run.context import Context, RunState


def test_the_context_is_frozen_and_what_a_run_learns_is_its_run_state():
    assert Context.__dataclass_params__.frozen            # type: ignore[attr-defined]
    assert not RunState.__dataclass_params__.frozen       # type: ignore[attr-defined]
    assert {f.name for f in dataclasses.fields(RunState)} == {
        "snapshot", "tallied", "expected", "errors"}
    assert "refresh" not in {f.name for f in dataclasses.fields(Context)}


def test_run_tasks_takes_its_hooks_in_one_object_with_the_defaults_of_bot_py_run():
    assert list(inspect.signature(runner.run_tasks).parameters) == [
        "config", "names", "tasks", "dry_run", "options", "hooks"]
    hooks = runner.RunHooks()
    assert (hooks.echo, hooks.halt, hooks.on_wait, hooks.before_save) == (print, None, None, None)
    assert hooks.lock_wait == runner.LOCK_WAIT_SECONDS
