"""What `bot.py list` prints: each task, its crontab, next run (UTC) and last run.

Reads the config's ``schedule`` and the ``runs`` table of the state, a file
or a database (never creating or upgrading it: listing must not change
anything; on Toolforge the run history is there, not in log files). Staff use it to see
at a glance whether the scheduled bot is alive and whether its last runs
went well, and which results notices wait for their page views; beside a failed
last run it shows the last success (how long an outage has lasted), beside a
good one the last failure.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from wikigap.config import Config
from wikigap.cron import switching_trigger
from wikigap.model import utc_now
from wikigap.store.engine import locate
from wikigap.store.noticebook import NoticeBook
from wikigap.store.state import State
from wikigap.write.notices import RESULTS, RESULTS_KEY, held_notices

TIME = "%Y-%m-%d %H:%M UTC"
MESSAGE_WIDTH = 100


def next_run(crontab: str, now: datetime | None = None, daily: str | None = None,
             moment: datetime | None = None) -> datetime | None:
    """Give the next UTC time the crontab fires, at or after ``now`` (as the scheduler sees it).

    With ``daily`` and ``moment``, the crontab gives way to ``daily`` at ``moment``.
    """
    now = now or utc_now()
    return switching_trigger(crontab, daily, moment).get_next_fire_time(None, now)


def describe(config: Config, tasks: Iterable[str], now: datetime | None = None) -> str:
    """Render a header and one line per task (in ``tasks`` order); last runs from the state file."""
    (last, by_outcome), daily = last_runs(config), config.daily_after()
    where = locate(config.state_ref)
    lines = [f"campaign: {config.name} ({config.path})",
             f"state:    {where}" + ("" if where.exists() else " (none yet)"),
             "",
             f"{'task':16} {'schedule (UTC)':16} {'next run':21} last run"]
    for task in tasks:
        crontab = config.schedule.get(task)
        when = next_run(crontab, now, *daily.get(task, (None, None))) if crontab else None
        lines.append(f"{task:16} {crontab or 'not scheduled':16} "
                     f"{when.strftime(TIME) if when else '-':21} "
                     f"{run_text(last[task]) if task in last else 'never'}"
                     f"{beside(last.get(task), by_outcome.get(task, {}))}")
        if task in daily and crontab:
            then, moment = daily[task]
            lines.append(f"{'':16} {then:16} daily from {moment.strftime(TIME)} "
                         "(the Challenge settled)")
    return "\n".join(lines + held_lines(config, now) + refused_lines(config))


def held_lines(config: Config, now: datetime | None = None) -> list[str]:
    """List the results notices waiting for page views (wikigap.write.notices.held_notices)."""
    where = locate(config.state_ref)
    if config.pageviews is None or config.notify is None or not where.exists():
        return []
    now = now or utc_now()
    with State(where, read_only=True) as state:
        snapshot = state.published_snapshot(config.name)
        if snapshot is None:
            return []
        held = [h for h in held_notices(snapshot, config, now.date())
                if not state.has_notice(RESULTS, h.event, h.organizer, RESULTS_KEY,
                                        ("saved", "unchanged"))]
    if not held:
        return []
    return ["", "held notices (waiting for page views; run views):"] + [
        f"  results [[{h.event}]] → {h.organizer}: sent without views from {h.until.isoformat()}"
        for h in held]


def refused_lines(config: Config) -> list[str]:
    """List the notices the wiki refused and has not taken since, each with the wiki's reason."""
    where = locate(config.state_ref)
    if not where.exists():
        return []
    with State(where, read_only=True) as state:
        refused = NoticeBook(state).refused()
    if not refused:
        return []
    return ["", "refused notices (tried again once a UTC day, or with --resend):"] + [
        f"  {r.record.kind} [[{r.record.event}]] → {r.record.organizer}: refused "
        f"{_time(r.record.at.isoformat())}: {' '.join(r.record.reason.split())}" for r in refused]


def last_runs(config: Config) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Read each task's latest run and its latest per outcome (from the state, file or database).

    Nothing without a state file; a database is read as it is (never created or upgraded).
    """
    where = locate(config.state_ref)
    if not where.exists():
        return {}, {}
    with State(where, read_only=True) as state:
        return state.last_runs(), state.last_by_outcome()


def beside(last: dict[str, Any] | None, by_outcome: dict[str, dict[str, Any]]) -> str:
    """Show the last success beside a failed last run, the last failure beside a good one."""
    if last is None or not last.get("ended_at"):
        return ""
    if last.get("outcome") == "ok":
        failed = by_outcome.get("failed")
        return "" if failed is None else f" | last failure {run_text(failed)}"
    ok = by_outcome.get("ok")
    return " | last success: never" if ok is None else f" | last success {_time(ok['ended_at'])}"


def run_text(row: dict[str, Any]) -> str:
    """Say when a run ended, how, what it wrote, and why it failed."""
    if not row.get("ended_at"):
        return f"{_time(row['started_at'])} started, not finished (running or interrupted)"
    parts = [_time(row["ended_at"]), row.get("outcome") or "?"]
    edits = row.get("edits") or {}
    if edits:
        parts.append("(" + ", ".join(f"{kind} {n}" for kind, n in sorted(edits.items())) + ")")
    if row.get("problems"):
        parts.append(f"{row['problems']} problems")
    if row.get("outcome") != "ok" and row.get("message"):
        parts.append("- " + _short(row["message"]))
    return " ".join(parts)


def _time(iso: str) -> str:
    """Show a stored ISO time in the list's UTC format."""
    return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime(TIME)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_WIDTH else text[:MESSAGE_WIDTH - 1] + "…"
