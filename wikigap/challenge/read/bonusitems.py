"""The bonus list's items as Wikidata has them: each woman's name, and the ids that cannot be hers.

Pure. The ``challenge`` task reads the bonus ids' items in the same
``wbgetentities`` requests as the articles' (claims and labels, in the
Challenge's language and English); this module names each item (its label in
the Challenge's language, else English, else its id) for the leaderboard and
the results draft, and turns an id Wikidata says is missing, or whose item is
not a human (P31 Q5), into a problem listed under the leaderboard: no article
about a woman can ever match it, so a typo would silently cost contestants
their bonus.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wikigap.challenge.read.bonus import BonusPage
from wikigap.count.wikidata import HUMAN, INSTANCE_OF, values
from wikigap.model import Phrase, Problem

#: What Wikidata says of an id that cannot be a woman's, in words.
MESSAGES = {"missing": "wikigapbot-problem-bonus-item-missing",
            "not-human": "wikigapbot-problem-bonus-item-not-human"}


@dataclass(frozen=True)
class BonusItems:
    """The bonus list's ids in page order with their names, and the ids that are no woman's."""

    names: dict[str, str]
    problems: tuple[Problem, ...] = ()


def label_languages(language: str) -> tuple[str, ...]:
    """Give the label languages to ask Wikidata for: the Challenge's, then English."""
    return (language,) if language == "en" else (language, "en")


def bonus_items(page: BonusPage, title: str, entities: dict[str, Any],
                language: str) -> BonusItems:
    """Name each bonus id and report those Wikidata says are missing or not a human.

    ``title`` is the bonus page's, where the problems are.
    """
    names: dict[str, str] = {}
    problems: list[Problem] = []
    for qid in page.ids:
        entity = entities.get(qid)
        names[qid] = label(entity, language) or qid
        code = _problem(entity)
        if code is not None:
            problems.append(Problem(
                code=f"bonus-item-{code}", page=title, line=page.lines.get(qid), subject=qid,
                message=Phrase(MESSAGES[code], (qid, str(page.lines.get(qid, "")))),
                fix=Phrase("wikigapbot-fix-bonus-item", (qid,))))
    return BonusItems(names, tuple(problems))


def label(entity: Any, language: str) -> str | None:
    """Give an item's label in ``language``, else in English; None without either."""
    labels = entity.get("labels") if isinstance(entity, dict) else None
    if not isinstance(labels, dict):
        return None
    for code in label_languages(language):
        found = labels.get(code)
        if isinstance(found, dict) and isinstance(found.get("value"), str) and found["value"]:
            return found["value"]
    return None


def _problem(entity: Any) -> str | None:
    """Say what is wrong with a bonus item: ``missing``, ``not-human``, or None."""
    if not isinstance(entity, dict) or "missing" in entity:
        return "missing"
    claims = entity.get("claims")
    if isinstance(claims, dict) and HUMAN not in values(claims, INSTANCE_OF):
        return "not-human"
    return None
