"""The campaign lock across pods: freed when its holder dies, kept alive while it works, and a
run that gives up waiting tells an hourly overlap (exit 0) from a stuck holder (exit 1).

``state_at`` runs a test on a SQLite file (the lock file) and on MariaDB (``GET_LOCK``).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import bot
from wikigap.store import lock as lockmod
from wikigap.store.engine import locate
from wikigap.store.lock import Holder, LockBusy, campaign_lock

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2027, 3, 8, 10, 30, tzinfo=timezone.utc)
HOLDER = textwrap.dedent("""
    import sys, time
    from wikigap.store.lock import campaign_lock
    with campaign_lock(sys.argv[1], 5, holder="tally status-table notify"):
        print("held", flush=True)
        time.sleep(600)
""")


def test_a_killed_holder_leaves_no_stale_lock(state_at):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state_at)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy) as busy:
            with campaign_lock(state_at, 0):
                pass
        assert busy.value.holder.tasks == "tally status-table notify"
        assert busy.value.holder.since is not None
    finally:
        os.kill(holder.pid, signal.SIGKILL)      # as Kubernetes ends a pod past its timeout
        holder.wait(timeout=10)
    with campaign_lock(state_at, 5, holder="tally"):   # the server (or the OS) freed it
        pass


def test_the_named_lock_outlives_an_idle_timeout_while_the_run_works(mariadb, monkeypatch):
    monkeypatch.setenv("WIKIGAPBOT_STATE_PASSWORD", mariadb.password)
    monkeypatch.setattr(lockmod, "KEEP_ALIVE_SECONDS", 0.5)
    url = mariadb.database("s55123__keepalive")
    name = lockmod.lock_name(locate(url))
    with mariadb.admin() as admin, admin.cursor() as cur:
        cur.execute("SET GLOBAL wait_timeout = 2")    # new connections end after 2 s idle
        try:
            with campaign_lock(url, 1, holder="tally"):
                import time
                time.sleep(4)                          # twice the idle timeout
                cur.execute("SELECT IS_FREE_LOCK(%s)", (name,))
                assert cur.fetchone() == (0,)          # still held: the pings kept it
        finally:
            cur.execute("SET GLOBAL wait_timeout = 28800")
        cur.execute("SELECT IS_FREE_LOCK(%s)", (name,))
        assert cur.fetchone() == (1,)                  # released at the end of the run


def test_the_lock_name_starts_with_the_database_name():
    found = lockmod.lock_name(locate("mysql://s55123@tools.db.svc.wikimedia.cloud/s55123__wg"))
    assert found == "s55123__wg.wikigapbot.campaign"
    assert len(lockmod.lock_name(locate(f"mysql://u@h/{'d' * 64}"))) == 64


@pytest.mark.parametrize("tasks, started, expected", [
    ("tally status-table notify", NOW - timedelta(minutes=44), 0),   # the last hour's run
    ("tally status-table notify", NOW - timedelta(minutes=46), 1),   # past max_run_minutes
    ("challenge", NOW - timedelta(minutes=5), 1),                    # another job in the way
])
def test_giving_up_exits_0_for_an_overlap_and_1_for_a_stuck_holder(tasks, started, expected,
                                                                    capsys, monkeypatch):
    holder = Holder(f"pid 7 on pod-a since {started.isoformat()}, {tasks}", tasks, started)
    busy = LockBusy("Another run of this campaign holds the lock", holder)
    assert busy.overlap("tally status-table notify", 45, NOW) == (expected == 0)
    monkeypatch.setattr(lockmod, "datetime", _Frozen)
    assert bot.gave_up_waiting(busy, "tally status-table notify", 45) == expected
    out, err = capsys.readouterr()
    assert ("not run: Another run" in out) == (expected == 0)
    assert ("error: Another run" in err) == (expected == 1)


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):
        return NOW


def test_a_holder_line_is_read_back(tmp_path):
    path = tmp_path / "s.sqlite"
    with campaign_lock(path, 1, holder="notify"):
        found = lockmod._file_holder(Path(f"{path}.lock"))
    assert found.tasks == "notify" and found.since is not None
    assert lockmod._parsed("an old holder line") == Holder("an old holder line")
