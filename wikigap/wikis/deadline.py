"""How long a run keeps trying a service: one bound per run, a refused connection fails fast.

Every service the bot reads (the wikis and Wikidata through pywikibot, the
pageviews API, the event-registration and Dashboard endpoints) sends its HTTP
through a :class:`BoundedAdapter` mounted on its ``requests`` session, and every
adapter of one run answers to that run's :class:`Patience`. The rules, and why:

- **A refused connection, a DNS failure or a TLS failure** will not mend in a
  minute: the request is tried :data:`CONNECT_TRIES` (3) times, :data:`CONNECT_WAITS`
  apart (about 15-30 s in all), then the service is *given up* for the rest of the
  run: every later request to it fails at once, naming when and why.
- **A 5xx, a timeout, maxlag or a 429** is the server asking for patience: the
  client's own polite backoff and ``Retry-After`` stay (pywikibot's for the wikis),
  but a service in trouble may hold the run for at most :data:`SHARE` (half) of
  the time left when its trouble began, so the services read after it still get
  theirs, and never past the run's bound. A ``Retry-After`` that does not fit in
  what is left ends the service's reads at once. Each try's socket timeout is cut
  to its share of the time left, so an answer that never comes cannot hold the
  run either.
- **The run's bound** (``max_run_minutes``, 45 by default): after it, no request
  starts; what was not read is a failed read, and the caller keeps the last good
  numbers.
- **Tests shorten time, not rules**: :data:`SCALE_VARIABLE`
  (``WIKIGAPBOT_TIME_SCALE``, e.g. ``0.1``) multiplies the run's bound and the
  waits between refused tries (see :func:`time_scale`), so an outage test proves
  the same bounds in seconds through this same code. Production never sets it:
  unset, a minute is 60 s and refusals wait 5 and 10 s.

This module imports no pywikibot; the wiki adapter mounts it on pywikibot's one
session with :func:`current` (the runner sets each run's Patience with
:func:`bounded`) and turns :class:`GaveUp` into an exception pywikibot does not
retry. A new client (``requests``) uses it so::

    session = requests.Session()
    deadline.mount(session, patience)          # the run's Patience, from ctx.patience
    try:
        response = session.get(url, timeout=30)   # its own retries for 5xx/429 stay
    except deadline.GaveUp as err:              # the service is down for this run
        ...                                     # keep the last good numbers; say str(err)
"""
from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError

from wikigap.model import utc_now
from wikigap.wikis.errors import in_words

CONNECT_TRIES = 3
CONNECT_WAITS = (5.0, 10.0)     # seconds between the tries of a refused connection
SHARE = 0.5                     # of the time left, the most one troubled service may hold the run
MIN_TRY_SECONDS = 1.0           # a try never gets a socket timeout shorter than this
DEFAULT_MINUTES = 45
SCALE_VARIABLE = "WIKIGAPBOT_TIME_SCALE"   # tests only: a factor on the bound and the waits


class GaveUp(Exception):
    """A service is given up for this run; the message names it, how long it was tried, and why."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(message)
        self.service = service


@dataclass
class Trouble:
    """One service's trouble in this run: since when, how many tries, the last error."""

    service: str
    since: float                 # monotonic time of the first failed try
    tries: int = 0
    error: str = ""
    until: float | None = None   # monotonic time after which the service is given up
    gave_up: str | None = None   # why, once given up


def service_of(url: str) -> str:
    """Name a service by its scheme and host (with port): one wiki, one API."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Read ``Retry-After`` as seconds (a number or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - (now or utc_now())).total_seconds())


def is_connection_failure(err: BaseException) -> bool:
    """Tell a refused connection, a DNS failure or a TLS failure (fail fast) from a timeout."""
    if isinstance(err, requests.exceptions.SSLError):
        return True
    if isinstance(err, requests.exceptions.ConnectTimeout):
        return False
    if isinstance(err, requests.exceptions.ConnectionError):
        reason = getattr(err.args[0], "reason", None) if err.args else None
        return isinstance(reason, NewConnectionError)
    return False


def short(err: BaseException) -> str:
    """Say what went wrong in one short line, in words (no class name): what kind of
    failure, then its last words."""
    reason = getattr(err.args[0], "reason", None) if err.args else None
    cause = reason if isinstance(reason, Exception) else err
    words = in_words(cause) or in_words(err)
    if words is not None:
        return words[-200:]
    return " ".join(str(cause).split())[-160:]


def time_scale() -> float:
    """Give the factor on the run's bound and the refused-connection waits: 1 unless a test set it.

    A suite cannot wait out real outage bounds (a 3-minute run, refusals 5 and
    10 s apart) in every run, and a separate short path would prove nothing about
    the real one; so tests set ``WIKIGAPBOT_TIME_SCALE`` (above 0, at most 1) and
    every rule stays as it is, only faster. A value that is no such number stops
    the run with the variable named rather than run on a guessed time.
    """
    raw = os.environ.get(SCALE_VARIABLE, "").strip()
    if not raw:
        return 1.0
    try:
        scale = float(raw)
    except ValueError:
        scale = 0.0
    if not 0 < scale <= 1:
        raise ValueError(f"{SCALE_VARIABLE}={raw!r}: must be a number above 0 and at most 1 "
                         "(a test's factor on the run's bound; unset it for real runs)")
    return scale


class Patience:
    """One run's bound and every service's trouble in it; shared by the run's adapters.

    ``minutes`` None means no run bound (a start-up check, a listing): only the
    fast failure of refused connections applies then. :func:`time_scale` (1 in
    production) multiplies the bound's seconds and the default waits between
    refused tries; waits given as ``connect_waits`` are used as they are.
    """

    def __init__(self, minutes: float | None = DEFAULT_MINUTES, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 connect_waits: tuple[float, ...] | None = None) -> None:
        scale = time_scale()
        if connect_waits is None:
            connect_waits = tuple(wait * scale for wait in CONNECT_WAITS)
        self.clock, self.sleep, self.connect_waits = clock, sleep, connect_waits
        self.started = clock()
        self.ends = None if minutes is None else self.started + minutes * 60 * scale
        self.minutes = minutes
        self.troubles: dict[str, Trouble] = {}
        self.lock = threading.Lock()

    def remaining(self) -> float | None:
        """Give the seconds left in the run (never below 0), or None without a bound."""
        return None if self.ends is None else max(0.0, self.ends - self.clock())

    def given_up(self) -> list[Trouble]:
        """List the services given up in this run, in the order their trouble began."""
        return sorted((t for t in self.troubles.values() if t.gave_up), key=lambda t: t.since)

    def before_try(self, service: str) -> float | None:
        """Allow one more try, or raise GaveUp; give the seconds the try may take (None: any)."""
        with self.lock:
            trouble = self.troubles.get(service)
            if trouble and trouble.gave_up:
                raise GaveUp(service, trouble.gave_up)
            now = self.clock()
            limits = [t for t in (self.ends, trouble.until if trouble else None) if t is not None]
            if not limits:
                return None
            left = min(limits) - now
            if self.ends is not None and left > 0:   # no one try may take more than its share
                left = min(left, (self.ends - now) * SHARE)
            if left <= 0:
                why = (f"the run reached max_run_minutes ({self.minutes:g})" if self.ends is not None
                       and now >= self.ends else "it held the run for its share of the time left")
                raise GaveUp(service, self._give_up(service, why))
            return max(MIN_TRY_SECONDS, left)

    def connection_failed(self, service: str, error: str) -> float:
        """Count a refused connection; give the wait before the next try, or raise GaveUp."""
        with self.lock:
            trouble = self._note(service, error)
            if trouble.tries >= len(self.connect_waits) + 1:
                raise GaveUp(service, self._give_up(service, "it refused every connection"))
            return self.connect_waits[trouble.tries - 1]

    def server_trouble(self, service: str, error: str) -> None:
        """Count a 5xx, a timeout, maxlag or a 429; the service's share of the run starts now."""
        with self.lock:
            trouble = self._note(service, error)
            left = self.remaining()
            if trouble.until is None and left is not None:
                trouble.until = self.clock() + left * SHARE

    def answered(self, service: str) -> None:
        """Forget a service's trouble once it answers well (a given-up service stays given up)."""
        with self.lock:
            trouble = self.troubles.get(service)
            if trouble and not trouble.gave_up:
                del self.troubles[service]

    def fits(self, service: str, seconds: float) -> bool:
        """Tell whether a wait (a Retry-After) ends before the service's share and the run's bound."""
        with self.lock:
            trouble = self.troubles.get(service)
            limits = [t for t in (self.ends, trouble.until if trouble else None) if t is not None]
            return not limits or self.clock() + seconds < min(limits)

    def refuse(self, service: str, why: str) -> GaveUp:
        """Give a service up now (a Retry-After that cannot fit); return the error to raise."""
        with self.lock:
            return GaveUp(service, self._give_up(service, why))

    def _note(self, service: str, error: str) -> Trouble:
        trouble = self.troubles.setdefault(service, Trouble(service, self.clock()))
        trouble.tries += 1
        trouble.error = error
        return trouble

    def _give_up(self, service: str, why: str) -> str:
        """Mark the service given up and word it: which, how long, how often, why, what to do."""
        trouble = self.troubles.setdefault(service, Trouble(service, self.clock()))
        if trouble.gave_up:
            return trouble.gave_up
        seconds = self.clock() - trouble.since
        tried = (f"tried {trouble.tries} time(s) over {seconds:.0f} s, then gave up"
                 if trouble.tries else "not asked")
        last = f"; last error: {trouble.error}" if trouble.error else ""
        trouble.gave_up = (f"{service} could not be read: {tried} because {why}{last}. The next "
                           "run tries again; if it lasts, check the service's status and this "
                           "machine's network")
        return trouble.gave_up


_RUN = threading.local()     # the Patience of the run this thread works for


def current() -> Patience:
    """Give this thread's run's Patience (see :func:`bounded`); outside a run, a fresh unbounded one."""
    return getattr(_RUN, "patience", None) or Patience(None)


@contextmanager
def bounded(patience: Patience) -> Iterator[Patience]:
    """Make :func:`current` give ``patience`` in this thread: one run's bound on a shared session."""
    saved = getattr(_RUN, "patience", None)
    _RUN.patience = patience
    try:
        yield patience
    finally:
        _RUN.patience = saved

#: A requests timeout: seconds, a (connect, read) pair (either may be None), or None.
Timeout = float | tuple[float | None, float | None] | None


class BoundedAdapter(HTTPAdapter):
    """A requests transport that keeps each try within the run's :class:`Patience`.

    ``patience`` is the run's Patience, or a function giving the current one
    (:func:`current`: pywikibot's one session serves one run after another);
    ``wrap`` turns GaveUp into what the session's caller must see (pywikibot
    retries anything but its own fatal errors).
    """

    def __init__(self, patience: Patience | Callable[[], Patience],
                 wrap: Callable[[GaveUp], Exception] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._patience, self._wrap = patience, wrap

    @property
    def patience(self) -> Patience:
        return self._patience if isinstance(self._patience, Patience) else self._patience()

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: Timeout = None, verify: bool | str = True,
             cert: str | tuple[str, str] | None = None,
             proxies: dict[str, str] | None = None) -> requests.Response:
        """Send one request within the bound; GaveUp (or ``wrap``'s error) when it cannot."""
        sending = functools.partial(super().send, stream=stream, verify=verify, cert=cert,
                                    proxies=proxies)
        try:
            return self._send(request, timeout, sending)
        except GaveUp as err:
            if self._wrap is None:
                raise
            raise self._wrap(err) from None

    def _send(self, request: requests.PreparedRequest, timeout: Timeout,
              sending: Callable[..., requests.Response]) -> requests.Response:
        """Send one request, trying a refused connection again; note what the answer says."""
        patience, service = self.patience, service_of(request.url or "")
        while True:
            allowed = patience.before_try(service)
            timeout = _cut(timeout, allowed)
            try:
                response = sending(request, timeout=timeout)
            except requests.RequestException as err:
                if not is_connection_failure(err):
                    patience.server_trouble(service, short(err))
                    raise
                patience.sleep(patience.connection_failed(service, short(err)))
                continue
            _note_answer(patience, service, response)
            return response


def _note_answer(patience: Patience, service: str, response: requests.Response) -> None:
    """Count a 5xx, 429 or maxlag answer as trouble (refusing a Retry-After that cannot fit)."""
    maxlag = response.headers.get("MediaWiki-API-Error") == "maxlag"
    if not (maxlag or response.status_code == 429 or response.status_code >= 500):
        patience.answered(service)
        return
    what = "maxlag" if maxlag else f"HTTP {response.status_code}"
    patience.server_trouble(service, what)
    asked = retry_after_seconds(response.headers.get("Retry-After"))
    if asked is not None and not patience.fits(service, asked):
        response.close()
        raise patience.refuse(service, f"it asked to wait {asked:.0f} s ({what}), more than "
                                       "the run has left")


def _cut(timeout: Timeout, allowed: float | None) -> Timeout:
    """Cut a try's socket timeout (a number or a (connect, read) pair) to the seconds it may take."""
    if allowed is None:
        return timeout
    if isinstance(timeout, tuple):
        connect, read = timeout
        return (allowed if connect is None else min(connect, allowed),
                allowed if read is None else min(read, allowed))
    return allowed if timeout is None else min(timeout, allowed)


def mount(session: requests.Session, patience: Patience | Callable[[], Patience],
          wrap: Callable[[GaveUp], Exception] | None = None) -> BoundedAdapter:
    """Put every http(s) request of ``session`` under ``patience``; return the adapter."""
    adapter = BoundedAdapter(patience, wrap)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return adapter
