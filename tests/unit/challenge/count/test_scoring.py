"""Scoring the Challenge: each year's rules with points derived by hand, exclusions, adjustments, ranks.

Every expected number is worked out in the test's comment from the published
rules (../shared/reference/challenge.md), never read back from the code.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from challenge_factories import config
from hypothesis import given, settings
from hypothesis import strategies as st

from wikigap.challenge.count.scoring import (
    WHY_NOT,
    Contribution,
    Standing,
    rank,
    score,
    score_line,
)
from wikigap.challenge.read.adjustments import Adjustment
from wikigap.challenge.read.bonus import read_bonus
from wikigap.write.messages import english

D = Decimal
RULES_2021 = config()     # bytes_at_least 2000 → 1; sources_and_links 3 refs, 1 link → 1; bonus +1
RULES_2020 = config(rules=[{"kind": "translated", "points": 5}, {"kind": "per_kb", "points": 1}],
                    bonus={"page": "WikiGap Challenge/2020/Bonus", "mode": "multiply",
                           "factor": 2})
REGIONAL = config(rules=[{"kind": "created", "points": 5}], wikis=["en", "yo", "ha"],
                  per_wiki={"en": {"created": 10}}, women_only=False, bonus=None)
BONUS = frozenset({"Q1", "Q2"})


def woman(user: str = "Ann", title: str = "Ada", wiki: str = "sv", **facts) -> Contribution:
    """An article about a woman, with its facts; by default an existing one with nothing added."""
    facts.setdefault("about_woman", True)
    facts.setdefault("refs", 0)
    facts.setdefault("links", 0)
    return Contribution(user=user, wiki=wiki, title=title, **facts)


def test_2021_a_new_3000_byte_article_with_three_sources_and_links_is_2_points() -> None:
    line = score_line(woman(created=True, bytes_added=3000, refs=3, links=4), RULES_2021, BONUS)
    assert line.by_rule == (1, 1)          # ≥ 2,000 bytes: 1; ≥ 3 refs and ≥ 1 link: 1
    assert (line.bonus, line.total, line.why_not) == (0, 2, None)


def test_2021_1900_bytes_earn_nothing_for_size() -> None:
    line = score_line(woman(created=True, bytes_added=1900, refs=3, links=1), RULES_2021, BONUS)
    assert line.by_rule == (0, 1) and line.total == 1      # size rule: 1,900 < 2,000
    bare = score_line(woman(created=True, bytes_added=1900, refs=2, links=9), RULES_2021, BONUS)
    assert bare.by_rule == (0, 0) and (bare.total, bare.why_not) == (0, "below-threshold")


def test_2021_a_woman_on_the_bonus_list_earns_one_more() -> None:
    line = score_line(woman(bytes_added=2500, wikidata="Q1"), RULES_2021, BONUS)
    assert (line.by_rule, line.bonus, line.total, line.on_bonus_list) == ((1, 0), 1, 2, True)
    # the bonus goes only to an article that earned points by the rules
    small = score_line(woman(bytes_added=100, wikidata="Q1"), RULES_2021, BONUS)
    assert (small.bonus, small.total, small.why_not) == (0, 0, "below-threshold")


def test_2020_bonus_doubles_and_a_translation_gives_five() -> None:
    # translated 5 + per_kb ⌊3,500 / 1,000⌋ × 1 = 3 → 8; on the bonus list × 2 → 16
    line = score_line(woman(created=True, translated=True, bytes_added=3500, wikidata="Q2"),
                      RULES_2020, BONUS)
    assert (line.by_rule, line.bonus, line.total) == ((5, 3), 8, 16)
    # a translation tag on an article they only improved is no translation of theirs
    improved = score_line(woman(translated=True, bytes_added=999), RULES_2020, BONUS)
    assert (improved.by_rule, improved.total, improved.why_not) == ((0, 0), 0, "below-threshold")


def test_per_wiki_points_en_created_10_others_5() -> None:
    lines = [score_line(Contribution("Ann", wiki, "Ngozi", created=True, bytes_added=400),
                        REGIONAL, frozenset()) for wiki in ("en", "yo", "ha")]
    assert [line.total for line in lines] == [10, 5, 5]
    other = score_line(Contribution("Ann", "sv", "Ngozi", created=True), REGIONAL, frozenset())
    assert (other.total, other.why_not) == (0, "other-wiki")


@pytest.mark.parametrize("facts, why_not", [
    ({"reverted": True}, "reverted"),
    ({"deleted": True}, "deleted"),
    ({"redirect": True}, "redirect"),
    ({"outside_window": True}, "outside-window"),
    ({"about_woman": False}, "not-a-woman"),
    ({"about_woman": None}, "pending"),
    ({"deleted": True, "about_woman": None}, "deleted"),    # the first reason is shown
])
def test_an_article_that_does_not_count_keeps_its_rule_points_but_totals_0(facts, why_not):
    line = score_line(woman(created=True, bytes_added=3000, refs=3, links=1, **facts),
                      RULES_2021, BONUS)
    assert (line.by_rule, line.total, line.why_not, line.counts) == ((1, 1), 0, why_not, False)


def test_pending_is_listed_and_counted_apart_not_as_a_man() -> None:
    board = score([woman(title="Known", bytes_added=2000),
                   woman(title="No item", bytes_added=5000, about_woman=None),
                   woman(title="A man", bytes_added=5000, about_woman=False)], RULES_2021)
    (ann,) = board.standings
    assert [(l.contribution.title, l.why_not) for l in ann.lines] == [
        ("A man", "not-a-woman"), ("Known", None), ("No item", "pending")]
    assert (ann.points, ann.articles, ann.pending, ann.bytes_added) == (1, 1, 1, 2000)


def test_without_women_only_gender_does_not_matter() -> None:
    line = score_line(woman(wiki="yo", created=True, about_woman=None), REGIONAL, frozenset())
    assert (line.total, line.why_not) == (5, None)


def test_a_name_added_to_the_bonus_list_counts_from_the_next_scoring() -> None:
    item = woman(bytes_added=2000, wikidata="Q3")
    before = score([item], RULES_2021, read_bonus("* [[d:Q1]]")).standings[0]
    after = score([item], RULES_2021, read_bonus("* [[d:Q1]]\n* {{Q|Q3}}")).standings[0]
    assert (before.points, before.bonus_articles, after.points, after.bonus_articles) == (1, 0, 2, 1)


def test_the_cap_comes_after_the_bonus_and_before_adjustments() -> None:
    capped = config(rules=[{"kind": "per_kb", "points": 1}], cap_per_article=3,
                    bonus={"page": "B", "mode": "add", "points": 1})
    plus_one = Adjustment(user="Ann", reason="Great photos", line=1, wiki="sv", article="Ada",
                          points=D(1))
    # ⌊10,000 / 1,000⌋ = 10, +1 bonus = 11, capped at 3 (−8), then +1 adjustment = 4
    line = score_line(woman(bytes_added=10000, wikidata="Q1"), capped, BONUS, [plus_one])
    assert (line.by_rule, line.bonus, line.capped, line.adjustment, line.total) == (
        (10,), 1, -8, 1, 4)
    assert line.reasons == ("Great photos",)


def test_a_penalty_and_a_disqualification_show_their_reasons() -> None:
    adjustments = [
        Adjustment("Ann", "Poor machine translation", 3, "sv", "Ada", points=D(-1)),
        Adjustment("Ann", "Copied from a website", 4, "sv", "Bea", disqualify=True),
        Adjustment("ann", "Wrong language", 5, "sv", "cleo", points=D(-5)),
    ]
    items = [woman(title=t, created=True, bytes_added=3000, refs=3, links=1)
             for t in ("Ada", "Bea", "Cleo")]
    (ann,) = score(items, RULES_2021, adjustments=adjustments).standings
    ada, bea, cleo = ann.lines
    assert (ada.total, ada.adjustment, ada.reasons, ada.why_not) == (
        1, -1, ("Poor machine translation",), None)                       # 2 − 1
    assert (bea.total, bea.why_not, bea.reasons) == (0, "disqualified", ("Copied from a website",))
    assert (cleo.total, cleo.why_not) == (0, "reduced")                  # 2 − 5, floored at 0
    assert (ann.points, ann.articles) == (1, 1)


def test_a_disqualified_contestant_is_listed_last_without_a_rank() -> None:
    items = [woman("Ann", bytes_added=9000), woman("Bo", bytes_added=2000)]
    out = [Adjustment("Ann", "Sock puppets", 7, disqualify=True)]
    bo, ann = score(items, RULES_2021, adjustments=out).standings
    assert (bo.user, bo.rank, bo.points) == ("Bo", 1, 1)
    assert (ann.user, ann.rank, ann.points, ann.disqualified) == ("Ann", None, 0, "Sock puppets")
    assert ann.lines[0].why_not == "disqualified"


def test_contestant_level_points_add_to_the_total() -> None:
    jury = [Adjustment("Bo", "Best article (jury)", 2, points=D(3))]
    (bo,) = score([woman("Bo", bytes_added=2000)], RULES_2021, adjustments=jury).standings
    assert (bo.points, bo.adjustment, bo.reasons) == (4, 3, ("Best article (jury)",))


def test_adjustments_that_match_nothing_are_problems() -> None:
    wrong = [Adjustment("Zed", "x", 2, points=D(1)),
             Adjustment("Ann", "y", 3, "en", "Ada", points=D(1))]
    board = score([woman("Ann")], RULES_2021, adjustments=wrong, page="Adj")
    assert [(p.code, p.line, p.subject, p.page) for p in board.problems] == [
        ("adjustment-unmatched", 2, "Zed", "Adj"), ("adjustment-unmatched", 3, "Ann", "Adj")]
    assert english(board.problems[1].message) == ("The adjustment on line 3 names en:Ada, which "
                                                  "is not among Ann's articles, so it changes "
                                                  "nothing.")
    assert english(board.problems[0].message) == ("The adjustment on line 2 names Zed, who is "
                                                  "not a contestant, so it changes nothing.")


def test_ties_share_a_rank_and_are_broken_by_articles_then_bytes() -> None:
    items = [
        woman("Ann", "A1", bytes_added=2000), woman("Ann", "A2", bytes_added=2000),  # 2 p, 2 art
        woman("Bo", "B1", bytes_added=2000), woman("Bo", "B2", bytes_added=2000),    # the same
        woman("Cia", "C1", bytes_added=2400, refs=3, links=1),                       # 2 p, 1 art
        woman("Dee", "D1", bytes_added=2300, refs=3, links=1),                       # 2 p, 1 art,
        woman("Dee", "D2", bytes_added=500),                                         # 0 p
    ]
    board = score(items, RULES_2021, contestants=["Eve", "ann"])
    assert [(s.user, s.rank, s.points, s.articles, s.bytes_added) for s in board.standings] == [
        ("Ann", 1, 2, 2, 4000), ("Bo", 1, 2, 2, 4000), ("Cia", 3, 2, 1, 2400),
        ("Dee", 4, 2, 1, 2300), ("Eve", 5, 0, 0, 0)]
    # Dee's 500 bytes are on an article that does not count: 2,300 < 2,400, so Cia is ahead
    assert board.standings[3].lines[1].why_not == "below-threshold"


def test_a_standing_adds_up_its_counting_lines() -> None:
    items = [woman(title="New", wiki="sv", created=True, bytes_added=3000, refs=3, links=1,
                   words_added=400, wikidata="Q1"),
             woman(title="Old", wiki="pt", bytes_added=2100, words_added=250),
             woman(title="Gone", wiki="en", bytes_added=9000, deleted=True, words_added=999)]
    (ann,) = score(items, RULES_2021, BONUS).standings
    assert (ann.points, ann.articles, ann.created, ann.improved, ann.bonus_articles) == (
        4, 2, 1, 1, 1)                                   # (1 + 1 + 1 bonus) + 1
    assert (ann.wikis, ann.bytes_added, ann.words_added, ann.pending) == (
        ("pt", "sv"), 5100, 650, 0)


def test_a_rule_missing_its_facts_says_what_to_read() -> None:
    words = config(rules=[{"kind": "words_at_least", "words": 300, "points": 1}])
    with pytest.raises(ValueError, match="sv:Ada by Ann has no words_added, which rule "
                       "'words_at_least' needs; the task must read the revision texts"):
        score_line(woman(), words, frozenset())


@pytest.mark.parametrize("badge, rule_badge, points", [
    ("featured", "featured", 50), ("good", "featured", 0), ("good", "any", 50),
    (None, "any", 0), ("good", "good", 50)])
def test_badges(badge, rule_badge, points) -> None:
    rules = config(rules=[{"kind": "badge", "badge": rule_badge, "points": 50}])
    assert score_line(woman(badge=badge), rules, frozenset()).by_rule == (points,)


def test_words_created_and_improved_rules() -> None:
    rules = config(rules=[{"kind": "words_at_least", "words": 300, "points": 2},
                          {"kind": "created", "points": 3}, {"kind": "improved", "points": 1}])
    assert score_line(woman(created=True, words_added=300), rules, ()).by_rule == (2, 3, 0)
    assert score_line(woman(bytes_added=1, words_added=299), rules, ()).by_rule == (0, 0, 1)
    assert score_line(woman(bytes_added=0, words_added=0), rules, ()).by_rule == (0, 0, 0)


def test_every_why_not_is_a_known_code() -> None:
    assert set(WHY_NOT) == {"disqualified", "deleted", "redirect", "outside-window",
                            "other-wiki", "reverted", "not-a-woman", "pending",
                            "below-threshold", "reduced"}


def standing(user: str, points: int, articles: int, bytes_added: int) -> Standing:
    return Standing(user=user, rank=None, points=D(points), articles=articles, created=0,
                    improved=articles, bonus_articles=0, wikis=(), bytes_added=bytes_added,
                    words_added=0, pending=0, lines=())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2)),
                max_size=8))
def test_a_rank_is_one_more_than_the_contestants_strictly_ahead(keys) -> None:
    ranked = rank(standing(f"U{i}", *k) for i, k in enumerate(keys))
    assert len(ranked) == len(keys)
    for s in ranked:
        ahead = sum(1 for o in ranked
                    if (o.points, o.articles, o.bytes_added) > (s.points, s.articles, s.bytes_added))
        assert s.rank == ahead + 1
    assert [s.rank for s in ranked] == sorted(s.rank for s in ranked)
