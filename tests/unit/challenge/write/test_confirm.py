"""A confirmation is of one ranking: ids, binding, a changed ranking, new confirmations (issue 26)."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from challenge_factories import config as config_2021
from hypothesis import given
from hypothesis import strategies as st

from wikigap.challenge.write import board as pages
from wikigap.challenge.write import confirm
from wikigap.challenge.count.scoring import Contribution, Scoreboard, rank, score
from wikigap.challenge.read.adjustments import Adjustment

AFTER = datetime(2021, 4, 10, 0, tzinfo=timezone.utc)
ITEMS = [Contribution("Ann", "en", "Ada", created=True, bytes_added=3000, refs=3, links=2,
                      about_woman=True, wikidata="Q1"),      # 2
         Contribution("Bo", "en", "Hedy", bytes_added=2200, refs=3, links=1, about_woman=True,
                      wikidata="Q3"),                        # 2, fewer bytes: 2nd
         Contribution("Cy", "en", "Lise", bytes_added=2100, refs=0, links=0, about_woman=True,
                      wikidata="Q4")]                        # 1


def board(*adjustments: Adjustment) -> Scoreboard:
    return score(ITEMS, config_2021(), frozenset(), adjustments, ["Ann", "Bo", "Cy"])


def bound(scoreboard: Scoreboard, at: datetime = AFTER) -> confirm.Binding:
    return confirm.Binding(confirm.ranking_id(scoreboard), at, confirm.places(scoreboard))


OUT = Adjustment("Ann", "Copyright", 1, disqualify=True)


def test_the_id_is_short_stable_and_changes_with_names_points_or_ranks():
    first, again = confirm.ranking_id(board()), confirm.ranking_id(board())
    assert first == again and len(first) == 8 and int(first, 16) >= 0
    assert confirm.ranking_id(board(OUT)) != first
    assert confirm.ranking_id(board(Adjustment("Cy", "Extra", 2, points=Decimal(1)))) != first


@given(st.lists(st.tuples(st.sampled_from(["Ann", "Bo", "Cy", "Di"]),
                          st.integers(min_value=0, max_value=9)), min_size=1, max_size=4,
                unique_by=lambda t: t[0]))
def test_the_id_is_the_ranking_it_names(rows):
    """The same ranking, however it was built, has one id; one point more gives another."""
    one = Scoreboard(rank(_standing(user, points) for user, points in rows))
    two = Scoreboard(rank(_standing(user, points) for user, points in reversed(rows)))
    assert confirm.ranking_id(one) == confirm.ranking_id(two)
    first = rows[0][0]
    three = Scoreboard(rank(_standing(u, p + (u == first)) for u, p in rows))
    assert confirm.ranking_id(three) != confirm.ranking_id(one)


def _standing(user: str, points: int):
    base = board().standings[0]
    return dataclasses.replace(base, user=user, points=Decimal(points), articles=0,
                               bytes_added=0, disqualified=None)


def test_no_confirmed_word_waits_and_the_first_confirmation_binds_to_this_ranking():
    assert confirm.decide("Not yet", board(), [], {}).state == confirm.WAITING
    verdict = confirm.decide("Confirmed. -- staff", board(), [], {})
    assert (verdict.state, verdict.ranking, verdict.awards, verdict.record) == (
        confirm.BIND, confirm.ranking_id(board()), True, True)


def test_the_same_ranking_holds_and_records_nothing_more():
    verdict = confirm.decide("Confirmed.", board(), [bound(board())], {"Ann": None})
    assert verdict.state == confirm.HOLDS and verdict.awards and not verdict.record


def test_a_disqualification_after_the_confirmation_stops_awards_and_lists_who_moved():
    before = board()
    sent = {"Ann": confirm.places(before)["Ann"], "Bo": confirm.places(before)["Bo"]}
    verdict = confirm.decide("Confirmed.", board(OUT), [bound(before)], sent)
    assert verdict.state == confirm.CHANGED and not verdict.awards
    assert verdict.confirmed == confirm.ranking_id(before)
    moved = {m.user: (m.before.rank, m.now.rank) for m in verdict.moved}
    assert moved == {"Ann": (1, None), "Bo": (2, 1), "Cy": (3, 2)}
    assert {m.user: m.now.rank for m in verdict.stale} == {"Ann": None, "Bo": 1}
    said = confirm.describe(verdict, "C/Confirm")
    assert said[0].startswith("the ranking changed since staff confirmed it")
    assert "Ann (number 1, 2 points → disqualified)" in said[1]
    assert "Ann (the notice says number 1, 2 points; now disqualified)" in said[2]


def test_a_confirmation_citing_the_new_id_binds_again():
    new = board(OUT)
    text = f"Confirmed. Confirmed again: ranking {confirm.ranking_id(new).upper()}."
    verdict = confirm.decide(text, new, [bound(board())], {})
    assert verdict.state == confirm.REBIND and verdict.awards and verdict.record


def test_a_first_confirmation_citing_another_ranking_does_not_bind():
    verdict = confirm.decide("Confirmed 0badc0de", board(), [], {})
    assert verdict.state == confirm.CHANGED and verdict.confirmed == "0badc0de"
    dated = confirm.decide("Confirmed on 20210409 by the jury", board(), [], {})
    assert dated.state == confirm.BIND                   # a date is not a ranking's id


def test_a_sent_notice_is_judged_by_the_confirmation_it_went_out_under():
    old, new = bound(board()), bound(board(OUT), AFTER + timedelta(days=1))
    sent = confirm.sent_places([("Ann", AFTER + timedelta(hours=1)),
                                ("Cy", AFTER + timedelta(days=2))], [old, new])
    assert sent == {"Ann": confirm.Place(1, "2"), "Cy": confirm.Place(2, "1")}


def test_places_survive_the_state_file():
    found = confirm.places(board(OUT))
    assert confirm.from_json(confirm.to_json(found)) == found


def test_the_board_shows_the_id_and_says_the_confirmation_no_longer_holds():
    config, before, now = config_2021(), board(), board(OUT)
    sent = {"Ann": confirm.places(before)["Ann"]}
    verdict = confirm.decide("Confirmed.", now, [bound(before)], sent)
    text = pages.render_leaderboard(now, config, AFTER, "en", verdict)
    assert f"Ranking id: {confirm.ranking_id(now)}." in text
    assert (f"The ranking changed since staff confirmed it (they confirmed ranking "
            f"{confirm.ranking_id(before)}; this is ranking {confirm.ranking_id(now)})") in text
    assert "[[:WikiGap Challenge/2021/Confirm|WikiGap Challenge/2021/Confirm]] confirms" in text
    assert "Moved since the confirmation: Ann (number 1 with 2 points → disqualified)" in text
    assert "This award notice was sent and no longer matches the ranking: Ann (the notice " \
           "says number 1 with 2 points; now disqualified)." in text
    holds = pages.render_leaderboard(before, config, AFTER, "en",
                                     confirm.decide("Confirmed.", before, [bound(before)], {}))
    assert "changed since staff confirmed" not in holds
