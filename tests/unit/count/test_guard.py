"""The tally's refusal of plainly wrong registries: no event, or fewer than half as many."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import event, problem, result, snapshot
from wikigap.count import guard
from wikigap.model import Phrase, Registry
from wikigap.write.messages import english


def registry(count: int, *problems) -> Registry:
    return Registry(tuple(event(page=f"WikiGap/2021/E{i}", row=i + 3) for i in range(count)),
                    problems)


def last(count: int):
    return snapshot(*(result(event(page=f"WikiGap/2021/E{i}")) for i in range(count)))


def test_a_registry_with_no_event_is_refused_with_its_page_problem_and_the_fix():
    wrong = registry(0, problem(code="registry-no-table",
                                message=Phrase("wikigapbot-problem-registry-no-table",
                                               ("WikiGap/2021/Brazil",))))
    text = guard.refusal(wrong, "WikiGap/2021/Brazil", "meta", None, False, english)
    assert text.startswith("the registry page [[WikiGap/2021/Brazil]] on meta yields no event")
    assert "has no table with Event page" in text and "nothing is stored or published" in text
    assert "events.page" in text


def test_no_event_is_refused_even_when_fewer_events_are_accepted():
    assert guard.refusal(registry(0), "R", "meta", last(4), True, english) is not None


@pytest.mark.parametrize("now, before, refused", [
    (4, 10, True), (5, 10, False), (1, 3, True), (2, 3, False), (10, 10, False), (12, 3, False),
])
def test_fewer_than_half_of_the_last_published_events_is_refused(now, before, refused):
    text = guard.refusal(registry(now), "WikiGap/2021/Events", "meta", last(before), False,
                         english)
    assert (text is not None) == refused
    if refused:
        assert f"yields {now} events, fewer than half of the {before}" in text
        assert "bot.py run tally --accept-fewer-events" in text


def test_staff_can_accept_fewer_events_and_a_first_tally_has_nothing_to_compare():
    assert guard.refusal(registry(1), "R", "meta", last(10), True, english) is None
    assert guard.refusal(registry(1), "R", "meta", None, False, english) is None


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_fewer_by_half_means_more_than_half_of_them_gone(count, before):
    assert guard.fewer_by_half(count, before) == (before - count > before / 2)
