"""The demo's page views: the local pageviews API double, answering with stable made-up numbers.

The real API is not reachable offline, so the demo points its ``pageviews``
section at :class:`sandbox.pageviews.PageviewsDouble` on a loopback port. The
articles are only known once the tally has run (their titles are invented by
the seeded history), so each one is scripted when it is first asked for. Its
daily views come from a SHA-256 of its project and title (Python's ``hash()``
is salted per process) over one fixed year, so every demo run, on any day,
shows the same numbers. One article answers 404, as the API does for an
article nobody read: its views show as 0, not unknown.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

from sandbox.pageviews import PageviewsDouble, Seen, days

FIRST_DAY = date(2021, 3, 1)        # the double has views from here ...
DAYS = 365                          # ... for one year: later days have none, so totals never grow
NEVER_VIEWED = ("en.wikipedia", "Carl_Larsson")   # (project, article as the API spells it): 404


def daily_views(project: str, article: str) -> dict[date, int]:
    """Give an article a year of daily views, the same on every run and machine.

    A base of 2-41 views a day from the title's hash (a new article's
    plausible readership), with a weekly rhythm on top, so articles differ.
    """
    seed = int.from_bytes(hashlib.sha256(f"{project}/{article}".encode()).digest()[:4], "big")
    base = 2 + seed % 40
    return days(FIRST_DAY, DAYS, lambda i: base + (seed + i) % 7 * base // 4)


def script_on_first_request(api: PageviewsDouble) -> Callable[[Seen], None]:
    """Give the double a hook that scripts each article before its first answer.

    The double answers 404 for articles nobody scripted; NEVER_VIEWED stays so.
    """
    def script(seen: Seen) -> None:
        key = (seen.project, seen.article)
        if key != NEVER_VIEWED and key not in api.scripts:
            api.article(seen.project, seen.article, daily=daily_views(*key))
    return script


def demo_pageviews() -> PageviewsDouble:
    """Make the demo's double (not started: use it as ``with demo_pageviews() as api:``)."""
    api = PageviewsDouble()
    api.on_request = script_on_first_request(api)
    return api
