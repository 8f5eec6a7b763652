"""A local double of the Wikimedia pageviews API (per-article, daily), over real HTTP.

It answers ``GET /metrics/pageviews/per-article/{project}/{access}/{agent}/{article}/
{granularity}/{start}/{end}`` the way the real API does: 200 with ``{"items": [...]}``
(the shape of ``tests/data/pageviews/greta-thunberg.json``, a recorded real answer),
404 with the API's "Not found" problem document when it has no views for the
article. Tests script the rest per article: always 404 or 500, a 429 with
``Retry-After`` first, a slow answer; ``latency`` delays every answer (the
benchmark's simulated network).

It records what a polite client is judged on: every request's arrival and end
(``time.monotonic()``), path and User-Agent, and the most requests ever in
flight at once. ``on_request`` runs before each answer (a test can kill the
client from there). Used by the tests, by ``bench/views_bench.py`` and by the demo
(``bot.py demo``), which is why it lives with the developer tooling, not in ``tests/``.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote

from sandbox.httpserver import ServedDouble

PREFIX = "/metrics/pageviews/per-article/"


@dataclass
class Seen:
    """One request as the double received it."""

    arrived: float
    path: str
    project: str
    article: str         # decoded, with underscores, as the API echoes it
    user_agent: str
    status: int = 0
    ended: float = 0.0


@dataclass
class Script:
    """How the double answers one article: views per day, or scripted failures."""

    daily: dict[date, int] = field(default_factory=dict)
    status: int | None = None            # always answer this (404, 500)
    first: list[tuple[int, str]] = field(default_factory=list)   # (status, Retry-After) once each
    delay: float = 0.0                   # a slow answer


class PageviewsDouble(ServedDouble):
    """Start with ``with PageviewsDouble() as api:``; ``api.url`` is the REST base URL."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.scripts: dict[tuple[str, str], Script] = {}
        self.seen: list[Seen] = []
        self.in_flight = self.max_in_flight = 0
        self.on_request: Callable[[Seen], None] | None = None
        self.lock = threading.Lock()
        super().__init__(self._handler())

    def article(self, project: str, title: str, **script) -> Script:
        """Script one article (title with spaces or underscores); returns the script to adjust."""
        entry = Script(**script)
        self.scripts[(project, title.replace(" ", "_"))] = entry
        return entry

    def requests_for(self, project: str, title: str) -> list[Seen]:
        return [s for s in self.seen if (s.project, s.article) == (project, title.replace(" ", "_"))]

    def answer(self, seen: Seen, granularity: str, start: str, end: str) -> tuple[int, dict, dict]:
        """Decide (status, headers, body) for one request, as the real API would."""
        script = self.scripts.get((seen.project, seen.article))
        if script and script.delay:
            time.sleep(script.delay)
        with self.lock:
            if script and script.first:
                status, retry_after = script.first.pop(0)
                return status, {"Retry-After": retry_after} if retry_after else {}, \
                    problem(status, seen.path)
        if script is None or script.status == 404:
            return 404, {}, problem(404, seen.path)
        if script.status is not None:
            return script.status, {}, problem(script.status, seen.path)
        items = [item(seen.project, seen.article, granularity, day, views)
                 for day, views in sorted(script.daily.items())
                 if _day(start) <= day <= _day(end)]
        return (200, {}, {"items": items}) if items else (404, {}, problem(404, seen.path))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                double._serve(self)

            def log_message(self, *args) -> None:
                """Keep test output quiet."""

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        """Parse the path, count the request in flight, answer and record it."""
        parts = handler.path.split("?")[0][len(PREFIX):].split("/")
        if not handler.path.startswith(PREFIX) or len(parts) != 7:
            return _send(handler, 400, {}, problem(400, handler.path))
        project, _access, _agent, article, granularity, start, end = parts
        seen = Seen(time.monotonic(), handler.path, project, unquote(article),
                    handler.headers.get("User-Agent", ""))
        with self.lock:
            self.seen.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.on_request:
                self.on_request(seen)
            time.sleep(self.latency)
            seen.status, headers, body = self.answer(seen, granularity, start, end)
            _send(handler, seen.status, headers, body)
        finally:
            with self.lock:
                self.in_flight -= 1
                seen.ended = time.monotonic()


def item(project: str, article: str, granularity: str, day: date, views: int) -> dict:
    """One entry of ``items``, fields in the real API's order."""
    return {"project": project, "article": article, "granularity": granularity,
            "timestamp": f"{day:%Y%m%d}00", "access": "all-access", "agent": "user",
            "views": views}


def problem(status: int, path: str) -> dict:
    """The API's error document (HyperSwitch problem JSON)."""
    kinds = {404: ("not_found", "Not found."), 429: ("request_rate_exceeded", "Too many requests"),
             400: ("invalid_request", "Invalid parameters")}
    kind, title = kinds.get(status, ("internal_error", "Internal error"))
    return {"type": f"https://mediawiki.org/wiki/HyperSwitch/errors/{kind}", "title": title,
            "method": "get", "uri": f"/analytics.wikimedia.org/v1/pageviews{path}"}


def days(first: date, count: int, views: Callable[[int], int]) -> dict[date, int]:
    """Build ``count`` days of views from ``first``: ``views(i)`` for the i-th day."""
    return {first + timedelta(days=i): views(i) for i in range(count)}


def _day(stamp: str) -> date:
    return date(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]))


def _send(handler: BaseHTTPRequestHandler, status: int, headers: dict, body: dict) -> None:
    """Answer; a client that already hung up (a timeout) is no error worth a traceback.

    socketserver prints one from its thread, and Python 3.11's traceback module
    parses source lines with ``ast`` there, which races ``ast.parse`` in the
    tests' main thread ("AST constructor recursion depth mismatch").
    """
    data = json.dumps(body).encode("utf-8")
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        handler.close_connection = True
