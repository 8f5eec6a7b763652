"""The tally's rules, with every expected number derived by hand in the comments."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories_tally import at, event, page, pages_for, problem, rev, tally_input
from phrases import assert_written_in_every_language
from wikigap.write.messages import english
from wikigap.model import Event, Metrics, ParticipantResult, Article
from wikigap.count.tally import event_window, fetch_plan, tally

LISBON = event("WikiGap/2021/Lisbon", date(2021, 3, 8), wikis=("pt",))
# Stockholm overlaps Lisbon's window (with grace 7: 8-15 March vs 10-19 March) on pt.
STOCKHOLM = event("WikiGap/2021/Stockholm", date(2021, 3, 10), date(2021, 3, 12),
                  wikis=("sv", "pt"))
PARTICIPANTS = {LISBON.key: ("Ana", "Bea", "Eva"), STOCKHOLM.key: ("Ana", "Cid")}

R1 = rev("Ana", at(2021, 3, 8, 10), pageid=1, sizediff=500, new=True)   # L: creates pt 1
R2 = rev("Bea", at(2021, 3, 9, 10), pageid=1, sizediff=200)             # L: second editor of pt 1
R3 = rev("Ana", at(2021, 3, 11, 10), pageid=2, sizediff=300, new=True)  # L and S: creates pt 2
R4 = rev("Cid", at(2021, 3, 11, 12), pageid=1, sizediff=-50)            # S: improves pt 1
R5 = rev("Cid", at(2021, 3, 12, 9), pageid=10, wiki="sv", sizediff=1000, new=True)  # S: sv 10
R6 = rev("Bea", at(2021, 3, 12, 10), pageid=10, wiki="sv")              # Bea not in S; L not on sv
R7 = rev("Dan", at(2021, 3, 9), pageid=3, sizediff=400, new=True)       # Dan signed up nowhere
R8 = rev("Ana", at(2021, 3, 9), pageid=4, sizediff=50)                  # page 4 is a redirect
R9 = rev("Ana", at(2021, 3, 9), pageid=5, sizediff=50)                  # page 5 was deleted
R10 = rev("Cid", at(2021, 3, 20, 0, 0, 0), pageid=6)                     # 1 s after S's grace
# R3 is listed twice, as the fetcher may return it for two user batches: it is one edit.
REVISIONS = (R1, R2, R3, R3, R4, R5, R6, R7, R8, R9, R10)


def campaign_input(**extra):
    """Build the two-event campaign above, with a redirect and a deleted page."""
    pages = pages_for(REVISIONS)
    pages[("pt", 4)] = page(4, redirect=True)
    pages[("pt", 5)] = page(5, exists=False)
    return tally_input([LISBON, STOCKHOLM], PARTICIPANTS, REVISIONS, pages, grace_days=7, **extra)


def result(snapshot, key):
    """Find an event's result by key."""
    return next(r for r in snapshot.events if r.event.key == key)


def test_event_metrics_follow_the_rules():
    snapshot = tally(campaign_input())
    # Lisbon counts R1, R2, R3 (R7 non-participant, R8 redirect, R9 deleted, R6 on sv).
    # signed up Ana, Bea, Eva = 3; active Ana, Bea = 2; created pt 1 (R1), pt 2 (R3) = 2;
    # improved 0 (pt 1 was created in the event); bytes 500 + 200 + 300 = 1000; edits 3.
    assert result(snapshot, LISBON.key).metrics == Metrics(3, 2, 2, 0, 1000, 3, ("pt",), edits_reverted=0)
    # Stockholm counts R3, R4, R5 (R10 is past the grace). signed up Ana, Cid = 2; active 2;
    # created pt 2 (R3), sv 10 (R5) = 2; improved pt 1 (R4) = 1; bytes 300 + 0 + 1000 = 1300.
    assert result(snapshot, STOCKHOLM.key).metrics == Metrics(2, 2, 2, 1, 1300, 3, ("pt", "sv"), edits_reverted=0)


def test_campaign_counts_distinct_users_revisions_and_pages():
    snapshot = tally(campaign_input())
    # Users signed up: Ana, Bea, Eva, Cid = 4; active Ana, Bea, Cid = 3.
    # Revisions R1..R5 once each = 5 edits (R3 counted for both events counts once);
    # bytes 500 + 200 + 300 + 0 + 1000 = 2000. Pages pt 1, pt 2, sv 10 were each created in some
    # event, so created = 3 and improved = 0 (pt 1 improved in Stockholm is not improved here).
    assert snapshot.metrics == Metrics(4, 3, 3, 0, 2000, 5, ("pt", "sv"), edits_reverted=0)
    assert snapshot.campaign == "WikiGap 2021" and snapshot.taken_at == at(2021, 4, 1, 12)


def test_per_wiki_metrics_restrict_to_one_wiki():
    per_wiki = result(tally(campaign_input()), STOCKHOLM.key).per_wiki
    # pt: R3 (Ana creates 2, +300), R4 (Cid improves 1, -50 adds 0). sv: R5 (Cid creates 10).
    assert per_wiki == {"pt": Metrics(2, 2, 1, 1, 300, 2, ("pt",), edits_reverted=0),
                        "sv": Metrics(2, 1, 1, 0, 1000, 1, ("sv",), edits_reverted=0)}


def test_every_participant_gets_a_row_sorted_by_name():
    snapshot = tally(campaign_input())
    # Lisbon: Ana created pt 1 and pt 2 (500 + 300); Bea improved pt 1 (200); Eva did nothing.
    assert result(snapshot, LISBON.key).participants == (
        ParticipantResult("Ana", 2, 0, 800, 2, ("pt",)),
        ParticipantResult("Bea", 0, 1, 200, 1, ("pt",)),
        ParticipantResult("Eva", 0, 0, 0, 0, ()))
    # Stockholm: Ana created pt 2 (300); Cid created sv 10 (1000) and improved pt 1 (-50 -> 0).
    assert result(snapshot, STOCKHOLM.key).participants == (
        ParticipantResult("Ana", 1, 0, 300, 1, ("pt",)),
        ParticipantResult("Cid", 1, 1, 1000, 2, ("pt", "sv")))


def test_articles_per_event_page():
    articles = tally(campaign_input()).articles
    assert articles == (
        Article(LISBON.key, "pt", "Page 1", "created", 2, 700, ("Ana", "Bea"), "Ana"),
        Article(LISBON.key, "pt", "Page 2", "created", 1, 300, ("Ana",), "Ana"),
        Article(STOCKHOLM.key, "pt", "Page 1", "improved", 1, 0, ("Cid",), None),
        Article(STOCKHOLM.key, "pt", "Page 2", "created", 1, 300, ("Ana",), "Ana"),
        Article(STOCKHOLM.key, "sv", "Page 10", "created", 1, 1000, ("Cid",), "Cid"))


def test_article_title_is_the_pages_current_one():
    moved = rev("Ana", at(2021, 3, 8, 12), pageid=7, title="Old name")
    data = tally_input([LISBON], PARTICIPANTS, [moved], {("pt", 7): page(7, title="New name")})
    assert tally(data).articles[0].title == "New name"


@pytest.mark.parametrize("grace, when, counts", [
    (0, at(2021, 3, 7, 23, 59, 59), False),   # 1 s before the first day
    (0, at(2021, 3, 8, 0, 0, 0), True),       # the first second
    (0, at(2021, 3, 8, 23, 59, 59), True),    # the last second of the last day
    (0, at(2021, 3, 9, 0, 0, 0), False),      # 1 s after, no grace
    (7, at(2021, 3, 9, 0, 0, 0), True),       # the same second is inside a 7-day grace
    (7, at(2021, 3, 15, 23, 59, 59), True),   # last second of the grace (8 March + 7 days)
    (7, at(2021, 3, 16, 0, 0, 0), False),     # 1 s after the grace
])
def test_window_ends_are_included(grace, when, counts):
    data = tally_input([LISBON], PARTICIPANTS, [rev("Ana", when)], grace_days=grace)
    assert tally(data).metrics.edits == (1 if counts else 0)


def test_event_window_spans_first_day_to_last_day_plus_grace():
    assert event_window(STOCKHOLM, 7) == (at(2021, 3, 10), at(2021, 3, 19, 23, 59, 59))


def test_negative_sizediff_adds_no_bytes_but_counts_as_an_edit():
    data = tally_input([LISBON], PARTICIPANTS, [rev("Ana", at(2021, 3, 8, 9), sizediff=-900),
                                                 rev("Ana", at(2021, 3, 8, 10), sizediff=40)])
    # bytes: max(-900, 0) + 40 = 40; edits 2; one page, not created -> improved 1.
    assert tally(data).metrics == Metrics(3, 1, 0, 1, 40, 2, ("pt",), edits_reverted=0)


def test_revision_on_another_wiki_of_a_participant_does_not_count():
    data = tally_input([LISBON], PARTICIPANTS, [rev("Ana", at(2021, 3, 8, 9), wiki="sv")])
    assert tally(data).metrics == Metrics(3, 0, 0, 0, 0, 0, (), edits_reverted=0)


def test_page_without_state_counts_nowhere():
    data = tally_input([LISBON], PARTICIPANTS, [rev("Ana", at(2021, 3, 8, 9))], pages={})
    assert tally(data).metrics.edits == 0


def test_failed_wiki_makes_numbers_unknown_not_zero():
    snapshot = tally(campaign_input(failed_wikis=frozenset({"sv"})))
    stockholm = result(snapshot, STOCKHOLM.key)
    assert stockholm.metrics == Metrics(signed_up=2)
    assert stockholm.tallied and stockholm.participants == ()
    # pt was read: its numbers stand (as in test_per_wiki_metrics_restrict_to_one_wiki).
    assert stockholm.per_wiki == {"pt": Metrics(2, 2, 1, 1, 300, 2, ("pt",), edits_reverted=0),
                                  "sv": Metrics(signed_up=2)}
    [unreadable] = [p for p in stockholm.problems if p.code == "wiki-unreadable"]
    assert "on Swedish Wikipedia could not" in english(unreadable.message) and unreadable.event == STOCKHOLM.key
    assert_written_in_every_language(unreadable)
    # Lisbon (pt only) is unaffected; the campaign knows only who signed up (4).
    assert result(snapshot, LISBON.key).metrics == Metrics(3, 2, 2, 0, 1000, 3, ("pt",), edits_reverted=0)
    assert snapshot.metrics == Metrics(signed_up=4)


def test_untallyable_events_contribute_nothing():
    oslo = event("WikiGap/2021/Oslo", date(2021, 3, 8), wikis=("pt",))   # sign-up page missing
    lima = Event(page=None, label="Lima", row=12, wikis=("pt",),         # not Event.tallyable
                 problems=(problem("date-unreadable", "registry line 12"),))
    gone = problem("signup-missing", oslo.key, line=None)
    base = campaign_input()
    pages = {**base.pages, ("pt", 20): page(20)}
    data = tally_input([LISBON, STOCKHOLM, oslo, lima],
                       {**PARTICIPANTS, oslo.key: ("Zed",), lima.key: ("Zed",)},
                       REVISIONS + (rev("Zed", at(2021, 3, 8, 9), pageid=20, new=True),), pages,
                       grace_days=7, untallyable={oslo.key: gone})
    snapshot = tally(data)
    oslo_result, lima_result = result(snapshot, oslo.key), result(snapshot, lima.key)
    assert (oslo_result.tallied, oslo_result.metrics, oslo_result.problems) == (
        False, Metrics(), (gone,))
    assert (lima_result.tallied, lima_result.metrics) == (False, Metrics())
    assert [p.code for p in lima_result.problems] == ["date-unreadable"]
    # Zed's page 20 counts nowhere, and Zed is not a signed-up user of the campaign.
    assert snapshot.metrics == tally(base).metrics == Metrics(4, 3, 3, 0, 2000, 5, ("pt", "sv"), edits_reverted=0)
    assert snapshot.articles == tally(base).articles


def test_extra_problems_are_shown_and_the_event_still_tallied():
    ip = problem("signup-ip", LISBON.key)
    snapshot = tally(campaign_input(extra_problems={LISBON.key: (ip,)}))
    lisbon = result(snapshot, LISBON.key)
    assert lisbon.tallied and lisbon.problems == (ip,) and lisbon.metrics.edits == 3


def test_registry_problems_are_kept():
    page_problem = problem("registry-no-table", None, line=None)
    assert tally(campaign_input(registry_problems=(page_problem,))).problems == (page_problem,)


def test_fetch_plan_unions_windows_and_users_per_wiki():
    undated = Event(page=None, label="Lima", wikis=("pt",), row=9)
    participants = {**PARTICIPANTS, undated.key: ("Zed",)}
    plan = fetch_plan([LISBON, STOCKHOLM, undated], participants, grace_days=7)
    # pt: Lisbon 8-15 March and Stockholm 10-19 March -> 8 March 00:00 to 19 March 23:59:59.
    assert plan == {
        "pt": (at(2021, 3, 8), at(2021, 3, 19, 23, 59, 59), frozenset({"Ana", "Bea", "Eva", "Cid"})),
        "sv": (at(2021, 3, 10), at(2021, 3, 19, 23, 59, 59), frozenset({"Ana", "Cid"}))}


def test_fetch_plan_skips_events_without_participants():
    assert fetch_plan([LISBON], {LISBON.key: ()}, grace_days=7) == {}


# Property: campaign totals are distinct counts, so never above the sum of the events' and
# never below the largest event's. Improved pages are the exception for the lower bound: a
# page improved in one event but created in another is not improved in the campaign, so only
# created + improved (distinct pages) is bounded below.

USERS = ("Ana", "Bea", "Cid", "Dan")
WIKIS = ("pt", "sv")


@st.composite
def campaigns(draw):
    """Draw 1-3 events over two wikis and up to 25 revisions around their windows."""
    events, participants = [], {}
    for n in range(draw(st.integers(1, 3))):
        first = date(2021, 3, 1) + timedelta(days=draw(st.integers(0, 6)))
        wikis = tuple(sorted(draw(st.sets(st.sampled_from(WIKIS), min_size=1))))
        ev = event(f"E{n}", first, first + timedelta(days=draw(st.integers(0, 3))), wikis)
        events.append(ev)
        participants[ev.key] = tuple(draw(st.sets(st.sampled_from(USERS))))
    revisions = [rev(draw(st.sampled_from(USERS)), at(2021, 3, 1) + timedelta(
                     hours=draw(st.integers(0, 24 * 16))), pageid=draw(st.integers(1, 5)),
                     wiki=draw(st.sampled_from(WIKIS)), sizediff=draw(st.integers(-50, 50)),
                     new=draw(st.booleans())) for _ in range(draw(st.integers(0, 25)))]
    return tally_input(events, participants, revisions, grace_days=draw(st.integers(0, 2)))


def _numbers(metrics):
    """Give comparable counts, with distinct pages added for the lower bound."""
    return {"signed_up": metrics.signed_up, "active": metrics.active_participants,
            "created": metrics.articles_created, "improved": metrics.articles_improved,
            "pages": metrics.articles_created + metrics.articles_improved,
            "bytes": metrics.bytes_added, "edits": metrics.edits,
            "languages": len(metrics.languages)}


@settings(max_examples=150, deadline=None)
@given(campaigns())
def test_campaign_between_max_and_sum_of_events(data):
    snapshot = tally(data)
    campaign = _numbers(snapshot.metrics)
    events = [_numbers(r.metrics) for r in snapshot.events]
    for name, value in campaign.items():
        assert value <= sum(e[name] for e in events), name
        if name != "improved":
            assert value >= max(e[name] for e in events), name
