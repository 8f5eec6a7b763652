"""Plan the talk-page notices to organizers: which are due, and their text.

Pure: reads a :class:`~wikigap.model.Snapshot`, the config and today's date,
and returns planned :class:`~wikigap.write.publisher.Notice` objects rendered from
``templates/notice-*.wiki.j2``. It neither reads talk pages nor the state;
the ``notify`` task filters what was already posted and the publisher checks
each talk page for the notice's hidden marker before it posts.

Two kinds, each once per organizer:

- ``results``: once per (event, organizer), when ``after_end_days`` have
  passed since the event's last day and the event could be tallied.
- ``problems``: once per (event, organizer, set of problems); the key is a
  short hash of the set, so a changed set is a new notice, an unchanged one is
  never repeated and an event without problems gets nothing.

With ``pageviews`` configured, a due results notice is held until its event's
views are known, at most ``notify.wait_for_views_days`` (:func:`held_until`).
Staff can ask for a notice again (:func:`resend_notices`): same marker and
key, a line saying it was sent again. An organizer the tally found is not a
registered user (``organizer-unknown-user``) is sent nothing.

Each notice is written in its event's language (:func:`notice_language`),
the problems' own sentences too (the readers record them as message keys);
neither key nor marker names the language, so no translation re-posts one.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from wikigap.config import Config, TableTarget
from wikigap.i18n import event_language
from wikigap.model import SIGNUP_LIST, Event, EventResult, Problem, Snapshot
from wikigap.write.escape import plain
from wikigap.write.messages import (
    Messages,
    english,
    format_dates,
    format_time,
    messages,
)
from wikigap.write.publisher import Notice
from wikigap.write.render import environment

RESULTS, PROBLEMS = "results", "problems"
NOTICE_KINDS = (RESULTS, PROBLEMS)
RESULTS_KEY = "results"
# Problems organizers cannot fix on a page (a wiki, a registration or a course down now: our
# outage) and notes that ask nothing of them (a registration that also names Commons): staff
# see them in the run's output and the tables, no "problem to fix" notice is sent for them.
NOT_FOR_ORGANIZERS = frozenset({"wiki-unreadable", "source-unreadable", "registration-other-wikis"})
MARKER_PREFIX = "<!-- wikigapbot-notice:"
UNKNOWN_ORGANIZER = "organizer-unknown-user"

PlannedNotice = Notice


@dataclass(frozen=True)
class Held:
    """A results notice that is due but waits for its event's page views, at most until ``until``."""

    event: str
    organizer: str
    until: date


@dataclass(frozen=True)
class Unaddressed:
    """A notice that is due but has nobody to go to (the registry row names no organizer)."""

    kind: str
    event: str


def due_notices(snapshot: Snapshot, config: Config, today: date) -> list[Notice]:
    """List every notice due today, in event order: problems first, then results."""
    planned: list[Notice] = []
    for result in snapshot.events:
        for organizer in organizers(result.event):
            planned.extend(_event_notices(result, organizer, snapshot, config, today))
    return planned


def unaddressed(snapshot: Snapshot, config: Config, today: date) -> list[Unaddressed]:
    """List notices that would be due if the event named an organizer, so the run can say so."""
    missing: list[Unaddressed] = []
    for result in snapshot.events:
        if organizers(result.event):
            continue
        if notice_problems(result):
            missing.append(Unaddressed(PROBLEMS, result.event.key))
        if results_due(result, snapshot, config, today):
            missing.append(Unaddressed(RESULTS, result.event.key))
    return missing


def organizers(event: Event) -> tuple[str, ...]:
    """Give the event's organizers a notice can reach, each once, blanks dropped.

    One who is not a registered user is left out: the tally made them a
    problem of the row (``organizer-unknown-user``), which the others are sent.
    """
    unknown = {p.subject for p in event.problems if p.code == UNKNOWN_ORGANIZER}
    return tuple(dict.fromkeys(name.strip() for name in event.organizers
                               if name.strip() and name not in unknown))


def _event_notices(result: EventResult, organizer: str, snapshot: Snapshot, config: Config,
                   today: date) -> list[Notice]:
    """Plan one organizer's due notices for one event."""
    found = []
    if notice_problems(result):
        found.append(problems_notice(result, organizer, snapshot, config))
    if results_due(result, snapshot, config, today) and held_until(result, config, today) is None:
        found.append(results_notice(result, organizer, snapshot, config))
    return found


def held_notices(snapshot: Snapshot, config: Config, today: date) -> list[Held]:
    """List the results notices due but held for their event's page views, in event order."""
    held = []
    for result in snapshot.events:
        until = held_until(result, config, today)
        if until is not None and results_due(result, snapshot, config, today):
            held += [Held(result.event.key, name, until) for name in organizers(result.event)]
    return held


def held_until(result: EventResult, config: Config, today: date) -> date | None:
    """Give the day a due results notice goes out even without views; None: it need not wait.

    A results notice is sent once and never corrected, so with ``pageviews``
    configured it waits until the event's views have been read (its views
    are known), but at most ``notify.wait_for_views_days`` after it fell due:
    a views task that never runs must not keep organizers waiting for ever.
    """
    last = result.event.last_day
    if config.pageviews is None or config.notify is None or last is None:
        return None
    if result.metrics.views is not None:
        return None
    until = last + timedelta(days=config.notify.after_end_days + config.notify.wait_for_views_days)
    return until if today < until else None


def _after_end_days(config: Config) -> int:
    return config.notify.after_end_days if config.notify else 7


def results_due(result: EventResult, snapshot: Snapshot, config: Config, today: date) -> bool:
    """Tell whether an event's one results notice may go out now.

    It is sent once, so its numbers must be final: known and read now (no
    unreadable wiki, registration or course), and counted by a snapshot taken after the window closed (last day
    plus grace_days), besides `after_end_days` having passed.
    """
    last = result.event.last_day
    if not result.tallied or last is None or result.metrics.edits is None \
            or result.stale_since is not None:   # kept numbers are not final: wait for a read
        return False
    window_closed = last + timedelta(days=config.events.grace_days)
    return (last + timedelta(days=_after_end_days(config)) <= today
            and snapshot.taken_at.date() > window_closed)


def notice_problems(result: EventResult) -> tuple[Problem, ...]:
    """Give the problems an organizer can fix, each once, in page and line order.

    The result's problems already include the registry row's; both are read
    so a snapshot from any tally version is complete. Problems such as an
    unreadable wiki are left out: nothing on the organizer's pages causes them.
    """
    seen: dict[str, Problem] = {}
    for problem in (*result.event.problems, *result.problems):
        if problem.code not in NOT_FOR_ORGANIZERS:
            seen.setdefault(problem.key, problem)
    return tuple(sorted(seen.values(), key=_problem_order))


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    """Order by page and line; the English words only break ties, so every language agrees."""
    return (problem.page or "", problem.line or 0, problem.code, english(problem.message))


def problems_key(problems: Iterable[Problem]) -> str:
    """Name a set of problems with a short stable hash: same problems, same key.

    Built from each problem's identity (code, page, subject), so a problem
    whose line moved or whose message was reworded is not announced again.
    """
    joined = "\n".join(sorted({p.identity for p in problems}))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def marker(kind: str, event_key: str, key: str, campaign: str = "") -> str:
    """Write the hidden once-only comment a notice carries on the talk page.

    It names the campaign too (two campaigns may list the same ``Event:``
    page, and each tells its organizers); without ``campaign`` it is the
    earlier form, which the publisher still recognises on talk pages.
    """
    where = f"{comment_safe(campaign)} | " if campaign else ""
    return f"{MARKER_PREFIX} {kind} | {where}{comment_safe(event_key)} | {key} -->"


def comment_safe(text: str) -> str:
    """Make text safe inside an HTML comment and the marker's ``|`` fields.

    ``--`` could close the comment and ``|`` would split the fields; line
    breaks would break the one-line marker; ``~~~`` would become a signature.
    The result is deterministic, so the marker found on a page is the one
    the bot would write again.
    """
    text = " ".join(str(text).split())
    text = text.replace("--", "-&#45;").replace("|", "&#124;").replace(">", "&gt;")
    return re.sub("~(?=~)", "&#126;", text)


def talk_page(organizer: str) -> str:
    """Give the organizer's talk page title (the publisher follows a rename redirect)."""
    return f"User talk:{organizer}"


def problems_notice(result: EventResult, organizer: str, snapshot: Snapshot,
                    config: Config, resent: datetime | None = None) -> Notice:
    """Plan the notice that lists an event's problems and how to fix each."""
    event, problems = result.event, notice_problems(result)
    key, msg = problems_key(problems), messages(notice_language(event, config))
    context = {**_common(event, organizer, snapshot, PROBLEMS, key, msg, resent),
               "problems": [_problem_row(p, msg) for p in problems]}
    text = _render("notice-problems.wiki.j2", context)
    heading = msg("wikigapbot-notice-problems-heading", plain(snapshot.campaign), len(problems),
                  plain(_name(event)))
    summary = msg("wikigapbot-notice-problems-summary", snapshot.campaign, len(problems),
                  _summary_name(event))
    return _notice(config, PROBLEMS, event, organizer, key, heading, text, summary, resent)


def results_notice(result: EventResult, organizer: str, snapshot: Snapshot,
                   config: Config, resent: datetime | None = None) -> Notice:
    """Plan the notice that gives an ended event's numbers and asks for the next steps."""
    event, m = result.event, result.metrics
    msg = messages(notice_language(event, config))
    context = {**_common(event, organizer, snapshot, RESULTS, RESULTS_KEY, msg, resent),
               "numbers": _numbers(result, msg), "status_table": _status_table(config),
               "renamed": [(p.renamed_from, p.user) for p in result.participants
                           if p.renamed_from],
               "wikis": _wikis(m.languages, msg),
               "dates": format_dates(event.first_day, event.last_day, msg.language),
               "source": signup_source(result)}
    text = _render("notice-results.wiki.j2", context)
    heading = msg("wikigapbot-notice-results-heading", plain(snapshot.campaign),
                  plain(_name(event)))
    summary = msg("wikigapbot-notice-results-summary", snapshot.campaign, _summary_name(event))
    return _notice(config, RESULTS, event, organizer, RESULTS_KEY, heading, text, summary, resent)


def signup_source(result: EventResult) -> dict[str, str]:
    """Say where a missing participant should be found, for the results notice's check line:
    the sign-up list, else the event's registration (public registrations only), else its
    Dashboard course (enrolled as Editor)."""
    sources = result.sources or (SIGNUP_LIST,)
    if SIGNUP_LIST in sources:
        return {"kind": "list", "course": ""}
    if any(source.startswith("registration ") for source in sources):
        return {"kind": "registration", "course": ""}
    course = next((s.partition(" ")[2] for s in sources if s.startswith("course ")), "")
    return {"kind": "course" if course else "list", "course": course}


def resend_notices(result: EventResult, kind: str, snapshot: Snapshot, config: Config,
                   now: datetime) -> list[Notice]:
    """Plan one event's notice of ``kind`` again, to each organizer, on staff's request.

    It carries the same hidden marker as the first (so an ordinary run still
    finds it and never posts it a third time) and a line saying it was sent
    again; the publisher posts it even though the marker is on the page.
    Raise ValueError, with what to do, when there is nothing to send.
    """
    if kind == PROBLEMS and not notice_problems(result):
        raise ValueError(f"[[{result.event.key}]] has no problems to send")
    if kind == RESULTS and not results_due(result, snapshot, config, now.date()):
        raise ValueError(f"the results of [[{result.event.key}]] are not due yet (the event must "
                         "have ended after_end_days ago, be counted and its window closed)")
    build = problems_notice if kind == PROBLEMS else results_notice
    people = organizers(result.event)
    if not people:
        raise ValueError(f"[[{result.event.key}]]'s registry row names no organizer a notice "
                         "can reach")
    return [build(result, name, snapshot, config, now) for name in people]


def notice_language(event: Event, config: Config) -> str:
    """Pick a notice's language: ``notify.language`` if pinned, else the event's (English last).

    Only the words change with it: the marker and the once-only key do not,
    so a notice is never posted again in another language.
    """
    return event_language(event.wikis, config.notify.language if config.notify else None)


def _common(event: Event, organizer: str, snapshot: Snapshot, kind: str,
            key: str, msg: Messages, resent: datetime | None = None) -> dict[str, Any]:
    """Give both templates their shared values (raw; the templates escape them)."""
    return {"msg": msg, "marker": marker(kind, event.key, key, snapshot.campaign),
            "organizer": organizer,
            "campaign": snapshot.campaign, "page": event.page, "label": _name(event),
            "time": format_time(snapshot.taken_at, msg.language),
            "resent": None if resent is None else format_time(resent, msg.language)}


def _name(event: Event) -> str:
    return event.label or event.page or event.key


def _summary_name(event: Event) -> str:
    """Name the event in an edit summary: a link to its page, which is a valid title."""
    return f"[[{event.page}]]" if event.page else comment_safe(event.key)


def _numbers(result: EventResult, msg: Messages) -> list[dict[str, str]]:
    """Give the results notice its lines: a message key and the number in the language."""
    m = result.metrics
    rows = (("wikigapbot-metric-signed-up", m.signed_up),
            ("wikigapbot-notice-results-active", m.active_participants),
            ("wikigapbot-metric-created", m.articles_created),
            ("wikigapbot-metric-improved", m.articles_improved),
            ("wikigapbot-metric-bytes", m.bytes_added),
            ("wikigapbot-notice-results-views", m.views),
            ("wikigapbot-notice-results-new-editors", m.new_editors),
            ("wikigapbot-notice-results-about-women", m.about_women),
            ("wikigapbot-notice-results-reverted", m.edits_reverted))
    return [{"key": key, "value": msg.number(value)} for key, value in rows]


def _wikis(codes: tuple[str, ...] | None, msg: Messages) -> str:
    """List the wikis edited, or say none or unknown (never let unknown read as none).

    Raw words, the template escapes them. Each wiki by its name in the
    language (*Wikipedia på svenska*), joined as the language joins a list:
    a bare code is for tables, and "en" is a Swedish word.
    """
    if codes is None:
        return msg.text("wikigapbot-unknown")
    return msg.join(msg.wiki(code) for code in codes) or \
        msg.text("wikigapbot-notice-results-no-wikis")


def _status_table(config: Config) -> str | None:
    """Name the status table to link: the first on the notice wiki (a plain link works there)."""
    wiki = config.notify.wiki if config.notify else None
    targets: list[TableTarget] = [t for t in config.status_tables if t.wiki == wiki]
    return targets[0].page if targets else None


def _problem_row(problem: Problem, msg: Messages) -> dict[str, Any]:
    """Give the problems template one problem: what, where and how to fix it, in the language."""
    return {"message": _sentence(msg.words(problem.message)),
            "fix": _sentence(msg.words(problem.fix)), "page": problem.page, "line": problem.line}


def _sentence(text: str) -> str:
    """Start with a capital and end with a full stop, however the reader worded it.

    Runs of spaces and line breaks become one space; a no-break space stays
    (French typography puts one before ``; : ! ?`` and inside « »).
    """
    text = re.sub(r"[^\S\u00a0]+", " ", text).strip(" ")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _render(name: str, context: dict[str, Any]) -> str:
    return environment().get_template(name).render(**context).strip() + "\n"


def _notice(config: Config, kind: str, event: Event, organizer: str, key: str,
            heading: str, text: str, summary: str, resent: datetime | None = None) -> Notice:
    """Wrap a rendered notice for the publisher; the heading is plain text (escaped by msg)."""
    wiki = config.notify.wiki if config.notify else config.events.wiki
    return Notice(wiki=wiki, title=talk_page(organizer), heading=heading, text=text,
                  marker=marker(kind, event.key, key, config.name),
                  old_marker=marker(kind, event.key, key), summary=summary, kind=kind,
                  event=event.key, organizer=organizer, key=key, resend=resent is not None)
