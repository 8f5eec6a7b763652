"""Read what the Challenge's scoring needs, batched and once, keeping what never changes.

In the order the ``challenge`` task calls them:

1. :func:`pages` — the contest page, the bonus, adjustments and confirm pages:
   one batch of titles on the Challenge's wiki;
2. :func:`contestants` — the sign-up list under ``participants_section``
   (signup rules as for events: wikigap.read.signup), registered accounts only;
3. :func:`contestant_wikis` — with ``wikis: any``, each contestant's
   Wikipedias from their global account (``meta=globaluserinfo``, one user a
   request, as CentralAuth takes them), read once a day and kept in the state;
4. :func:`wiki_plan` and the tally's own batched ``usercontribs``
   (wikigap.count.gather.contributions), from the first day until the board
   settles, then the pages' states (existence, redirect, item) by page id;
5. :func:`items` — the items' claims and, for a badge rule, their sitelinks in
   the same ``wbgetentities`` requests;
6. :func:`names` — each wiki's own names (for references, links and words);
7. :func:`figures` — the figures the rules need of each revision
   (wikigap.challenge.count.figures), measured as the texts arrive, 50 a
   request, only those the state does not already hold; the texts are dropped.

A wiki that cannot be read is named in ``failed``; the task then writes
nothing (a board without its articles would rank and award wrongly) and ends
failed, so staff notice.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import mwparserfromhell

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.count.figures import wiki_names
from wikigap.challenge.count.words import WikiNames, measure
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.count import renames
from wikigap.model import Namespaces, Phrase, Problem
from wikigap.read.signup import heading_matches, parse_signup
from wikigap.wikis.apidata import home_language, wikipedias_from
from wikigap.wikis.errors import WikiError

if TYPE_CHECKING:
    from wikigap.wikis.wiki import Wiki

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Contestants:
    """The signed-up, registered contestants and the sign-up list's problems."""

    names: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    signed_up: int = 0
    lines: dict[str, int] = field(default_factory=dict)   # user -> their sign-up line


def pages(wiki: Wiki, config: ChallengeConfig) -> dict[str, str | None]:
    """Read the contest page and the bonus, adjustments and confirm pages in one batch."""
    titles = [config.page]
    titles += [config.bonus.page] if config.bonus else []
    titles += [config.adjustments.page] if config.adjustments else []
    titles += [config.awards.confirm_page] if config.awards else []
    return wiki.read_pages(titles)


def participants_text(text: str, section: str) -> str:
    """Give the sign-up section under the heading ``section`` as the sign-up reader expects it.

    The sign-up reader knows the usual headings (Participants, Sign up, …); a
    contest that names its section otherwise gets that section alone, under a
    heading the reader knows.
    """
    if heading_matches(section):
        return text
    wanted = " ".join(section.split()).casefold()
    code = mwparserfromhell.parse(text)
    for found in code.get_sections(include_lead=False, flat=True):
        heading = found.filter_headings(recursive=False)[0]
        if " ".join(str(heading.title).split()).casefold() == wanted:
            body = str(found)[len(str(heading)):]
            return f"== Participants ==\n{body}"
    return ""


def contestants(wiki: Wiki, text: str, config: ChallengeConfig,
                names: Namespaces) -> Contestants:
    """Read the contestants from the contest page; keep those with an account on its wiki."""
    signup = parse_signup(participants_text(text, config.participants_section), config.page,
                          config.name, names)
    found = renames.accounts(wiki, signup.participants)   # renamed ones by their new name
    unknown = tuple(
        Problem("signup-unknown-user", Phrase("wikigapbot-problem-signup-unknown-user", (user,)),
                Phrase("wikigapbot-fix-contestant-unknown-user", (config.page,)), config.name,
                config.page, signup.participant_lines.get(user), subject=user)
        for user in signup.participants if not found.is_user(user))
    lines = {found.current(u): line for u, line in signup.participant_lines.items()
             if found.is_user(u)}   # a renamed contestant's problems point at their line
    return Contestants(tuple(dict.fromkeys(found.current(u) for u in signup.participants
                                           if found.is_user(u))),
                       signup.problems + unknown, len(signup.participants), lines)


@dataclass(frozen=True)
class Accounts:
    """The contestants' global accounts as read: user -> (Wikipedias, home language).

    ``found`` has every contestant read (a missing account as ``(None, None)``);
    ``failed`` says why the global accounts could not be read (None: they
    were), so the task stops instead of ranking contestants without their articles.
    """

    found: dict[str, tuple[tuple[str, ...] | None, str | None]]
    failed: str | None = None

    def problems(self, people: Contestants, page: str, challenge: str) -> tuple[Problem, ...]:
        """Report each contestant whose name has no global account (CentralAuth's "missing").

        Their Wikipedias cannot be known, so none of their articles can be
        counted: a problem to fix on the contest page, never a silent 0.
        """
        return tuple(
            Problem("contestant-no-global-account",
                    Phrase("wikigapbot-problem-contestant-no-global-account", (user,)),
                    Phrase("wikigapbot-fix-contestant-no-global-account", (page,)), challenge,
                    page, people.lines.get(user), subject=user)
            for user, (wikis, _) in self.found.items() if wikis is None)


def contestant_wikis(wiki: Wiki, store: ChallengeStore, users: Iterable[str], now: datetime,
                     echo: Callable[[str], None]) -> Accounts:
    """Give each contestant's (Wikipedias with edits, home language), a day old at most.

    The first look-up that fails ends the reading: the service is down for
    everyone, and asking again for each contestant would only wait longer.
    """
    users = tuple(users)
    known = store.accounts(now)
    due = [u for u in users if u not in known]
    echo(f"  global accounts: {len(known)} known from the state, {len(due)} to read")
    for user in due:
        try:
            info = wiki.global_account(user)
        except WikiError as err:
            log.error("could not read the global account of %s: %s", user, err)
            echo(f"  global accounts: FAILED at {user} ({err})")
            return Accounts({u: known[u] for u in users if u in known}, str(err))
        known[user] = (wikipedias_from(info), home_language(info))
        store.save_account(user, *known[user], now)
    return Accounts({u: known[u] for u in users if u in known})


def wiki_plan(config: ChallengeConfig, users: tuple[str, ...],
              accounts: dict[str, tuple[tuple[str, ...] | None, str | None]],
              knows: Callable[[str], bool], end: datetime) -> dict[str, tuple]:
    """Plan the contributions to read: wiki code -> (start, end, users), in gather's shape."""
    by_wiki: dict[str, set[str]] = {}
    for user in users:
        codes = config.wikis if config.wikis is not None else (accounts.get(user, (None,))[0] or ())
        for code in codes:
            by_wiki.setdefault(code, set()).add(user)
    return {code: (config.starts, end, tuple(sorted(found)))
            for code, found in sorted(by_wiki.items()) if knows(code)}


def items(wikidata: Wiki, ids: set[str], sitelinks: bool, echo: Callable[[str], None],
          labels: tuple[str, ...] = ()) -> dict[str, object] | None:
    """Read the items (claims, and sitelinks for badges and labels in those languages for the
    bonus list, in the same requests); None: failed."""
    if not ids:
        return {}
    echo(f"  wikidata: {len(ids)} items" + (" with their sitelinks" if sitelinks else ""))
    try:
        return wikidata.entities(ids, sitelinks=sitelinks, labels=labels)
    except WikiError as err:
        log.error("could not read Wikidata: %s", err)
        echo(f"  wikidata: FAILED to read items ({err})")
        return None


def figures(content: Callable[[str], Wiki], store: ChallengeStore,
            wanted: dict[str, dict[int, frozenset[str]]], names: dict[str, WikiNames],
            now: datetime, echo: Callable[[str], None],
            failed: dict[str, str]) -> tuple[dict[tuple[str, int], dict[str, int] | None], int]:
    """Give the wanted revisions' figures: the state's, then the rest measured as texts arrive.

    A revision is read when the state lacks one of the figures wanted of it
    (never read, or counted another way since); its text is read 50 a
    request, measured at once (wikigap.challenge.count.words.measure) and
    dropped: only the figures are kept, so no more than one chunk of texts
    is ever held. A wiki whose texts cannot be read is added to ``failed``
    (wiki -> why), as :func:`wikigap.count.gather.contributions` does.
    Returns the figures by (wiki, revid) and how many revisions were read now.
    """
    found: dict[tuple[str, int], dict[str, int] | None] = {}
    read = 0
    for code, revids in sorted(wanted.items()):
        stored = store.figures(code, revids)
        missing = sorted(r for r, need in revids.items() if r not in stored
                         or stored[r] is not None and not need <= set(stored[r] or ()))
        fresh = _measured(content, store, code, {r: revids[r] for r in missing},
                          {r: stored.get(r) for r in missing}, names.get(code, WikiNames()),
                          now, echo, failed) if missing else {}
        echo(f"  {code}: {len(revids)} revision texts, {len(revids) - len(missing)} from the "
             f"state, {len(fresh)} read")
        read += len(fresh)
        found.update({(code, r): f for r, f in {**stored, **fresh}.items()})
    return found, read


def upgrade_texts(content: Callable[[str], Wiki], store: ChallengeStore,
                  known: dict[str, WikiNames], now: datetime, echo: Callable[[str], None]) -> None:
    """Turn the texts a state from before figures kept into figures, once (no text read again).

    Each wiki's own names are this run's (``known``) or read now; a wiki whose
    names cannot be read keeps its texts until a run can read them.
    """
    def names_of(code: str) -> WikiNames | None:
        if code in known:
            return known[code]
        try:
            return wiki_names(content(code).link_names())
        except WikiError as err:
            log.warning("could not read the names of %s; its kept texts wait: %s", code, err)
            return None

    measured = store.upgrade_texts(names_of, now)
    if measured:
        echo(f"challenge: {measured} revision texts kept by an older state measured; "
             "the state keeps their figures only now")


#: Revision ids asked of a wiki at once (its adapter asks 50 a request): the texts
#: of one chunk at most are held before they are measured and dropped.
CHUNK = 100


def _measured(content: Callable[[str], Wiki], store: ChallengeStore, code: str,
              need: dict[int, frozenset[str]], kept: dict[int, dict[str, int] | None],
              names: WikiNames, now: datetime, echo: Callable[[str], None],
              failed: dict[str, str]) -> dict[int, dict[str, int] | None]:
    """Read the texts of ``need``'s revisions a chunk at a time, measure, keep the figures."""
    fresh: dict[int, dict[str, int] | None] = {}
    revids = sorted(need)
    for start in range(0, len(revids), CHUNK):
        chunk = revids[start:start + CHUNK]
        try:
            texts = content(code).revision_texts(chunk)
        except WikiError as err:
            log.error("could not read revision texts on %s: %s", code, err)
            echo(f"  {code}: FAILED to read revision texts ({err})")
            failed[code] = str(err)
            return fresh
        figures = {r: _merged(kept.get(r), texts.get(r), code, names, need[r]) for r in chunk}
        store.save_figures(code, figures, now)
        fresh.update(figures)
    return fresh


def _merged(kept: dict[str, int] | None, text: str | None, code: str, names: WikiNames,
            need: frozenset[str]) -> dict[str, int] | None:
    """Add a revision's newly measured figures to those kept (None: the text is gone)."""
    return None if text is None else {**(kept or {}), **measure(text, code, names, need)}


def names(content: Callable[[str], Wiki], codes: Iterable[str]) -> dict[str, WikiNames]:
    """Read each wiki's own namespace and interwiki names (for references, links and words)."""
    found = {}
    for code in codes:
        try:
            found[code] = wiki_names(content(code).link_names())
        except WikiError as err:   # English names then: a link may be misread, never a crash
            log.warning("could not read the names of %s: %s", code, err)
    return found
