"""Wikitext tables as rows of cells, laid out by column as MediaWiki shows them, and the events
table's columns recognised by their headers.

The registry reader needs each cell's column (``colspan`` and ``rowspan``
resolved) and its line on the page; this module does that, with
mwparserfromhell's tags, so the reader can think in rows and columns, and
maps header texts (``Sign-up page``, ``Country / Region``) to the fields
the registry reads.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mwparserfromhell.nodes import Tag
from mwparserfromhell.wikicode import Wikicode

from wikigap.read.wikitext import LineIndex, open_length, positioned, tag_name

MAX_COLSPAN = 50
_DIGITS = re.compile(r"\d{1,6}")


@dataclass(frozen=True)
class Cell:
    """One table cell with where it starts and how far it spans."""

    code: Wikicode
    header: bool
    line: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row:
    """A table row laid out by column (spans resolved), with its own cells."""

    line: int
    grid: tuple[Cell | None, ...]
    own: tuple[Cell, ...]

    @property
    def is_header(self) -> bool:
        """Tell a header row: every cell of its own is a ``!`` cell."""
        return all(cell.header for cell in self.own)


def tables(code: Wikicode) -> Iterator[tuple[Tag, int]]:
    """Yield each table on the page (not tables nested in cells) with its offset."""
    def descend(tag: Tag) -> bool:
        return tag_name(tag) not in {"table", "ref", "nowiki", "pre", "references"}
    for node, offset in positioned(code, 0, descend):
        if isinstance(node, Tag) and tag_name(node) == "table":
            yield node, offset


def raw_rows(table: Tag, offset: int, lines: LineIndex) -> Iterator[list[Cell]]:
    """Yield each row's cells; cells before the first ``|-`` form the first row."""
    loose: list[Cell] = []
    for node, position in positioned(table.contents, offset + open_length(table)):
        if not isinstance(node, Tag):
            continue
        name = tag_name(node)
        if name in {"td", "th"} and not _is_caption(node):
            loose.append(_cell(node, position, lines))
        elif name == "tr":
            if loose:
                yield loose
                loose = []
            start = position + open_length(node)
            yield [_cell(cell, at, lines) for cell, at in positioned(node.contents, start)
                   if isinstance(cell, Tag) and tag_name(cell) in {"td", "th"}]
    if loose:
        yield loose


def _is_caption(tag: Tag) -> bool:
    """Tell a ``|+`` caption, which mwparserfromhell reads as a cell."""
    return str(tag).startswith("|+")


def _cell(tag: Tag, offset: int, lines: LineIndex) -> Cell:
    """Wrap a td/th tag with its line and spans."""
    return Cell(tag.contents, tag_name(tag) == "th", lines.line(offset),
                 min(_span(tag, "colspan"), MAX_COLSPAN), _span(tag, "rowspan"))


def _span(tag: Tag, name: str) -> int:
    """Read a colspan/rowspan attribute as MediaWiki would: leading digits, at least 1."""
    for attribute in tag.attributes:
        if str(attribute.name).strip().lower() == name and attribute.value is not None:
            match = _DIGITS.search(str(attribute.value))
            return max(1, int(match.group())) if match else 1
    return 1


def layout(rows: Iterator[list[Cell]]) -> Iterator[Row]:
    """Place cells in columns, carrying rowspans down and widening colspans."""
    carried: dict[int, tuple[Cell, int]] = {}
    for own in rows:
        if not own:
            continue
        grid = {column: cell for column, (cell, _) in carried.items()}
        carried = {column: (cell, left - 1) for column, (cell, left) in carried.items() if left > 1}
        column = 0
        for cell in own:
            while column in grid:
                column += 1
            for spanned in range(column, column + cell.colspan):
                grid[spanned] = cell
                if cell.rowspan > 1:
                    carried[spanned] = (cell, cell.rowspan - 1)
            column += cell.colspan
        width = max(grid) + 1
        yield Row(own[0].line, tuple(grid.get(i) for i in range(width)), tuple(own))


# ---------------------------------------------------------------- the events table's columns

REQUIRED = ("event", "date", "languages")
FIELD_HEADERS = {
    "event": ("event", "event page", "page", "sign-up", "signup", "sign up",
              "sign-up page", "signup page", "event link", "registration page"),
    "registration": ("registration", "event registration", "registration id", "event id"),
    "dashboard": ("dashboard", "course", "p&e dashboard", "programs & events dashboard",
                  "programs and events dashboard", "dashboard course"),
    "country": ("country", "land", "nation"),
    "city": ("city", "location", "place", "venue", "town"),
    "date": ("date", "dates", "when", "day", "days"),
    "languages": ("language", "languages", "wiki", "wikis", "wikipedia", "wikipedias",
                  "language wiki", "language wikis"),
    "organizers": ("organizer", "organiser", "organizers", "organisers", "contact",
                   "contacts", "contact person", "contact persons", "organized by",
                   "organised by", "host", "hosts"),
}
_PARENTHESES = re.compile(r"\([^()]*\)")


def _header_key(text: str) -> str:
    """Fold a header for lookup: no remarks in parentheses, case, spaces or hyphens."""
    text = _PARENTHESES.sub(" ", text).casefold().replace("-", " ").replace("_", " ")
    return "".join(char for char in text if char.isalnum())


_SYNONYMS = {_header_key(name): field for field, names in FIELD_HEADERS.items() for name in names}


def header_fields(texts: list[str]) -> dict[str, list[int]]:
    """Map header texts to fields: field -> column indexes, in column order."""
    columns: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        field = _field_of(text)
        if field:
            columns.setdefault(field, []).append(index)
    return columns


def _field_of(text: str) -> str | None:
    """Return the field a header names; "Country / Region" tries each half."""
    for candidate in [text, *text.split("/")]:
        field = _SYNONYMS.get(_header_key(candidate))
        if field:
            return field
    return None


def usable(columns: dict[str, list[int]]) -> bool:
    """Tell whether a header maps every required field (or the event and a registration source)."""
    if "event" in columns and ("registration" in columns or "dashboard" in columns):
        return True
    return all(field in columns for field in REQUIRED)


def looks_like_events(columns: dict[str, list[int]]) -> bool:
    """Tell an event table missing a column from an unrelated table."""
    return len(columns) >= 3 or sum(field in columns for field in REQUIRED) >= 2
