#!/usr/bin/env python3
"""Views benchmark: requests, wall time and request rate of reading 2,000 articles' views.

Run on demand (not part of the test suite):

    .venv/bin/python bench/views_bench.py                       # 2,000 articles, 100 ms latency
    .venv/bin/python bench/views_bench.py --articles 200 --latency 0.05

It starts the local pageviews API double (sandbox/pageviews.py) with a
simulated latency on every answer, scripts a deterministic mix of articles
(most with a year of daily views, 5 % never viewed: 404), and runs the views
task's own reading loop (tasks.views.read_all: the real client, at most 3
requests in flight, Retry-After and back-off, every answer stored in a fresh
state file as it arrives). A second pass over the same articles shows what a
run within refresh_days costs. It prints the requests, wall seconds, the
request rate held (requests / wall seconds, and the highest count started in
any one second, against the client's cap) and the most requests in flight,
then what that rate means for a 20,000-article campaign. Nothing real is contacted.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ itself is first on the path and its requests.py would shadow the
# requests library that pywikibot and the pageviews client import: put the project there.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from sandbox.pageviews import PageviewsDouble  # noqa: E402
from tasks.views import read_all  # noqa: E402
from wikigap.wikis import pageviews  # noqa: E402
from wikigap.store.state import State  # noqa: E402
from wikigap.count.views import plan_reads  # noqa: E402
from wikigap.store.viewstore import ViewStore  # noqa: E402

FIRST_DAY = date(2021, 3, 8)
NOW = datetime(2022, 3, 8, 4, 0, tzinfo=timezone.utc)


def script(api: PageviewsDouble, count: int, seed: int) -> dict[tuple[str, str], date]:
    """Give the double ``count`` articles over three wikis; return them as a views plan needs."""
    rng = random.Random(seed)
    needed = {}
    for i in range(count):
        wiki = ("en", "pt", "sv")[i % 3]
        title = f"Bench article {i} ({wiki})"
        needed[(wiki, title)] = FIRST_DAY
        if rng.random() < 0.05:
            continue                                     # never viewed: the double answers 404
        base = rng.randint(1, 400)
        api.article(f"{wiki}.wikipedia", title,
                    daily={FIRST_DAY + timedelta(days=d): base + rng.randint(0, base)
                           for d in range(365)})
    return needed


def one_pass(api, needed, store, echo) -> dict:
    """Plan and read like the task does; return its figures."""
    plan = plan_reads(needed, store.load(), NOW, refresh_days=7)
    todo = [pageviews.ViewsRequest(wiki, title, f"{wiki}.wikipedia", start, plan.end)
            for (wiki, title), start in plan.due]
    client = pageviews.PageviewsClient(api.url, "views benchmark <bench@example.org>")
    ctx = SimpleNamespace(echo=echo, now=lambda: NOW, publisher=SimpleNamespace(halt=None))
    seen_before, start = len(api.seen), time.monotonic()
    failed = read_all(ctx, client, store, todo)
    seconds = time.monotonic() - start
    seen = api.seen[seen_before:]
    per_second = Counter(int(s.arrived - seen[0].arrived) for s in seen) if seen else Counter()
    return {"due": len(todo), "requests": len(seen), "failed": len(failed), "seconds": seconds,
            "rate": len(seen) / seconds if seconds else 0.0,
            "peak_second": max(per_second.values(), default=0)}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--articles", type=int, default=2000)
    options.add_argument("--latency", type=float, default=0.1, help="seconds per answer (0.1)")
    options.add_argument("--seed", type=int, default=1)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder, PageviewsDouble(args.latency) as api, \
            State(Path(folder) / "state.sqlite") as state:
        needed = script(api, args.articles, args.seed)
        store = ViewStore(state.db)
        first = one_pass(api, needed, store, print)
        second = one_pass(api, needed, store, lambda line: None)
        views = sum(read.since(FIRST_DAY) or 0 for read in store.load().values())
    cap = pageviews.MAX_RATE
    weekly = 20000 / first["rate"] / 60 if first["rate"] else float("inf")
    print(f"\narticles {args.articles:,}, simulated latency {args.latency * 1000:.0f} ms, "
          f"client limits: {pageviews.MAX_IN_FLIGHT} in flight, {cap:g} requests/s")
    print(f"first run:  {first['requests']:,} requests for {first['due']:,} articles, "
          f"{first['failed']} failed, {first['seconds']:.1f} s wall, "
          f"{first['rate']:.1f} requests/s held (busiest second: {first['peak_second']}), "
          f"most in flight {api.max_in_flight}")
    print(f"second run within refresh_days: {second['requests']} requests, "
          f"{second['seconds']:.2f} s")
    print(f"views stored: {views:,}; at this rate 20,000 articles take {weekly:.0f} min")
    return 0 if first["failed"] == 0 and second["requests"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
