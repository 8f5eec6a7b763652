"""`check`'s state lines, on SQLite and MariaDB: where it is, reached, schema version, lock free."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from tasks import TASKS
from wikigap.config import DEFAULT_CONFIG, load_config
from wikigap.run import statecheck
from wikigap.run.check import Check
from wikigap.store import schema
from wikigap.store.state import State

ROOT = Path(__file__).resolve().parents[3]
HOLDER = textwrap.dedent("""
    import sys
    from wikigap.store.lock import campaign_lock
    with campaign_lock(sys.argv[1], 5, holder="tally"):
        print("held", flush=True)
        sys.stdin.readline()
""")


def lines(config) -> list[str]:
    return [str(statecheck.offline(config, Check))] + [
        str(c) for c in statecheck.online(config, Check)]


def test_a_new_state_then_a_current_one_then_a_held_lock(state_at, monkeypatch):
    config = replace(load_config(DEFAULT_CONFIG, TASKS), state=str(state_at))
    monkeypatch.delenv("WIKIGAPBOT_STATE", raising=False)
    found = lines(config)
    if isinstance(state_at, Path):
        assert found == [f"✓ state file {state_at}: none yet: the first run makes it",
                         f"✓ state {state_at}: none yet: the first run makes it"]
        assert not state_at.exists()                 # check made nothing
    else:
        assert found[0].endswith("password from the environment (WIKIGAPBOT_STATE_PASSWORD)")
        assert found[2] == "✓ state schema: no tables yet: the first run creates version 5"
    State(state_at).close()
    found = lines(config)
    assert found[1].endswith(" reached")
    assert found[2] == "✓ state schema version 5: this release's"
    assert found[3].startswith("✓ campaign lock ") and found[3].endswith(" is free")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state_at)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        held = lines(config)[3]
    finally:
        holder.communicate("\n", timeout=10)
    assert held.startswith("✗ campaign lock ") and ("tally" in held or "held" in held)


def test_a_newer_schema_and_an_unreachable_database_are_crosses(state_at, monkeypatch):
    config = replace(load_config(DEFAULT_CONFIG, TASKS), state=str(state_at))
    with State(state_at) as state, state.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="6"))
    assert lines(config)[2] == ("✗ state schema version 6: newer than this release's 5: run "
                                "the release that wrote it (or restore the dump made before it)")
    if not isinstance(state_at, Path):
        monkeypatch.setenv("WIKIGAPBOT_STATE_PASSWORD", "not-the-password-7")
        [line] = statecheck.online(config, Check)
        assert str(line).startswith("✗ state mysql://s55123@127.0.0.1:")
        assert "cannot be read" in str(line) and "not-the-password-7" not in str(line)


def test_a_malformed_state_url_is_one_cross(monkeypatch):
    config = replace(load_config(DEFAULT_CONFIG, TASKS), state="mysql://tools.db/x")
    assert str(statecheck.offline(config, Check)).startswith(
        "✗ state: state: 'mysql://tools.db/x' is not a database URL")
    assert statecheck.online(config, Check) == []
