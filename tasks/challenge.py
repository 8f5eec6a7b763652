"""Task `challenge`: score the WikiGap Challenge from real edits and keep its pages on Meta.

Reads the contest page, bonus, adjustments and confirm pages (one batch),
the contestants and, with ``wikis: any``, their Wikipedias from their global
accounts (once a day each); their contributions from the first day until the
board settles, the pages' states, the items (genders, and badges in the same
requests) and the figures the rules need (kept in the state, so no text is
read twice), then scores: three calls into wikigap.challenge.gather.work. Then
writes through the publisher, inside its regions only: the rules box on the
contest page, the leaderboard ("provisional" until last_day + settle_hours),
after settling the results draft, and once the confirm page says "confirmed"
the award notices to the Top N, each once. The rules box, leaderboard, results
draft and their edit summaries are in ``challenge.language``; an award notice
is in its contestant's language (home wiki, else first Wikipedia with a
message file). Keeps the board in the state (``bot.py export --what
challenge``; the Swedish progress summary). Hourly during the contest, daily
after (``schedule``).
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from datetime import datetime

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.count.scoring import Scoreboard
from wikigap.challenge.gather import work
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.challenge.write import board as pages
from wikigap.challenge.write import confirm
from wikigap.challenge.write.export import document, number
from wikigap.i18n import DEFAULT, resolve
from wikigap.model import Problem, normalize_user
from wikigap.read.wikitext import user_from_target
from wikigap.run.context import Context, TaskError
from wikigap.run.posting import post
from wikigap.store.noticebook import ON_THE_PAGE, NoticeBook
from wikigap.write.messages import english, messages
from wikigap.write.publisher import region_edit


def run(ctx: Context) -> None:
    """Read the contest, read the work, score, publish, award, keep: the Challenge's hour."""
    config, now = ctx.config.challenge, ctx.now()
    if config is None:
        ctx.echo("challenge: the config has no 'challenge' block; nothing to do")
        return
    started, requests = time.monotonic(), ctx.wikis.requests()
    store, exclude = ChallengeStore.of(ctx.state), frozenset(ctx.config.exclude_tags)
    try:
        contest = work.read_contest(ctx.wikis, store, config, now, ctx.echo)
        done = work.read_work(ctx.wikis, store, config, contest, now, exclude, ctx.echo)
    except work.NotScored as err:
        raise TaskError(str(err)) from None
    scored = work.score_work(config, contest, done, exclude)
    verdict = confirmation(ctx, config, scored.board, now, contest.texts)
    publish(ctx, config, scored.board, now, Extras(contest.people.signed_up, verdict,
                                                   scored.problems, scored.bonus.names))
    award(ctx, config, scored.board, now, verdict, contest.accounts.found)
    store.save_board(config.name, now, config.is_final(now),
                     {**document(scored.board),
                      "summary": summary(scored.board, len(contest.people.names),
                                         config.is_final(now))})
    ctx.echo(f"challenge: {len(scored.board.standings)} contestants scored, {done.read} "
             f"revision texts read, {ctx.wikis.requests() - requests} API requests, "
             f"{time.monotonic() - started:.1f} s")
    for problem in scored.problems:
        ctx.echo(f"  problem: [{problem.page}, line {problem.line}] {english(problem.message)}")


@dataclass(frozen=True)
class Extras:
    """What the pages show beside the scores: sign-ups, the confirmation, problems, bonus names."""

    signed_up: int
    verdict: confirm.Verdict | None = None
    problems: tuple[Problem, ...] = ()
    bonus: dict[str, str] = dataclasses.field(default_factory=dict)


def publish(ctx: Context, config: ChallengeConfig, scored: Scoreboard, now: datetime,
            extras: Extras) -> None:
    """Write the rules box, the leaderboard and, once final, the results draft.

    Each in ``challenge.language``, edit summaries included.
    """
    language, say = config.language, messages(config.language).plain
    ctx.publisher.edit(region_edit(config.wiki, config.page, pages.RULES_REGION,
                                   pages.render_rules(config, language),
                                   say("wikigapbot-challenge-edit-rules", config.name)))
    board = config.leaderboard
    state = ("wikigapbot-challenge-edit-leaderboard-final" if config.is_final(now)
             else "wikigapbot-challenge-edit-leaderboard-provisional")
    ctx.publisher.edit(region_edit(config.wiki, board.page, board.marker,
                                   pages.render_leaderboard(scored, config, now, language,
                                                            extras.verdict, extras.problems,
                                                            extras.bonus),
                                   say(state, config.name),
                                   create=True))
    if config.results is not None and config.is_final(now):
        ctx.publisher.edit(region_edit(
            config.wiki, config.results.page, pages.RESULTS_REGION,
            pages.render_results(scored, config, extras.signed_up, language, extras.bonus),
            say("wikigapbot-challenge-edit-results", config.name), create=True))


def confirmation(ctx: Context, config: ChallengeConfig, scored: Scoreboard, now: datetime,
                 texts: dict[str, str | None]) -> confirm.Verdict | None:
    """Judge the confirm page against this ranking and the confirmations recorded; record a new one.

    None while there is nothing to confirm: no awards in the config, or the
    ranking not final yet.
    """
    if config.awards is None or not config.is_final(now):
        return None
    store, page = ChallengeStore.of(ctx.state), config.awards.confirm_page
    bindings = [confirm.Binding(ranking, at, confirm.from_json(places))
                for ranking, at, places in store.confirmations(config.name)]
    sent = _sent_awards(ctx, config)
    verdict = confirm.decide(texts.get(page), scored, bindings,
                             confirm.sent_places(sent, bindings))
    if verdict.record:
        store.save_confirmation(config.name, verdict.ranking, now,
                                confirm.to_json(confirm.places(scored)))
        ctx.echo(f"challenge: [[{page}]] confirms ranking {verdict.ranking}"
                 + (": would be recorded (dry run)" if ctx.dry_run else ": recorded"))
    return verdict


def _sent_awards(ctx: Context, config: ChallengeConfig) -> list[tuple[str, datetime]]:
    """Give each award notice on its talk page: (contestant, when it first got there)."""
    book = NoticeBook(ctx.state)
    tries = book.by_notice(pages.AWARD_KIND, config.name)
    return [(identity[2], next(t.at for t in tries[identity] if t.outcome in ON_THE_PAGE))
            for identity in book.posted(pages.AWARD_KIND, config.name)]


def award(ctx: Context, config: ChallengeConfig, scored: Scoreboard, now: datetime,
          verdict: confirm.Verdict | None, accounts: dict) -> None:
    """Tell the Top N, once each, while staff's confirmation holds for this very ranking."""
    if config.awards is None:
        return
    if verdict is None:
        ctx.echo("challenge: awards wait for the final ranking")
        if ctx.options.resend is not None:
            raise TaskError("--resend: the ranking is not final yet; nothing was sent")
        return
    for line in confirm.describe(verdict, config.awards.confirm_page):
        ctx.echo(f"challenge: {line}")
    if verdict.state == confirm.WAITING:
        ctx.echo(f"challenge: awards wait for [[{config.awards.confirm_page}]] to say "
                 f"'confirmed' (this ranking is {verdict.ranking})")
    asked = ctx.options.resend
    resending = asked is not None and asked.kind == pages.RESEND_AWARD
    if resending and not verdict.awards:
        raise TaskError("--resend: staff have not confirmed this ranking (see above); "
                        "nothing was sent")
    if not verdict.awards:
        return
    if asked is not None and resending:
        resend_award(ctx, config, scored, asked.event, accounts)
        return
    book = NoticeBook(ctx.state)
    done = {organizer for _, _, organizer, _ in book.posted(pages.AWARD_KIND, config.name)}
    waiting = {organizer for _, _, organizer, _ in   # posted, or refused today (UTC)
               book.waiting(now.date(), pages.AWARD_KIND, config.name)}
    todo = [pages.award_notice(s, config, _language(s, accounts))
            for s in pages.award_winners(scored, config.awards.top) if s.user not in waiting]
    posts, _ = post(ctx, todo, len(todo))
    verb = "would be posted (dry run)" if ctx.dry_run else "posted"
    ctx.echo(f"challenge: {len(todo)} award notice(s) due, {posts} {verb}, {len(done)} before")


def resend_award(ctx: Context, config: ChallengeConfig, scored: Scoreboard, user: str,
                 accounts: dict) -> None:
    """Post one winner's award notice again on staff's request (``--resend USER --kind award``).

    Staff's deliberate exception to "once each", recorded as a resend: for a
    winner of the ranking staff confirmed, as it stands now; no other award goes
    out in that run.
    """
    top = config.awards.top if config.awards else 0
    wanted = user_from_target(user) or normalize_user(user)
    winners = {normalize_user(s.user): s for s in pages.award_winners(scored, top)}
    if wanted not in winners:
        raise TaskError(f"--resend: {wanted} is not ranked within the top {top} of the "
                        "confirmed ranking; nothing was sent")
    standing = winners[wanted]
    notice = dataclasses.replace(pages.award_notice(standing, config,
                                                    _language(standing, accounts)), resend=True)
    posts, _ = post(ctx, [notice], 1)
    verb = "would be posted again (dry run)" if ctx.dry_run else "posted again"
    ctx.echo(f"challenge: --resend award → {standing.user}: {posts} of 1 {verb}")


def _language(standing, accounts: dict) -> str:
    """A contestant's language: their home wiki's, else their first Wikipedia's, with a file."""
    home = accounts.get(standing.user, (None, None))[1]
    for code in (home, *standing.wikis):
        language = resolve(code) if code else None
        if language:
            return language
    return DEFAULT


def summary(scored: Scoreboard, contestants: int, final: bool = False) -> dict:
    """The numbers the Swedish progress summary says: the work, and who leads or won.

    ``leaders`` are everyone ranked first (a shared place is said as shared).
    """
    counting = [line for s in scored.standings if s.rank is not None
                for line in s.lines if line.counts]
    leaders = [s for s in scored.standings if s.rank == 1]
    return {"contestants": contestants, "articles": len(counting),
            "languages": len({line.contribution.wiki for line in counting}),
            "leader": ", ".join(s.user for s in leaders),
            "leaders": [s.user for s in leaders], "final": final,
            "points": number(leaders[0].points) if leaders else 0}
