"""One schema on both backends: an older release's state upgraded in place, binary keys, no secret kept.

``state_at`` runs a test on a SQLite file and on a MariaDB database (the
throw-away server of tests/conftest.py, with ToolsDB's case-insensitive
default collation, which the schema must not inherit).
"""
from __future__ import annotations

import secrets
import shutil
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from factories_tally import rich_snapshot
from sqlalchemy import create_engine, insert, text

from wikigap.challenge.count.words import WikiNames, measure
from wikigap.challenge.store.challengestore import ChallengeStore, texts_table
from wikigap.store import schema
from wikigap.store.engine import StateError, locate, password
from wikigap.store.state import SCHEMA_VERSION, State
from wikigap.wikis.pageviews import ViewsRequest, ViewsResult
from wikigap.wikis.redact import REDACTOR

V3 = Path(__file__).resolve().parents[2] / "data" / "state" / "v3-d2ed399.sqlite"
NOW = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)


def _as_version_3(state_at, tmp_path: Path) -> str | Path:
    """Put the release-d2ed399 state where ``state_at`` points, as that release left it.

    SQLite: a copy of the file. MariaDB (which that release never wrote): the
    same rows in the tables version 3 had (the Challenge's texts, not yet
    their figures; no ``run_locks``) with ``schema_version`` 3.
    """
    if isinstance(state_at, Path):
        shutil.copy(V3, state_at)
        return state_at
    location = locate(state_at)
    secret, _ = password()
    engine = create_engine(f"mysql+pymysql://{location.user}:{secret}@{location.host}:"
                           f"{location.port}/{location.database}?charset=utf8mb4")
    old = sqlite3.connect(V3)
    old.row_factory = sqlite3.Row
    with engine.begin() as conn:
        in_v3 = {name for (name,) in old.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'table'")}
        for table in [*schema.metadata.sorted_tables, texts_table]:
            if table.name not in in_v3:              # run_locks, the figures, confirmations…
                continue
            table.create(conn)
            found = [dict(row) for row in old.execute(f"SELECT * FROM {table.name}")]
            if found:
                conn.execute(insert(table), found)
    engine.dispose()
    return state_at


def test_the_previous_releases_state_is_upgraded_in_place(state_at, tmp_path):
    where = _as_version_3(state_at, tmp_path)
    with State.for_run(where, dry_run=True) as state:       # a dry run reads it as it is
        assert state.schema_version() == 3
    with State(where) as state:
        assert state.schema_version() == SCHEMA_VERSION == 5
        assert state.latest_snapshot("WikiGap 2021") == rich_snapshot()
        assert [(n["organizer"], n["outcome"], n["detail"]) for n in state.notices()] == [
            ("Ana", "saved", ""), ("Åsa", "failed", "nobots"), ("åsa", "saved", "")]
        assert state.has_notice("problems", "WikiGap/2021/Lisboa", "åsa", "k1")
        assert not state.has_notice("problems", "WikiGap/2021/Lisboa", "Åsa", "k1")
        assert state.last_runs()["tally"]["edits"] == {"saved": 2}
        assert set(state.view_store().load()) == {("pt", "Ada Lovelace")}
        assert state.view_store().failures() == {("pt", "ada Lovelace"): "HTTP 500"}
        store = ChallengeStore.of(state)
        assert store.figures("sv", [101, 102]) == {}             # the texts wait to be measured
        assert store.upgrade_texts(lambda code: WikiNames(), NOW) == 2      # by the next run
        assert store.figures("sv", [101, 102]) == {101: measure("text", "sv"), 102: None}
        assert store.latest_board("Challenge 2021")["rows"] == [{"user": "Ana", "points": 3}]
        assert [r.title for r in store.seen("Challenge 2021")] == ["Åre"]
        with state.engine.connect() as conn:             # the new table is there
            assert conn.execute(text("SELECT COUNT(*) FROM run_locks")).scalar() == 0
    with State(where) as state:                           # opened again: nothing more to do
        assert len(state.notices()) == 3


def test_a_state_from_a_newer_release_is_refused(state_at):
    with State(state_at) as state, state.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="99"))
    with pytest.raises(schema.NewerSchema, match="schema version 99 is newer than this bot's 5"):
        State(state_at)


def test_names_and_titles_differing_in_case_or_accents_never_collide(state_at):
    request = ViewsRequest("sv", "Åre", "sv.wikipedia", date(2021, 3, 1), date(2021, 3, 2))
    with State(state_at) as state:
        views = state.view_store()
        for title in ("Åre", "åre", "Are"):
            views.save(ViewsResult(ViewsRequest(**{**request.__dict__, "title": title}),
                                   {"2021-03-01": len(title.encode())}), NOW)
        views.save(ViewsResult(request, {"2021-03-01": 9}), NOW)           # the same key: updated
        assert {k: v.daily for k, v in views.load().items()} == {
            ("sv", "Åre"): {"2021-03-01": 9}, ("sv", "åre"): {"2021-03-01": 4},
            ("sv", "Are"): {"2021-03-01": 3}}
        store = ChallengeStore.of(state)
        store.save_account("Åsa", ("sv",), "sv", NOW)
        store.save_account("Asa", ("en",), "en", NOW)
        store.save_account("Åsa", ("sv", "pt"), "sv", NOW)
        assert store.accounts(NOW) == {"Åsa": (("sv", "pt"), "sv"), "Asa": (("en",), "en")}


def test_a_database_url_makes_no_file_and_keeps_no_secret(mariadb, monkeypatch, tmp_path):
    monkeypatch.setenv("WIKIGAPBOT_STATE_PASSWORD", mariadb.password)
    monkeypatch.chdir(tmp_path)
    url = mariadb.database("s55123__nofile")
    with State(url) as state:
        state.record_notice("results", "E", "Ana", "results", "User talk:Ana", "saved")
        with state.engine.connect() as conn:
            dump = repr([conn.execute(text(f"SELECT * FROM {name}")).all()
                         for name in schema.metadata.tables])
    assert mariadb.password not in dump and mariadb.password not in repr(state.engine.url)
    assert list(tmp_path.iterdir()) == []
    assert REDACTOR.redact(f"connect with {mariadb.password}") == "connect with [redacted]"


def test_the_password_comes_from_the_environment_else_replica_my_cnf(tmp_path):
    # made afresh each run: no password-like literal in the repository
    from_cnf, from_env = secrets.token_hex(8), secrets.token_hex(8)
    (tmp_path / "replica.my.cnf").write_text(f"[client]\nuser = s55123\npassword = '{from_cnf}'\n")
    assert password({"WIKIGAPBOT_STATE_PASSWORD": from_env}, tmp_path) == (
        from_env, "the environment (WIKIGAPBOT_STATE_PASSWORD)")
    assert password({}, tmp_path) == (from_cnf, str(tmp_path / "replica.my.cnf"))
    with pytest.raises(StateError, match="set WIKIGAPBOT_STATE_PASSWORD"):
        password({}, tmp_path / "nowhere")


@pytest.mark.parametrize("value", ["mysql://tools.db.svc.wikimedia.cloud/db",
                                   "mysql://u:pw@host/db", "mysql://u@host:port/db",
                                   "mysql://u@host/"])
def test_a_malformed_url_is_explained_without_echoing_a_password(value):
    with pytest.raises(StateError, match=r"write mysql://USER@HOST\[:PORT\]/DATABASE") as err:
        locate(value)
    assert ":pw@" not in str(err.value)


def test_a_url_and_a_path_are_told_apart():
    found = locate("mysql://s55123@tools.db.svc.wikimedia.cloud/s55123__wikigapbot")
    assert (found.is_url, found.port, found.database) == (True, 3306, "s55123__wikigapbot")
    assert str(found) == "mysql://s55123@tools.db.svc.wikimedia.cloud:3306/s55123__wikigapbot"
    assert locate("state/x.sqlite").path == Path("state/x.sqlite")


def test_a_dry_run_on_an_empty_database_reads_nothing_and_makes_no_table(mariadb, monkeypatch):
    monkeypatch.setenv("WIKIGAPBOT_STATE_PASSWORD", mariadb.password)
    url = mariadb.database("s55123__dry")
    with State.for_run(url, dry_run=True) as state:        # Toolforge's first step: a dry run
        assert state.latest_snapshot("WikiGap 2021") is None and state.notices() == []
        assert state.record_notice("results", "E", "Ana", "results", "T", "saved") == 0
    with State(url, read_only=True) as state:
        assert state.schema_version() is None             # still no table at all
