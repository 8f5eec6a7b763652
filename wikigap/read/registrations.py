"""Read Meta's event registration (CampaignEvents) answers into data, pure.

The REST routes ``/campaignevents/v0/event_registration/{id}`` and its
``/participants`` and ``/organizers`` answer JSON; this module turns one
answer into dataclasses and never makes a request (the client is
:mod:`wikigap.wikis.campaignevents`). Both shapes are read:

* Meta's today: ``start_time``/``end_time`` are MediaWiki timestamps in the
  event's ``timezone`` (an IANA name or ``+05:30``), ``wikis`` lists wiki ids,
  ``meeting_country_code`` is ISO 3166, participants carry ``private`` and a
  suppressed or vanished account is an item with ``hidden``/``not_found``;
* the 1.39 branch's: UTC times, no ``timezone``/``wikis``/``private``, a free
  text ``meeting_country``, hidden accounts silently dropped from a page (so a
  short page is not the end: the reader stops on an empty one only).

What cannot be read raises :class:`AnswerError` naming the field, so the
client can make a problem of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wikigap.model import normalize_title, normalize_user
from wikigap.read.languages import read_language

META, REL1_39 = "meta", "REL1_39"
PAGE_SIZE = 20
DASHBOARD_TOOL = "wikimedia-pe-dashboard"
_OFFSET = re.compile(r"([+-])(\d{1,2}):?(\d{2})")
_TIMESTAMP = "%Y%m%d%H%M%S"
_EVENT_ID = re.compile(r'"wgCampaignEventsEventID"\s*:\s*"?(\d+)')
_DETAILS = re.compile(r"Special:EventDetails/(\d+)", re.IGNORECASE)
#: Wiki ids ending in ``wiki`` that are not a language's Wikipedia.
_NOT_WIKIPEDIAS = frozenset({"commons", "meta", "wikidata", "species", "mediawiki", "incubator",
                             "sources", "foundation", "outreach", "test", "test2", "testwikidata",
                             "wikimania", "login", "strategy", "usability", "wikifunctions"})


class AnswerError(ValueError):
    """An answer the bot cannot read; the message names the field."""


@dataclass(frozen=True)
class Registration:
    """One event registration as ``GET /event_registration/{id}`` gives it.

    ``start``/``end`` are aware UTC times; ``first_day``/``last_day`` the
    event's local days (in ``timezone``, UTC when the answer has none).
    ``wikis`` is None when the answer has no such field (the 1.39 branch).
    """

    id: int
    name: str
    event_page: str
    event_page_wiki: str
    shape: str
    timezone: str | None
    start: datetime
    end: datetime
    first_day: date
    last_day: date
    wikis: tuple[str, ...] | None
    is_test_event: bool
    online: bool
    in_person: bool
    country_code: str | None
    country: str
    address: str
    courses: tuple[str, ...]


@dataclass(frozen=True)
class ParticipantPage:
    """One page of ``/participants``: the named people, the unnamed count, where to go on."""

    names: tuple[str, ...]
    unnamed: int              # hidden or not_found items: counted, never named
    private: bool             # the answer is Meta's shape (private registrations exist)
    last_id: int | None       # the last item's participant_id; None for an empty page


def event_zone(name: str) -> tzinfo:
    """Give the tzinfo of an event's ``timezone``: an IANA name, or an offset ``+05:30``."""
    offset = _OFFSET.fullmatch(name.strip())
    if offset:
        sign = 1 if offset[1] == "+" else -1
        hours, minutes = int(offset[2]), int(offset[3])
        if hours > 14 or minutes > 59:
            raise AnswerError(f"timezone {name!r} is not a real offset")
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise AnswerError(f"timezone {name!r} is neither an IANA name nor an offset "
                          "such as +05:30") from None


def local_window(first_day: date, last_day: date, zone_name: str | None,
                 grace_days: int) -> tuple[datetime, datetime]:
    """Give the counting window in UTC: first local day 00:00 to last + grace 23:59:59 local."""
    zone = event_zone(zone_name) if zone_name else timezone.utc
    start = datetime.combine(first_day, time(0, 0, 0), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=grace_days), time(23, 59, 59), tzinfo=zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def parse_registration(body: object) -> Registration:
    """Read one registration answer, in either shape."""
    if not isinstance(body, dict):
        raise AnswerError("the registration answer is not a JSON object")
    shape = META if "timezone" in body else REL1_39
    zone_name = _text(body, "timezone") or None if shape == META else None
    zone = event_zone(zone_name) if zone_name else timezone.utc
    start, end = _moment(body, "start_time", zone), _moment(body, "end_time", zone)
    return Registration(
        id=_int(body, "id"), name=_text(body, "name"), event_page=_page(body),
        event_page_wiki=_text(body, "event_page_wiki"), shape=shape, timezone=zone_name,
        start=start.astimezone(timezone.utc), end=end.astimezone(timezone.utc),
        first_day=start.date(), last_day=end.date(),
        wikis=tuple(str(w) for w in body["wikis"]) if isinstance(body.get("wikis"), list) else None,
        is_test_event=body.get("is_test_event") is True,
        online=body.get("online_meeting") is True, in_person=body.get("inperson_meeting") is True,
        country_code=(str(body["meeting_country_code"]).upper()
                      if body.get("meeting_country_code") else None),
        country=str(body.get("meeting_country") or ""), address=str(body.get("meeting_address") or ""),
        courses=_courses(body.get("tracking_tools")))


def _courses(tools: object) -> tuple[str, ...]:
    """The Dashboard courses a registration's ``tracking_tools`` names (any other shape: none)."""
    if not isinstance(tools, list):
        return ()
    return tuple(str(t.get("tool_event_id")) for t in tools
                 if isinstance(t, dict) and t.get("tool_id") == DASHBOARD_TOOL
                 and t.get("tool_event_id"))


def _text(body: dict, key: str) -> str:
    value = body.get(key)
    return str(value) if value is not None else ""


def _int(body: dict, key: str) -> int:
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError(f"'{key}' is {value!r}, not a number")
    return value


def _page(body: dict) -> str:
    page = normalize_title(_text(body, "event_page"))
    if not page:
        raise AnswerError("'event_page' is missing")
    return page


def _moment(body: dict, key: str, zone: tzinfo) -> datetime:
    """Read a MediaWiki timestamp given in the event's zone."""
    try:
        return datetime.strptime(_text(body, key), _TIMESTAMP).replace(tzinfo=zone)
    except ValueError:
        raise AnswerError(f"'{key}' is {body.get(key)!r}, not a timestamp YYYYMMDDhhmmss") from None


def parse_participants(body: object) -> ParticipantPage:
    """Read one page of participants; names normalised, hidden and vanished ones counted."""
    if not isinstance(body, list):
        raise AnswerError("the participants answer is not a JSON list")
    names: list[str] = []
    unnamed = 0
    private = False
    for item in body:
        if not isinstance(item, dict):
            raise AnswerError(f"a participant is {item!r}, not an object")
        private = private or "private" in item
        name = normalize_user(str(item.get("user_name") or ""))
        if item.get("hidden") or item.get("not_found") or not name:
            unnamed += 1
        else:
            names.append(name)
    last = _int(body[-1], "participant_id") if body else None
    return ParticipantPage(tuple(names), unnamed, private, last)


def parse_organizers(body: object) -> tuple[tuple[str, ...], int | None]:
    """Read one page of organizers: their names (the 1.39 branch gives none) and the last id."""
    if not isinstance(body, list):
        raise AnswerError("the organizers answer is not a JSON list")
    names = tuple(dict.fromkeys(normalize_user(str(o["user_name"])) for o in body
                                if isinstance(o, dict) and o.get("user_name")))
    ids = [o.get("organizer_id") for o in body if isinstance(o, dict)]
    last = ids[-1] if ids and isinstance(ids[-1], int) else None
    return names, last


def wiki_languages(wikis: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Map wiki ids to Wikipedia language codes (``svwiki`` -> ``sv``); return the others too.

    ``*`` (all wikis) is not a language: it is among the others.
    """
    codes: list[str] = []
    others: list[str] = []
    for wiki in wikis:
        code = _wikipedia_language(wiki)
        if code is None:
            others.append(wiki)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), tuple(others)


def _wikipedia_language(wiki: str) -> str | None:
    """Give the language of a Wikipedia wiki id, None for other projects and ``*``."""
    if not wiki.endswith("wiki") or wiki[:-4] in _NOT_WIKIPEDIAS:
        return None
    return read_language(wiki)


def event_id_in_html(html: str) -> int | None:
    """Find an event page's registration id in its viewed HTML (``wgCampaignEventsEventID``)."""
    found = _EVENT_ID.search(html or "")
    return int(found[1]) if found else None


def registration_id(text: str) -> int | None:
    """Read a Registration cell: an id, ``Special:EventDetails/N`` or a URL ending so."""
    text = " ".join((text or "").split())
    found = _DETAILS.search(text.replace("_", " ").replace("%3A", ":"))
    if found:
        return int(found[1])
    return int(text) if text.isdecimal() and len(text) < 10 else None


def error_key(body: object) -> str:
    """Name a REST error for a message: ``errorKey`` where given, else the HTTP reason."""
    if isinstance(body, dict):
        return str(body.get("errorKey") or body.get("failureCode") or body.get("httpReason") or "")
    return ""
