"""The Challenge's smaller trust gaps (issue 26, item 5), on real wikis.

One contest, ``wikis: any``, 1 point for 2,000 bytes, +1 for a bonus-list
woman, women only:

- Ann writes about Anna (a woman on the bonus list): 1 + 1 = 2 points;
- Bo signed up but has no global account: a problem on the board and in the
  run ("no global account found"), not a silent 0;
- Cy signed up and wrote nothing: 0 points, and her results line has no
  "in ." (no language to name).

The bonus page lists Anna, an id Wikidata does not have, and a city: the two
last are problems under the leaderboard; Anna is shown by her label.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from challenge_sandbox import account, article, contest_page
from running import run_tasks
from sandbox_campaign import campaign_yaml
from wikidata_entities import FEMALE, claims

from sandbox import ImportedRevision
from wikigap.config import load_config
from wikigap.write.regions import read_region

P = "C26T"
USERS = [f"{P} Ann", f"{P} Bo", f"{P} Cy"]
PAGE, BOARD, BONUS = f"{P} Challenge", f"{P} Challenge/Leaderboard", f"{P} Challenge/Bonus"
RESULTS = f"{P} Challenge/Results"
ANNA, NOBODY, CITY = "Q926101", "Q926102", "Q926103"
WHEN = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def contest(sandbox, tmp_path_factory):
    """Load the contest and run it once; keep the board, the results draft and the output."""
    for code in ("meta", "en"):
        sandbox[code].create_users(USERS)
    sandbox["en"].import_revisions([ImportedRevision(f"{P} Anna", article(2500), USERS[0], WHEN)])
    sandbox["en"].set_items({f"{P} Anna": ANNA})
    sandbox["wikidata"].load_entities(
        {ANNA: claims(p21=(FEMALE,)), CITY: claims(p31=("Q515",))},
        labels={ANNA: {"en": "Anna Woman", "sv": "Anna Kvinna"}, CITY: {"en": "Stockholm"}})
    sandbox["meta"].load_global_accounts({USERS[0]: account("en", "en"),
                                          USERS[2]: account("en", "en")})
    sandbox["meta"].load_pages([
        (PAGE, contest_page(USERS)),
        (BONUS, f"* [[d:{ANNA}|Anna]]\n* {{{{Q|{NOBODY}}}}} (a typo)\n* [[d:{CITY}]]\n")])
    block = {"name": f"{P} Challenge", "wiki": "meta", "page": PAGE, "first_day": "2021-03-08",
             "last_day": "2021-04-08", "wikis": "any",
             "rules": [{"kind": "bytes_at_least", "bytes": 2000, "points": 1}],
             "bonus": {"page": BONUS, "mode": "add", "points": 1},
             "leaderboard": {"page": BOARD, "marker": "leaderboard"},
             "results": {"page": RESULTS, "top": 10}}
    config = load_config(campaign_yaml(sandbox, tmp_path_factory.mktemp("c26t"), f"{P}/Events",
                                       name=f"{P} campaign", challenge=block))
    out: list[str] = []
    status = run_tasks(config, ["challenge"], echo=out.append)
    return {"status": status, "out": "\n".join(out),
            "board": read_region(sandbox["meta"].page_text(BOARD), "leaderboard"),
            "results": read_region(sandbox["meta"].page_text(RESULTS), "results")}


def test_the_run_succeeds(contest):
    assert contest["status"] == 0, contest["out"]


def test_a_contestant_without_a_global_account_is_a_problem_on_the_board_and_in_the_run(contest):
    said = f"No global account found for {P} Bo"
    assert said in contest["out"] and said in contest["board"]
    assert f"[[:{PAGE}|{PAGE}]], line 6: {said}" in contest["board"]   # Bo signed on line 6


def test_bonus_ids_wikidata_says_are_missing_or_not_a_human_are_problems_under_the_board(contest):
    board = contest["board"]
    assert f"{NOBODY} on line 2 of the bonus list is not an item on Wikidata" in board
    assert f"{CITY} on line 3 of the bonus list is not a human on Wikidata" in board
    problems = board.split("Problems to fix on the Challenge", 1)[1]
    assert f"[[:{BONUS}|{BONUS}]], line 2:" in problems and "No global account" in problems


def test_the_board_and_the_results_name_bonus_women_by_their_label(contest):
    assert (f"The bonus list ([[:{BONUS}|{BONUS}]]): [[:d:{ANNA}|Anna Woman]], "
            f"[[:d:{NOBODY}|{NOBODY}]], [[:d:{CITY}|Stockholm]].") in contest["board"]
    assert f"Covered in most languages: [[:d:{ANNA}|Anna Woman]] (1)" in contest["results"]


def test_article_titles_are_links_and_unused_columns_are_left_out(contest):
    board = contest["board"]
    assert f"| en || [[:en:{P} Anna|{P} Anna]] || created" in board
    assert "Words added" not in board and "References" not in board and "Adjustment" not in board
    assert "Bonus-list articles" in board and "Pending" in board


def test_a_contestant_with_no_points_has_no_empty_language_list_in_the_results(contest):
    results = contest["results"]
    assert f"[[:User:{P} Ann|{P} Ann]], 2 points. 1 article created or improved, in English." in results
    assert f"[[:User:{P} Bo|{P} Bo]], 0 points. 0 articles created or improved.\n" in results
    assert "in ." not in results
