"""The WikiGap Challenge on real wikis: every case of issue 18's "Must show", points by hand.

Two contests on the sandbox. Contest A plays the 2021 rules (1 point for
>= 2,000 bytes added, 1 for >= 3 references and >= 1 link, +1 for a bonus-list
woman) with ``wikis: any``: each contestant's Wikipedias come from their global
account, played by the CentralAuthDouble on Meta. Contest B plays the 2020
rules (+5 translated via the ``contenttranslation`` tag, the bonus doubling,
and 10 points instead of 1 for a created article on en: per-wiki points).
Every article below says what it earns and why; the expected numbers are
summed from those comments, never from the code under test.

Contest A runs three times: run 1 (confirm page says "not yet"), then a woman
is added to the bonus page and an article is deleted, run 2 (staff wrote
"Confirmed.", a person saves on the leaderboard between the bot's read and
its save: a merged save), run 3 (nothing new: no award twice).
"""
from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timezone

import pytest
from challenge_sandbox import account, article, contest_page
from running import run_tasks
from sandbox_campaign import campaign_yaml
from sqlalchemy import inspect
from wikidata_entities import FEMALE, MALE, claims

import bot
from sandbox import ImportedRevision
from sandbox.process import free_port
from tasks import TASKS
from wikigap.challenge.gather import reads
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.config import load_config
from wikigap.outcomes import Kind
from wikigap.run import runner
from wikigap.store.state import State
from wikigap.wikis.sites import Wikis
from wikigap.write.regions import read_region

P = "C18"
A_USERS = [f"{P} {n}" for n in ("Ann", "Bo", "Cy", "Di", "Ed")]
B_USERS = [f"{P} {n}" for n in ("Fa", "Gu")]
PAGE_A, PAGE_B = f"{P} Challenge/A", f"{P} Challenge/B"
BOARD_A, BOARD_B = f"{PAGE_A}/Leaderboard", f"{PAGE_B}/Leaderboard"
CONFIRM = f"{PAGE_A}/Confirm"
WHEN = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)
Q = {name: f"Q91800{i}" for i, name in enumerate(
    ("Ann Woman One", "Ann Man", "Bo Reverted", "Bo Deleted", "Bo Woman", "Cy Woman",
     "Di Woman", "Ed Woman", "Ann Kvinna", "Fa Translated", "Fa Svensk", "Gu Översatt"), start=10)}


# (wiki, title, user, bytes, refs, links, tags) -- every revision creates its page in the window.
EDITS_A = [
    ("en", "Ann Woman One", "Ann", 3000, 3, 2, ()),  # 1 size + 1 sources + 1 bonus - 1 penalty = 2
    ("sv", "Ann Kvinna", "Ann", 1900, 3, 1, ()),     # 1,900 < 2,000: 0 size; 1 sources = 1
    ("en", "Ann Man", "Ann", 2500, 3, 1, ()),        # a man: 0, "not about a woman"
    ("en", "Ann NoItem", "Ann", 2500, 3, 1, ()),     # no item: 0, pending
    ("en", "Bo Reverted", "Bo", 2500, 3, 1, ("mw-reverted",)),  # reverted: 0
    ("en", "Bo Deleted", "Bo", 2500, 3, 1, ()),      # 2 in run 1; deleted before run 2: 0
    ("en", "Bo Woman", "Bo", 2200, 3, 1, ()),        # 2; from run 2 on the bonus page: 3
    ("en", "Cy Woman", "Cy", 2400, 3, 1, ()),        # 2
    ("en", "Di Woman", "Di", 2400, 3, 1, ()),        # 2: Cy and Di tie (2 points, 1, 2,400 B)
    ("en", "Ed Woman", "Ed", 2500, 3, 1, ()),        # 2, but Ed is disqualified
]
EDITS_B = [
    ("en", "Fa Translated", "Fa", 1000, 0, 0, ("contenttranslation",)),  # (5 + 10 en) x 2 = 30
    ("sv", "Fa Svensk", "Fa", 800, 0, 0, ()),                             # 1 created
    ("sv", "Gu Översatt", "Gu", 900, 0, 0, ("contenttranslation",)),     # (5 + 1) x 2 = 12
]
WOMEN = ("Ann Woman One", "Bo Reverted", "Bo Deleted", "Bo Woman", "Cy Woman", "Di Woman",
         "Ed Woman", "Ann Kvinna", "Fa Translated", "Fa Svensk", "Gu Översatt")


BOARD_TEXT = "Intro line.\n<!-- wikigapbot:begin leaderboard -->\n<!-- wikigapbot:end leaderboard -->\nOutro line.\n"
ADJUSTMENTS = (f"{{{{WikiGap adjustment|user={P} Ann|wiki=en|article={P} Ann Woman One|points=-1"
               f"|reason=Poor machine translation}}}}\n"
               f"{{{{WikiGap adjustment|user={P} Ed|disqualify=yes|reason=Copyright violations}}}}\n")


def load(sandbox, edits) -> None:
    by_wiki: dict[str, list] = {}
    for code, title, user, size, refs, links, tags in edits:
        by_wiki.setdefault(code, []).append(
            ImportedRevision(f"{P} {title}", article(size, refs, links), f"{P} {user}", WHEN))
    for code, revs in by_wiki.items():
        sandbox[code].import_revisions(revs)
        sandbox[code].tag_revisions([(f"{P} {t}", WHEN, tags) for c, t, _, _, _, _, tags in edits
                                     if c == code and tags])
        sandbox[code].set_items({f"{P} {t}": Q[t] for c, t, *_ in edits if c == code and t in Q})


def challenge_block(page, board, **extra) -> dict:
    return {"name": f"{P} {page}", "wiki": "meta", "page": page, "first_day": "2021-03-08",
            "last_day": "2021-04-08", "leaderboard": {"page": board, "marker": "leaderboard"},
            **extra}


@pytest.fixture(scope="module")
def wikis(sandbox):
    users = A_USERS + B_USERS
    for name in ("meta", "en", "sv"):
        sandbox[name].create_users(users)
    load(sandbox, EDITS_A + EDITS_B)
    sandbox["wikidata"].load_entities({Q[t]: claims(p21=(FEMALE,) if t in WOMEN else (MALE,))
                                       for t in Q})
    sandbox["meta"].load_global_accounts({
        f"{P} Ann": account("sv", "en", "sv"), f"{P} Bo": account("en", "en"),
        f"{P} Cy": account("en", "en"), f"{P} Di": account("en", "en"),
        f"{P} Ed": account("en", "en")})
    sandbox["meta"].load_pages([
        (PAGE_A, contest_page(A_USERS)), (BOARD_A, BOARD_TEXT),
        (f"{PAGE_A}/Bonus", f"* [[d:{Q['Ann Woman One']}|Ann Woman One]]\n"),
        (f"{PAGE_A}/Adjustments", ADJUSTMENTS), (CONFIRM, "Not yet: the jury is checking."),
        (PAGE_B, contest_page(B_USERS)), (BOARD_B, BOARD_TEXT),
        (f"{PAGE_B}/Bonus", f"* {{{{Q|{Q['Fa Translated']}}}}}\n* {Q['Gu Översatt']} (bare id)\n")])
    return sandbox


def config_a(sandbox, folder):
    block = challenge_block(
        PAGE_A, BOARD_A, wikis="any",
        rules=[{"kind": "bytes_at_least", "bytes": 2000, "points": 1},
               {"kind": "sources_and_links", "refs": 3, "links": 1, "points": 1}],
        bonus={"page": f"{PAGE_A}/Bonus", "mode": "add", "points": 1},
        adjustments={"page": f"{PAGE_A}/Adjustments"},
        results={"page": f"{PAGE_A}/Results draft", "top": 10},
        awards={"top": 2, "confirm_page": CONFIRM})
    return load_config(campaign_yaml(sandbox, folder, f"{P}/Events", name=f"{P} A",
                                     challenge=block))


def config_b(sandbox, folder, **extra):
    block = challenge_block(
        PAGE_B, BOARD_B, wikis=["en", "sv"], **extra,
        rules=[{"kind": "translated", "points": 5}, {"kind": "created", "points": 1}],
        per_wiki={"en": {"created": 10}},
        bonus={"page": f"{PAGE_B}/Bonus", "mode": "multiply", "factor": 2})
    return load_config(campaign_yaml(sandbox, folder, f"{P}/Events", name=f"{P} B",
                                     challenge=block))


def board(config) -> dict:
    with State(config.state_path) as state:
        return ChallengeStore.of(state).latest_board(config.challenge.name)


def people(doc) -> dict:
    return {c["user"].removeprefix(f"{P} "): c for c in doc["contestants"]}


def lines(person) -> dict:
    return {line["title"].removeprefix(f"{P} "): line for line in person["lines"]}


def award_talk(sandbox, user):
    return sandbox["meta"].page_text(f"User talk:{P} {user}") or ""


@pytest.fixture(scope="module")
def runs_a(wikis, tmp_path_factory):
    """Run contest A three times (see the module's docstring); keep each run's board and output."""
    config = config_a(wikis, tmp_path_factory.mktemp("c18a"))
    out = [[], [], []]
    status1 = run_tasks(config, ["challenge"], echo=out[0].append)
    first = board(config)
    talk_after_first = {u: award_talk(wikis, u) for u in ("Ann", "Bo")}
    wikis["en"].delete_page(f"{P} Bo Deleted")
    wikis["meta"].load_page(f"{PAGE_A}/Bonus", f"* [[d:{Q['Ann Woman One']}|Ann Woman One]]\n"
                                               f"* {{{{Q|{Q['Bo Woman']}}}}} (added later)\n")
    wikis["meta"].load_page(CONFIRM, "Confirmed. -- staff")

    def person(plan):   # a merged save: one line inside the region, one outside
        if plan.title == BOARD_A and not person.done:
            text = wikis["meta"].page_text(BOARD_A)
            text = text.replace("<!-- wikigapbot:begin leaderboard -->\n",
                                "<!-- wikigapbot:begin leaderboard -->\nA line slipped in.\n")
            wikis["meta"].load_page(BOARD_A, text.replace("Outro line.", "Outro line.\nKept."),
                                    user=f"{P} Cy")
            person.done = True
    person.done = False
    status2 = run_tasks(config, ["challenge"], echo=out[1].append, before_save=person)
    second = board(config)
    check = runner.run_tasks(config, ["challenge"], TASKS, dry_run=True,
                             hooks=runner.RunHooks(echo=lambda _: None))
    status3 = run_tasks(config, ["challenge"], echo=out[2].append)
    return {"config": config, "status": (status1, status2, status3), "first": first,
            "second": second, "out": out, "talk_after_first": talk_after_first,
            "merged": person.done, "check": check}


def test_the_runs_succeed(runs_a):
    assert runs_a["status"] == (0, 0, 0), runs_a["out"]


def test_2021_rules_points_by_hand_and_the_global_account_finds_two_wikipedias(runs_a):
    ann = people(runs_a["first"])["Ann"]
    ann_lines = lines(ann)
    # 3,000 bytes, 3 refs, 2 links: size 1 + sources 1; bonus-list woman +1; penalty -1 = 2
    assert (ann_lines["Ann Woman One"]["points"], ann_lines["Ann Woman One"]["bonus"],
            ann_lines["Ann Woman One"]["adjustment"]) == (2, 1, -1)
    assert (ann_lines["Ann Woman One"]["refs"], ann_lines["Ann Woman One"]["links"]) == (3, 2)
    # 1,900 bytes on sv (found through Ann's global account): 0 for size, 1 for sources
    assert ann_lines["Ann Kvinna"]["wiki"] == "sv" and ann_lines["Ann Kvinna"]["points"] == 1
    assert ann_lines["Ann Kvinna"]["bytes_added"] == 1900
    assert (ann["points"], ann["articles"], ann["bytes_added"], ann["pending"]) == (3, 2, 4900, 1)


def test_why_not_counted_a_man_no_item_reverted_and_deleted(runs_a):
    ann, bo = lines(people(runs_a["first"])["Ann"]), lines(people(runs_a["second"])["Bo"])
    assert (ann["Ann Man"]["why_not"], ann["Ann Man"]["points"]) == ("not-a-woman", 0)
    assert (ann["Ann NoItem"]["why_not"], ann["Ann NoItem"]["points"]) == ("pending", 0)
    assert bo["Bo Reverted"]["why_not"] == "reverted"
    assert lines(people(runs_a["first"])["Bo"])["Bo Deleted"]["points"] == 2   # before deletion
    assert (bo["Bo Deleted"]["why_not"], bo["Bo Deleted"]["points"]) == ("deleted", 0)


def test_disqualification_and_penalty_show_their_reasons(runs_a, wikis):
    ed = people(runs_a["first"])["Ed"]
    assert (ed["rank"], ed["points"]) == (None, 0)
    assert lines(ed)["Ed Woman"]["why_not"] == "disqualified"
    text = read_region(wikis["meta"].page_text(BOARD_A), "leaderboard")
    assert "Disqualified by the organizers: Copyright violations." in text
    assert "−1 (Poor machine translation)" in text
    assert "not about a woman" in text and "pending: no Wikidata item or gender yet" in text


def test_ranks_ties_and_a_name_added_to_the_bonus_page_between_runs(runs_a):
    first = {u: (p["rank"], p["points"]) for u, p in people(runs_a["first"]).items()}
    # run 1: Bo 2 + 2 = 4 (2 articles); Ann 3; Cy and Di 2 each, equal in all three: rank 3 both
    assert first == {"Bo": (1, 4), "Ann": (2, 3), "Cy": (3, 2), "Di": (3, 2), "Ed": (None, 0)}
    second = {u: (p["rank"], p["points"]) for u, p in people(runs_a["second"]).items()}
    # run 2: Bo Deleted gone (0), Bo Woman now on the bonus page: 2 + 1 = 3, one article;
    # Ann 3 with two articles ranks first
    assert second == {"Ann": (1, 3), "Bo": (2, 3), "Cy": (3, 2), "Di": (3, 2), "Ed": (None, 0)}
    assert lines(people(runs_a["second"])["Bo"])["Bo Woman"]["bonus"] == 1


def test_no_award_before_confirmed_then_once_each_never_twice(runs_a, wikis):
    assert runs_a["talk_after_first"] == {"Ann": "", "Bo": ""}
    assert any("awards wait for" in line for line in runs_a["out"][0])
    for user in ("Ann", "Bo"):   # the top 2 ranks after run 2
        assert award_talk(wikis, user).count("wikigapbot-notice: challenge-award") == 1
    assert award_talk(wikis, "Cy") == ""
    assert "1 award notice(s) due" not in "\n".join(runs_a["out"][2])
    assert any("0 award notice(s) due, 0 posted, 2 before" in line for line in runs_a["out"][2])
    # Ann's home wiki is svwiki: her notice is in Swedish
    assert "Grattis!" in award_talk(wikis, "Ann") and "Congratulations!" in award_talk(wikis, "Bo")


def test_the_leaderboard_is_exact_after_a_merged_save(runs_a, wikis):
    assert runs_a["merged"]
    text = wikis["meta"].page_text(BOARD_A)
    assert "A line slipped in." not in text and "Kept." in text
    assert text.startswith("Intro line.\n")
    outcomes = {o.title: o.kind for o in runs_a["check"].outcomes}
    assert outcomes[BOARD_A] == Kind.UNCHANGED   # a dry run renders exactly the region on the page


def test_a_second_run_reads_no_revision_content(runs_a):
    first, second = "\n".join(runs_a["out"][0]), "\n".join(runs_a["out"][1])
    assert "0 revision texts read" not in first
    assert "0 revision texts read" in second and "0 revision texts read" in "\n".join(runs_a["out"][2])


def test_the_rules_box_and_the_results_draft(runs_a, wikis):
    rules = read_region(wikis["meta"].page_text(PAGE_A), "challenge-rules")
    assert "1 point for an article you added at least 2,000 bytes to" in rules
    assert wikis["meta"].page_text(PAGE_A).startswith("Write about women!")
    results = read_region(wikis["meta"].page_text(f"{PAGE_A}/Results draft"), "results")
    assert f"[[:User:{P} Ann|{P} Ann]], 3 points. 2 articles created or improved, in English " \
        "and Swedish." in results


def test_export_json_and_csv(runs_a, capsys):
    path = runs_a["config"].path
    assert bot.main(["export", "--config", path, "--what", "challenge", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"contestants"}
    assert set(doc["contestants"][0]) == {"user", "rank", "points", "articles", "bytes_added",
                                          "words_added", "pending", "adjustment", "reasons",
                                          "disqualified", "lines"}
    ed = people(doc)["Ed"]
    assert (ed["disqualified"], ed["reasons"]) == ("Copyright violations", ["Copyright violations"])
    assert ed["words_added"] is None                  # no words rule: not measured, not 0
    assert bot.main(["export", "--config", path, "--what", "challenge", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "user,rank,wiki,title,created,bytes_added,words_added,refs,links,bonus," \
                      "adjustment,points,why_not,reasons"
    assert len(rows) == 1 + sum(len(c["lines"]) for c in doc["contestants"]) + 1   # Ed's own
    assert f"{P} Ed,,,,,,,,,,0,0,disqualified,Copyright violations" in rows


def test_2020_rules_translated_doubled_and_per_wiki(wikis, tmp_path):
    config = config_b(wikis, tmp_path)
    assert run_tasks(config, ["challenge"]) == 0
    found = people(board(config))
    fa, gu = lines(found["Fa"]), lines(found["Gu"])
    assert (fa["Fa Translated"]["points"], fa["Fa Translated"]["bonus"]) == (30, 15)  # (5+10)x2
    assert fa["Fa Svensk"]["points"] == 1                                            # created, sv
    assert (gu["Gu Översatt"]["points"], gu["Gu Översatt"]["bonus"]) == (12, 6)      # (5+1)x2
    assert (found["Fa"]["points"], found["Fa"]["rank"], found["Gu"]["rank"]) == (31, 1, 2)


def test_a_swedish_challenge_writes_its_pages_and_edit_summaries_in_swedish(wikis, tmp_path):
    """challenge.language: sv gives the rules box, the leaderboard and their summaries in Swedish."""
    config = config_b(wikis, tmp_path, language="sv")
    assert run_tasks(config, ["challenge"]) == 0
    rules = read_region(wikis["meta"].page_text(PAGE_B), "challenge-rules")
    name = config.challenge.name
    assert rules.startswith(f"Reglerna för {name}, så som boten tillämpar dem:")
    assert "Artiklar på Wikipedia på dessa språk räknas: engelska och svenska." in rules
    assert "På Wikipedia på engelska gäller i stället: 10 poäng för en artikel du skapade" in rules
    board_text = read_region(wikis["meta"].page_text(BOARD_B), "leaderboard")
    assert board_text.startswith("Slutresultat: tävlingen är avslutad")
    assert "! Placering !! Tävlande !! Poäng" in board_text
    comments = {title: wikis["meta"].api(action="query", prop="revisions", titles=title,
                                         rvprop="comment")["query"]["pages"][0]["revisions"][0]
                ["comment"] for title in (PAGE_B, BOARD_B)}
    assert comments == {PAGE_B: f"Bot: reglerna för {name}, enligt konfigurationen",
                        BOARD_B: f"Bot: uppdaterar topplistan för {name} (slutgiltig)"}


def test_a_rule_needing_a_figure_not_yet_stored_reads_only_those_revisions(runs_a, tmp_path):
    """The state keeps figures, no text; a figure it lacks is read for its revisions alone."""
    config = runs_a["config"]
    path = tmp_path / "copy.sqlite"   # runs_a's state stays as the other tests see it
    shutil.copy(config.state_path, path)
    with State(path) as state:
        store = ChallengeStore.of(state)
        with state.engine.connect() as conn:
            assert not inspect(conn).has_table("challenge_texts")
        seen = {r.title.removeprefix(f"{P} "): r.revid
                for r in store.seen(config.challenge.name) if r.wiki == "en"}
        ann, cy = seen["Ann Woman One"], seen["Cy Woman"]
        kept = store.figures("en", [ann, cy])
        assert kept == {ann: {"refs": 3, "links": 2}, cy: {"refs": 3, "links": 1}}
        wanted = {"en": {ann: frozenset({"refs", "links", "words"}),
                         cy: frozenset({"refs", "links"})}}
        echoed: list[str] = []
        found, read = reads.figures(Wikis(config).content, store, wanted, {}, WHEN,
                                    echoed.append, {})
        assert read == 1 and echoed == ["  en: 2 revision texts, 1 from the state, 1 read"]
        # "Fact 0. Fact 1. Fact 2. Place 0 Place 1" and the run of x: 11 words
        assert found[("en", ann)] == {"refs": 3, "links": 2, "words": 11}
        assert found[("en", cy)] == kept[cy]
        assert store.figures("en", [ann]) == {ann: found[("en", ann)]}


def test_wikidata_unreachable_ends_the_run_with_its_message_and_writes_nothing(wikis, tmp_path,
                                                                               caplog):
    """Wikidata at a closed port: the run fails with one clear line (it used to crash on
    ``failed.add`` of the dict of failed wikis), the board and the state stay as they were."""
    block = challenge_block(PAGE_B, BOARD_B, wikis=["en", "sv"],
                            rules=[{"kind": "created", "points": 1}])
    closed = f"http://127.0.0.1:{free_port()}/api.php"
    config = load_config(campaign_yaml(wikis, tmp_path, f"{P}/Events", name=f"{P} no Wikidata",
                                       challenge=block, wikidata=closed))
    before = wikis["meta"].page_text(BOARD_B)
    out: list[str] = []
    report = runner.run_tasks(config, ["challenge"], TASKS, hooks=runner.RunHooks(echo=out.append))
    [run] = report.tasks
    assert report.status == 1 and not run.ok
    assert run.message == ("could not read Wikidata: nothing was written and the leaderboard "
                           "keeps its last numbers; the next run tries again")
    assert "wikidata: FAILED to read items" in "\n".join(out)
    assert wikis["meta"].page_text(BOARD_B) == before and run.outcomes == ()
    assert board(config) is None
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


def test_a_state_that_kept_texts_is_upgraded_by_the_next_run_reading_none_again(runs_a, wikis,
                                                                                   tmp_path):
    """A state that held the texts (schema 3): the next run measures them, drops them, reads none."""
    config = config_a(wikis, tmp_path)
    shutil.copy(runs_a["config"].state_path, config.state_path)
    with State(config.state_path) as state:
        seen: dict[str, list[int]] = {}
        for rev in ChallengeStore.of(state).seen(config.challenge.name):
            seen.setdefault(rev.wiki, []).append(rev.revid)
        texts = {code: Wikis(config).content(code).revision_texts(revids)
                 for code, revids in seen.items()}
    with sqlite3.connect(config.state_path) as db:   # the Challenge's part as schema 3 left it
        db.execute("DROP TABLE challenge_figures")
        db.execute("CREATE TABLE challenge_texts (wiki TEXT NOT NULL, revid INTEGER NOT NULL, "
                   "text TEXT, read_at TEXT NOT NULL, PRIMARY KEY (wiki, revid))")
        db.executemany("INSERT INTO challenge_texts VALUES (?, ?, ?, ?)",
                       [(code, revid, text, WHEN.isoformat())
                        for code, found in texts.items() for revid, text in found.items()])
    kept = sum(len(found) for found in texts.values())
    out: list[str] = []
    assert run_tasks(config, ["challenge"], echo=out.append) == 0
    said = "\n".join(out)
    assert f"challenge: {kept} revision texts kept by an older state measured" in said
    assert "0 revision texts read" in said
    with sqlite3.connect(config.state_path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'challenge_texts'"
                          ).fetchone() is None
        assert db.execute("SELECT count(*) FROM challenge_figures").fetchone() == (kept,)
    before = {u: (p["rank"], p["points"]) for u, p in people(board(runs_a["config"])).items()}
    assert {u: (p["rank"], p["points"]) for u, p in people(board(config)).items()} == before
