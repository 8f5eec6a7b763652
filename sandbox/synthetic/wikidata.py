"""Invented Wikidata for the sandbox's Wikibase double: items, page items, registrations.

The demo's recipe (``impact`` in demo/activity.yaml) says which articles are
not about a woman (``man``, ``unknown``: a human without P21, ``none``: no
item) and when accounts were registered; the benchmark gives every live
article an item of its own. Both store claims in Wikibase's JSON shape
(:func:`claims`), which the double serves as ``wbgetentities`` does.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sandbox.dump import ImportedRevision

HUMAN, FEMALE, MALE = "Q5", "Q6581072", "Q6581097"
#: What each kind of article's item says (P31 instance of, P21 sex or gender).
KINDS = {"woman": {"P31": [HUMAN], "P21": [FEMALE]}, "man": {"P31": [HUMAN], "P21": [MALE]},
         "unknown": {"P31": [HUMAN]}}


def claims(values: dict[str, list[str]]) -> dict:
    """Write property -> item values as Wikibase statements (normal rank, value snaks)."""
    return {prop: [{"mainsnak": {"snaktype": "value", "property": prop, "datatype": "wikibase-item",
                                 "datavalue": {"value": {"entity-type": "item",
                                                         "numeric-id": int(q[1:]), "id": q},
                                               "type": "wikibase-entityid"}},
                    "type": "statement", "id": f"{prop}${q}", "rank": "normal"} for q in qs]
            for prop, qs in values.items()}


def synthetic_claims(qid: str) -> dict:
    """Give the claims of a benchmark item by its number: mostly women, some men, some unknown."""
    gender = (FEMALE, FEMALE, MALE, None)[int(qid[1:]) % 4]
    return claims({"P31": [HUMAN], **({"P21": [gender]} if gender else {})})


def utc(text: str) -> datetime:
    """Read a recipe's ISO time (no zone) as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def impact_data(impact: dict, history: dict[str, list[ImportedRevision]], people: list[str]
                ) -> tuple[dict[str, dict], dict[str, dict[str, str]], dict[str, datetime]]:
    """Give the Wikidata items (id -> claims), each wiki's page items, and registration dates.

    One item per article title (the same person on two Wikipedias shares it);
    kind ``none`` leaves the page without an item; redirects get none.
    """
    titles = sorted({r.title for revs in history.values() for r in revs
                     if not r.text.startswith("#REDIRECT")})
    ids = {title: f"Q{100001 + i}" for i, title in enumerate(titles)
           if impact["kinds"].get(title) != "none"}
    items = {qid: claims(KINDS[impact["kinds"].get(title, "woman")]) for title, qid in ids.items()}
    pages = {wiki: {r.title: ids[r.title] for r in revs if r.title in ids}
             for wiki, revs in history.items()}
    dates = {name: utc(impact["registered"].get(name, impact["registered"]["default"]))
             for name in people}
    return items, pages, dates
