"""Decide from a Wikidata entity whether an article is about a woman (pure).

Reads one entity as ``wbgetentities`` returns it (``claims`` → property →
statements with ``rank`` and ``mainsnak.datavalue.value.id``); returns True,
False, or None when Wikidata cannot place the item. Used by the tally for
``created_about_women``, ``improved_about_women`` and ``gender_unknown``.
The JSON comes from the network, so any shape yields an answer, never an
exception.
"""
from __future__ import annotations

from typing import Any

HUMAN = "Q5"
INSTANCE_OF = "P31"
SEX_OR_GENDER = "P21"
#: female, trans woman
WOMEN = frozenset({"Q6581072", "Q1052281"})


def about_woman(entity: Any) -> bool | None:
    """Say whether the item is a woman: a human (P31 Q5) with P21 female or trans woman.

    Deprecated statements are ignored. None ("gender unknown") when the item
    is missing or unreadable, or is a human without a P21 value (no
    statement, or only "unknown value"/"no value"); never False for those.
    Any other item (not a human, or a human of another gender) is False.
    """
    if not isinstance(entity, dict) or "missing" in entity:
        return None
    claims = entity.get("claims")
    if not isinstance(claims, dict):
        return None
    if HUMAN not in values(claims, INSTANCE_OF):
        return False
    genders = values(claims, SEX_OR_GENDER)
    if not genders:
        return None
    return bool(genders & WOMEN)


def values(claims: dict, prop: str) -> set[str]:
    """Collect the item ids of a property's non-deprecated statements with a value."""
    found: set[str] = set()
    statements = claims.get(prop)
    if not isinstance(statements, list):
        return found
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("rank") == "deprecated":
            continue
        snak = statement.get("mainsnak")
        if not isinstance(snak, dict) or snak.get("snaktype") != "value":
            continue
        datavalue = snak.get("datavalue")
        value = datavalue.get("value") if isinstance(datavalue, dict) else None
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found.add(value["id"])
    return found
