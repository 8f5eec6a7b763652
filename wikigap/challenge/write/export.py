"""The Challenge's board as data: the document kept in the state and ``bot.py export --what challenge``.

JSON is issue 18's shape, with the organizers' contestant-level adjustments
added (issue 26): ``{"contestants": [{"user", "rank", "points", "articles",
"bytes_added", "words_added", "pending", "adjustment", "reasons",
"disqualified", "lines": [{"wiki", "title", "created", "bytes_added",
"words_added", "refs", "links", "bonus", "adjustment", "reasons", "points",
"why_not"}]}]}``; ``why_not`` is null for a line that counts, and a figure
the rules did not need measured (``words_added``, ``refs``, ``links``) is
null, never 0. Points are Decimals in the scoring: whole ones become ints,
others floats (JSON has no decimals). CSV is one row per line, with the
contestant's user and rank in front, then one row per contestant adjusted as
a whole (no wiki or title, its points and reasons; ``why_not`` says
``disqualified`` for a disqualification), written as every export's CSV
(:func:`wikigap.write.export.csv_text`, Excel's dialect with ``--excel``).
"""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from wikigap.challenge.count.scoring import Line, Scoreboard, Standing
from wikigap.write.export import csv_text

LINE_FIELDS = ("wiki", "title", "created", "bytes_added", "words_added", "refs", "links",
               "bonus", "adjustment", "points", "why_not")
CSV_FIELDS = ("user", "rank", *LINE_FIELDS, "reasons")


def number(points: Decimal) -> int | float:
    """Give points as JSON can hold them: an int when whole, else a float."""
    return int(points) if points == points.to_integral_value() else float(points)


def document(board: Scoreboard) -> dict[str, Any]:
    """Give the board in the export's shape (what the state keeps for each run)."""
    return {"contestants": [_standing(s) for s in board.standings]}


def _standing(s: Standing) -> dict[str, Any]:
    measured = any(line.contribution.words_added is not None for line in s.lines)
    return {"user": s.user, "rank": s.rank, "points": number(s.points), "articles": s.articles,
            "bytes_added": s.bytes_added, "words_added": s.words_added if measured else None,
            "pending": s.pending, "adjustment": number(s.adjustment), "reasons": list(s.reasons),
            "disqualified": s.disqualified, "lines": [_line(line) for line in s.lines]}


def _line(line: Line) -> dict[str, Any]:
    item = line.contribution
    return {"wiki": item.wiki, "title": item.title, "created": item.created,
            "bytes_added": item.bytes_added, "words_added": item.words_added,
            "refs": item.refs, "links": item.links, "bonus": number(line.bonus),
            "adjustment": number(line.adjustment), "reasons": list(line.reasons),
            "points": number(line.total), "why_not": line.why_not}


def _rows(person: dict[str, Any]) -> list[dict[str, Any]]:
    """Give a contestant's CSV rows: one per line, then their own adjustment when they have one."""
    front = {"user": person["user"], "rank": person["rank"]}
    rows = [{**front, **line, "reasons": "; ".join(line.get("reasons", []))}
            for line in person["lines"]]
    reasons = person.get("reasons", [])
    if reasons or person.get("adjustment") or person.get("disqualified"):
        rows.append({**front, "adjustment": person.get("adjustment", 0),
                     "points": person.get("adjustment", 0), "reasons": "; ".join(reasons),
                     "why_not": "disqualified" if person.get("disqualified") else None})
    return rows


def export_challenge(doc: dict[str, Any], fmt: str, excel: bool = False) -> str:
    """Write a stored board document as JSON (its ``contestants`` only) or CSV (Excel's if asked)."""
    contestants = doc.get("contestants", [])
    if fmt == "json":
        return json.dumps({"contestants": contestants}, ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}; use csv or json")
    rows = (row for person in contestants for row in _rows(person))
    return csv_text(rows, CSV_FIELDS, excel)
