"""The Challenge's pages rendered from a scored board: status, lines, why not, results, awards."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from decimal import Decimal

from challenge_factories import config as config_2021

from wikigap.challenge.count.scoring import Contribution, score
from wikigap.challenge.read.adjustments import Adjustment
from wikigap.challenge.write import board as pages
from wikigap.challenge.write import confirm
from wikigap.challenge.write.export import document, export_challenge

BEFORE = datetime(2021, 4, 9, 12, tzinfo=timezone.utc)   # the window ended, not yet settled
AFTER = datetime(2021, 4, 10, 0, tzinfo=timezone.utc)    # last day + 24 h


def scored():
    config = config_2021()
    items = [
        Contribution("Ann", "en", "Ada", created=True, bytes_added=3000, refs=3, links=2,
                     about_woman=True, wikidata="Q1"),            # 1 + 1 + bonus 1 - 1 = 2
        Contribution("Ann", "sv", "Selma", created=True, bytes_added=1900, refs=3, links=1,
                     about_woman=True, wikidata="Q2"),            # 0 + 1 = 1
        Contribution("Ann", "en", "Nobody", created=True, bytes_added=2500, refs=3, links=1),
        Contribution("Bo", "en", "Hedy", bytes_added=2200, refs=3, links=1, about_woman=True,
                     wikidata="Q3"),                              # 2
        Contribution("Cy", "en", "Karl", created=True, bytes_added=2500, refs=3, links=1,
                     about_woman=False, wikidata="Q4"),
    ]
    adjustments = [Adjustment("Ann", "Poor machine translation", 1, "en", "Ada", Decimal(-1)),
                   Adjustment("Cy", "Copyright", 2, disqualify=True)]
    return config, score(items, config, frozenset({"Q1"}), adjustments, ["Ann", "Bo", "Cy"])


def test_the_leaderboard_is_provisional_until_it_settles_then_final():
    config, board = scored()
    assert "Provisional standings" in pages.render_leaderboard(board, config, BEFORE)
    final = pages.render_leaderboard(board, config, AFTER)
    assert "Final ranking" in final and "Provisional" not in final


def test_each_line_says_its_points_and_why_not():
    config, board = scored()
    text = pages.render_leaderboard(board, config, AFTER)
    assert "| 1 || [[:User:Ann|Ann]] || 3 || 2 || 0 || 1 || en, sv || 4,900 || 1\n" in text
    assert "−1 (Poor machine translation)" in text and "+1" in text
    assert "pending: no Wikidata item or gender yet" in text
    assert "Disqualified by the organizers: Copyright." in text
    assert "{| class=\"wikitable sortable\"" in text


def test_the_rules_box_lists_each_rule():
    config, _ = scored()
    text = pages.render_rules(config)
    assert "\n* 1 point for an article you added at least 2,000 bytes to (once per article).\n" \
        in text
    assert text.startswith("The rules of WikiGap Challenge 2021")


def test_the_results_draft_has_the_2021_shape():
    config, board = scored()
    text = pages.render_results(board, config, signed_up=3)
    assert "== General outcome ==" in text and "3 contestants with edits (3 signed up)" in text
    assert "# [[:User:Ann|Ann]], 3 points. 2 articles created or improved, in English and Swedish." in text
    assert "1 woman on the list written about in 1 article, in 1 language" in text


def test_awards_go_to_the_top_ranks_a_shared_rank_counting_once():
    config, board = scored()
    tied = dataclasses.replace(board, standings=tuple(
        dataclasses.replace(s, rank=1) for s in board.standings if s.rank) + board.standings[2:])
    assert [s.user for s in pages.award_winners(tied, 1)] == ["Ann", "Bo"]
    nothing = dataclasses.replace(board, standings=tuple(
        dataclasses.replace(s, rank=1, points=Decimal(0)) for s in board.standings))
    assert pages.award_winners(nothing, 3) == []
    some = dataclasses.replace(board, standings=(board.standings[0],) + tuple(
        dataclasses.replace(s, rank=2, points=Decimal(0)) for s in board.standings[1:]))
    assert [s.user for s in pages.award_winners(some, 3)] == ["Ann"]
    notice = pages.award_notice(board.standings[0], config, "sv")
    assert notice.title == "User talk:Ann" and "Grattis!" in notice.text
    assert notice.marker in notice.text and notice.kind == pages.AWARD_KIND


def test_confirmed_is_a_word_in_any_case():
    assert confirm.is_confirmed("CONFIRMED.") and confirm.is_confirmed("Results confirmed by staff")
    assert not confirm.is_confirmed("unconfirmed") and not confirm.is_confirmed(None)
    assert not confirm.is_confirmed("not yet")


def test_the_export_turns_points_into_numbers_and_why_not_null():
    _, board = scored()
    doc = document(board)
    ann = doc["contestants"][0]
    assert (ann["user"], ann["rank"], ann["points"], type(ann["points"])) == ("Ann", 1, 3, int)
    ada = next(line for line in ann["lines"] if line["title"] == "Ada")
    assert (ada["points"], ada["bonus"], ada["adjustment"], ada["why_not"]) == (2, 1, -1, None)
    csv = export_challenge(doc, "csv").splitlines()
    assert csv[0].startswith("user,rank,wiki,title,created") and len(csv) == 1 + 5 + 1
    assert csv[-1] == "Cy,,,,,,,,,,0,0,disqualified,Copyright"   # adjusted as a whole


def test_the_export_has_contestant_adjustments_and_null_for_what_was_not_measured():
    config = config_2021()
    items = [Contribution("Ann", "en", "Ada", created=True, bytes_added=3000, refs=3, links=2,
                          about_woman=True, wikidata="Q1")]
    board = score(items, config, frozenset(), [Adjustment("Ann", "Late sign-up", 1,
                                                          points=Decimal(-1))], ["Ann", "Bo"])
    ann, bo = document(board)["contestants"]
    assert (ann["adjustment"], ann["reasons"], ann["disqualified"]) == (-1, ["Late sign-up"], None)
    assert ann["words_added"] is None and ann["lines"][0]["words_added"] is None   # no words rule
    assert (bo["adjustment"], bo["reasons"], bo["words_added"]) == (0, [], None)
    rows = export_challenge(document(board), "csv").splitlines()
    assert rows[-1] == "Ann,1,,,,,,,,,-1,-1,,Late sign-up" and len(rows) == 3
