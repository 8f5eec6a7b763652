"""Read the organizers' adjustments to the Challenge's points, each with its reason.

Reads the adjustments page's wikitext; writes nothing. Each adjustment is a
template (``{{WikiGap adjustment|…}}`` by default; the config may rename it):

* ``user=Ann|wiki=sv|article=Ada Lovelace|points=-1|reason=…``: points added
  to (or taken from) one article's total;
* ``user=Ann|points=5|reason=…``: points added to the contestant's total;
* ``user=Ann|wiki=sv|article=…|disqualify=yes|reason=…``: that article
  scores nothing; without ``article=``, the contestant is disqualified.

A reason is always required: it is shown beside the change on the
leaderboard. A template the bot cannot read is not applied and becomes a
problem naming the page, line and fix; nothing here ever raises.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

import mwparserfromhell
from mwparserfromhell.nodes import Template

from wikigap.model import Phrase, Problem, normalize_title

PARAMETERS = ("user", "wiki", "article", "points", "disqualify", "reason")
_NUMBER = re.compile(r"[+-]?[0-9]{1,6}(\.[0-9]{1,3})?")
_WIKI = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*|simple")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})
_USER_PREFIX = re.compile(r"^(?:user|user talk)\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Adjustment:
    """One organizer's change; ``article`` None means it is about the contestant's total."""

    user: str                   # normalised user name
    reason: str
    line: int                   # 1-based line on the adjustments page
    wiki: str | None = None     # language code, given with ``article``
    article: str | None = None  # normalised title
    points: Decimal = Decimal(0)
    disqualify: bool = False


@dataclass(frozen=True)
class AdjustmentPage:
    """The adjustments page read: usable adjustments in page order, and problems."""

    adjustments: tuple[Adjustment, ...]
    problems: tuple[Problem, ...] = ()


def read_adjustments(text: str, template: str = "WikiGap adjustment",
                     page: str | None = None) -> AdjustmentPage:
    """Read every adjustment template on a page; bad ones become problems, never exceptions."""
    wanted = _template_key(template)
    breaks = [i for i, char in enumerate(text) if char == "\n"]
    adjustments: list[Adjustment] = []
    problems: list[Problem] = []
    cursor = 0
    for node in mwparserfromhell.parse(text).filter_templates(recursive=True):
        found = text.find(str(node), cursor)
        cursor = found + 1 if found >= 0 else cursor
        if _template_key(str(node.name)) != wanted:
            continue
        line = bisect_right(breaks, max(found, 0) - 1) + 1
        result = _read_one(node, line, page, template)
        if isinstance(result, Adjustment):
            adjustments.append(result)
        else:
            problems.append(result)
    return AdjustmentPage(adjustments=tuple(adjustments), problems=tuple(problems))


def _read_one(node: Template, line: int, page: str | None,
              template: str) -> Adjustment | Problem:
    """Read one template into an adjustment, or say what is wrong with it."""
    values = {str(p.name).strip().lower(): _value(p.value) for p in node.params}
    if node.has("user"):
        values["user"] = _user(node.get("user").value)

    def problem(code: str, what: Phrase, fix: Phrase) -> Problem:
        return Problem(code=code, page=page, line=line, subject=values.get("user", ""),
                       message=Phrase("wikigapbot-problem-adjustment",
                                      (f"{{{{{template}}}}}", str(line), what)), fix=fix)

    unknown = sorted(set(values) - set(PARAMETERS))
    if unknown:
        return problem("adjustment-unknown-parameter",
                       Phrase("wikigapbot-adjustment-unknown-parameter", (unknown[0],)),
                       Phrase("wikigapbot-fix-adjustment-unknown-parameter",
                              (", ".join(p + "=" for p in PARAMETERS),)))
    user = values.get("user", "")
    if not user:
        return problem("adjustment-no-user", Phrase("wikigapbot-adjustment-no-user"),
                       Phrase("wikigapbot-fix-adjustment-no-user"))
    if not values.get("reason"):
        return problem("adjustment-no-reason", Phrase("wikigapbot-adjustment-no-reason"),
                       Phrase("wikigapbot-fix-adjustment-no-reason"))
    disqualify = values.get("disqualify", "").lower()
    if disqualify not in _YES | _NO:
        return problem("adjustment-disqualify",
                       Phrase("wikigapbot-adjustment-disqualify", (disqualify[:40],)),
                       Phrase("wikigapbot-fix-adjustment-disqualify"))
    points = values.get("points", "").replace("\u2212", "-").replace(" ", "")
    if points and not _NUMBER.fullmatch(points):
        return problem("adjustment-points", Phrase("wikigapbot-adjustment-points", (points[:40],)),
                       Phrase("wikigapbot-fix-adjustment-points"))
    if (disqualify in _YES) == bool(points):
        return problem("adjustment-what", Phrase("wikigapbot-adjustment-both" if points
                                                 else "wikigapbot-adjustment-neither"),
                       Phrase("wikigapbot-fix-adjustment-what"))
    return _place(values, user, line, Decimal(points or 0), disqualify in _YES, problem)


def _place(values: dict[str, str], user: str, line: int, points: Decimal, disqualify: bool,
           problem) -> Adjustment | Problem:
    """Check the article and wiki go together, and build the adjustment."""
    wiki, article = values.get("wiki", "").lower(), normalize_title(values.get("article", ""))
    if article and not wiki:
        return problem("adjustment-no-wiki",
                       Phrase("wikigapbot-adjustment-no-wiki", (article[:80],)),
                       Phrase("wikigapbot-fix-adjustment-no-wiki"))
    if wiki and not article:
        return problem("adjustment-no-article",
                       Phrase("wikigapbot-adjustment-no-article", (wiki[:20],)),
                       Phrase("wikigapbot-fix-adjustment-no-article"))
    if wiki and not _WIKI.fullmatch(wiki):
        return problem("adjustment-wiki", Phrase("wikigapbot-adjustment-wiki", (wiki[:20],)),
                       Phrase("wikigapbot-fix-adjustment-wiki"))
    return Adjustment(user=user, reason=values["reason"], line=line, wiki=wiki or None,
                      article=article or None, points=points, disqualify=disqualify)


def _value(code) -> str:
    """Give a parameter's text as a reader sees it: comments and markup out, links by label."""
    return " ".join(code.strip_code(normalize=True, collapse=True).split())


def _user(code) -> str:
    """Give the user a ``user=`` value names: a User: link's target, else its text."""
    for link in code.filter_wikilinks():
        target = str(link.title).strip().lstrip(":")
        if _USER_PREFIX.match(target):
            return normalize_title(_USER_PREFIX.sub("", target).split("/")[0])
    return normalize_title(_USER_PREFIX.sub("", _value(code)))


def _template_key(name: str) -> str:
    return normalize_title(re.sub(r"^template\s*:\s*", "", normalize_title(name),
                                  flags=re.IGNORECASE))
