"""The Challenge's board as data: the document kept in the state and ``bot.py export --what challenge``.

JSON is exactly issue 18's shape: ``{"contestants": [{"user", "rank",
"points", "articles", "bytes_added", "words_added", "pending", "lines":
[{"wiki", "title", "created", "bytes_added", "words_added", "refs", "links",
"bonus", "adjustment", "points", "why_not"}]}]}``; ``why_not`` is null for a
line that counts. Points are Decimals in the scoring: whole ones become ints,
others floats (JSON has no decimals). CSV is one row per line, with the
contestant's user and rank in front, written as every export's CSV
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
CSV_FIELDS = ("user", "rank", *LINE_FIELDS)


def number(points: Decimal) -> int | float:
    """Give points as JSON can hold them: an int when whole, else a float."""
    return int(points) if points == points.to_integral_value() else float(points)


def document(board: Scoreboard) -> dict[str, Any]:
    """Give the board in the export's shape (what the state keeps for each run)."""
    return {"contestants": [_standing(s) for s in board.standings]}


def _standing(s: Standing) -> dict[str, Any]:
    return {"user": s.user, "rank": s.rank, "points": number(s.points), "articles": s.articles,
            "bytes_added": s.bytes_added, "words_added": s.words_added, "pending": s.pending,
            "lines": [_line(line) for line in s.lines]}


def _line(line: Line) -> dict[str, Any]:
    item = line.contribution
    return {"wiki": item.wiki, "title": item.title, "created": item.created,
            "bytes_added": item.bytes_added, "words_added": item.words_added,
            "refs": item.refs, "links": item.links, "bonus": number(line.bonus),
            "adjustment": number(line.adjustment), "points": number(line.total),
            "why_not": line.why_not}


def export_challenge(doc: dict[str, Any], fmt: str, excel: bool = False) -> str:
    """Write a stored board document as JSON (its ``contestants`` only) or CSV (Excel's if asked)."""
    contestants = doc.get("contestants", [])
    if fmt == "json":
        return json.dumps({"contestants": contestants}, ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}; use csv or json")
    rows = ({"user": person["user"], "rank": person["rank"], **line}
            for person in contestants for line in person["lines"])
    return csv_text(rows, CSV_FIELDS, excel)
