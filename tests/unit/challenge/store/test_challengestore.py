"""The Challenge's tables: figures kept, not texts; accounts a day, revisions seen, boards; dry runs write nothing.

The tests taking ``state_at`` run on SQLite and on MariaDB (tests/conftest.py).
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, inspect

from wikigap.challenge.count import words
from wikigap.challenge.count.words import WikiNames, measure
from wikigap.challenge.store.challengestore import ChallengeStore, texts_table
from wikigap.model import Revision
from wikigap.store import schema
from wikigap.store.engine import locate, password
from wikigap.store.state import SCHEMA_VERSION, State

NOW = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)
TEXT = "'''Ada''' wrote.<ref>A book</ref> She met [[Charles Babbage]] in [[London]]."


def test_figures_are_kept_by_wiki_and_revision_and_none_means_read_but_gone(state_at):
    with State(state_at) as state:
        store = ChallengeStore.of(state)
        store.save_figures("en", {1: {"words": 4}, 2: None}, NOW)
        store.save_figures("sv", {1: {"words": 7, "refs": 1}}, NOW)
        assert store.figures("en", [1, 2, 3]) == {1: {"words": 4}, 2: None}
        assert store.figures("sv", [1, 2]) == {1: {"words": 7, "refs": 1}}
        assert "challenge_texts" not in _tables(state)      # a new state keeps no text at all


def test_a_figure_counted_another_way_is_not_given(state_at, monkeypatch):
    with State(state_at) as state:
        store = ChallengeStore.of(state)
        store.save_figures("en", {1: {"words": 4, "refs": 2}}, NOW)
        monkeypatch.setitem(words.FIGURE_VERSIONS, "words", words.FIGURE_VERSIONS["words"] + 1)
        assert store.figures("en", [1]) == {1: {"refs": 2}}   # words must be measured again


def test_an_account_is_fresh_for_a_day(state_at):
    with State(state_at) as state:
        store = ChallengeStore.of(state)
        store.save_account("Ana", ("en", "sv"), "sv", NOW)
        store.save_account("Bo", None, None, NOW - timedelta(days=1, seconds=1))
        assert store.accounts(NOW + timedelta(hours=23)) == {"Ana": (("en", "sv"), "sv")}
        assert store.accounts(NOW + timedelta(days=1)) == {}


def test_revisions_seen_and_boards_read_back(state_at):
    rev = Revision("en", 7, 3, "Ada", "Ana", NOW, 120, True, ("mw-reverted",), 0)
    with State(state_at) as state:
        store = ChallengeStore.of(state)
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
        store = ChallengeStore.of(state)
        store.save_figures("en", {1: {"words": 1}}, NOW)
        assert store.figures("en", [1]) == {} and store.latest_board("C") is None
    with State(path) as state:
        ChallengeStore.of(state).save_figures("en", {1: {"words": 1}}, NOW)
        assert ChallengeStore.of(state).figures("en", [1]) == {1: {"words": 1}}
    with State(path) as state:
        assert state.schema_version() == SCHEMA_VERSION


def test_a_state_that_kept_texts_is_upgraded_to_their_figures_and_drops_them(state_at):
    swedish = WikiNames(hidden=frozenset({"fil", "kategori"}))
    sv_text = TEXT + " [[Kategori:Kvinnor]]"
    _schema_3(state_at, {("en", 1): TEXT, ("en", 2): None, ("sv", 5): sv_text, ("pt", 9): TEXT})
    with State(state_at) as state:
        assert state.schema_version() == SCHEMA_VERSION == 5
        store = ChallengeStore.of(state)
        names = {"en": WikiNames(), "sv": swedish, "pt": None}   # pt's names cannot be read now
        assert store.upgrade_texts(names.get, NOW) == 3
        assert store.figures("en", [1, 2]) == {1: measure(TEXT, "en"), 2: None}
        assert store.figures("sv", [5]) == {5: measure(sv_text, "sv", swedish)}
        assert store.figures("sv", [5])[5]["links"] == 2        # the category is not an article
        assert store.figures("pt", [9]) == {}                   # kept as text, for a later run
        assert store.upgrade_texts(lambda code: WikiNames(), NOW) == 1
        assert "challenge_texts" not in _tables(state)
        assert store.upgrade_texts(lambda code: WikiNames(), NOW) == 0


def _schema_3(where, texts: dict) -> None:
    """Write a state as schema 3 left it: the Challenge's texts by revision (on either backend)."""
    location = locate(where)
    if location.is_url:
        secret, _ = password()
        engine = create_engine(f"mysql+pymysql://{location.user}:{secret}@{location.host}:"
                               f"{location.port}/{location.database}?charset=utf8mb4")
    else:
        engine = create_engine(f"sqlite:///{where}")
    with engine.begin() as conn:
        schema.meta.create(conn)
        conn.execute(schema.meta.insert().values(key="schema_version", value="3"))
        texts_table.create(conn)
        conn.execute(texts_table.insert(), [
            {"wiki": w, "revid": r, "text": t, "read_at": NOW.isoformat()}
            for (w, r), t in texts.items()])
    engine.dispose()


def _tables(state: State) -> set[str]:
    with state.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_confirmations_are_kept_in_order_with_their_places_and_a_dry_run_keeps_none(state_at):
    path = state_at                                     # SQLite and MariaDB
    with State(path) as state:
        store = ChallengeStore.of(state)
        store.save_confirmation("C", "0badc0de", NOW + timedelta(days=1), [["Bo", 1, "3"]])
        store.save_confirmation("C", "3f9a12c0", NOW, [["Ana", 1, "4"], ["Bo", None, "0"]])
        assert store.confirmations("C") == [
            ("3f9a12c0", NOW, [["Ana", 1, "4"], ["Bo", None, "0"]]),
            ("0badc0de", NOW + timedelta(days=1), [["Bo", 1, "3"]])]
        assert store.confirmations("D") == []
    with State.for_run(path, dry_run=True) as state:
        ChallengeStore.of(state).save_confirmation("C", "12345678", NOW, [])
        assert len(ChallengeStore.of(state).confirmations("C")) == 2
