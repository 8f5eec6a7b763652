"""Read the Challenge's hour in two calls, and score it in one: the task's story, told below it.

:func:`read_contest` reads the contest, bonus, adjustments and confirm pages
(one batch), the contestants and, with ``wikis: any``, their Wikipedias from
their global accounts; :func:`read_work` reads their contributions, the
pages' states, the items and the figures the rules need; :func:`score_work`
scores them and gathers every problem the pages show. Each stops with
:class:`NotScored` (the task's error, said in one line) when the board would
be wrong: a board without a wiki's articles would rank people wrongly, and
award them.

May import: every layer of the wing below it, and the package's layers below the wing.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.count import figures
from wikigap.challenge.count.scoring import Scoreboard, score
from wikigap.challenge.gather import reads
from wikigap.challenge.read.adjustments import AdjustmentPage, read_adjustments
from wikigap.challenge.read.bonus import BonusPage, read_bonus
from wikigap.challenge.read.bonusitems import BonusItems, bonus_items, label_languages
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.count import gather
from wikigap.model import Problem
from wikigap.wikis.errors import WikiError
from wikigap.wikis.sites import Wikis

log = logging.getLogger(__name__)
#: Wikidata's name among the wiki codes of what could not be read.
WIKIDATA = "Wikidata"


class NotScored(Exception):
    """The Challenge cannot be scored this hour; the message says what and what to do."""


@dataclass
class Contest:
    """The Challenge's own pages read, and its contestants with their Wikipedias."""

    texts: dict[str, str | None]
    bonus: BonusPage | frozenset
    adjustments: AdjustmentPage
    people: reads.Contestants
    accounts: reads.Accounts


@dataclass(frozen=True)
class Work:
    """The contestants' edits, pages, items and figures read, and how many texts were read now."""

    found: figures.Reads
    read: int


@dataclass(frozen=True)
class Scored:
    """The board scored, the bonus list's women named, and every problem the pages show."""

    board: Scoreboard
    bonus: BonusItems
    problems: tuple[Problem, ...]


def read_contest(wikis: Wikis, store: ChallengeStore, config: ChallengeConfig, now: datetime,
                 echo: Callable[[str], None]) -> Contest:
    """Read the contest, bonus, adjustments and confirm pages, the contestants, their accounts."""
    home = wikis.get(config.wiki)
    try:
        texts = reads.pages(home, config)
        contest = _required(texts, config.page, config, "page")
        people = reads.contestants(home, contest, config, home.namespaces())
    except WikiError as err:   # the Challenge's own wiki is down: nothing to score from
        log.error("could not read the Challenge's pages on %s: %s", config.wiki, err)
        raise NotScored(unreadable({f"the Challenge's pages (on {config.wiki})": str(err)})
                        ) from None
    bonus: BonusPage | frozenset = frozenset()
    if config.bonus:
        bonus = read_bonus(_required(texts, config.bonus.page, config, "bonus.page"),
                           config.bonus.page)
    echo(f"challenge: {len(people.names)} contestants on [[{config.page}]]")
    accounts = reads.Accounts({})
    if config.wikis is None:
        accounts = reads.contestant_wikis(home, store, people.names, now, echo)
    if accounts.failed is not None:
        raise NotScored(unreadable({f"the global accounts (on {config.wiki})": accounts.failed}))
    return Contest(texts, bonus, _adjustments(config, texts, echo), people, accounts)


def unreadable(failed: dict[str, str]) -> str:
    """Say in one line which services could not be read and what that means for the board.

    ``failed`` maps each service (a content wiki's code, ``Wikidata``, or the
    global accounts' own words) to why; the why is in the log and the lines
    above, so this line stays short enough to read at a glance.
    """
    named = [code if code == WIKIDATA or " " in code else f"the {code} Wikipedia"
             for code in sorted(failed)]
    return (f"could not read {', '.join(named)}: nothing was written and the leaderboard keeps "
            "its last numbers; the next run tries again")


def read_work(wikis: Wikis, store: ChallengeStore, config: ChallengeConfig, contest: Contest,
              now: datetime, exclude: frozenset[str], echo: Callable[[str], None]) -> Work:
    """Read the contestants' edits, their pages, items and the texts the rules need.

    Stops (:class:`NotScored`) when a wiki or Wikidata could not be read.
    """
    names = contest.people.names
    plan = reads.wiki_plan(config, names, contest.accounts.found, wikis.knows_language,
                           min(now, config.settles))
    revisions, failed = gather.contributions(wikis.content, plan, echo)
    seen = tuple(r for r in store.seen(config.name) if r.user in names)
    store.remember(config.name, revisions)
    states = gather.page_states(wikis.content, [*revisions, *seen], failed)
    listed = set(getattr(contest.bonus, "ids", ()))   # named and checked in the same requests
    entities = reads.items(wikis.wikidata(), {s.item for s in states.values()
                                              if s.item and s.exists} | listed,
                           any(k.sitelinks for k in config.kinds()), echo,
                           label_languages(config.language) if listed else ())
    if entities is None:
        failed[WIKIDATA] = "its items could not be read"
    found = figures.Reads(tuple(revisions), seen, states, entities or {})
    wanted = figures.figures_needed(found, config, exclude)
    names_by_wiki = reads.names(wikis.content, wanted) if wanted else {}
    reads.upgrade_texts(wikis.content, store, names_by_wiki, now, echo)
    measured, read = reads.figures(wikis.content, store, wanted, names_by_wiki, now,
                                   echo, failed)
    if failed:   # a board without a wiki's articles would rank people wrongly, and award them
        raise NotScored(unreadable(failed))
    return Work(dataclasses.replace(found, figures=measured, names=names_by_wiki), read)


def score_work(config: ChallengeConfig, contest: Contest, work: Work,
               exclude: frozenset[str]) -> Scored:
    """Score the contributions with the bonus and adjustments; gather every problem found."""
    found = work.found
    board = score(figures.contributions(found, config, exclude), config, contest.bonus,
                  contest.adjustments.adjustments, contest.people.names,
                  config.adjustments.page if config.adjustments else None)
    bonus = _bonus_items(config, contest, found.entities)
    problems = (*contest.people.problems, *contest.accounts.problems(contest.people, config.page,
                                                                     config.name),
                *getattr(contest.bonus, "problems", ()), *bonus.problems,
                *contest.adjustments.problems, *board.problems)
    return Scored(board, bonus, problems)


def _bonus_items(config: ChallengeConfig, contest: Contest,
                 entities: Mapping[str, object]) -> BonusItems:
    """Name the bonus list's women and find the ids that cannot be a woman's (none: no list)."""
    if config.bonus is None or not isinstance(contest.bonus, BonusPage):
        return BonusItems({})
    return bonus_items(contest.bonus, config.bonus.page, dict(entities), config.language)


def _required(texts: dict[str, str | None], title: str, config: ChallengeConfig,
              key: str) -> str:
    """Give a page the Challenge cannot score without, or stop with the key to fix."""
    text = texts.get(title)
    if text is None:
        raise NotScored(f"[[{title}]] does not exist on {config.wiki}; create it or correct "
                        f"challenge.{key}: the Challenge is not scored without it")
    return text


def _adjustments(config: ChallengeConfig, texts: dict[str, str | None],
                 echo: Callable[[str], None]) -> AdjustmentPage:
    """Read the organizers' adjustments; a page not yet made means none (said in the output)."""
    if config.adjustments is None:
        return read_adjustments("")
    text = texts.get(config.adjustments.page)
    if text is None:
        echo(f"challenge: [[{config.adjustments.page}]] does not exist yet: no adjustments")
    return read_adjustments(text or "", config.adjustments.template, config.adjustments.page)
