"""Task `views`: read how often every counted article was read, politely, and keep it.

Takes the latest snapshot's counted articles (tallying first when it is stale),
leaves out those read within ``pageviews.refresh_days``, and reads the rest's
daily user views from the pageviews API (wikigap.wikis.pageviews: at most 3 requests
at a time, backing off when asked), from the first day of the earliest event
that counts each article to yesterday. Each answer is stored as it arrives
(wikigap.store.viewstore), so a stopped run resumes where it left off. Progress is
printed as it goes. Writes nothing to any wiki; the other tasks show the
numbers. Runs weekly by default.

Run alone, it holds the campaign lock only while it stores an answer, so the hourly tally and the publishing tasks run beside
it; when the pageviews API cannot be reached it stops after the first
article's tries ("the pageviews API is unreachable; views keep their last read").
"""
from __future__ import annotations

import time
from datetime import datetime

from tasks import tally
from wikigap.count.views import Plan, first_days, plan_reads, project_for
from wikigap.run.context import Context, TaskError, locks_while_storing
from wikigap.store.lock import LockBusy
from wikigap.store.viewstore import ViewStore
from wikigap.wikis.pageviews import PageviewsClient, ViewsRequest, ViewsResult

SHOWN_FAILURES = 10


@locks_while_storing
def run(ctx: Context) -> None:
    """Plan the reads, make them, keep each answer; fail when some stay unknown."""
    section = ctx.config.pageviews
    if section is None:
        ctx.echo("views: the config has no 'pageviews' section; page views are not read")
        return
    store = ctx.state.view_store()
    needed = first_days(ctx.counted_snapshot(tally.run))
    plan = plan_reads(needed, store.load(), ctx.now(), section.refresh_days)
    ctx.echo(f"views: {len(needed):,} counted articles: {plan.fresh:,} read within "
             f"{section.refresh_days} days, {len(plan.due):,} to read up to {plan.end}"
             + (f", {plan.too_new:,} with no whole day yet" if plan.too_new else ""))
    if ctx.dry_run:
        ctx.echo(f"views: dry run: {len(plan.due):,} requests to {section.api} would be made; "
                 "nothing is read or stored")
        return
    client = PageviewsClient(section.api, section.contact, patience=ctx.patience)
    failed = read_all(ctx, client, store, requests_for(plan, section.project))
    if client.stop_reason or _halted(ctx):
        raise TaskError(f"stopped part-way: {client.stop_reason or 'stop requested'}; what was "
                        "read is kept and the next run reads the rest")
    if failed:
        raise TaskError(f"{len(failed):,} article(s) could not be read; their events' views stay "
                        "unknown and the next run tries them again")


def requests_for(plan: Plan, project) -> list[ViewsRequest]:
    """Turn due articles into API requests; a wiki missing from a project map is a config error."""
    try:
        return [ViewsRequest(wiki, title, project_for(wiki, project), start, plan.end)
                for (wiki, title), start in plan.due]
    except KeyError as err:
        raise TaskError(str(err.args[0])) from None


def read_all(ctx: Context, client: PageviewsClient, store: ViewStore,
             todo: list[ViewsRequest]) -> list[ViewsResult]:
    """Read and store each article, printing progress about ten times; return the failures."""
    failed: list[ViewsResult] = []
    done, start = 0, time.monotonic()
    every = max(1, len(todo) // 10)
    batch = Batch(ctx, store)
    for result in client.fetch_all(todo, halt=lambda: _halted(ctx)):
        batch.add(result)
        done += 1
        if result.error is not None:
            failed.append(result)
            if len(failed) <= SHOWN_FAILURES:
                ctx.echo(f"  views: {result.request.wiki}:{result.request.title}: {result.error}")
        if done % every == 0 or done == len(todo):
            ctx.echo(progress_line(done, len(todo), client, time.monotonic() - start))
    batch.flush()
    if done < len(todo):
        ctx.echo(progress_line(done, len(todo), client, time.monotonic() - start))
    return failed


class Batch:
    """Answers on their way to the state: stored at once when the campaign lock is free.

    While another run (a tally) holds the lock, answers wait here and reads go
    on; the last flush waits for the lock, saying once for whom.
    """

    def __init__(self, ctx: Context, store: ViewStore) -> None:
        self.ctx, self.store = ctx, store
        self.results: list[tuple[ViewsResult, datetime]] = []

    def add(self, result: ViewsResult) -> None:
        self.results.append((result, self.ctx.now()))
        try:
            self.flush(wait=False)
        except LockBusy:
            pass          # stored with the next answer, or at the end

    def flush(self, wait: bool = True) -> None:
        """Store what is waiting, holding the lock for as long as that takes."""
        if self.results:
            with self.ctx.storing(wait):
                for result, at in self.results:
                    self.store.save(result, at)
            self.results = []


def progress_line(done: int, total: int, client: PageviewsClient, seconds: float) -> str:
    """Say how far the run is: articles done and to do, requests, errors, rate."""
    c = client.counters
    rate = c.requests / seconds if seconds > 0 else 0.0
    return (f"views: {done:,}/{total:,} articles read ({total - done:,} to do), "
            f"{c.requests:,} requests ({c.retries:,} retried), {c.errors:,} errors, "
            f"{rate:.1f} requests/s")


def _halted(ctx: Context) -> bool:
    """Ask the scheduler's stop request (SIGTERM) between articles."""
    halt = ctx.publisher.halt
    return bool(halt and halt())
