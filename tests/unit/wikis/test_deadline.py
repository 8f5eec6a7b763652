"""The run's bound on every service (wikigap.wikis.deadline), over real HTTP through the fault proxy.

A small local HTTP server stands behind ``sandbox.faultproxy.FaultProxy``; the
proxy refuses, answers 503 or never answers. Where a test needs minutes to
pass, the Patience is given a clock the test moves (no waiting, no timing
assertion); where real time passes, only a generous upper bound is checked.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from sandbox.faultproxy import FaultProxy
from wikigap.wikis import deadline
from wikigap.wikis.deadline import CONNECT_TRIES, GaveUp, Patience


@pytest.fixture(autouse=True)
def _real_time(monkeypatch):
    """These tests check the production rules: no test time scale (tests/conftest.py sets one)."""
    monkeypatch.delenv(deadline.SCALE_VARIABLE, raising=False)


class Clock:
    """A monotonic clock the test moves; sleeping moves it too."""

    def __init__(self) -> None:
        self.now, self.slept = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Handler(BaseHTTPRequestHandler):
    """200 for /ok, 429 with a long Retry-After for /busy, 500 for /error."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, headers = {"/ok": (200, {}), "/busy": (429, {"Retry-After": "3600"}),
                           "/error": (500, {})}.get(self.path, (404, {}))
        body = b"{}"
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Print no traceback for a client that hung up (its thread would parse source lines)."""


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address
    httpd.shutdown()


@pytest.fixture
def proxy(server):
    with FaultProxy(server) as proxy:
        yield proxy


def session_for(patience: Patience) -> requests.Session:
    session = requests.Session()
    deadline.mount(session, patience)
    return session


def test_a_refused_connection_is_tried_three_times_within_30_s_then_given_up(proxy):
    clock = Clock()
    patience = Patience(45, clock=clock, sleep=clock.sleep)
    proxy.mode = "refuse"
    with pytest.raises(GaveUp, match="tried 3 time.s. over 15 s.*refused every connection"):
        session_for(patience).get(proxy.url("/ok"), timeout=5)
    assert clock.slept == [5.0, 10.0] and sum(clock.slept) <= 30 and CONNECT_TRIES == 3
    proxy.mode = "pass"                       # back, but given up for the rest of this run
    with pytest.raises(GaveUp):
        session_for(patience).get(proxy.url("/ok"), timeout=5)
    assert proxy.seen["pass"] == 0
    assert session_for(Patience(45)).get(proxy.url("/ok"), timeout=5).status_code == 200


def test_unset_the_time_scale_leaves_real_minutes_and_waits(monkeypatch):
    monkeypatch.delenv(deadline.SCALE_VARIABLE, raising=False)
    clock = Clock()
    patience = Patience(3, clock=clock, sleep=clock.sleep)
    assert patience.ends - patience.started == 180 and patience.connect_waits == (5.0, 10.0)


def test_the_time_scale_shortens_the_bound_and_the_refusal_waits_through_the_same_rules(
        proxy, server, monkeypatch):
    """A test's scale of 0.25: a 3-minute bound lasts 45 s, refusals wait 1.25 and 2.5 s."""
    monkeypatch.setenv(deadline.SCALE_VARIABLE, "0.25")
    clock = Clock()
    patience = Patience(3, clock=clock, sleep=clock.sleep)
    assert patience.ends - patience.started == 45 and patience.minutes == 3
    assert Patience(3, connect_waits=(0.5,)).connect_waits == (0.5,)   # given waits stay
    proxy.mode = "refuse"
    with pytest.raises(GaveUp, match="tried 3 time.s. over 4 s.*refused every connection"):
        session_for(patience).get(proxy.url("/ok"), timeout=5)
    assert clock.slept == [1.25, 2.5]
    clock.now = patience.started + 46        # past the scaled bound, the minutes are named
    with pytest.raises(GaveUp, match="not asked because the run reached max_run_minutes .3."):
        session_for(patience).get(f"http://{server[0]}:{server[1]}/ok", timeout=5)


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "fast", "nan"])
def test_a_time_scale_that_is_no_factor_stops_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv(deadline.SCALE_VARIABLE, value)
    with pytest.raises(ValueError, match=f"WIKIGAPBOT_TIME_SCALE='{value}': must be a number"):
        Patience(3)


def test_503_forever_is_given_up_after_its_share_of_the_time_left(proxy):
    clock = Clock()
    patience = Patience(10, clock=clock, sleep=clock.sleep)
    proxy.mode = "503"
    session, answers = session_for(patience), 0
    with pytest.raises(GaveUp, match="its share of the time left.*HTTP 503"):
        for _ in range(100):                 # a client's polite retries, 60 s apart
            assert session.get(proxy.url("/ok"), timeout=5).status_code == 503
            answers += 1
            clock.now += 60
    # 600 s left at the first 503: the share is half, 300 s, so the 6th try (at 300 s) is refused.
    assert answers == 5 and proxy.seen["503"] == 5
    assert [t.service for t in patience.given_up()] == [deadline.service_of(proxy.url())]


def test_a_good_answer_forgets_the_trouble(proxy, server):
    clock = Clock()
    patience = Patience(10, clock=clock, sleep=clock.sleep)
    session = session_for(patience)
    assert session.get(proxy.url("/error"), timeout=5).status_code == 500
    assert patience.troubles
    assert session.get(proxy.url("/ok"), timeout=5).status_code == 200
    assert not patience.troubles


def test_a_retry_after_longer_than_the_run_has_left_ends_the_reads_at_once(proxy):
    patience = Patience(45)
    with pytest.raises(GaveUp, match="asked to wait 3600 s .HTTP 429."):
        session_for(patience).get(proxy.url("/busy"), timeout=5)


def test_no_request_starts_after_max_run_minutes(proxy):
    clock = Clock()
    patience = Patience(1, clock=clock, sleep=clock.sleep)
    clock.now += 61
    with pytest.raises(GaveUp, match="not asked because the run reached max_run_minutes .1."):
        session_for(patience).get(proxy.url("/ok"), timeout=5)
    assert proxy.seen["pass"] == 0


def test_an_answer_that_never_comes_is_cut_to_its_share_of_the_run(proxy):
    proxy.mode = "hang"
    patience = Patience(0.1)                  # 6 s: one try may take at most half, 3 s
    start = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        session_for(patience).get(proxy.url("/ok"), timeout=60)
    assert time.monotonic() - start < 30      # an upper bound far below the 60 s asked for
    assert "no answer in time" in patience.troubles[deadline.service_of(proxy.url())].error


def test_refused_dns_and_tls_fail_fast_and_timeouts_do_not(proxy):
    proxy.mode = "refuse"
    with pytest.raises(requests.ConnectionError) as refused:
        requests.get(proxy.url("/ok"), timeout=5)
    assert deadline.is_connection_failure(refused.value)
    assert deadline.is_connection_failure(requests.exceptions.SSLError("bad certificate"))
    assert not deadline.is_connection_failure(requests.exceptions.ReadTimeout("slow"))
    assert not deadline.is_connection_failure(requests.exceptions.ConnectTimeout("slow"))


@pytest.mark.parametrize("value, seconds", [("120", 120.0), ("1.5", 1.5), (None, None),
                                            ("soon", None)])
def test_retry_after_is_read_as_seconds(value, seconds):
    assert deadline.retry_after_seconds(value) == seconds
