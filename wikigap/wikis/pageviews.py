"""A polite client of the Wikimedia pageviews API: one article's daily views per request.

The API (``/metrics/pageviews/per-article/{project}/all-access/user/{title}/daily/
{start}/{end}`` under ``https://wikimedia.org/api/rest_v1``) answers one article per
request, so a campaign of 20,000 articles is 20,000 requests. Its policy asks for
a descriptive User-Agent with a contact, few parallel requests, and backing off
when told to. This module does exactly that and nothing else: it never touches
the state (the ``views`` task stores what it returns) and never raises for one
article's failure, which becomes ``error`` (views unknown), never 0.

Why each rule:

- at most :data:`MAX_IN_FLIGHT` (3) requests at a time, and request starts spaced
  to stay under :data:`MAX_RATE` per second (the pageviews endpoint's documented
  limit is 100 per client; we keep to half of it);
- 429 and 5xx are retried up to :data:`RETRIES` times; a ``Retry-After`` pauses
  *every* worker until then (the server asked the client, not one request, to
  slow down), other retries back off exponentially from :data:`BACKOFF_SECONDS`;
  a ``Retry-After`` longer than :data:`MAX_WAIT_SECONDS` stops the run (what was
  read is kept; the next run goes on from there) rather than sleeping for hours;
- 404 means the API has no views recorded for that article and range: 0 views;
- every request passes the run's bound (:mod:`wikigap.wikis.deadline`): a refused
  connection is tried 3 times within about 30 s, then the API is given up and the
  run stops ("the pageviews API is unreachable; views keep their last read"), and
  no retry waits past ``max_run_minutes``.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

import requests

from wikigap import __version__
from wikigap.wikis import deadline
from wikigap.wikis.deadline import retry_after_seconds

DEFAULT_API = "https://wikimedia.org/api/rest_v1"
BOT = "wikigapbot"
VERSION = __version__
MAX_IN_FLIGHT = 3
MAX_RATE = 50.0            # request starts per second, all workers together
RETRIES = 4                # retries after the first try, for 429, 5xx and network errors
BACKOFF_SECONDS = 1.0      # first back-off when the server gives no Retry-After; doubles
MAX_WAIT_SECONDS = 300.0   # longest Retry-After honoured before the run stops
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class ViewsRequest:
    """One article to read: its wiki code, title, API project and day range (both included)."""

    wiki: str
    title: str
    project: str
    start: date
    end: date


@dataclass(frozen=True)
class ViewsResult:
    """What the API said about one article: daily views, or why they are unknown.

    ``daily`` maps ISO days to views (days the API leaves out had none); it is
    None exactly when ``error`` says what failed. ``attempts`` counts requests.
    """

    request: ViewsRequest
    daily: dict[str, int] | None
    error: str | None = None
    attempts: int = 1

    @property
    def views(self) -> int | None:
        """Give the sum over the range, or None when the read failed."""
        return None if self.daily is None else sum(self.daily.values())


class RunStopped(Exception):
    """The API asked for a pause longer than the bound; the run stops, the rest waits."""


def article_path(title: str) -> str:
    """Encode a title as the API wants it: spaces as underscores, then percent-encoded.

    Every character outside RFC 3986's unreserved set is encoded, so ``/``,
    ``?``, ``%``, ``#`` and ``+`` stay inside the one path segment.
    """
    return quote(title.replace(" ", "_"), safe="")


def views_url(api: str, request: ViewsRequest) -> str:
    """Build the per-article daily URL for user (not spider or automated) views."""
    return (f"{api.rstrip('/')}/metrics/pageviews/per-article/{request.project}/all-access/user/"
            f"{article_path(request.title)}/daily/{request.start:%Y%m%d}/{request.end:%Y%m%d}")


def user_agent(contact: str) -> str:
    """Name the bot, its version and the operators' contact, as the User-Agent policy asks."""
    return (f"{BOT}/{VERSION} (WikiGap campaign statistics; {contact}) "
            f"python-requests/{requests.__version__}")


def parse_daily(document: dict) -> dict[str, int]:
    """Read the API's ``{"items": [{"timestamp": "2021030800", "views": N}, ...]}`` by day."""
    daily: dict[str, int] = {}
    for item in document.get("items", []):
        stamp = str(item["timestamp"])
        day = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}"
        daily[day] = daily.get(day, 0) + int(item["views"])
    return daily


class Pacer:
    """Space request starts (at most ``rate`` a second) and hold every worker during a pause."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.lock = threading.Lock()
        self.next_start = 0.0

    def pause(self, seconds: float) -> None:
        """Make no request start before ``seconds`` from now (a Retry-After)."""
        with self.lock:
            self.next_start = max(self.next_start, time.monotonic() + seconds)

    def wait_turn(self) -> None:
        """Block until this worker may start a request, then book the next slot."""
        while True:
            with self.lock:
                now = time.monotonic()
                if now >= self.next_start:
                    self.next_start = now + self.interval
                    return
                delay = self.next_start - now
            time.sleep(delay)


@dataclass
class Counters:
    """What a run did so far, shared by the workers (guarded by ``lock``)."""

    requests: int = 0
    errors: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class PageviewsClient:
    """Read many articles' views with at most ``max_in_flight`` requests at a time."""

    def __init__(self, api: str, contact: str, *, max_in_flight: int = MAX_IN_FLIGHT,
                 max_rate: float = MAX_RATE, retries: int = RETRIES,
                 backoff: float | None = None, max_wait: float = MAX_WAIT_SECONDS,
                 timeout: float = TIMEOUT_SECONDS,
                 patience: deadline.Patience | None = None) -> None:
        self.api, self.user_agent = api, user_agent(contact)
        self.patience = patience or deadline.Patience(None)
        self.max_in_flight, self.retries, self.max_wait = max_in_flight, retries, max_wait
        self.backoff = BACKOFF_SECONDS if backoff is None else backoff
        self.timeout = timeout
        self.pacer = Pacer(max_rate)
        self.counters = Counters()
        self.stop_reason: str | None = None
        self._local = threading.local()

    def _session(self) -> requests.Session:
        """Give this thread its own session (connection reuse without sharing across threads)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update({"User-Agent": self.user_agent, "Accept": "application/json"})
            deadline.mount(session, self.patience)
            self._local.session = session
        return session

    def fetch(self, request: ViewsRequest) -> ViewsResult:
        """Read one article, retrying 429/5xx/network errors; never raises for the article."""
        url, error = views_url(self.api, request), "not tried"
        for attempt in range(1, self.retries + 2):
            if self.stop_reason:
                return ViewsResult(request, None, f"not read: {self.stop_reason}", attempt - 1)
            self.pacer.wait_turn()
            self.counters.add(requests=1)
            wait_for, error, daily = self._attempt(url, attempt)
            if daily is not None:
                return ViewsResult(request, daily, None, attempt)
            if wait_for is None or attempt > self.retries:
                break
            self.counters.add(retries=1)
            time.sleep(wait_for)
        self.counters.add(errors=1)
        return ViewsResult(request, None, error, attempt)

    def _attempt(self, url: str, attempt: int) -> tuple[float | None, str, dict[str, int] | None]:
        """Make one request: (seconds to wait before a retry or None, error text, daily views)."""
        backoff = self.backoff * 2 ** (attempt - 1)
        try:
            response = self._session().get(url, timeout=self.timeout)
        except deadline.GaveUp as err:
            self.stop_reason = f"the pageviews API is unreachable; views keep their last read ({err})"
            return None, str(err), None
        except requests.RequestException as err:
            return backoff, f"{type(err).__name__}: {err}", None
        if response.status_code == 200:
            try:
                return None, "", parse_daily(response.json())
            except (ValueError, KeyError, TypeError) as err:
                return None, f"unreadable answer: {err}", None
        if response.status_code == 404:
            return None, "", {}
        error = f"HTTP {response.status_code} from {url}"
        if response.status_code == 429 or response.status_code >= 500:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None and asked > self.max_wait:
                self.stop_reason = (f"the pageviews API asked to wait {asked:.0f} s (more than "
                                    f"{self.max_wait:.0f} s); run views again later")
                return None, error, None
            if asked is not None:
                self.pacer.pause(asked)
            return (asked if asked is not None else backoff), error, None
        return None, error, None

    def fetch_all(self, todo: Iterable[ViewsRequest],
                  halt: Callable[[], bool] = lambda: False) -> Iterator[ViewsResult]:
        """Yield each article's result as it arrives, in the caller's thread.

        Only ``max_in_flight`` articles are handed to the workers at a time,
        so a ``halt`` (the scheduler's stop) or a too-long Retry-After ends
        the run after the requests in progress, with nothing else sent.
        """
        pending: set[Future[ViewsResult]] = set()
        queue = iter(todo)

        def refill() -> None:
            while len(pending) < self.max_in_flight and not (halt() or self.stop_reason):
                request = next(queue, None)
                if request is None:
                    return
                pending.add(pool.submit(self.fetch, request))

        with ThreadPoolExecutor(max_workers=self.max_in_flight,
                                thread_name_prefix="pageviews") as pool:
            refill()
            while pending:
                done, rest = wait(pending, return_when=FIRST_COMPLETED)
                pending.clear()
                pending.update(rest)
                refill()        # keep the workers busy while the caller stores the answers
                for future in done:
                    yield future.result()
