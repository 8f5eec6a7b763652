"""Task `progress-report`: update the progress report on se.wikimedia.org.

Sets the progress template's date parameter to the snapshot's date, the goal
numbers in `CODE - … x/y …` lines, and the Swedish summary in the marker
region; nothing else on the page changes. Runs daily.
"""
from __future__ import annotations

from tasks import tally
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.model import Metrics
from wikigap.run.context import Context, TaskError
from wikigap.write.messages import messages
from wikigap.write.progress import update_progress_page
from wikigap.write.publisher import PageEdit
from wikigap.write.render import render_progress_summary

#: The project page's language (se.wikimedia.org): its summary and edit summary.
SUMMARY_LANGUAGE = "sv"


def run(ctx: Context) -> None:
    """Plan the one edit to the project page and hand it to the publisher."""
    report = ctx.config.progress_report
    if report is None:
        ctx.echo("progress-report: no progress_report in the config; nothing to do")
        return
    if ctx.options.event is not None:
        ctx.echo("progress-report: --event: the report is the whole campaign's; left as it is")
        return
    snapshot = ctx.latest_snapshot(tally.run)
    goals = {code: metric_value(snapshot.metrics, metric) for code, metric in report.goals.items()}
    unknown = sorted(code for code, value in goals.items() if value is None)
    if unknown:
        raise TaskError(f"goals {', '.join(unknown)} are unknown in the latest snapshot (a wiki "
                        "could not be read, or page views not yet read); the progress report "
                        "keeps its numbers and date. Run tally again when every wiki answers, "
                        "and views for a views goal.")
    summary = render_progress_summary(snapshot, SUMMARY_LANGUAGE, challenge=challenge_summary(ctx))
    day = snapshot.taken_at.date().isoformat()

    def change(old: str | None) -> str:
        if old is None:
            raise ValueError(f"[[{report.page}]] does not exist on {report.wiki}; "
                             f"check progress_report.page in {ctx.config.path}")
        return update_progress_page(old, template=report.template, updated_param=report.updated_param,
                                    date_text=day, goals=goals, marker=report.marker, summary=summary)

    edit_summary = messages(SUMMARY_LANGUAGE).plain("wikigapbot-edit-progress-report",
                                                    snapshot.campaign, day)
    ctx.publisher.edit(PageEdit(report.wiki, report.page, change, edit_summary))


def metric_value(metrics: Metrics, name: str) -> int | None:
    """Give a metric as one number: a count for `languages`, None when unknown."""
    value = getattr(metrics, name)
    if isinstance(value, tuple):
        return len(value)
    return value




def challenge_summary(ctx: Context) -> dict | None:
    """Give the Challenge's latest board summary for the summary's sentence, if there is one."""
    challenge = ctx.config.challenge
    if challenge is None:
        return None
    board = ChallengeStore.of(ctx.state).latest_board(challenge.name)
    return {**board["summary"], "name": challenge.name} if board and "summary" in board else None
