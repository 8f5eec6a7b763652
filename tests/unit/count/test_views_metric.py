"""The views metric and store without HTTP: what is due, how sums go, what a failure keeps."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, strategies as st

import factories as f
from wikigap.model import Article, Metrics
from wikigap.wikis.pageviews import ViewsRequest, ViewsResult
from wikigap.store.state import State
from wikigap.count.views import first_days, plan_reads, with_views
from wikigap.model import ArticleViews
from wikigap.store.viewstore import ViewStore

NOW = datetime(2021, 4, 1, 4, 0, tzinfo=timezone.utc)
MAR8 = date(2021, 3, 8)


def read(title, first=MAR8, daily=None, days_ago=1, wiki="en"):
    return ArticleViews(wiki, title, first, date(2021, 3, 31), daily or {},
                        NOW - timedelta(days=days_ago))


def test_plan_reads_only_what_is_missing_stale_or_too_short():
    needed = {("en", "Never"): MAR8, ("en", "Fresh"): MAR8, ("en", "Stale"): MAR8,
              ("en", "Short"): MAR8, ("en", "Today"): date(2021, 4, 1)}
    reads = {("en", "Fresh"): read("Fresh", days_ago=6), ("en", "Stale"): read("Stale", days_ago=8),
             ("en", "Short"): read("Short", first=date(2021, 3, 9))}
    plan = plan_reads(needed, reads, NOW, refresh_days=7)
    assert [key for key, _ in plan.due] == [("en", "Never"), ("en", "Short"), ("en", "Stale")]
    assert (plan.fresh, plan.too_new, plan.end) == (1, 1, date(2021, 3, 31))


def test_an_article_counted_by_two_events_is_read_from_the_earlier_first_day():
    early, late = f.event(page="E/1", first_day=MAR8), f.event(page="E/2", first_day=date(2021, 3, 20))
    snap = f.snapshot(f.result(early), f.result(late), articles=(
        Article("E/2", "en", "Shared", "improved", 1, 5, ("Anna",)),
        Article("E/1", "en", "Shared", "created", 1, 5, ("Anna",))))
    assert first_days(snap) == {("en", "Shared"): MAR8}


def test_untallied_events_stay_unknown_and_an_event_without_articles_has_none():
    snap = f.snapshot(f.result(f.event(page="E/1")), f.untallied(f.event(page="E/2")),
                      metrics=f.metrics(views=None))
    views = with_views(snap, {})
    assert [r.metrics.views for r in views.events] == [0, None]
    assert views.metrics.views == 0
    unknown = with_views(f.snapshot(metrics=Metrics()), {})
    assert unknown.metrics.views is None


def test_a_failed_refresh_keeps_the_last_good_read_and_a_success_clears_the_error():
    with State(":memory:") as state:
        store = ViewStore(state.db)
        request = ViewsRequest("en", "A", "en.wikipedia", MAR8, date(2021, 3, 31))
        store.save(ViewsResult(request, None, "HTTP 500"), NOW)
        assert store.load() == {} and store.failures() == {("en", "A"): "HTTP 500"}
        store.save(ViewsResult(request, {"2021-03-09": 4}), NOW)
        assert store.failures() == {}
        store.save(ViewsResult(request, None, "HTTP 503"), NOW + timedelta(days=8))
        kept = store.load()[("en", "A")]
        assert (kept.daily, kept.read_at) == ({"2021-03-09": 4}, NOW)
        assert store.failures() == {("en", "A"): "HTTP 503"}


def test_an_old_state_file_opened_read_only_has_no_views(tmp_path):
    path = tmp_path / "old.sqlite"
    sqlite3.connect(path).close()
    with State(path, read_only=True) as state:
        assert ViewStore(state.db).load() == {}


counts = st.dictionaries(st.sampled_from([f"2021-03-{d:02d}" for d in range(1, 29)]),
                         st.integers(0, 10**6), max_size=6)


@given(st.lists(st.tuples(st.sampled_from(["E/1", "E/2", "E/3"]), st.sampled_from("ABCD"),
                          counts), min_size=1, max_size=8, unique_by=lambda t: t[:2]))
def test_campaign_views_count_each_article_once(rows):
    """Between the largest event and the events' sum: shared articles are counted once."""
    events = [f.result(f.event(page=page, first_day=date(2021, 3, 1 + 5 * i)))
              for i, page in enumerate(["E/1", "E/2", "E/3"])]
    articles = tuple(Article(page, "en", title, "created", 1, 1, ("Anna",))
                     for page, title, _ in rows)
    reads: dict = {}
    for _, title, daily in rows:
        reads.setdefault(("en", title), read(title, first=date(2021, 3, 1), daily=daily))
    snap = with_views(f.snapshot(*events, articles=articles), reads)
    per_event = [r.metrics.views for r in snap.events]
    assert max(per_event) <= snap.metrics.views <= sum(per_event)
    starts = {"E/1": "2021-03-01", "E/2": "2021-03-06", "E/3": "2021-03-11"}
    earliest: dict[str, str] = {}
    for page, title, _ in rows:
        earliest[title] = min(starts[page], earliest.get(title, starts[page]))
    assert snap.metrics.views == sum(views for title, start in earliest.items()
                                     for day, views in reads[("en", title)].daily.items()
                                     if day >= start)
