"""Read Programs & Events Dashboard answers and course links into data, pure.

A registry cell names a course by its URL
(``https://outreachdashboard.wmflabs.org/courses/School/Title``, maybe with a
tab such as ``/home`` or ``/students``) or its ``School/Title`` slug; the
Dashboard answers ``users.json`` (one entry per person and role; role 0 is a
participant, "Editor") and ``course.json`` (``start``/``end`` in ISO 8601
UTC). The client is :mod:`wikigap.wikis.dashboard`.
"""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from wikigap.model import normalize_user

PARTICIPANT_ROLE = 0
#: The course pages' tabs a copied URL may end with.
_TABS = frozenset({"home", "overview", "activity", "students", "editors", "articles", "uploads",
                   "timeline", "resources", "users", "course.json", "users.json"})


class DashboardAnswerError(ValueError):
    """A Dashboard answer the bot cannot read; the message names the field."""


def course_slug(text: str) -> str | None:
    """Read ``School/Title`` from a course URL or a slug; None when it names no course."""
    text = (text or "").strip()
    if text.startswith(("http://", "https://")):
        path = unquote(urlsplit(text).path)
        if "/courses/" not in path:
            return None
        text = path.split("/courses/", 1)[1]
    parts = [p for p in text.replace(" ", "_").strip("/").split("/") if p]
    while len(parts) > 2 and parts[-1].casefold() in _TABS:
        parts.pop()
    if len(parts) != 2 or any(c in text for c in "[]{}|<>"):
        return None
    return "/".join(parts)


def course_participants(body: object) -> tuple[str, ...]:
    """List the course's participants (role 0), each once, names as MediaWiki writes them."""
    users = body.get("course", {}).get("users") if isinstance(body, dict) else None
    if not isinstance(users, list):
        raise DashboardAnswerError("users.json has no course.users list")
    names = [normalize_user(str(u.get("username") or "")) for u in users
             if isinstance(u, dict) and u.get("role") == PARTICIPANT_ROLE]
    return tuple(dict.fromkeys(name for name in names if name))


def course_days(body: object) -> tuple[date, date]:
    """Give a course's first and last day (UTC) from course.json's ``start`` and ``end``."""
    course = body.get("course") if isinstance(body, dict) else None
    if not isinstance(course, dict):
        raise DashboardAnswerError("course.json has no course object")
    try:
        start, end = (datetime.fromisoformat(str(course[k]).replace("Z", "+00:00"))
                      for k in ("start", "end"))
    except (KeyError, ValueError):
        raise DashboardAnswerError("course.json's start or end is not an ISO 8601 time") from None
    return start.date(), end.date()
