"""The client of the Programs & Events Dashboard: a course's ``users.json`` and ``course.json``.

``GET {dashboard.url}/courses/{School}/{Title}/users.json`` needs no login; a
private course answers 404 like a missing one, so a refused answer raises
:class:`~wikigap.wikis.campaignevents.RestRefused` and the caller keeps that
event's participants unknown. Requests go through the wiki adapter's
:func:`~wikigap.wikis.wiki.get_json` (the bot's User-Agent, counted).
Answers are read by :mod:`wikigap.read.dashboard`.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

from wikigap.read.dashboard import (
    DashboardAnswerError,
    course_days,
    course_participants,
)
from wikigap.wikis.campaignevents import RestRefused
from wikigap.wikis.errors import BadAnswer
from wikigap.wikis.wiki import get_json


def course_url(base: str, slug: str, what: str) -> str:
    """Give a course's JSON address: ``{base}/courses/{slug}/{what}``."""
    return f"{base.rstrip('/')}/courses/{quote(slug, safe='/()_-.,')}/{what}"


def users(base: str, slug: str) -> tuple[str, ...]:
    """Read a course's participants (role 0) from ``users.json``."""
    data = _get(base, slug, "users.json")
    try:
        return course_participants(data)
    except DashboardAnswerError as err:
        raise BadAnswer(f"Dashboard course {slug}: {err}") from None


def days(base: str, slug: str) -> tuple[date, date]:
    """Read a course's first and last day from ``course.json``."""
    data = _get(base, slug, "course.json")
    try:
        return course_days(data)
    except DashboardAnswerError as err:
        raise BadAnswer(f"Dashboard course {slug}: {err}") from None


def _get(base: str, slug: str, what: str) -> object:
    answer = get_json(course_url(base, slug, what))
    if not answer.ok:
        raise RestRefused(f"Dashboard course {slug}: {what}: HTTP {answer.status}", answer.status)
    return answer.data
