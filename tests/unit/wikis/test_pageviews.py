"""The pageviews client against the local double: real HTTP, the API's shape, politeness.

The double (sandbox/pageviews.py) records each request's arrival and end,
its User-Agent and the most requests ever in flight; assertions use those
records, not the wall clock of the test.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests
from hypothesis import given, strategies as st

from sandbox.pageviews import PageviewsDouble, days
from wikigap.wikis import pageviews
from wikigap.wikis.pageviews import PageviewsClient, ViewsRequest

RECORDED = Path(__file__).parents[2] / "data" / "pageviews" / "greta-thunberg.json"
CONTACT = "wikigapbot test operators <wikigap-test@example.org>"
MARCH = date(2021, 3, 1)


def request(title: str, project: str = "en.wikipedia", start=date(2021, 3, 8),
            end=date(2021, 3, 12)) -> ViewsRequest:
    return ViewsRequest("en", title, project, start, end)


def client(api, **options) -> PageviewsClient:
    """A client with short back-offs, so retried failures do not slow the suite."""
    return PageviewsClient(api.url, CONTACT, **{"backoff": 0.01, "max_rate": 1000, **options})


@pytest.fixture
def api():
    with PageviewsDouble() as double:
        yield double


def test_the_double_answers_in_the_recorded_real_shape(api):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    daily = {date(2021, 3, 8 + i): item["views"] for i, item in enumerate(recorded["items"])}
    api.article("en.wikipedia", "Greta Thunberg", daily=daily)
    answer = requests.get(pageviews.views_url(api.url, request("Greta Thunberg")),
                          headers={"User-Agent": "test"}, timeout=10)
    assert answer.status_code == 200
    assert answer.json() == recorded
    assert [list(item) for item in answer.json()["items"]] == \
        [list(item) for item in recorded["items"]]


def test_the_recorded_answer_reads_as_daily_views():
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert pageviews.parse_daily(recorded) == {
        "2021-03-08": 8113, "2021-03-09": 7490, "2021-03-10": 6902, "2021-03-11": 6377,
        "2021-03-12": 6815}


def test_the_url_asks_for_daily_user_views_of_one_article():
    url = pageviews.views_url("https://wikimedia.org/api/rest_v1/", request("Greta Thunberg"))
    assert url == ("https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/"
                   "en.wikipedia/all-access/user/Greta_Thunberg/daily/20210308/20210312")


@pytest.mark.parametrize("title, path", [
    ("AC/DC", "AC%2FDC"), ("Are You the One?", "Are_You_the_One%3F"), ("100%", "100%25"),
    ("C#", "C%23"), ("Ångström", "%C3%85ngstr%C3%B6m"), ("A+B & C", "A%2BB_%26_C")])
def test_titles_are_encoded_as_the_api_asks(title, path):
    assert pageviews.article_path(title) == path


@given(st.text(min_size=1, max_size=40))
def test_any_title_stays_one_path_segment_and_decodes_back(title):
    path = pageviews.article_path(title)
    assert not set(path) & set("/?# ")
    assert unquote(path) == title.replace(" ", "_")


def test_awkward_titles_reach_the_api_intact(api):
    api.article("en.wikipedia", "AC/DC? 100% #1", daily={date(2021, 3, 8): 4})
    result = client(api).fetch(request("AC/DC? 100% #1"))
    assert result.daily == {"2021-03-08": 4}
    assert api.seen[0].article == "AC/DC?_100%_#1"


def test_404_is_zero_views_and_500_is_unknown_after_retries(api):
    api.article("en.wikipedia", "Broken", status=500)
    reader = client(api, retries=2)
    missing = reader.fetch(request("Never viewed"))
    broken = reader.fetch(request("Broken"))
    assert (missing.daily, missing.views, missing.error) == ({}, 0, None)
    assert broken.daily is None and broken.views is None and "HTTP 500" in broken.error
    assert len(api.requests_for("en.wikipedia", "Broken")) == 3      # first try + 2 retries
    assert (reader.counters.requests, reader.counters.errors) == (4, 1)


def test_a_server_error_that_passes_is_retried_to_success(api):
    api.article("en.wikipedia", "Flaky", daily={date(2021, 3, 9): 3}, first=[(503, ""), (500, "")])
    result = client(api).fetch(request("Flaky"))
    assert (result.views, result.attempts) == (3, 3)


def test_429_waits_for_its_retry_after(api):
    api.article("en.wikipedia", "Busy", daily={date(2021, 3, 8): 9}, first=[(429, "1")])
    result = client(api).fetch(request("Busy"))
    refused, answered = api.requests_for("en.wikipedia", "Busy")
    assert (refused.status, answered.status, result.views) == (429, 200, 9)
    assert answered.arrived - refused.ended >= 1.0


def test_a_retry_after_beyond_the_bound_stops_the_run_and_sends_nothing_more(api):
    api.article("en.wikipedia", "Later", first=[(429, "3600")])
    reader = PageviewsClient(api.url, CONTACT, max_in_flight=1, max_wait=60, max_rate=1000)
    todo = [request("Later")] + [request(f"Other {i}") for i in range(5)]
    results = list(reader.fetch_all(todo))
    assert "3600" in reader.stop_reason
    assert len(api.seen) == 1 and len(results) == 1 and results[0].views is None


def test_never_more_than_three_requests_in_flight(api):
    api.latency = 0.05
    todo = [request(f"Article {i}") for i in range(24)]
    for item in todo:
        api.article("en.wikipedia", item.title, daily=days(MARCH, 20, lambda i: i))
    results = list(client(api).fetch_all(todo))
    assert len(results) == 24 and all(r.views == sum(range(7, 12)) for r in results)
    assert 1 < api.max_in_flight <= 3


def test_a_slow_answer_does_not_hold_up_the_others_and_a_too_slow_one_is_unknown(api):
    api.article("en.wikipedia", "Slow", daily={date(2021, 3, 8): 1}, delay=0.6)
    api.article("en.wikipedia", "Too slow", daily={date(2021, 3, 8): 1}, delay=2.0)
    todo = [request("Slow")] + [request(f"Quick {i}") for i in range(6)]
    order = [r.request.title for r in client(api, timeout=1.0).fetch_all(todo)]
    assert order[-1] == "Slow" and len(order) == 7
    too_slow = client(api, timeout=0.5, retries=1).fetch(request("Too slow"))
    assert too_slow.views is None and "Timeout" in too_slow.error


def test_every_request_names_the_bot_and_the_contact(api):
    api.article("en.wikipedia", "Flaky", daily={date(2021, 3, 9): 3}, first=[(500, "")])
    list(client(api).fetch_all([request("Flaky"), request("Missing")]))
    agents = {seen.user_agent for seen in api.seen}
    assert len(api.seen) == 3 and len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("wikigapbot/") and CONTACT in agent


def test_a_halt_ends_the_run_after_the_requests_in_flight(api):
    results = client(api, max_in_flight=1).fetch_all([request(f"A {i}") for i in range(10)],
                                                     halt=lambda: len(api.seen) >= 4)
    assert len(list(results)) == 4 and len(api.seen) == 4


@pytest.mark.parametrize("value, seconds", [
    ("7", 7.0), (" 0 ", 0.0), ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0), ("soon", None),
    (None, None)])
def test_retry_after_reads_seconds_and_http_dates(value, seconds):
    now = datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)
    assert pageviews.retry_after_seconds(value, now) == seconds


def test_a_refused_api_stops_the_run_after_the_first_articles_tries(api):
    from sandbox.faultproxy import FaultProxy
    from wikigap.wikis.deadline import Patience

    with FaultProxy(api.server.server_address, mode="refuse") as proxy:
        patience = Patience(45, connect_waits=(0.05, 0.05))
        reader = PageviewsClient(proxy.url(), CONTACT, backoff=0.01, max_rate=1000,
                                 patience=patience)
        results = list(reader.fetch_all([request(f"Article {n}") for n in range(145)]))
    assert reader.stop_reason.startswith("the pageviews API is unreachable; views keep their "
                                         "last read")
    assert len(results) <= pageviews.MAX_IN_FLIGHT      # the others were never asked for
    assert all(r.daily is None for r in results) and api.seen == []
