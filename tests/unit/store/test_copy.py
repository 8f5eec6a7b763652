"""`bot.py state copy`: a campaign's state moves from SQLite to MariaDB and back, every count equal."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

import bot
from wikigap.store.copy import CopyError, copy_state, tables
from wikigap.store.engine import locate
from wikigap.store.state import State

V3 = Path(__file__).resolve().parents[2] / "data" / "state" / "v3-d2ed399.sqlite"


def dump(where) -> dict[str, list[tuple]]:
    """Every row of every copied table, in key order, for comparing two states."""
    with State(where) as state, state.engine.connect() as conn:
        return {t.name: sorted((tuple(r) for r in conn.execute(t.select())), key=repr)
                for t in tables()}


def test_a_state_goes_to_mariadb_and_back_whole(mariadb, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WIKIGAPBOT_STATE_PASSWORD", mariadb.password)
    source = tmp_path / "nfs.sqlite"
    shutil.copy(V3, source)                                 # a state in use, an older release's
    url = mariadb.database("s55123__moved")
    assert bot.main(["state", "copy", "--from", str(source), "--to", url]) == 0
    out = capsys.readouterr().out
    assert "notices: 3 rows" in out and "snapshots: 1 rows" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("copied ") and f"in {len(tables())} tables from {source} to " \
        f"{locate(url)}; every count is equal" in last
    back = tmp_path / "back.sqlite"
    assert bot.main(["state", "copy", "--from", url, "--to", str(back)]) == 0
    assert dump(source) == dump(url) == dump(back)
    with State(url) as state:                               # the ids go on after the copied ones
        assert state.record_notice("results", "E", "Cy", "results", "T", "saved") == 4
        assert state.has_notice("problems", "WikiGap/2021/Lisboa", "åsa", "k1")


def test_a_copy_never_merges_into_a_state_that_has_rows(state_at, tmp_path, capsys):
    source = tmp_path / "source.sqlite"
    shutil.copy(V3, source)
    with State(state_at) as state:
        state.start_run("tally")
    with pytest.raises(CopyError, match=r"already holds a state \(1 rows in runs\)"):
        copy_state(source, state_at)
    assert bot.main(["state", "copy", "--from", str(source), "--to", str(state_at)]) == 1
    assert "already holds a state" in capsys.readouterr().err
    with State(state_at) as state, state.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM notices")).scalar() == 0


def test_a_copy_from_nowhere_or_onto_itself_is_refused(tmp_path):
    with pytest.raises(CopyError, match="no state at"):
        copy_state(tmp_path / "missing.sqlite", tmp_path / "t.sqlite")
    with pytest.raises(CopyError, match="the same state"):
        copy_state(tmp_path / "a.sqlite", tmp_path / "a.sqlite")
    assert not (tmp_path / "t.sqlite").exists()
