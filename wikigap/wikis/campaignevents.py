"""The client of Meta's event registration (CampaignEvents): its REST read routes.

Every request goes through the wiki adapter's :meth:`~wikigap.wikis.wiki.Wiki.rest_get`
(pywikibot's session, the bot's User-Agent, counted like every request);
answers are read by :mod:`wikigap.read.registrations`. Per registration: one
``GET /event_registration/{id}``, then its participants 20 a page until an
empty page (⌈participants/20⌉ + 1 requests; the 1.39 branch drops hidden
users from a page, so a short page is not the end), and its organizers only
when asked. A 4xx or 5xx raises :class:`RestRefused` with the status, so the
caller makes a problem of it and keeps that event's participants unknown.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wikigap.read.registrations import (
    AnswerError,
    ParticipantPage,
    Registration,
    error_key,
    event_id_in_html,
    parse_organizers,
    parse_participants,
    parse_registration,
)
from wikigap.wikis.apidata import HttpAnswer
from wikigap.wikis.errors import BadAnswer, WikiError

if TYPE_CHECKING:
    from wikigap.wikis.wiki import Wiki

ROUTES = "/campaignevents/v0"
#: Pages read at most per list: a registration of 20,000 people, then the bot stops and says so.
MAX_PAGES = 1000


class RestRefused(WikiError):
    """A REST route answered an error status; ``status`` and ``key`` say which."""

    def __init__(self, message: str, status: int, key: str = "") -> None:
        super().__init__(message)
        self.status, self.key = status, key


@dataclass(frozen=True)
class Participants:
    """Every page of a registration's participants, read in full."""

    names: tuple[str, ...]      # each once, in participant_id order
    unnamed: int                # hidden or not_found items
    private: bool               # Meta's shape: privately registered people are left out
    requests: int


def registration(wiki: Wiki, event_id: int) -> Registration:
    """Read ``GET /event_registration/{id}``; raise RestRefused or WikiError if unreadable."""
    answer = _get(wiki, f"/event_registration/{event_id}", None, f"registration {event_id}")
    try:
        return parse_registration(answer.data)
    except AnswerError as err:
        raise BadAnswer(f"{wiki}: registration {event_id}: {err}") from None


def participants(wiki: Wiki, event_id: int) -> Participants:
    """Read every participant page, 20 a page after ``last_participant_id``, until an empty one."""
    names: dict[str, None] = {}
    unnamed, private, last, requests = 0, False, None, 0
    for _ in range(MAX_PAGES):
        params = {"include_private": "false"}
        if last is not None:
            params["last_participant_id"] = str(last)
        answer = _get(wiki, f"/event_registration/{event_id}/participants", params,
                      f"participants of registration {event_id}")
        requests += 1
        page = _page(wiki, event_id, answer)
        if page.last_id is None:
            return Participants(tuple(names), unnamed, private, requests)
        if last is not None and page.last_id <= last:
            raise WikiError(f"{wiki}: participants of registration {event_id} do not advance "
                            f"after participant {last}")
        names.update(dict.fromkeys(page.names))
        unnamed, private, last = unnamed + page.unnamed, private or page.private, page.last_id
    raise WikiError(f"{wiki}: registration {event_id} has more than {MAX_PAGES} pages of participants")


def _page(wiki: Wiki, event_id: int, answer: HttpAnswer) -> ParticipantPage:
    try:
        return parse_participants(answer.data)
    except AnswerError as err:
        raise BadAnswer(f"{wiki}: participants of registration {event_id}: {err}") from None


def organizers(wiki: Wiki, event_id: int) -> tuple[str, ...]:
    """Read the organizers' names, 11 a page after ``last_organizer_id`` (the 1.39 branch: one page)."""
    names: dict[str, None] = {}
    last = None
    for _ in range(MAX_PAGES):
        params = {"last_organizer_id": str(last)} if last is not None else None
        answer = _get(wiki, f"/event_registration/{event_id}/organizers", params,
                      f"organizers of registration {event_id}")
        try:
            found, page_last = parse_organizers(answer.data)
        except AnswerError as err:
            raise BadAnswer(f"{wiki}: organizers of registration {event_id}: {err}") from None
        names.update(dict.fromkeys(found))
        if page_last is None or (last is not None and page_last <= last):
            break
        last = page_last
    return tuple(names)


def event_id_of_page(wiki: Wiki, title: str) -> int | None:
    """View an event page and read its registration id from the page's ``mw.config``."""
    html = wiki.view_html(title)
    return event_id_in_html(html) if html is not None else None


def _get(wiki: Wiki, path: str, params: dict | None, what: str) -> HttpAnswer:
    answer = wiki.rest_get(ROUTES + path, params)
    if not answer.ok:
        key = error_key(answer.data)
        raise RestRefused(f"{wiki}: {what}: HTTP {answer.status}{f' ({key})' if key else ''}",
                          answer.status, key)
    return answer
