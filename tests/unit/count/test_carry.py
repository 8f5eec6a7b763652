"""Last good numbers kept when a wiki or Wikidata cannot be read (wikigap.count.carry).

The campaign is test_tally.py's (Lisbon on pt; Stockholm on sv and pt); every
expected number is derived in the comments from its revisions R1..R10.
"""
from __future__ import annotations

import dataclasses

from factories_tally import at, page, rev
from phrases import assert_written_in_every_language
from test_tally import LISBON, REVISIONS, STOCKHOLM, campaign_input, result

from wikigap.count.carry import carry_forward
from wikigap.count.registered import OUTAGE
from wikigap.count.tally import tally
from wikigap.model import Metrics, Phrase, Problem
from wikigap.write.messages import english
from wikigap.write.notices import notice_problems

T0, T1, T2 = at(2021, 4, 1, 12), at(2021, 4, 1, 13), at(2021, 4, 1, 14)
# A new Lisbon edit read at T1: Bea improves pt 3 (+40); it shows that Lisbon stays current.
R11 = rev("Bea", at(2021, 3, 9, 11), pageid=30, sizediff=40)


def sv_down(taken_at=T1, **extra):
    """A tally at ``taken_at`` with sv unreadable: no sv revisions, sv failed."""
    data = campaign_input(failed_wikis=frozenset({"sv"}), taken_at=taken_at, genders={}, **extra)
    revisions = tuple(r for r in REVISIONS if r.wiki != "sv") + (R11,)
    return tally(dataclasses.replace(data, revisions=revisions,
                                     pages={**data.pages, ("pt", 30): page(30)}))


def test_an_event_on_an_unread_wiki_keeps_its_earlier_numbers_with_their_time():
    earlier = tally(campaign_input(taken_at=T0))
    now = carry_forward(sv_down(), earlier, {"sv"}, wikidata_failed=False)
    stockholm = result(now, STOCKHOLM.key)
    assert stockholm.metrics == result(earlier, STOCKHOLM.key).metrics   # 2, 2, 2, 1, 1300, 3
    assert (stockholm.stale_since, stockholm.unread) == (T0, ("sv",))
    assert stockholm.participants == result(earlier, STOCKHOLM.key).participants
    assert stockholm.per_wiki["sv"] == result(earlier, STOCKHOLM.key).per_wiki["sv"]
    [problem] = [p for p in stockholm.problems if p.code == "wiki-unreadable"]
    assert english(problem.message) == ("The contributions on Swedish Wikipedia could not be read, so this "
                                        "event shows its numbers as read at 2021-04-01 12:00 UTC.")
    assert_written_in_every_language(problem)
    # Lisbon (pt only) is current: R1, R2, R3 and R11; 3 signed up, active Ana, Bea = 2; created
    # pt 1, pt 2; improved pt 30; bytes 500 + 200 + 300 + 40 = 1040; edits 4.
    lisbon = result(now, LISBON.key)
    # Wikidata was read and no page has an item: 0 and 0 about women, 3 pages it cannot place.
    assert lisbon.metrics == Metrics(3, 2, 2, 1, 1040, 4, ("pt",), edits_reverted=0,
                                     created_about_women=0, improved_about_women=0,
                                     gender_unknown=3)
    assert (lisbon.stale_since, lisbon.unread) == (None, ())
    assert [a.title for a in now.articles if a.event == STOCKHOLM.key] == \
        [a.title for a in earlier.articles if a.event == STOCKHOLM.key]


def test_the_campaign_totals_include_the_kept_numbers_and_say_since_when():
    earlier = tally(campaign_input(taken_at=T0))
    now = carry_forward(sv_down(), earlier, {"sv"}, wikidata_failed=False)
    # Pages (each once, its largest event row): pt 1 created (Lisbon: 2 edits, 700 bytes),
    # pt 2 created (1, 300), pt 30 improved (1, 40), sv 10 created (kept: 1, 1000).
    # Users: Ana, Bea (Lisbon), Ana, Cid (kept Stockholm) = 3; signed up 4, read now.
    # No page has an item (Wikidata was read): all 4 are pages Wikidata cannot place.
    assert now.metrics == Metrics(4, 3, 3, 1, 2040, 5, ("pt", "sv"), edits_reverted=0,
                                  created_about_women=0, improved_about_women=0,
                                  gender_unknown=4)
    assert now.totals_stale_since == T0 and now.unread == ("sv",)


def test_with_no_earlier_numbers_they_stay_unknown_never_zero():
    now = carry_forward(sv_down(), None, {"sv"}, wikidata_failed=False)
    stockholm = result(now, STOCKHOLM.key)
    assert stockholm.metrics == Metrics(signed_up=2)
    assert (stockholm.stale_since, stockholm.unread) == (None, ("sv",))
    assert now.metrics == Metrics(signed_up=4) and now.totals_stale_since is None


def test_a_second_outage_keeps_the_time_of_the_last_good_read():
    earlier = tally(campaign_input(taken_at=T0))
    first = carry_forward(sv_down(T1), earlier, {"sv"}, wikidata_failed=False)
    second = carry_forward(sv_down(T2), first, {"sv"}, wikidata_failed=False)
    assert result(second, STOCKHOLM.key).stale_since == T0
    assert result(second, STOCKHOLM.key).metrics == result(earlier, STOCKHOLM.key).metrics


def test_when_all_is_read_again_the_numbers_are_exact_and_unmarked():
    earlier = carry_forward(sv_down(T1), tally(campaign_input(taken_at=T0)), {"sv"}, False)
    back = tally(campaign_input(taken_at=T2))
    assert carry_forward(back, earlier, set(), wikidata_failed=False) == back
    assert back.totals_stale_since is None and all(r.stale_since is None for r in back.events)


def women_input(genders, taken_at):
    """The campaign with items on pt 1 (a woman) and sv 10 (not)."""
    data = campaign_input(taken_at=taken_at, genders=genders)
    pages = {**data.pages, ("pt", 1): page(1, item="Q1"), ("sv", 10): page(10, "sv", item="Q10")}
    return dataclasses.replace(data, pages=pages)


def test_without_wikidata_the_women_numbers_are_kept_and_the_rest_is_current():
    earlier = tally(women_input({"Q1": True, "Q10": False}, T0))
    down = tally(women_input(None, T1))
    now = carry_forward(down, earlier, set(), wikidata_failed=True)
    lisbon, stockholm = result(now, LISBON.key), result(now, STOCKHOLM.key)
    # Lisbon created pt 1 (about a woman) and pt 2 (no item): 1 and 0 about women, 1 unknown.
    assert (lisbon.metrics.created_about_women, lisbon.metrics.gender_unknown) == (1, 1)
    assert lisbon.metrics.edits == 3 and lisbon.stale_since == T0
    assert lisbon.unread == ("wikidata",)
    assert stockholm.metrics.improved_about_women == 1    # Cid improved pt 1
    assert now.metrics.about_women == earlier.metrics.about_women
    assert now.metrics.edits == 5 and now.totals_stale_since == T0
    assert [a.about_woman for a in now.articles if a.title == "Page 1"] == [True, True]


def test_without_wikidata_and_no_earlier_read_the_women_numbers_are_unknown():
    now = carry_forward(tally(women_input(None, T1)), None, set(), wikidata_failed=True)
    assert now.metrics.about_women is None and now.metrics.edits == 5
    assert result(now, LISBON.key).metrics.about_women is None
    assert result(now, LISBON.key).stale_since is None and now.totals_stale_since is None


def registration_down(taken_at=T1, key=STOCKHOLM.key, source="registration 7"):
    """A tally at ``taken_at`` whose Stockholm registration did not answer: Stockholm untallied."""
    outage = Problem(OUTAGE, Phrase("wikigapbot-problem-registration-unreadable", ("7", "Stockholm")),
                     Phrase("wikigapbot-fix-wiki-unreadable"), key, None, None, subject=source)
    return tally(campaign_input(taken_at=taken_at, untallyable={key: outage}))


def people_and_pages(m: Metrics) -> tuple:
    """The campaign row's numbers that article rows give exactly (edits: a page shared by two
    events counts with its larger row, as for a wiki that is down; test_the_campaign_totals_…)."""
    return (m.signed_up, m.active_participants, m.new_editors, m.articles_created,
            m.articles_improved, m.bytes_added, m.languages)


def test_an_event_whose_registration_is_down_keeps_its_whole_earlier_result():
    earlier = tally(campaign_input(taken_at=T0))
    now = carry_forward(registration_down(), earlier, (), False, {STOCKHOLM.key: ["registration 7"]})
    stockholm, before = result(now, STOCKHOLM.key), result(earlier, STOCKHOLM.key)
    assert stockholm.tallied and stockholm.metrics == before.metrics    # 2, 2, 2, 1, 1300, 3
    assert stockholm.participants == before.participants and stockholm.event == before.event
    assert (stockholm.stale_since, stockholm.unread) == (T0, ("registration 7",))
    [problem] = [p for p in stockholm.problems if p.code == OUTAGE]
    assert english(problem.message) == ("Could not read event registration 7 at this update, so "
                                        "this event shows its numbers as read at 2021-04-01 12:00 UTC.")
    assert_written_in_every_language(problem)
    # nothing on the organizers' pages causes it: no problem notice, no results from kept numbers
    assert notice_problems(stockholm) == ()
    # the campaign row keeps its numbers: Ana, Bea, Eva read now and Cid kept = 4 signed up;
    # the kept event's pages and people come from its article rows
    assert people_and_pages(now.metrics) == people_and_pages(earlier.metrics)
    assert now.unread == ("registration 7",) and now.totals_stale_since == T0


def test_a_registration_down_with_no_earlier_numbers_leaves_them_unknown_and_says_what():
    now = carry_forward(registration_down(), None, (), False, {STOCKHOLM.key: ["registration 7"]})
    stockholm = result(now, STOCKHOLM.key)
    assert not stockholm.tallied and stockholm.metrics == Metrics()
    assert stockholm.unread == ("registration 7",) and stockholm.stale_since is None
    assert english(stockholm.problems[-1].message) == (
        "Event registration 7 could not be read at this update (the service did not answer), so "
        "the participants of Stockholm are unknown until it answers again.")
    assert notice_problems(stockholm) == ()


def test_a_second_source_outage_keeps_the_first_good_time():
    earlier = tally(campaign_input(taken_at=T0))
    lost = {STOCKHOLM.key: ["course S/T"]}
    first = carry_forward(registration_down(T1, source="course S/T"), earlier, (), False, lost)
    second = carry_forward(registration_down(T2, source="course S/T"), first, (), False, lost)
    assert result(second, STOCKHOLM.key).stale_since == T0
    assert people_and_pages(second.metrics) == people_and_pages(earlier.metrics)
    assert "Could not read Dashboard course S/T" in english(
        next(p for p in result(second, STOCKHOLM.key).problems if p.code == OUTAGE).message)
