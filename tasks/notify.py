"""Task `notify`: post results and problems notices to organizers' talk pages.

Reads the latest snapshot (tallying first when it is stale), plans the due
notices (:mod:`wikigap.write.notices`), leaves out those the state database has as
posted, and hands at most ``notify.max_per_run`` to the publisher, which
reads each talk page first (the hidden marker, ``{{nobots}}``, redirects) and
posts a new section. Every outcome is recorded in the state database (not in
--dry-run). Runs daily by default; the rest wait for the next run.
"""
from __future__ import annotations

from wikigap.run.context import Context
from wikigap.write.notices import due_notices, unaddressed
from wikigap.outcomes import Kind, Outcome
from wikigap.write.publisher import Notice

# Outcomes that mean the notice is on the talk page: never try it again.
DONE = frozenset({Kind.SAVED, Kind.UNCHANGED})
# Outcomes that count toward max_per_run: a post was made (or tried, or shown).
POSTS = frozenset({Kind.SAVED, Kind.DRY_RUN, Kind.FAILED})


def run(ctx: Context) -> None:
    """Plan the due notices and post the ones not yet posted, up to the run's limit."""
    if ctx.config.notify is None:
        ctx.echo("notify: the config has no 'notify' section; no notices are sent")
        return
    snapshot = ctx.latest_snapshot()
    today = ctx.now().date()
    _say_unaddressed(ctx, snapshot, today)
    due = due_notices(snapshot, ctx.config, today)
    done = _done(ctx)
    todo = [n for n in due if _identity(n) not in done]
    if todo and ctx.publisher.stopped():
        ctx.echo(f"notify: {len(todo)} notices due, none sent: {ctx.publisher.stopped()}")
        return
    ctx.expect(min(len(todo), ctx.config.notify.max_per_run), "notices")
    posts, tried = post(ctx, todo, ctx.config.notify.max_per_run)
    verb = "shown, not posted (dry run)" if ctx.dry_run else "posted"
    ctx.echo(f"notify: {len(due)} notice(s) due, {len(due) - len(todo)} already posted, "
             f"{posts} {verb}, {len(todo) - tried} waiting for the next run "
             f"(max_per_run {ctx.config.notify.max_per_run})")


def post(ctx: Context, todo: list[Notice], limit: int) -> tuple[int, int]:
    """Hand notices to the publisher until ``limit`` posts; return (posts, notices tried).

    Notices the publisher does not post (opted out, already on the page, no
    such user) do not use up the limit: the limit protects talk pages and
    the wiki from a flood, and those made no edit.
    """
    posts = tried = 0
    for notice in todo:
        if posts >= limit:
            break
        outcome = ctx.publisher.notice(notice)
        tried += 1
        _record(ctx, notice, outcome)
        posts += outcome.kind in POSTS
    return posts, tried


def _record(ctx: Context, notice: Notice, outcome: Outcome) -> None:
    """Keep the notice's outcome, with the reason when it was not posted."""
    detail = "" if outcome.kind == Kind.SAVED else outcome.detail
    ctx.state.record_notice(notice.kind, notice.event, notice.organizer, notice.key,
                            f"{notice.wiki}:{outcome.title}", outcome.kind, ctx.now(), detail)


def _done(ctx: Context) -> set[tuple[str, str, str, str]]:
    """Give the notices the state has as on their talk pages (posted, or found there)."""
    return {(row["kind"], row["event"], row["organizer"], row["key"])
            for row in ctx.state.notices()
            if row["outcome"].split(":", 1)[0] in DONE}   # a dry run reads old files unmigrated


def _identity(notice: Notice) -> tuple[str, str, str, str]:
    return (notice.kind, notice.event, notice.organizer, notice.key)


def _say_unaddressed(ctx: Context, snapshot, today) -> None:
    """Tell staff about notices nobody can receive: no organizer, or no event at all."""
    for item in unaddressed(snapshot, ctx.config, today):
        ctx.echo(f"notify: {item.kind} notice for [[{item.event}]] not sent: "
                 "its registry row names no organizer")
    if snapshot.problems:
        ctx.echo(f"notify: {len(snapshot.problems)} problem(s) on the registry page belong to "
                 "no event and are not sent to anyone; staff see them in the tally output")
