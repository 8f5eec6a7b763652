"""Score the WikiGap Challenge: each contestant's articles, points by rule, totals and ranks.

Pure: the ``challenge`` task gathers one :class:`Contribution` per
(contestant, wiki, article) from the wikis and Wikidata, reads the bonus and
adjustments pages, and calls :func:`score`; the leaderboard, the results
draft, the awards and the export are written from the :class:`Scoreboard`.

The order is the published one, and every step stays visible on each line:
rules (with ``per_wiki``) → bonus (add, or multiply) → cap → adjustments →
rank. A line that does not count keeps its points by rule (so a contestant
sees what it would earn) but its total is 0 and ``why_not`` says why, first
reason first: disqualified, deleted, redirect, outside-window, other-wiki,
reverted, not-a-woman, pending (no Wikidata item or no gender yet: listed,
never "not about a woman"), below-threshold (no rule gave points), and
reduced (adjustments took it to 0). An add bonus goes only to an article
that earned points by the rules; article totals never go below 0.

Ranking: points, then the number of articles that count, then the bytes
added on them, all descending; contestants equal on all three share a rank
(1, 1, 3). A disqualified contestant is listed last, without a rank.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.kinds.base import Contribution as Contribution
from wikigap.challenge.kinds.base import Rule
from wikigap.challenge.kinds.registry import kind
from wikigap.challenge.read.adjustments import Adjustment
from wikigap.model import Phrase, Problem, normalize_title

ZERO = Decimal(0)
_T = TypeVar("_T", int, Decimal)
WHY_NOT = ("disqualified", "deleted", "redirect", "outside-window", "other-wiki", "reverted",
           "not-a-woman", "pending", "below-threshold", "reduced")


@dataclass(frozen=True)
class Line:
    """One article of one contestant, scored; ``by_rule`` runs parallel to ``config.rules``."""

    contribution: Contribution
    by_rule: tuple[Decimal, ...]
    bonus: Decimal = ZERO       # what the bonus adds (multiply: the points beyond ×1)
    capped: Decimal = ZERO      # what the cap takes off (0 or negative)
    adjustment: Decimal = ZERO
    reasons: tuple[str, ...] = ()   # the adjustments' reasons, in page order
    total: Decimal = ZERO
    why_not: str | None = None      # one of WHY_NOT; None when the line counts
    on_bonus_list: bool = False

    @property
    def counts(self) -> bool:
        return self.why_not is None


@dataclass(frozen=True)
class Standing:
    """One contestant's row; counts are over the lines that count."""

    user: str
    rank: int | None            # None: disqualified
    points: Decimal
    articles: int
    created: int
    improved: int
    bonus_articles: int
    wikis: tuple[str, ...]
    bytes_added: int
    words_added: int
    pending: int
    lines: tuple[Line, ...]     # every article, counting or not, by wiki and title
    adjustment: Decimal = ZERO  # contestant-level adjustments' points
    reasons: tuple[str, ...] = ()
    disqualified: str | None = None   # the reason, when the contestant is disqualified


@dataclass(frozen=True)
class Scoreboard:
    """Standings in rank order, and adjustments that match no contestant or article."""

    standings: tuple[Standing, ...]
    problems: tuple[Problem, ...] = ()


def score(contributions: Iterable[Contribution], config: ChallengeConfig,
          bonus_ids: Container[str] = frozenset(), adjustments: Iterable[Adjustment] = (),
          contestants: Iterable[str] = (), page: str | None = None) -> Scoreboard:
    """Score every contribution and rank the contestants (signed-up ones without edits too).

    ``bonus_ids`` may be a :class:`~wikigap.challenge.read.bonus.BonusPage`; ``page`` is
    the adjustments page's title, for the problems' location.
    """
    adjustments = tuple(adjustments)
    by_user: dict[str, list[Contribution]] = defaultdict(list)
    for user in contestants:
        by_user.setdefault(normalize_title(user), [])
    for item in contributions:
        by_user[normalize_title(item.user)].append(item)
    standings = [_standing(user, items, config, bonus_ids, adjustments)
                 for user, items in by_user.items()]
    return Scoreboard(standings=rank(standings),
                      problems=_unmatched(adjustments, by_user, page))


def rule_points(rule: Rule, item: Contribution, points: Decimal) -> Decimal:
    """Give what one rule awards one article, at ``points`` (the rule's on that wiki)."""
    return kind(rule.kind).points(rule, item, points)


def score_line(item: Contribution, config: ChallengeConfig, bonus_ids: Container[str],
               adjustments: Iterable[Adjustment] = (), disqualified: bool = False) -> Line:
    """Score one article: rules → bonus → cap → adjustments, then whether it counts."""
    by_rule = tuple(rule_points(r, item, config.points_for(r, item.wiki)) for r in config.rules)
    earned = sum(by_rule, ZERO)
    listed = item.wikidata is not None and item.wikidata in bonus_ids
    bonus = _bonus(config, earned) if listed else ZERO
    capped = ZERO
    if config.cap_per_article is not None and earned + bonus > config.cap_per_article:
        capped = config.cap_per_article - earned - bonus
    mine = [a for a in adjustments if _key(a.user, a.wiki, a.article) == _item_key(item)]
    adjustment = sum((a.points for a in mine), ZERO)
    why_not = _why_not(item, config, earned, disqualified or any(a.disqualify for a in mine))
    total = max(ZERO, earned + bonus + capped + adjustment) if why_not is None else ZERO
    if why_not is None and total == 0:
        why_not = "reduced"
    return Line(contribution=item, by_rule=by_rule, bonus=bonus, capped=capped,
                adjustment=adjustment, reasons=tuple(a.reason for a in mine), total=total,
                why_not=why_not, on_bonus_list=listed)


def _bonus(config: ChallengeConfig, earned: Decimal) -> Decimal:
    """Give what the bonus adds to an article on the list that earned ``earned`` by the rules."""
    bonus = config.bonus
    if bonus is None or earned == 0:
        return ZERO
    if bonus.mode == "add":
        return _given(bonus.points, "points")
    return earned * (_given(bonus.factor, "factor") - 1)


def _given(value: _T | None, name: str) -> _T:
    """Give a parameter the contest reader requires for its rule kind or bonus mode."""
    if value is None:
        raise ValueError(f"'{name}' is not set; wikigap.contest requires it for this kind")
    return value


def _why_not(item: Contribution, config: ChallengeConfig, earned: Decimal,
             disqualified: bool) -> str | None:
    """Give the first reason an article does not count, or None."""
    reasons = (
        ("disqualified", disqualified), ("deleted", item.deleted), ("redirect", item.redirect),
        ("outside-window", item.outside_window),
        ("other-wiki", not config.counts_wiki(item.wiki)), ("reverted", item.reverted),
        ("not-a-woman", config.women_only and item.about_woman is False),
        ("pending", config.women_only and item.about_woman is None),
        ("below-threshold", earned == 0),
    )
    return next((code for code, applies in reasons if applies), None)


def _standing(user: str, items: list[Contribution], config: ChallengeConfig,
              bonus_ids: Container[str], adjustments: tuple[Adjustment, ...]) -> Standing:
    """Score one contestant's articles and add them up."""
    own = [a for a in adjustments if normalize_title(a.user) == user]
    overall = [a for a in own if a.article is None]
    out = next((a.reason for a in overall if a.disqualify), None)
    lines = sorted((score_line(item, config, bonus_ids, own, out is not None) for item in items),
                   key=lambda line: (line.contribution.wiki, line.contribution.title))
    counting = [line for line in lines if line.counts]
    adjustment = sum((a.points for a in overall), ZERO)
    return Standing(
        user=user, rank=None,
        points=ZERO if out else sum((line.total for line in counting), ZERO) + adjustment,
        articles=len(counting),
        created=sum(1 for line in counting if line.contribution.created),
        improved=sum(1 for line in counting if not line.contribution.created),
        bonus_articles=sum(1 for line in counting if line.on_bonus_list),
        wikis=tuple(sorted({line.contribution.wiki for line in counting})),
        bytes_added=sum(line.contribution.bytes_added for line in counting),
        words_added=sum(line.contribution.words_added or 0 for line in counting),
        pending=sum(1 for line in lines if line.why_not == "pending"),
        lines=tuple(lines), adjustment=adjustment,
        reasons=tuple(a.reason for a in overall), disqualified=out)


def rank(standings: Iterable[Standing]) -> tuple[Standing, ...]:
    """Order contestants and give ranks; equal points, articles and bytes share a rank."""
    standings = list(standings)
    ranked = sorted((s for s in standings if s.disqualified is None),
                    key=lambda s: (-s.points, -s.articles, -s.bytes_added, s.user.casefold()))
    result, previous = [], None
    for place, standing in enumerate(ranked, start=1):
        key = (standing.points, standing.articles, standing.bytes_added)
        if previous is None or key != previous[0]:
            previous = (key, place)
        result.append(_with_rank(standing, previous[1]))
    out = sorted((s for s in standings if s.disqualified is not None),
                 key=lambda s: s.user.casefold())
    return tuple(result) + tuple(_with_rank(s, None) for s in out)


def _with_rank(standing: Standing, place: int | None) -> Standing:
    return dataclasses.replace(standing, rank=place)


def _unmatched(adjustments: tuple[Adjustment, ...], by_user: dict[str, list[Contribution]],
               page: str | None) -> tuple[Problem, ...]:
    """Report adjustments that name no contestant, or no article of theirs."""
    articles = {_item_key(item) for items in by_user.values() for item in items}
    problems = []
    for a in adjustments:
        user = normalize_title(a.user)
        if user in by_user and (a.article is None or _key(a.user, a.wiki, a.article) in articles):
            continue
        message = (Phrase("wikigapbot-problem-adjustment-unmatched-article",
                          (str(a.line), str(a.wiki), a.article, user)) if a.article
                   else Phrase("wikigapbot-problem-adjustment-unmatched-user", (str(a.line), user)))
        problems.append(Problem(
            code="adjustment-unmatched", page=page, line=a.line, subject=user, message=message,
            fix=Phrase("wikigapbot-fix-adjustment-unmatched")))
    return tuple(problems)


def _key(user: str, wiki: str | None, title: str | None) -> tuple[str, str | None, str | None]:
    return normalize_title(user), wiki, normalize_title(title) if title else None


def _item_key(item: Contribution) -> tuple[str, str | None, str | None]:
    return _key(item.user, item.wiki, item.title)
