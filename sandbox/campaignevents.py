"""Seed the CampaignEventsDouble: Meta's event registrations, as the sandbox's wikis serve them.

The real CampaignEvents extension cannot run on the sandbox's MediaWiki 1.39 in Meta's
shape, so ``sandbox/extensions/CampaignEventsDouble/`` serves its three REST read routes
from one JSON file per sandbox (``campaignevents.json`` beside the wiki folders; the
extension's ``Store.php`` says why a file). This module writes that file: a test builds
:class:`EventRegistration` values and calls :meth:`WikiRegistrations.add_registration` on
the wiki that holds the event page; the sandbox creates the participants' and organizers'
accounts there (Meta's participants are its users) and hands out the ids the real tables
would. Every wiki loading the extension serves every registration, as Wikimedia's wikis
share one events database; the page view of an event page marks it only on its own wiki.

Times: ``start``/``end`` are the organizer's wall times in ``timezone`` when naive (as the
registration form takes them), converted when aware; Meta's shape answers them local, the
REL1_39 shape in UTC. ``registered_at`` is UTC (naive means UTC).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from filelock import FileLock

from sandbox.dump import normalize_user

#: The file every CampaignEventsDouble wiki of a sandbox reads (see sandbox/server.py).
STORE_FILE = 'campaignevents.json'
META, REL1_39 = 'meta', 'REL1_39'
SHAPES = (META, REL1_39)
ROUTES = ('registration', 'participants', 'organizers')
#: Central ids given to vanished accounts (``not_found``) that name none: no account has them.
NOT_FOUND_IDS = 9_000_000


@dataclass(frozen=True)
class EventParticipant:
    """One row of a registration's participants.

    ``hidden``: a suppressed account (Meta lists ``"hidden": true`` without a name, REL1_39
    drops it). ``not_found``: an id no account has any more (``"not_found": true``; dropped by
    REL1_39); its account is never created. ``cancelled``: unregistered, never listed, but it
    keeps its ``participant_id``. ``private``: left out of Meta's public list (REL1_39 has no
    private registration: listed there). ``user_id`` defaults to the account's id on the
    event's wiki; ``participant_id`` to the same user's id in the registration this one
    replaces, else the next free one.
    """

    user: str
    registered_at: datetime
    private: bool = False
    hidden: bool = False
    not_found: bool = False
    cancelled: bool = False
    user_id: int | None = None
    participant_id: int | None = None


@dataclass(frozen=True)
class EventOrganizer:
    """One organizer; roles as the API names them (``creator``, ``organizer``)."""

    user: str
    roles: tuple[str, ...] = ('organizer',)
    hidden: bool = False
    not_found: bool = False
    user_id: int | None = None
    organizer_id: int | None = None


@dataclass(frozen=True)
class EventRegistration:
    """A registration as an organizer enables it on an ``Event:`` page, and how the double answers.

    ``wikis``: wiki ids (``('svwiki',)``; ``('*',)`` = all). ``tracking_tools``:
    ``(tool_id, tool_event_id)`` pairs, e.g. ``('wikimedia-pe-dashboard', 'School/Title')``.
    ``meeting_country_code``: ISO 3166 (REL1_39 answers its English name). ``deleted``: GET
    answers 404, its lists still answer. ``shape``: ``'REL1_39'`` answers as the 1.39 branch,
    None as the store says (:meth:`RegistrationStore.set_shape`, default Meta's).
    ``fail_status``: every read of the routes in ``fail_on`` answers this 5xx (500 as MediaWiki
    reports an exception). ``id``: None takes the next free one; an id already stored is
    replaced. ``event_page_wiki``: None is the wiki it is added on.
    """

    name: str
    event_page: str
    start: datetime
    end: datetime
    timezone: str = 'UTC'
    participants: tuple[EventParticipant, ...] = ()
    organizers: tuple[EventOrganizer, ...] = ()
    id: int | None = None
    event_page_wiki: str | None = None
    status: str = 'open'
    types: tuple[str, ...] = ('editing-event',)
    wikis: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    online: bool = True
    in_person: bool = False
    meeting_country_code: str | None = None
    meeting_address: str | None = None
    meeting_url: str | None = None
    chat_url: str | None = None
    is_test_event: bool = False
    tracking_tools: tuple[tuple[str, str], ...] = ()
    deleted: bool = False
    shape: str | None = None
    fail_status: int | None = None
    fail_on: tuple[str, ...] = ROUTES
    questions: tuple[int, ...] = ()


class RegistrationStore:
    """The sandbox's one registrations file; written whole and atomically, under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = FileLock(str(self.path) + '.lock')

    def read(self) -> dict:
        """Give the file's content ({"shape", "registrations"}), an empty store when absent."""
        if not self.path.exists():
            return {'shape': META, 'registrations': {}}
        return json.loads(self.path.read_text(encoding='utf-8'))

    def _write(self, data: dict) -> None:
        """Replace the file in one rename, so a PHP worker never reads half of it."""
        fd, tmp = tempfile.mkstemp(suffix='.json', dir=self.path.parent)
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    def set_shape(self, shape: str) -> None:
        """Answer every registration without a shape of its own, and unknown ids, in this shape."""
        _check_choice('shape', shape, SHAPES)
        with self._lock:
            data = self.read()
            data['shape'] = shape
            self._write(data)

    def put(self, build) -> int:
        """Store the record ``build(data)`` makes from the current content; return its id."""
        with self._lock:
            data = self.read()
            record = build(data)
            data['registrations'][str(record['id'])] = record
            self._write(data)
        return record['id']


class WikiRegistrations:
    """The registrations half of a sandbox wiki (a mixin of :class:`sandbox.wiki.SandboxWiki`)."""

    name: str
    dir: Path
    dbname: str
    create_users: Callable[[Iterable[str]], dict[str, int]]   # sandbox.writes.WikiWrites'

    @property
    def wiki_id(self) -> str:
        """This wiki's id as MediaWiki gives it (``event_page_wiki``), e.g. ``wg_meta``."""
        return self.dbname

    @property
    def event_store(self) -> RegistrationStore:
        """The registrations file this wiki's CampaignEventsDouble reads (one per sandbox)."""
        return RegistrationStore(self.dir.parent / STORE_FILE)

    def add_registration(self, registration: EventRegistration) -> int:
        """Store a registration whose event page is on this wiki; return its id.

        Creates the accounts of its participants and organizers here (all but ``not_found``
        ones and those given a ``user_id``). Raises ValueError naming the field and the fix.
        """
        check_registration(registration)
        everyone: list[EventParticipant | EventOrganizer] = [
            *registration.participants, *registration.organizers]
        people = [p for p in everyone
                  if p.user_id is None and not p.not_found]
        ids = self.create_users([p.user for p in people]) if people else {}
        wiki = registration.event_page_wiki or self.wiki_id
        return self.event_store.put(lambda data: record(registration, data, wiki, ids))


def record(reg: EventRegistration, data: dict, wiki: str, accounts: dict[str, int]) -> dict:
    """The registration as the extension reads it, ids given as the real tables would."""
    rid = reg.id if reg.id is not None else _next(data, lambda r: [r['id']])
    old = data['registrations'].get(str(rid), {'participants': [], 'organizers': []})
    zone = event_zone(reg.timezone)
    start, end = _local(reg.start, zone), _local(reg.end, zone)
    return {
        'id': rid, 'name': reg.name, 'event_page': reg.event_page.replace('_', ' '),
        'event_page_wiki': wiki, 'status': reg.status, 'timezone': reg.timezone,
        'start_local': mw_timestamp(start), 'end_local': mw_timestamp(end),
        'start_utc': mw_timestamp(start.astimezone(timezone.utc)),
        'end_utc': mw_timestamp(end.astimezone(timezone.utc)),
        'types': list(reg.types), 'wikis': list(reg.wikis), 'topics': list(reg.topics),
        'online_meeting': reg.online, 'inperson_meeting': reg.in_person,
        'meeting_country_code': reg.meeting_country_code,
        'meeting_country': country_name(reg.meeting_country_code),
        'meeting_address': reg.meeting_address, 'meeting_url': reg.meeting_url,
        'chat_url': reg.chat_url, 'is_test_event': reg.is_test_event,
        'tracks_contributions': False, 'goal_type': None, 'goal_target': None,
        'tracking_tools': [{'tool_id': t, 'tool_event_id': e} for t, e in reg.tracking_tools],
        'questions': list(reg.questions), 'deleted': reg.deleted, 'shape': reg.shape,
        'fail_status': reg.fail_status, 'fail_on': list(reg.fail_on),
        'participants': _participants(reg, data, old, accounts),
        'organizers': _organizers(reg, data, old, accounts),
    }


def _participants(reg: EventRegistration, data: dict, old: dict,
                  accounts: dict[str, int]) -> list[dict]:
    """Participant rows; a user already in the replaced registration keeps their id."""
    kept = {p['user_name']: p['participant_id'] for p in old['participants']}
    taken = _next(data, lambda r: [p['participant_id'] for p in r['participants']])
    rows = []
    for p in reg.participants:
        name = normalize_user(p.user)
        pid = p.participant_id or kept.get(name)
        if pid is None:
            pid, taken = taken, taken + 1
        rows.append({'participant_id': pid, 'user_id': _user_id(p, name, pid, accounts),
                     'user_name': name, 'private': p.private,
                     'registered_at': mw_timestamp(_utc(p.registered_at)),
                     'hidden': p.hidden, 'not_found': p.not_found, 'cancelled': p.cancelled})
    return rows


def _organizers(reg: EventRegistration, data: dict, old: dict,
                accounts: dict[str, int]) -> list[dict]:
    """Organizer rows; a user already in the replaced registration keeps their id."""
    kept = {o['user_name']: o['organizer_id'] for o in old['organizers']}
    taken = _next(data, lambda r: [o['organizer_id'] for o in r['organizers']])
    rows = []
    for o in reg.organizers:
        name = normalize_user(o.user)
        oid = o.organizer_id or kept.get(name)
        if oid is None:
            oid, taken = taken, taken + 1
        rows.append({'organizer_id': oid, 'user_id': _user_id(o, name, oid, accounts),
                     'user_name': name, 'roles': list(o.roles),
                     'hidden': o.hidden, 'not_found': o.not_found})
    return rows


def _user_id(person: EventParticipant | EventOrganizer, name: str, row_id: int,
             accounts: dict[str, int]) -> int:
    if person.user_id is not None:
        return person.user_id
    if person.not_found:
        return NOT_FOUND_IDS + row_id
    return accounts[name]


def _next(data: dict, ids_of) -> int:
    """One more than the highest id of this kind anywhere in the store (ids are global)."""
    return 1 + max((i for r in data['registrations'].values() for i in ids_of(r)), default=0)


def event_zone(name: str) -> tzinfo:
    """The event's time zone: an IANA name, or an offset such as ``+05:30`` as Meta stores it."""
    offset = re.fullmatch(r'([+-])(\d\d):(\d\d)', name)
    if offset is None:
        return ZoneInfo(name)
    sign = 1 if offset[1] == '+' else -1
    return timezone(sign * timedelta(hours=int(offset[2]), minutes=int(offset[3])))


def mw_timestamp(moment: datetime) -> str:
    """MediaWiki's ``YYYYMMDDhhmmss`` of a wall time (no zone conversion)."""
    return f'{moment:%Y%m%d%H%M%S}'


def country_name(code: str | None) -> str | None:
    """The English name the REL1_39 branch kept as free text (``SE`` -> ``Sweden``)."""
    return None if code is None else Locale('en').territories.get(code.upper(), code)


def _local(moment: datetime, zone: tzinfo) -> datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(timezone.utc)


def check_registration(reg: EventRegistration) -> None:
    """Refuse what the real extension could not hold, naming the field and the fix."""
    if not reg.event_page.startswith('Event:'):
        raise ValueError(f'event_page {reg.event_page!r}: a registration lives on an '
                         "'Event:' page; prefix the title with 'Event:'")
    _check_choice('status', reg.status, ('open', 'closed'))
    if reg.shape is not None:
        _check_choice('shape', reg.shape, SHAPES)
    for route in reg.fail_on:
        _check_choice('fail_on', route, ROUTES)
    if reg.fail_status is not None and not 500 <= reg.fail_status <= 599:
        raise ValueError(f'fail_status {reg.fail_status}: give a 5xx status (500-599)')
    try:
        zone = event_zone(reg.timezone)
    except (ValueError, KeyError) as e:     # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f'{reg.name!r}: timezone {reg.timezone!r} is neither an IANA name '
                         "(Europe/Stockholm) nor an offset (+05:30)") from e
    if _local(reg.end, zone) < _local(reg.start, zone):
        raise ValueError(f'{reg.name!r}: end {reg.end} is before start {reg.start}; swap them')
    for kind, people in (('participant', reg.participants), ('organizer', reg.organizers)):
        names = [normalize_user(p.user) for p in people]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f'{reg.name!r}: {kind}s {twice} listed twice; a user is one row '
                             '(re-registration keeps the row: change registered_at)')
        both = [p.user for p in people if p.hidden and p.not_found]
        if both:
            raise ValueError(f'{reg.name!r}: {kind}s {both} are both hidden and not_found; '
                             'choose one')


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f'{name} {value!r}: use one of {", ".join(allowed)}')
