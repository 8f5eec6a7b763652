"""Post notices through the publisher and keep each outcome: shared by every task that notifies.

The ``notify`` task (results and problems notices) and the ``challenge``
task (award notices) both hand their notices here, so the limit per run,
what counts as posted and the notice record are the same for both, and no
task imports another.
"""
from __future__ import annotations

from wikigap.outcomes import Kind, Outcome
from wikigap.run.context import Context
from wikigap.store.noticebook import NoticeBook
from wikigap.write.publisher import Notice

# Outcomes that count toward max_per_run: a post was made (or tried, or shown); a refused
# one made no edit. What counts as posted is the notice record's (wikigap.store.noticebook).
POSTS = frozenset({Kind.SAVED, Kind.DRY_RUN, Kind.FAILED})


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
    """Keep the notice's outcome (as a typed record), with the reason when it was not posted."""
    detail = "" if outcome.kind == Kind.SAVED else outcome.detail
    kind = outcome.kind
    if kind == Kind.REFUSED and not outcome.of_text:   # a block, a protection: due next run
        kind = Kind.FAILED
    NoticeBook(ctx.state).record((notice.kind, notice.event, notice.organizer, notice.key),
                                 f"{notice.wiki}:{outcome.title}", kind, ctx.now(),
                                 detail, notice.resend)
