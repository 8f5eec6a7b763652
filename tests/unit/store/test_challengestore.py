"""The Challenge's tables: texts read once, accounts a day, revisions seen, boards; dry runs write nothing."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from wikigap.model import Revision
from wikigap.store.state import SCHEMA_VERSION, State

NOW = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)


def test_texts_are_kept_by_wiki_and_revision_and_none_means_read_but_gone(tmp_path):
    with State(tmp_path / "s.sqlite") as state:
        store = state.challenge_store()
        store.save_texts("en", {1: "one", 2: None}, NOW)
        store.save_texts("sv", {1: "ett"}, NOW)
        assert store.texts("en", [1, 2, 3]) == {1: "one", 2: None}
        assert store.texts("sv", [1, 2]) == {1: "ett"}


def test_an_account_is_fresh_for_a_day(tmp_path):
    with State(tmp_path / "s.sqlite") as state:
        store = state.challenge_store()
        store.save_account("Ana", ("en", "sv"), "sv", NOW)
        store.save_account("Bo", None, None, NOW - timedelta(days=1, seconds=1))
        assert store.accounts(NOW + timedelta(hours=23)) == {"Ana": (("en", "sv"), "sv")}
        assert store.accounts(NOW + timedelta(days=1)) == {}


def test_revisions_seen_and_boards_read_back(tmp_path):
    rev = Revision("en", 7, 3, "Ada", "Ana", NOW, 120, True, ("mw-reverted",), 0)
    with State(tmp_path / "s.sqlite") as state:
        store = state.challenge_store()
        store.remember("C", [rev])
        store.save_board("C", NOW, False, {"contestants": [], "summary": {"articles": 0}})
        store.save_board("C", NOW + timedelta(hours=1), True, {"contestants": [{"user": "Ana"}]})
        assert store.seen("C") == [rev] and store.seen("D") == []
        assert store.latest_board("C")["contestants"] == [{"user": "Ana"}]
        assert store.latest_board("C")["final"] is True


def test_a_dry_run_keeps_nothing_and_an_old_file_gains_the_tables(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                         "INSERT INTO meta VALUES ('schema_version', '2');")
    with State.for_run(path, dry_run=True) as state:      # read-only, before the migration
        store = state.challenge_store()
        store.save_texts("en", {1: "x"}, NOW)
        assert store.texts("en", [1]) == {} and store.latest_board("C") is None
    with State(path) as state:
        state.challenge_store().save_texts("en", {1: "x"}, NOW)
        assert state.challenge_store().texts("en", [1]) == {1: "x"}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),)


def test_confirmations_are_kept_in_order_with_their_places_and_a_dry_run_keeps_none(tmp_path):
    path = tmp_path / "s.sqlite"
    with State(path) as state:
        store = state.challenge_store()
        store.save_confirmation("C", "0badc0de", NOW + timedelta(days=1), [["Bo", 1, "3"]])
        store.save_confirmation("C", "3f9a12c0", NOW, [["Ana", 1, "4"], ["Bo", None, "0"]])
        assert store.confirmations("C") == [
            ("3f9a12c0", NOW, [["Ana", 1, "4"], ["Bo", None, "0"]]),
            ("0badc0de", NOW + timedelta(days=1), [["Bo", 1, "3"]])]
        assert store.confirmations("D") == []
    with State.for_run(path, dry_run=True) as state:
        state.challenge_store().save_confirmation("C", "12345678", NOW, [])
        assert len(state.challenge_store().confirmations("C")) == 2
