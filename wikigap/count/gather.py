"""Read what a tally needs from the wikis, in batches: registry, sign-ups, users, edits, items.

Each function asks a wiki adapter for whole batches (pages 50 or 500 a
request, users likewise, contributions many users a request) and turns what it
cannot read into Problems attached to the event, never into exceptions.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from wikigap.count import renames
from wikigap.count.registered import LIST, Sources
from wikigap.count.renames import Rename
from wikigap.count.wikidata import about_woman
from wikigap.model import (
    Event,
    Namespaces,
    PageState,
    Phrase,
    Problem,
    Revision,
    Signup,
    normalize_user,
    wiki_phrase,
)
from wikigap.read.signup import no_section, parse_signup
from wikigap.wikis.errors import WikiError

if TYPE_CHECKING:
    from wikigap.wikis.wiki import Wiki

log = logging.getLogger(__name__)


@dataclass
class Signups:
    """The sign-up side of a campaign: valid participants and the problems met."""

    participants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    untallyable: dict[str, Problem] = field(default_factory=dict)
    registrations: dict[str, datetime | None] = field(default_factory=dict)
    unregistered: frozenset[str] = frozenset()   # of the extra names asked about (organizers)
    sources: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # key -> user -> sources
    event_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)       # key -> sources read
    renamed: dict[str, tuple[Rename, ...]] = field(default_factory=dict)         # key -> renames followed


def with_known_wikis(events: tuple[Event, ...], known: Callable[[str], bool]) -> tuple[Event, ...]:
    """Drop languages the config cannot map to a wiki, each one a problem of its event."""
    result = []
    for event in events:
        unknown = [code for code in event.wikis if not known(code)]
        if unknown:
            problems = tuple(_no_wiki(event, code) for code in unknown)
            event = dataclasses.replace(event, wikis=tuple(c for c in event.wikis if c not in unknown),
                                        problems=event.problems + problems)
        result.append(event)
    return tuple(result)


def _no_wiki(event: Event, code: str) -> Problem:
    return Problem("language-no-wiki", Phrase("wikigapbot-problem-language-no-wiki", (code,)),
                   Phrase("wikigapbot-fix-language-no-wiki", (event.label,)),
                   event.key, None, event.row, subject=code)


def read_signups(wiki: Wiki, events: tuple[Event, ...], ns: Namespaces,
                 also: frozenset[str] = frozenset(), others: Sources | None = None) -> Signups:
    """Read every sign-up page in batches, join the other sources, check the users exist, in batches.

    ``also`` are more names to check in the same batches (the organizers,
    when notices go to the events wiki); those not registered are kept in
    ``unregistered``. ``others`` holds what registrations and courses gave
    (:func:`wikigap.count.registered.read_sources`): an event with such a
    source needs no wikitext list, and an ``Event:`` page holds none.
    """
    others = others or Sources()
    result = Signups()
    # untallyable ones too: their line problems are reported
    pages = [(e, e.page) for e in events if e.page]
    texts = wiki.read_pages([page for _, page in pages])
    lists: dict[str, dict[str, tuple[str, ...]]] = {}
    parsed: dict[str, Signup] = {}
    for event, page in pages:
        signup = _read_list(event, page, texts.get(page), ns, result,
                            others.has_sources(event.key))
        if signup is not None:
            parsed[event.key] = signup
            lists[event.key] = {LIST: signup.participants}
    for key, people in others.people.items():
        lists.setdefault(key, {}).update(people)
    found = renames.accounts(wiki, {normalize_user(u) for by in lists.values()
                                    for names in by.values() for u in names} | also)
    registered = found.registered
    result.unregistered = frozenset(also - set(registered))
    for key, by_source in lists.items():
        union = _union(by_source, found.current)
        result.renamed[key] = tuple(found.renamed[n] for n in _listed(by_source)
                                    if n in found.renamed)
        result.event_sources[key] = tuple(by_source)
        result.participants[key] = tuple(u for u in union if u in registered)
        result.sources[key] = {u: union[u] for u in result.participants[key]}
        result.registrations.update({u: registered[u] for u in result.participants[key]})
        result.problems.setdefault(key, [])
        result.problems[key] += [_unknown_user(key, parsed.get(key), u, union[u])
                                 for u in union if u not in registered]
    return result


def _read_list(event: Event, page: str, text: str | None, ns: Namespaces, result: Signups,
               has_others: bool) -> Signup | None:
    """Read one sign-up page's list; a missing page or list is a problem unless another source counts."""
    if text is None:
        if not has_others and not event.is_event_page:
            result.untallyable[event.key] = _missing_page(event)
        return None
    signup = parse_signup(text, page, event.key, ns)
    if not signup.has_section:
        if not has_others and not event.is_event_page:
            result.untallyable[event.key] = _no_section(event, signup)
            result.problems[event.key] = list(signup.problems)
        return None
    result.problems[event.key] = list(signup.problems)
    return signup


def _listed(by_source: dict[str, tuple[str, ...]]) -> list[str]:
    """Every name the sources give, normalised, each once."""
    return list(dict.fromkeys(normalize_user(n) for names in by_source.values() for n in names))


def _union(by_source: dict[str, tuple[str, ...]],
           current: Callable[[str], str] = lambda name: name) -> dict[str, tuple[str, ...]]:
    """Join the sources' participants: one person once (names as MediaWiki normalises them,
    then as they are now: a renamed account under its new name, whatever source had the old).

    Each name maps to its sources in reading order: the list, then registrations, then courses.
    """
    union: dict[str, list[str]] = {}
    for source, names in by_source.items():
        for name in names:
            union.setdefault(current(normalize_user(name)), []).append(source)
    return {name: tuple(dict.fromkeys(found)) for name, found in union.items() if name}


def _missing_page(event: Event) -> Problem:
    return Problem("signup-page-missing",
                   Phrase("wikigapbot-problem-signup-page-missing", (str(event.page),)),
                   Phrase("wikigapbot-fix-signup-page-missing", (str(event.page), event.label)),
                   event.key, event.page, None)


def _no_section(event: Event, signup: Signup) -> Problem:
    found = [p for p in signup.problems if p.code == "signup-no-section"]
    return found[0] if found else no_section(str(event.page), event.key)


def _unknown_user(key: str, signup: Signup | None, user: str, sources: tuple[str, ...]) -> Problem:
    page = key
    if LIST not in sources or signup is None:
        return Problem("participant-unknown-user",
                       Phrase("wikigapbot-problem-participant-unknown-user",
                              (user, ", ".join(sources))),
                       Phrase("wikigapbot-fix-participant-unknown-user"), key, None, None,
                       subject=user)
    return Problem("signup-unknown-user", Phrase("wikigapbot-problem-signup-unknown-user", (user,)),
                   Phrase("wikigapbot-fix-signup-unknown-user", (page,)), key, page,
                   signup.participant_lines.get(user), subject=user)


def organizer_problems(events: tuple[Event, ...], unregistered: frozenset[str], wiki: str,
                       registry: str) -> tuple[Event, ...]:
    """Make each organizer who is not a registered user on ``wiki`` a problem of their row.

    No notice can reach them, so the row's line is named, the problem shows
    in the tables and goes to the event's other organizers; ``wiki`` is the
    config's name for the wiki the notices go to.
    """
    result = []
    for event in events:
        missing = [name for name in event.organizers if name in unregistered]
        problems = tuple(_unknown_organizer(event, name, wiki, registry) for name in missing)
        result.append(dataclasses.replace(event, problems=event.problems + problems)
                      if problems else event)
    return tuple(result)


def _unknown_organizer(event: Event, name: str, wiki: str, registry: str) -> Problem:
    return Problem("organizer-unknown-user",
                   Phrase("wikigapbot-problem-organizer-unknown-user", (name, wiki_phrase(wiki))),
                   Phrase("wikigapbot-fix-organizer-unknown-user",
                          (event.label, registry, wiki_phrase(wiki))),
                   event.key, registry, event.row or None, subject=name)


def contributions(wikis: Callable[[str], Wiki], plan: dict[str, tuple],
                  echo: Callable[[str], None]) -> tuple[list[Revision], dict[str, str]]:
    """Fetch each wiki's contributions for the planned users and span; note failed wikis and why."""
    revisions: list[Revision] = []
    failed: dict[str, str] = {}
    for code, (start, end, users) in sorted(plan.items()):
        echo(f"  {code}: contributions of {len(users)} participants, "
             f"{start:%Y-%m-%d} to {end:%Y-%m-%d}")
        try:
            found = wikis(code).user_contributions(code, users, start, end)
        except WikiError as err:  # the wiki's numbers become unknown, not zero
            log.error("could not read contributions on %s: %s", code, err)
            echo(f"  {code}: FAILED to read contributions ({err})")
            failed[code] = str(err)
            continue
        echo(f"  {code}: {len(found)} article edits")
        revisions.extend(found)
    return revisions, failed


def page_states(wikis: Callable[[str], Wiki], revisions: list[Revision],
                failed: dict[str, str]) -> dict[tuple[str, int], PageState]:
    """Look up, per wiki in batches, whether each edited page exists and is a redirect."""
    by_wiki: dict[str, set[int]] = {}
    for rev in revisions:
        by_wiki.setdefault(rev.wiki, set()).add(rev.pageid)
    states: dict[tuple[str, int], PageState] = {}
    for code, ids in sorted(by_wiki.items()):
        try:
            found = wikis(code).page_states(code, ids)
        except WikiError as err:
            log.error("could not read page info on %s: %s", code, err)
            failed[code] = str(err)
            continue
        states.update({(code, pageid): state for pageid, state in found.items()})
    return states


def genders(wikidata: Callable[[], Wiki], states: dict[tuple[str, int], PageState],
            echo: Callable[[str], None], why: list[str] | None = None) -> dict[str, bool | None] | None:
    """Read the items of the pages on Wikidata and say which are about women.

    None when Wikidata cannot be read (``why`` gets the reason): the women
    metrics become unknown, or keep their last good numbers, and the rest of
    the tally stands. No request when no page has an item.
    """
    items = {s.item for s in states.values() if s.item and s.exists and not s.redirect}
    if not items:
        return {}
    echo(f"  wikidata: {len(items)} items")
    try:
        found = wikidata().entities(items)
    except WikiError as err:  # the women metrics become unknown, not zero
        log.error("could not read Wikidata: %s", err)
        echo(f"  wikidata: FAILED to read items ({err})")
        if why is not None:
            why.append(str(err))
        return None
    return {item: about_woman(found.get(item)) for item in items}
