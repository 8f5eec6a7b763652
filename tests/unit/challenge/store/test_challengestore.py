"""The Challenge's tables: figures kept, not texts; accounts a day, revisions seen, boards; dry runs write nothing."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from wikigap.challenge.count import words
from wikigap.challenge.count.words import WikiNames, measure
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.model import Revision
from wikigap.store.state import SCHEMA_VERSION, State

NOW = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)
TEXT = "'''Ada''' wrote.<ref>A book</ref> She met [[Charles Babbage]] in [[London]]."


def test_figures_are_kept_by_wiki_and_revision_and_none_means_read_but_gone(tmp_path):
    with State(tmp_path / "s.sqlite") as state:
        store = ChallengeStore.of(state)
        store.save_figures("en", {1: {"words": 4}, 2: None}, NOW)
        store.save_figures("sv", {1: {"words": 7, "refs": 1}}, NOW)
        assert store.figures("en", [1, 2, 3]) == {1: {"words": 4}, 2: None}
        assert store.figures("sv", [1, 2]) == {1: {"words": 7, "refs": 1}}
        assert "challenge_texts" not in _tables(state.db)   # a new file keeps no text at all


def test_a_figure_counted_another_way_is_not_given(tmp_path, monkeypatch):
    with State(tmp_path / "s.sqlite") as state:
        store = ChallengeStore.of(state)
        store.save_figures("en", {1: {"words": 4, "refs": 2}}, NOW)
        monkeypatch.setitem(words.FIGURE_VERSIONS, "words", words.FIGURE_VERSIONS["words"] + 1)
        assert store.figures("en", [1]) == {1: {"refs": 2}}   # words must be measured again


def test_an_account_is_fresh_for_a_day(tmp_path):
    with State(tmp_path / "s.sqlite") as state:
        store = ChallengeStore.of(state)
        store.save_account("Ana", ("en", "sv"), "sv", NOW)
        store.save_account("Bo", None, None, NOW - timedelta(days=1, seconds=1))
        assert store.accounts(NOW + timedelta(hours=23)) == {"Ana": (("en", "sv"), "sv")}
        assert store.accounts(NOW + timedelta(days=1)) == {}


def test_revisions_seen_and_boards_read_back(tmp_path):
    rev = Revision("en", 7, 3, "Ada", "Ana", NOW, 120, True, ("mw-reverted",), 0)
    with State(tmp_path / "s.sqlite") as state:
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
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),)


def test_a_state_that_kept_texts_is_upgraded_to_their_figures_and_drops_them(tmp_path):
    path = tmp_path / "v3.sqlite"
    swedish = WikiNames(hidden=frozenset({"fil", "kategori"}))
    sv_text = TEXT + " [[Kategori:Kvinnor]]"
    _schema_3(path, {("en", 1): TEXT, ("en", 2): None, ("sv", 5): sv_text, ("pt", 9): TEXT})
    with State(path) as state:
        assert int(state.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
                   .fetchone()[0]) == SCHEMA_VERSION == 4
        store = ChallengeStore.of(state)
        names = {"en": WikiNames(), "sv": swedish, "pt": None}   # pt's names cannot be read now
        assert store.upgrade_texts(names.get, NOW) == 3
        assert store.figures("en", [1, 2]) == {1: measure(TEXT, "en"), 2: None}
        assert store.figures("sv", [5]) == {5: measure(sv_text, "sv", swedish)}
        assert store.figures("sv", [5])[5]["links"] == 2        # the category is not an article
        assert store.figures("pt", [9]) == {}                   # kept as text, for a later run
        assert store.upgrade_texts(lambda code: WikiNames(), NOW) == 1
        assert "challenge_texts" not in _tables(state.db)
        assert store.upgrade_texts(lambda code: WikiNames(), NOW) == 0


def _schema_3(path, texts: dict) -> None:
    """Write a state file as schema 3 left it: the Challenge's texts by revision."""
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('schema_version', '3');"
            "CREATE TABLE challenge_texts (wiki TEXT NOT NULL, revid INTEGER NOT NULL, text TEXT,"
            " read_at TEXT NOT NULL, PRIMARY KEY (wiki, revid));")
        db.executemany("INSERT INTO challenge_texts VALUES (?, ?, ?, ?)",
                       [(w, r, t, NOW.isoformat()) for (w, r), t in texts.items()])


def _tables(db) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
