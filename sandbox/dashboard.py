"""A local double of the Programs & Events Dashboard's course JSON, over real HTTP.

It answers ``GET /courses/{school}/{title}/users.json`` and ``.../course.json`` the way the
Dashboard (WikiEduDashboard) does for a reader who is not logged in: ``users.json`` is
``{"course": {"users": [...]}}``, one entry per person and role, fields in the real view's
order (byte counts, ``role``, URLs, ``id``, ``username``, ``global_id``, ``enrolled_at``,
``admin``, ``registered_at``); ``course.json`` is ``{"course": {...}}`` with ``start``/``end``
in Rails' ISO 8601 UTC (``2021-03-08T00:00:00.000Z``), ``home_wiki``, ``wikis``, ``flags``
and the counts as the display strings the Dashboard sends (``"1.59K"``). A private course
answers 404 ``{"message": "Not found"}``, exactly as a course that does not exist; any other
path does too. Nothing here is recorded from the real service: the shapes follow the
Dashboard's views (``registrations.md``), which its own specs show.

Tests seed courses with :meth:`DashboardDouble.add_course`; ``fail_status`` scripts a 5xx.
Every request is recorded (path, User-Agent, status), so a test can count them.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler
from urllib.parse import quote, unquote, urlsplit

from sandbox.httpserver import ServedDouble

#: Course roles as the Dashboard numbers them (CoursesUsers::Roles).
PARTICIPANT, FACILITATOR, CAMPUS_VOLUNTEER, ONLINE_VOLUNTEER, STAFF = 0, 1, 2, 3, 4
ROLE_NAMES = {PARTICIPANT: 'Editor', FACILITATOR: 'Facilitator',
              CAMPUS_VOLUNTEER: 'Campus Volunteer', ONLINE_VOLUNTEER: 'Online Volunteer',
              STAFF: 'Wiki Education Staff'}
NOT_FOUND = {'message': 'Not found'}


@dataclass(frozen=True)
class CourseUser:
    """One person in one role of a course (a person with two roles is two of these).

    ``registered_at``: when the account was made on Meta (None: unknown, as the Dashboard
    sends for some). ``global_id``: the central (Meta) user id.
    """

    username: str
    role: int = PARTICIPANT
    enrolled_at: datetime = datetime(2021, 3, 1, tzinfo=timezone.utc)
    registered_at: datetime | None = None
    global_id: int | None = None
    character_sum_ms: int = 0
    character_sum_us: int = 0
    references_count: int = 0


@dataclass(frozen=True)
class Course:
    """A Dashboard course, keyed by its slug ``School/Title`` (spaces as underscores)."""

    slug: str
    start: datetime
    end: datetime
    users: tuple[CourseUser, ...] = ()
    home_wiki: tuple[str, str] = ('sv', 'wikipedia')         # (language, project)
    wikis: tuple[tuple[str, str], ...] = ()                  # default: the home wiki
    private: bool = False
    type: str = 'Editathon'
    edit_count: str = '0'                                    # display strings, as sent
    fail_status: int | None = None                           # answer every request with this


@dataclass
class Seen:
    """One request as the double received it."""

    path: str
    slug: str
    user_agent: str
    status: int = 0


@dataclass
class _Users:
    """The Dashboard's own user ids: one per username, across courses."""

    ids: dict[str, int] = field(default_factory=dict)

    def id_of(self, username: str) -> int:
        return self.ids.setdefault(username, 1000 + len(self.ids))


class DashboardDouble(ServedDouble):
    """Start with ``with DashboardDouble() as dashboard:``; ``dashboard.url`` is its base URL."""

    def __init__(self) -> None:
        self.courses: dict[str, Course] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self._users = _Users()
        self._course_ids: dict[str, int] = {}
        super().__init__(self._handler())

    def add_course(self, course: Course) -> str:
        """Serve this course (replacing one with its slug); return its users.json URL."""
        if course.slug.count('/') < 1:
            raise ValueError(f'course slug {course.slug!r}: give it as School/Title')
        for user in course.users:
            if user.role not in ROLE_NAMES:
                raise ValueError(f'{course.slug}: role {user.role} of {user.username!r}: '
                                 f'use one of {sorted(ROLE_NAMES)}')
        with self.lock:
            self.courses[course.slug] = course
            self._course_ids.setdefault(course.slug, 10_000 + len(self._course_ids))
        return f'{self.url}/courses/{quote(course.slug)}/users.json'

    def requests_for(self, slug: str) -> list[Seen]:
        return [s for s in self.seen if s.slug == slug]

    def answer(self, path: str) -> tuple[int, dict]:
        """Decide (status, body) for one path, as the Dashboard would for a visitor."""
        slug, _, kind = unquote(urlsplit(path).path).removeprefix('/courses/').rpartition('/')
        course = self.courses.get(slug) if path.startswith('/courses/') else None
        if course is not None and course.fail_status is not None:
            return course.fail_status, {'message': 'Internal server error'}
        if course is None or course.private or kind not in ('users.json', 'course.json'):
            return 404, NOT_FOUND
        if kind == 'users.json':
            return 200, {'course': {'users': [self._user(course, u) for u in course.users]}}
        return 200, {'course': course_body(course, self._course_ids[slug], self.url)}

    def _user(self, course: Course, user: CourseUser) -> dict:
        """One entry of users.json, in the order of the Dashboard's ``_users`` view."""
        base = f'https://{course.home_wiki[0]}.{course.home_wiki[1]}.org'
        name = quote(user.username.replace(' ', '_'), safe='')
        return {
            'character_sum_ms': user.character_sum_ms, 'character_sum_us': user.character_sum_us,
            'character_sum_draft': 0, 'references_count': user.references_count,
            'role': user.role, 'role_description': None, 'recent_revisions': 0,
            'content_expert': False, 'program_manager': False,
            'contribution_url': f'{base}/wiki/Special:Contributions/{name}',
            'sandbox_url': f'{base}/wiki/Special:PrefixIndex/User:{name}',
            'global_contribution_url': f'https://guc.toolforge.org/?user={name}',
            'total_uploads': 0, 'id': self._users.id_of(user.username),
            'username': user.username, 'global_id': user.global_id,
            'enrolled_at': rails_time(user.enrolled_at), 'admin': False,
            'registered_at': None if user.registered_at is None else rails_time(user.registered_at),
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                double._serve(self)

            def log_message(self, *args) -> None:
                """Keep test output quiet."""

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = unquote(urlsplit(handler.path).path)
        seen = Seen(handler.path, path.removeprefix('/courses/').rpartition('/')[0],
                    handler.headers.get('User-Agent', ''))
        with self.lock:
            self.seen.append(seen)
        seen.status, body = self.answer(handler.path)
        data = json.dumps(body).encode('utf-8')
        handler.send_response(seen.status)
        handler.send_header('Content-Type', 'application/json; charset=utf-8')
        handler.send_header('Content-Length', str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


def course_body(course: Course, course_id: int, base_url: str) -> dict:
    """course.json's ``course``: the fields a reader of dates and wikis uses, as the Dashboard
    names and formats them (a subset of its view; counts as display strings)."""
    school, _, title = course.slug.partition('/')
    language, project = course.home_wiki
    participants = {u.username for u in course.users if u.role == PARTICIPANT}
    return {
        'id': course_id, 'title': title.replace('_', ' '),
        'description': '', 'start': rails_time(course.start), 'end': rails_time(course.end),
        'school': school.replace('_', ' '), 'slug': course.slug, 'type': course.type,
        'home_wiki': {'id': 1, 'language': language, 'project': project},
        'flags': {}, 'private': course.private, 'closed?': False,
        'wikis': [{'language': lang, 'project': proj}
                  for lang, proj in (course.wikis or (course.home_wiki,))],
        'ended': _utc(course.end) < datetime.now(timezone.utc),
        'published': True, 'closed': False,
        'enroll_url': f'{base_url}/courses/{course.slug}/enroll/',
        'edit_count': course.edit_count, 'student_count': len(participants),
    }


def _utc(moment: datetime) -> datetime:
    """Naive means UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def rails_time(moment: datetime) -> str:
    """A time as Rails encodes it in JSON: UTC, milliseconds, ``Z`` (naive means UTC)."""
    moment = _utc(moment)
    return f'{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z'
