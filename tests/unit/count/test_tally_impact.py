"""The impact rules on hand-built data: tags, new editors, women, unknowns, old snapshots."""
from __future__ import annotations

from datetime import date

from factories_tally import at, event, page, rev, rich_snapshot, tally_input
from tasks.progress_report import metric_value
from wikigap.store.serialize import snapshot_from_dict, snapshot_to_dict
from wikigap.count.tally import tally

LISBON = event("WikiGap/2021/Lisbon", date(2021, 3, 8), date(2021, 3, 9))
KEY = LISBON.key


def test_a_revert_tag_leaves_the_edit_out_but_counts_it():
    revs = [rev("Ana", at(2021, 3, 8, 9), pageid=1, new=True, sizediff=500),
            rev("Ana", at(2021, 3, 8, 10), pageid=2, sizediff=70, tags=("mw-reverted",)),
            rev("Bea", at(2021, 3, 8, 11), pageid=1, sizediff=-500, tags=("mw-undo", "visualeditor"))]
    m = tally(tally_input([LISBON], {KEY: ("Ana", "Bea")}, revs)).metrics
    assert (m.edits, m.edits_reverted, m.active_participants, m.bytes_added) == (1, 2, 1, 500)
    assert (m.articles_created, m.articles_improved) == (1, 0)


def test_only_the_configured_tags_exclude():
    revs = [rev("Ana", at(2021, 3, 8, 9), tags=("mw-reverted",))]
    m = tally(tally_input([LISBON], {KEY: ("Ana",)}, revs, exclude_tags=frozenset())).metrics
    assert (m.edits, m.edits_reverted) == (1, 0)


def test_new_editor_window_ends_with_the_last_day_not_the_grace_days():
    dates = {"Ana": at(2021, 1, 7), "Bea": at(2021, 1, 6, 23, 59, 59), "Cai": at(2021, 3, 9, 23, 59, 59),
             "Dan": at(2021, 3, 10)}
    data = tally_input([LISBON], {KEY: tuple(dates)}, [], registrations=dates, grace_days=7)
    assert tally(data).events[0].metrics.new_editors == 2      # Ana (60 days), Cai (last second)
    shorter = tally_input([LISBON], {KEY: tuple(dates)}, [], registrations=dates, new_editor_days=30)
    assert tally(shorter).events[0].metrics.new_editors == 1   # Cai only


def test_one_unreadable_registration_makes_new_editors_unknown():
    data = tally_input([LISBON], {KEY: ("Ana", "Bea")}, [], registrations={"Ana": at(2021, 3, 8)})
    result = tally(data)
    assert result.events[0].metrics.new_editors is None and result.metrics.new_editors is None
    assert result.events[0].metrics.edits == 0


def test_women_counts_and_unknown_wikidata():
    revs = [rev("Ana", at(2021, 3, 8, 9), pageid=1, new=True), rev("Ana", at(2021, 3, 8, 9), pageid=2),
            rev("Ana", at(2021, 3, 8, 9), pageid=3)]
    pages = {("pt", 1): page(1, item="Q1"), ("pt", 2): page(2, item="Q2"), ("pt", 3): page(3)}
    known = tally(tally_input([LISBON], {KEY: ("Ana",)}, revs, pages, genders={"Q1": True, "Q2": False}))
    m = known.metrics
    assert (m.created_about_women, m.improved_about_women, m.gender_unknown) == (1, 0, 1)
    assert [(a.wikidata, a.about_woman) for a in known.articles] == [("Q1", True), ("Q2", False),
                                                                      (None, None)]
    down = tally(tally_input([LISBON], {KEY: ("Ana",)}, revs, pages, genders=None)).metrics
    assert (down.created_about_women, down.gender_unknown, down.edits) == (None, None, 3)


def test_an_old_snapshot_without_the_new_metrics_loads_them_as_unknown():
    data = snapshot_to_dict(rich_snapshot())
    for name in ("new_editors", "edits_reverted", "created_about_women",
                 "improved_about_women", "gender_unknown"):
        del data["metrics"][name]
    for article in data["articles"]:
        del article["wikidata"], article["about_woman"]
    old = snapshot_from_dict(data)
    assert old.metrics.new_editors is None and old.metrics.about_women is None
    assert old.metrics.edits == 1 and old.articles[0].about_woman is None


def test_any_metric_can_be_a_goal():
    metrics = rich_snapshot().metrics
    assert metric_value(metrics, "created_about_women") == 1
    assert metric_value(metrics, "new_editors") == 1
