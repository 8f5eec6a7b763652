"""`check --online`'s look at everything else the config names: services and the Challenge's pages.

Each service a run reads must answer: every content wiki, Wikidata, the
pageviews API, the Dashboard and one event-registration route (only those the
config and the registry use). "Answers" means any HTTP answer that is not the
service's trouble (a 404 for the made-up article asked is an answer); no
answer, a 429 or a 5xx is a ✗ naming the address asked. The Challenge's
pages are :class:`~wikigap.run.checkitems.PageItem` like the others. When a
configured wiki refused the login, one line says how many checks that skipped.
Nothing is written anywhere.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date, timedelta

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.gather.reads import participants_text
from wikigap.challenge.read.adjustments import read_adjustments
from wikigap.challenge.read.bonus import read_bonus
from wikigap.challenge.write.board import RULES_REGION
from wikigap.config import Config
from wikigap.model import Event
from wikigap.read.signup import parse_signup
from wikigap.run.checkitems import Check, PageItem
from wikigap.wikis import campaignevents, dashboard, wiki
from wikigap.wikis.errors import WikiError, outage_status
from wikigap.wikis.pageviews import ViewsRequest, views_url
from wikigap.wikis.sites import Wikis
from wikigap.write.regions import RegionError, begin_marker, end_marker, read_region

#: The article a pageviews check asks for: any answer, even "no such article", is an answer.
PROBE_TITLE = "Main Page"


def skipped(items: Iterable[PageItem], wikis: Collection[str], usable: set[str]) -> list[Check]:
    """Say, per wiki that refused the login, how many page checks were left out."""
    lines = []
    for name in wikis:
        count = sum(1 for item in items if item.wiki == name)
        if name not in usable and count:
            lines.append(Check(False, f"{count} check{'s' if count != 1 else ''} on {name} "
                                      "skipped", f"{name} could not be reached"))
    return lines


def service_checks(config: Config, wikis: Wikis, usable: set[str],
                   events: Callable[[], tuple[Event, ...]]) -> list[Check]:
    """Ask each service the config names, and the registry uses, whether it answers."""
    found = events() if config.events.wiki in usable else ()
    checks = [content_check(wikis, code) for code in content_languages(config, found)]
    checks.append(wiki_check(wikis.wikidata(), "Wikidata", "wikidata"))
    if config.pageviews:
        checks.append(pageviews_check(config))
    courses = [e.course for e in found if e.course]
    if courses:
        checks.append(dashboard_check(config.dashboard.url, courses[0]))
    if config.events.wiki in usable and any(e.registration is not None or e.is_event_page
                                            for e in found):
        checks.append(registration_check(wikis.get(config.events.wiki), found))
    return checks


def content_languages(config: Config, events: Iterable[Event]) -> list[str]:
    """The content wikis a run reads: each configured one, else the registry's and Challenge's."""
    if isinstance(config.content_wikis, dict):
        return sorted(config.content_wikis)
    codes = {code for event in events for code in event.wikis}
    if config.challenge and config.challenge.wikis:
        codes |= set(config.challenge.wikis)
    return sorted(codes)


def content_check(wikis: Wikis, code: str) -> Check:
    """A content wiki (where articles are counted) answers."""
    try:
        return wiki_check(wikis.content(code), f"content wiki {code}", "content_wikis")
    except WikiError as err:
        return Check(False, f"content wiki {code}", f"{err}; check content_wikis")


def wiki_check(target: wiki.Wiki, what: str, key: str) -> Check:
    """A wiki answers its site info (no login needed); the ✗ names the key and the address."""
    try:
        url = target.api_url()
        name = target.answers()
    except WikiError as err:
        return Check(False, f"{what} answers", f"it does not: {err}; check {key} in the config",
                     target.spec)
    return Check(True, f"{what} answers", name, url)


def pageviews_check(config: Config) -> Check:
    """The pageviews API answers one per-article request (its answer's content does not matter)."""
    api = config.pageviews.api if config.pageviews else ""
    day = date.today() - timedelta(days=2)
    url = views_url(api, ViewsRequest("en", PROBE_TITLE, "en.wikipedia", day, day))
    return _web_check("pageviews API answers", url, "pageviews.api")


def dashboard_check(base: str, slug: str) -> Check:
    """The Dashboard answers for a course the registry names (a 404 is an answer)."""
    return _web_check("Dashboard answers", dashboard.course_url(base, slug, "course.json"),
                      "dashboard.url")


def _web_check(what: str, url: str, key: str) -> Check:
    try:
        answer = wiki.get_json(url)
    except WikiError as err:
        return Check(False, what, f"it does not: {err}; check {key} in the config", url)
    if outage_status(answer.status):
        return Check(False, what, f"HTTP {answer.status}: the service is down or busy; "
                     "try again later", url)
    return Check(True, what, f"HTTP {answer.status}", url)


def registration_check(events_wiki: wiki.Wiki, events: Iterable[Event]) -> Check:
    """One event-registration route answers: the first id a row gives, else an event page's."""
    what = "event registration answers"
    try:
        event_id = next((e.registration for e in events if e.registration is not None), None)
        if event_id is None:
            page = next(e.page for e in events if e.is_event_page)
            event_id = campaignevents.event_id_of_page(events_wiki, str(page))
        if event_id is None:
            return Check(True, what, "no event page shows a registration id yet")
        answer = events_wiki.rest_get(f"{campaignevents.ROUTES}/event_registration/{event_id}")
    except WikiError as err:
        return Check(False, what, f"it does not: {err}")
    if outage_status(answer.status):
        return Check(False, what, f"HTTP {answer.status} for registration {event_id}: the "
                     "service is down or busy; try again later", answer.url)
    return Check(True, what, f"registration {event_id}: HTTP {answer.status}", answer.url)


def challenge_pages(config: Config) -> Iterator[PageItem]:
    """The Challenge's pages: its contest page (rules markers, sign-up section), the
    leaderboard's markers, the bonus and adjustments pages, the confirm page (missing: awards
    wait)."""
    challenge = config.challenge
    if challenge is None:
        return
    where, key, board = challenge.wiki, "challenge", challenge.leaderboard
    yield PageItem("Challenge page", where, challenge.page, f"{key}.page",
                   lambda wikis, text: _contest_problems(wikis, challenge, text),
                   f"create it with the '{RULES_REGION}' markers and a "
                   f"'{challenge.participants_section}' section")
    yield PageItem("Challenge leaderboard", where, board.page, f"{key}.leaderboard.page",
                   lambda wikis, text: _region(text, board.marker),
                   missing_ok="does not exist yet: the bot creates it with its markers")
    if challenge.bonus:
        bonus = challenge.bonus.page
        yield PageItem("Challenge bonus list", where, bonus, f"{key}.bonus.page",
                       lambda wikis, text: [], "create it with one Wikidata id (Q…) a line",
                       note=lambda wikis, text: _bonus_note(text, bonus))
    if challenge.adjustments:
        adjust = challenge.adjustments
        yield PageItem("Challenge adjustments", where, adjust.page, f"{key}.adjustments.page",
                       lambda wikis, text: [], "create it (it may stay empty; docs/pages.md "
                       f"gives the {{{{{adjust.template}}}}} template to create)",
                       note=lambda wikis, text: _adjustments_note(text, adjust.template,
                                                                  adjust.page))
    if challenge.awards:
        yield PageItem("Challenge confirm page", where, challenge.awards.confirm_page,
                       f"{key}.awards.confirm_page", lambda wikis, text: [],
                       missing_ok="missing: awards will wait until staff confirm the ranking "
                                  "there")


def _contest_problems(wikis: Wikis, challenge: ChallengeConfig, text: str) -> list[str]:
    """The contest page needs the rules markers and its sign-up section, as the run reads it."""
    problems = _region(text, RULES_REGION)
    names = wikis.get(challenge.wiki).namespaces()
    signup = parse_signup(participants_text(text, challenge.participants_section),
                          challenge.page, challenge.name, names)
    if not signup.has_section:
        problems.append(f"no '{challenge.participants_section}' section for contestants to sign "
                        "in; add it, or fix challenge.participants_section")
    return problems


def _bonus_note(text: str, page: str) -> str:
    found = read_bonus(text, page)
    unread = len(found.problems)
    return f"{len(found.ids)} items" + (f"; {unread} line(s) the bot cannot read (listed under "
                                        "the leaderboard)" if unread else "")


def _adjustments_note(text: str, template: str, page: str) -> str:
    found = read_adjustments(text, template, page)
    unread = len(found.problems)
    return f"{len(found.adjustments)} adjustments" + (
        f"; {unread} the bot cannot read (listed under the leaderboard)" if unread else "")


def _region(text: str, marker: str) -> list[str]:
    try:
        read_region(text, marker)
    except RegionError as err:
        return [f"{err}; add the lines '{begin_marker(marker)}' and '{end_marker(marker)}'"]
    return []
