"""Build Wikidata entities in Wikibase's JSON shape, for unit tests, the sandbox double and the demo."""
from __future__ import annotations

from itertools import count

FEMALE, TRANS_WOMAN, MALE, HUMAN, CAT = "Q6581072", "Q1052281", "Q6581097", "Q5", "Q146"
_ids = count(1)


def statement(prop: str, value: str | None, rank: str = "normal", snaktype: str = "value") -> dict:
    """One statement as wbgetentities returns it (value None: 'unknown value' snak)."""
    snak: dict = {"snaktype": snaktype, "property": prop, "hash": f"{next(_ids):040x}",
                  "datatype": "wikibase-item"}
    if snaktype == "value" and value is not None:
        snak["datavalue"] = {"value": {"entity-type": "item", "numeric-id": int(value[1:]),
                                       "id": value}, "type": "wikibase-entityid"}
    return {"mainsnak": snak, "type": "statement", "id": f"Q1${next(_ids):08X}", "rank": rank}


def claims(p31: tuple[str, ...] = (HUMAN,), p21: tuple[str, ...] = (), **extra) -> dict:
    """Claims with P31 and P21 values (normal rank); ``extra`` adds whole statement lists."""
    found = {"P31": [statement("P31", v) for v in p31], **extra}
    if p21:
        found["P21"] = [statement("P21", v) for v in p21]
    return {k: v for k, v in found.items() if v}
