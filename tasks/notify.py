"""Task `notify`: post results and problems notices to organizers' talk pages.

Reads the latest snapshot (tallying first when it is stale), plans the due
notices (:mod:`wikigap.write.notices`), leaves out those the state database has as
posted, and hands at most ``notify.max_per_run`` to the publisher, which
reads each talk page first (the hidden marker, ``{{nobots}}``, redirects) and
posts a new section. Every outcome is recorded in the state database (not in
--dry-run). Runs daily by default; the rest wait for the next run.

With ``pageviews`` configured, a results notice waits for its event's views
(at most ``notify.wait_for_views_days``) and the run says so. ``--event PAGE``
limits the run to one event's notices; ``--resend PAGE --kind KIND`` posts that
event's notice again, and nothing else, recorded with the detail ``resend``.
"""
from __future__ import annotations

import dataclasses

from tasks import tally
from wikigap.model import Snapshot
from wikigap.run.context import Context, Resend, TaskError
from wikigap.run.posting import post
from wikigap.store.noticebook import NoticeBook
from wikigap.write.notices import due_notices, held_notices, resend_notices, unaddressed
from wikigap.write.publisher import Notice, notice_label


def run(ctx: Context) -> None:
    """Plan the due notices and post the ones not yet posted, up to the run's limit."""
    if ctx.config.notify is None:
        ctx.echo("notify: the config has no 'notify' section; no notices are sent")
        return
    snapshot = ctx.latest_snapshot(tally.run)
    if ctx.options.resend is not None:
        resend(ctx, snapshot, ctx.options.resend)
        return
    today = ctx.now().date()
    one = ctx.chosen_event(snapshot)
    if one is not None:
        snapshot = dataclasses.replace(snapshot, events=(one,), problems=())
        ctx.echo(f"notify: --event: only the notices of [[{one.event.key}]]")
    _say_unaddressed(ctx, snapshot, today)
    _say_held(ctx, snapshot, today)
    due = due_notices(snapshot, ctx.config, today)
    book = NoticeBook(ctx.state)
    posted, waiting = book.posted(), book.waiting(today)
    todo = [n for n in due if _identity(n) not in waiting]
    _say_refused(ctx, [n for n in due if _identity(n) in waiting - posted])
    if todo and ctx.publisher.stopped():
        if ctx.publisher.run_page_missing and not ctx.dry_run:
            raise TaskError(f"{len(todo)} notices due, none sent: {ctx.publisher.stopped()}")
        ctx.echo(f"notify: {len(todo)} notices due, none sent: {ctx.publisher.stopped()}")
        return
    ctx.expect(min(len(todo), ctx.config.notify.max_per_run), "notices")
    posts, tried = post(ctx, todo, ctx.config.notify.max_per_run)
    verb = "shown, not posted (dry run)" if ctx.dry_run else "posted"
    ctx.echo(f"notify: {len(due)} notice(s) due, {len(set(map(_identity, due)) & posted)} "
             "already posted, "
             f"{posts} {verb}, {len(todo) - tried} waiting for the next run "
             f"(max_per_run {ctx.config.notify.max_per_run})")


def resend(ctx: Context, snapshot: Snapshot, asked: Resend) -> None:
    """Post one event's notice again on staff's request (``--resend``), recorded as a resend."""
    result = snapshot.find(asked.event)
    if result is None:
        raise TaskError(f"--resend: no event [[{asked.event}]] in the latest snapshot; give the "
                        "sign-up page's title as the registry links it")
    try:
        notices = resend_notices(result, asked.kind, snapshot, ctx.config, ctx.now())
    except ValueError as err:
        raise TaskError(f"--resend: {err}; nothing was sent") from None
    if ctx.publisher.stopped() and not ctx.dry_run:
        raise TaskError(f"--resend: none sent: {ctx.publisher.stopped()}")
    posts, _ = post(ctx, notices, len(notices))
    verb = "shown, not posted (dry run)" if ctx.dry_run else "posted again"
    ctx.echo(f"notify: --resend {asked.kind} [[{result.event.key}]]: {posts} of "
             f"{len(notices)} {verb}")


def _say_refused(ctx: Context, refused: list[Notice]) -> None:
    """Name the notices the wiki refused today: tried again tomorrow (UTC), or on --resend."""
    for notice in refused:
        ctx.echo(f"notify: {notice_label(notice)}: refused by {notice.wiki} today; tried again "
                 "tomorrow (UTC), or now with --resend")


def _identity(notice: Notice) -> tuple[str, str, str, str]:
    return (notice.kind, notice.event, notice.organizer, notice.key)


def _say_held(ctx: Context, snapshot, today) -> None:
    """Tell staff which results notices wait for page views, and until when at most."""
    for item in held_notices(snapshot, ctx.config, today):
        ctx.echo(f"notify: results [[{item.event}]] → {item.organizer}: held until its page views "
                 f"are read (run views); sent without them from {item.until.isoformat()}")


def _say_unaddressed(ctx: Context, snapshot, today) -> None:
    """Tell staff about notices nobody can receive: no organizer, or no event at all."""
    for item in unaddressed(snapshot, ctx.config, today):
        ctx.echo(f"notify: {item.kind} notice for [[{item.event}]] not sent: "
                 "its registry row names no organizer who is a registered user")
    if snapshot.problems:
        ctx.echo(f"notify: {len(snapshot.problems)} problem(s) on the registry page belong to "
                 "no event and are not sent to anyone; staff see them in the tally output")
