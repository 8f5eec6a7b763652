"""The state keeps snapshots exactly, notices, runs; the lock keeps runs apart — on both backends.

Tests taking ``state_at`` run twice: on a SQLite file and on a MariaDB
database (tests/conftest.py's throw-away server).
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from factories_tally import at, event, rev, rich_snapshot, tally_input
from sqlalchemy import text

from wikigap.count.tally import tally
from wikigap.model import Phrase, Problem
from wikigap.store.lock import LockBusy, campaign_lock
from wikigap.store.serialize import snapshot_from_dict, snapshot_to_dict
from wikigap.store.state import SCHEMA_VERSION, State
from wikigap.write.messages import english

ROOT = Path(__file__).resolve().parents[3]


def test_snapshot_dict_round_trip_is_exact():
    snapshot = rich_snapshot()
    data = json.loads(json.dumps(snapshot_to_dict(snapshot)))
    assert snapshot_from_dict(data) == snapshot


def test_phrase_values_keep_their_kind_through_json():
    problem = Problem("x", Phrase("k", (3, "3", Phrase("n"), "")), "fix", line=2)
    snapshot = replace(rich_snapshot(), problems=(problem,))
    loaded = snapshot_from_dict(json.loads(json.dumps(snapshot_to_dict(snapshot))))
    assert loaded == snapshot
    assert [type(v) for v in loaded.problems[0].message.values] == [int, str, Phrase, str]


def rows(state: State, sql: str, **params) -> list[tuple]:
    """Read the state's tables with plain SQL, on either backend."""
    with state.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def test_tallied_snapshot_round_trips_through_the_file(tmp_path):
    data = tally_input([event()], {"WikiGap/2021/Lisbon": ("Ana",)},
                       [rev("Ana", at(2021, 3, 8, 9), new=True)])
    snapshot = tally(data)
    with State(tmp_path / "deep" / "state.sqlite") as state:
        state.save_snapshot(snapshot, english)
        loaded = state.latest_snapshot("WikiGap 2021")
    assert loaded == snapshot
    assert loaded.taken_at.utcoffset() == timedelta(0)
    assert isinstance(loaded.events[0].event.wikis, tuple)


def test_rich_snapshot_round_trips_and_fills_tables(state_at):
    with State(state_at) as state:
        snapshot_id = state.save_snapshot(rich_snapshot(), english)
        assert state.latest_snapshot("WikiGap 2021") == rich_snapshot()
        metrics = rows(state, "SELECT event, tallied, signed_up, edits, languages FROM "
                       "event_metrics WHERE snapshot_id = :id ORDER BY event", id=snapshot_id)
        assert metrics == [("WikiGap/2021/Lisboa", 1, 2, 1, "pt"),
                           ("registry line 9", 0, None, None, None)]
        assert rows(state, "SELECT COUNT(*) FROM articles") == [(2,)]
        # The registry problem, Lisboa's result's sign-up problem, line 9's problem.
        assert rows(state, "SELECT COUNT(*) FROM problems") == [(3,)]
        assert rows(state, "SELECT message, fix FROM problems WHERE line = 9") == [(
            'The date of the event on line 9 (line 9 of WikiGap/2021/Events) cannot be used. '
            '"8 March 3021" has the year 3021, which cannot be right.',
            "Write the date as 8 March 2021 or 8–14 March 2021 in the row for the event on "
            "line 9 on WikiGap/2021/Events.")]                # English words for ad-hoc SQL
        assert state.schema_version() == SCHEMA_VERSION


def test_a_snapshot_stored_before_problems_had_message_keys_still_reads(tmp_path):
    data = snapshot_to_dict(rich_snapshot())
    old = data["events"][1]["problems"][0]
    old["message"], old["fix"] = "The date 'soon' is unreadable.", "Write the date as 8 March 2021."
    path = tmp_path / "state.sqlite"
    with State(path) as state:
        state.save_snapshot(rich_snapshot(), english)
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE snapshots SET data = ?", (json.dumps(data),))
    with State(path) as state:
        loaded = state.latest_snapshot("WikiGap 2021")
    assert loaded.events[1].problems[0].message == "The date 'soon' is unreadable."
    assert loaded.events[1].problems[0].fix == "Write the date as 8 March 2021."
    assert loaded.events[0] == rich_snapshot().events[0]


def test_latest_is_per_campaign_and_history_is_ordered(state_at):
    with State(state_at) as state:
        later = rich_snapshot(taken_at=at(2021, 4, 2))
        state.save_snapshot(later, english)
        state.save_snapshot(rich_snapshot(taken_at=at(2021, 4, 1)), english)
        state.save_snapshot(rich_snapshot("WikiGap 2022", at(2022, 4, 1)), english)
        assert state.latest_snapshot("WikiGap 2021") == later
        assert state.latest_snapshot("WikiGap 2022").taken_at == at(2022, 4, 1)
        assert state.latest_snapshot("WikiGap 1999") is None
        assert [s.taken_at for s in state.snapshots("WikiGap 2021")] == [
            at(2021, 4, 1), at(2021, 4, 2)]


def test_state_survives_reopening(state_at):
    with State(state_at) as state:
        state.save_snapshot(rich_snapshot(), english)
    with State(state_at) as state:
        assert state.latest_snapshot("WikiGap 2021") == rich_snapshot()


def test_notices_are_recorded_and_found(state_at):
    with State(state_at) as state:
        state.record_notice("results", "WikiGap/2021/Lisboa", "Ana", "results", "User talk:Ana",
                            "saved", posted_at=at(2021, 3, 17, 9))
        state.record_notice("problems", "WikiGap/2021/Lisboa", "Ana", "k1", "User talk:Ana",
                            "failed")
        assert state.has_notice("results", "WikiGap/2021/Lisboa", "Ana", "results")
        assert not state.has_notice("problems", "WikiGap/2021/Lisboa", "Ana", "k1")
        assert state.has_notice("problems", "WikiGap/2021/Lisboa", "Ana", "k1", ("failed",))
        [saved] = state.notices(kind="results")
        assert saved["posted_at"] == "2021-03-17T09:00:00+00:00"
        assert saved["target"] == "User talk:Ana" and saved["outcome"] == "saved"
        assert len(state.notices(organizer="Ana")) == 2 and state.notices(event="x") == []


def test_runs_keep_the_last_per_task(state_at):
    with State(state_at) as state:
        first = state.start_run("tally", started_at=at(2021, 3, 8, 10))
        state.end_run(first, "failed", {}, 0, 3, "timeout", ended_at=at(2021, 3, 8, 10, 1))
        second = state.start_run("tally")
        state.end_run(second, "ok", {}, 2, 40)
        table = state.start_run("status-table")
        state.end_run(table, "ok", {"saved": 1, "unchanged": 1}, 0, 5)
        runs = state.last_runs()
    assert set(runs) == {"tally", "status-table"}
    assert runs["tally"]["id"] == second and runs["tally"]["api_requests"] == 40
    assert runs["status-table"]["edits"] == {"saved": 1, "unchanged": 1}
    assert runs["status-table"]["ended_at"] is not None


HOLDER = textwrap.dedent("""
    import sys, time
    from wikigap.store.lock import campaign_lock
    with campaign_lock(sys.argv[1], 5, holder="task tally"):
        print("held", flush=True)
        sys.stdin.readline()
""")


def test_lock_times_out_while_another_process_holds_it(state_at):
    state_path = state_at
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy) as busy:
            with campaign_lock(state_path, 0.2):
                pass
        message = str(busy.value)
        assert (f"{state_path}.lock" if isinstance(state_path, Path) else
                f"'{state_path.rsplit('/', 1)[1]}.wikigapbot.campaign'") in message
        assert f"pid {holder.pid}" in message and "task tally" in message
        assert busy.value.holder.tasks == "task tally"
    finally:
        holder.communicate("\n", timeout=10)
    with campaign_lock(state_path, 1) as lock:       # the holder ended: free at once
        assert lock == (Path(f"{state_path}.lock") if isinstance(state_path, Path)
                        else f"{state_path.rsplit('/', 1)[1]}.wikigapbot.campaign")


def test_a_waiting_run_says_once_that_it_waits_and_for_whom(state_at):
    state_path = state_at
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    said: list[str] = []
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy):
            with campaign_lock(state_path, 0.3, on_wait=said.append):
                pass
    finally:
        holder.communicate("\n", timeout=10)
    assert len(said) == 1
    assert said[0].startswith("waiting for the campaign lock, held by pid ")
    assert "task tally" in said[0]
    with campaign_lock(state_path, 1, on_wait=said.append):
        assert len(said) == 1          # a free lock: nothing to say


def test_the_last_failure_and_the_last_success_are_kept_apart(state_at):
    with State(state_at) as state:
        good = state.start_run("tally")
        state.end_run(good, "ok", {}, 0, 1)
        bad = state.start_run("tally")
        state.end_run(bad, "failed", {}, 0, 1, "could not read contributions on en")
        state.start_run("tally")       # running now: not an outcome yet
        found = state.last_by_outcome()
    assert found["tally"]["ok"]["id"] == good and found["tally"]["failed"]["id"] == bad


def test_lock_is_free_again_after_release_and_names_its_holder(tmp_path):
    state_path = tmp_path / "sub" / "state.sqlite"
    holder_file = Path(f"{state_path}.lock.holder")
    with campaign_lock(state_path, 1):
        pass
    with campaign_lock(state_path, 1, holder="task notify"):
        assert "task notify" in holder_file.read_text()
    assert not holder_file.exists()


V1_NOTICES = """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE notices (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, event TEXT NOT NULL, organizer TEXT NOT NULL,
    key TEXT NOT NULL, posted_at TEXT NOT NULL, outcome TEXT NOT NULL, target TEXT NOT NULL);
INSERT INTO notices VALUES (1, 'results', 'E', 'Ana', 'results', '2021-03-20T09:00:00+00:00',
                            'saved', 'meta:User talk:Ana');
INSERT INTO notices VALUES (2, 'results', 'E', 'Bo', 'results', '2021-03-20T09:00:00+00:00',
                            'unchanged: already posted', 'meta:User talk:Bo');
"""


def test_a_version_1_file_is_migrated_once_and_a_dry_run_leaves_it_alone(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(V1_NOTICES)
    with State.for_run(path, dry_run=True) as state:     # read-only: not migrated
        assert [r["outcome"] for r in state.notices()] == ["saved", "unchanged: already posted"]
    with State(path) as first, State(path) as second:     # migrated once; the second finds it done
        rows = [(r["outcome"], r["detail"]) for r in second.notices()]
        assert first.notices() == second.notices()
    assert rows == [("saved", ""), ("unchanged", "already posted")]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
