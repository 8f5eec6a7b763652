"""Read the campaign's event registry (a Meta page of wikitables) into Events.

Every table whose header row names an event, a date and a languages column
(in any of the accepted synonyms, case-blind) is read; other tables are
skipped, with a page-level problem when one looks like an event table but
lacks a required column. Each data row becomes an :class:`Event`; what a row
gets wrong becomes a :class:`Problem` on that row, never an exception.

Decisions the spec leaves open:

* ``rowspan``/``colspan`` are honoured, so a Country cell spanning three
  rows does not shift the later cells; a short row is read as far as it goes.
* When several columns map to the event (``Event`` and ``Sign-up``), the
  first of them holding a link gives the page; the label comes from it.
* A page linked by an earlier row makes the later row a duplicate: it keeps
  its label and gets ``page=None`` (so its key, ``registry line N``, stays
  unique) and an ``event-duplicate`` problem; only the first row is tallied.
* Struck-out organizers and IP addresses are not organizers.
* Rows whose cells are all empty are placeholders and are skipped silently.
* ``Event.row`` is the line of the row's first cell (not of its ``|-``):
  the line an organizer edits to fix it.
* A ``|+`` caption and section rows made only of ``!`` cells are not data.
* A ``Registration`` cell (an id or ``Special:EventDetails/N``) and a
  ``Dashboard`` cell (a course URL or ``School/Title``) name more sources of
  participants; a row with one of them may leave Date and Languages empty
  (its registration or course gives them), and a table with such a column
  needs no Date or Languages column.

Row problem codes: ``event-no-link``, ``event-duplicate``, ``date-missing``,
``date-unreadable``, ``date-ambiguous``, ``language-none`` (blocking, no
wiki read) and ``language-unknown`` (some part unread, the rest counted).
Page problem codes: ``registry-column-missing``, ``registry-no-table``.
"""
from __future__ import annotations

import dataclasses
from urllib.parse import unquote, urlsplit

from mwparserfromhell.nodes import ExternalLink, Tag, Wikilink
from mwparserfromhell.wikicode import Wikicode

from wikigap.model import (
    CANONICAL_NAMESPACES,
    FIRST_LETTER,
    Event,
    Namespaces,
    Phrase,
    Problem,
    Registry,
    list_phrase,
    normalize_title,
    quoted,
)
from wikigap.read.dashboard import course_slug
from wikigap.read.dates import EXAMPLE, DateError, parse_event_dates
from wikigap.read.languages import parse_languages
from wikigap.read.registrations import registration_id
from wikigap.read.tables import (
    REQUIRED,
    Cell,
    Row,
    header_fields,
    layout,
    looks_like_events,
    raw_rows,
    tables,
    usable,
)
from wikigap.read.wikitext import (
    LineIndex,
    is_ip,
    links,
    parse,
    user_from_target,
    user_links,
    visible_text,
)

HEADER_NAMES = {"event": "Event page", "date": "Date", "languages": "Languages"}
_HEADER_HINTS = {"event": Phrase("wikigapbot-hint-column-event"),
                 "date": Phrase("wikigapbot-hint-column-date", (EXAMPLE,)),
                 "languages": Phrase("wikigapbot-hint-column-languages")}
_META_HOSTS = frozenset({"meta.wikimedia.org", "meta.m.wikimedia.org"})
_META_PREFIXES = frozenset({"m", "meta", "metawiki"})
_HIDDEN_NAMESPACES = frozenset({"category", "file", "image", "media"})
QUOTE_LENGTH = 80


def parse_registry(text: str, title: str, namespaces: Namespaces = CANONICAL_NAMESPACES) -> Registry:
    """Read every event table on the registry page ``title``."""
    return _RegistryReader(text, title, namespaces).read()


def clip(text: str) -> str:
    """Shorten cell text for a message, so one bad cell cannot flood it."""
    text = " ".join(text.split())
    if len(text) > QUOTE_LENGTH:
        text = text[:QUOTE_LENGTH - 1] + "…"
    return text


def quote(text: str) -> Phrase:
    """Quote cell text for a message, shortened, in the reader's quotation marks."""
    return quoted(clip(text))


# ---------------------------------------------------------------- event cells

def event_page(target: str, title: str, case: str = FIRST_LETTER) -> str | None:
    """Normalise a link target to a title of the registry's wiki (Meta's ``case`` unless the
    wiki's siteinfo says otherwise); None for a bare #fragment."""
    page = unquote(target).replace("_", " ").strip()
    page = page[1:] if page.startswith(":") else page
    prefix, colon, rest = page.partition(":")
    while colon and prefix.strip().lower() in _META_PREFIXES:
        page = rest.strip().lstrip(":")
        prefix, colon, rest = page.partition(":")
    page = page.split("#")[0]
    if page.startswith("/"):
        page = title + page.rstrip("/")
    return normalize_title(page, case) or None


def _meta_url_title(url: str) -> str | None:
    """Read a Meta page title out of ``https://meta.wikimedia.org/wiki/Title``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.hostname not in _META_HOSTS or not parts.path.startswith("/wiki/"):
        return None
    return parts.path[len("/wiki/"):] or None


def event_link(cells: list[Wikicode], title: str,
               namespaces: Namespaces) -> tuple[str, str] | None:
    """Return (page, label) of the first sign-up link among the event cells."""
    for code in cells:
        for node in links(code):
            found = _link_page(node, title, namespaces)
            if found:
                return found
    return None


def _link_page(node: Wikilink | ExternalLink, title: str,
               namespaces: Namespaces) -> tuple[str, str] | None:
    """Return (page, label) for a link to a Meta page other than a user or file."""
    if isinstance(node, ExternalLink):
        target = _meta_url_title(str(node.url))
        label = node.title
    else:
        target, label = str(node.title), node.text
    if target is None or user_from_target(target, namespaces):
        return None
    namespace = target.partition(":")[0].strip().lower() if ":" in target else ""
    if namespace in _HIDDEN_NAMESPACES and not target.startswith(":"):
        return None
    page = event_page(target, title, namespaces.case)
    if not page:
        return None
    return page, (visible_text(label) if label is not None else "") or page


def organizers(cells: list[Wikicode], namespaces: Namespaces) -> tuple[str, ...]:
    """Return the users linked in the organizer cells, once each, struck ones left out."""
    names: list[str] = []
    for code in cells:
        for name, struck in user_links(code, namespaces):
            if not struck and not is_ip(name) and name not in names:
                names.append(name)
    return tuple(names)


# ---------------------------------------------------------------- the reader

class _RegistryReader:
    """Read one registry page, remembering which pages earlier rows linked."""

    def __init__(self, text: str, title: str, namespaces: Namespaces) -> None:
        self.text = text or ""
        self.title = title
        self.namespaces = namespaces
        self.lines = LineIndex(self.text)
        self.seen: dict[str, int] = {}
        self.events: list[Event] = []
        self.problems: list[Problem] = []

    def read(self) -> Registry:
        """Read all tables, then say so if none of them was an event table."""
        usable = [self._read_table(table, offset) for table, offset in tables(parse(self.text))]
        if not any(usable) and not self.problems:
            self.problems.append(self._page_problem(
                "registry-no-table",
                Phrase("wikigapbot-problem-registry-no-table", (self.title,)),
                Phrase("wikigapbot-fix-registry-no-table", (self.title,))))
        return Registry(tuple(self.events), tuple(self.problems))

    def _read_table(self, table: Tag, offset: int) -> bool:
        """Read one table's rows; return whether it had a usable header."""
        columns: dict[str, list[int]] | None = None
        first_header: dict[str, list[int]] | None = None
        for row in layout(raw_rows(table, offset, self.lines)):
            if row.is_header:
                mapped = header_fields([_cell_text(cell) for cell in row.grid])
                first_header = mapped if first_header is None else first_header
                columns = mapped if usable(mapped) else columns
            elif columns is not None:
                self._read_row(row, columns)
        if columns is None and first_header and looks_like_events(first_header):
            self._missing_columns(first_header, self.lines.line(offset))
        return columns is not None

    def _missing_columns(self, columns: dict[str, list[int]], line: int) -> None:
        """Record which required columns an event-like table lacks."""
        for field in REQUIRED:
            if field not in columns:
                name = HEADER_NAMES[field]
                self.problems.append(self._page_problem(
                    "registry-column-missing",
                    Phrase("wikigapbot-problem-registry-column-missing",
                           (str(line), self.title, name)),
                    Phrase("wikigapbot-fix-registry-column-missing",
                           (name, _HEADER_HINTS[field], str(line), self.title)), line))

    def _page_problem(self, code: str, message: Phrase, fix: Phrase,
                      line: int | None = None) -> Problem:
        """Build a problem of the page as a whole (no event)."""
        return Problem(code, message, fix, event=None, page=self.title, line=line)

    def _read_row(self, row: Row, columns: dict[str, list[int]]) -> None:
        """Turn one data row into an Event with its problems; skip blank rows."""
        cells = {field: [cell.code for cell in _cells_of(row, indexes)]
                 for field, indexes in columns.items()}
        if all(_is_blank(cell) for cell in row.own):
            return
        event = self._base_event(row.line, cells)
        event, problems = self._check_duplicate(event)
        event, found = self._sources(event, cells)
        problems += found
        problems = problems or _link_problems(event, cells.get("event", []), self.title)
        event, found = self._dates(event, cells.get("date", []))
        problems += found
        event, found = self._languages(event, cells.get("languages", []))
        problems += found
        self.events.append(dataclasses.replace(event, problems=tuple(problems)))

    def _sources(self, event: Event, cells: dict[str, list[Wikicode]]) -> tuple[Event, list[Problem]]:
        """Read the Registration and Dashboard cells (ids, links, slugs) of a row."""
        problems: list[Problem] = []
        text = _link_text(cells.get("registration", []))
        reg = registration_id(text) if text else None
        if text and reg is None:
            problems.append(_row_problem(
                event, self.title, "registration-unreadable",
                Phrase("wikigapbot-problem-registration-cell",
                       (quote(text), _who(event), str(event.row), self.title)),
                Phrase("wikigapbot-fix-registration-cell", (_who(event), self.title))))
        text = _link_text(cells.get("dashboard", []))
        course = course_slug(text) if text else None
        if text and course is None:
            problems.append(_row_problem(
                event, self.title, "course-unreadable",
                Phrase("wikigapbot-problem-course-cell",
                       (quote(text), _who(event), str(event.row), self.title)),
                Phrase("wikigapbot-fix-course-cell", (_who(event), self.title))))
        return dataclasses.replace(event, registration=reg, course=course), problems

    def _base_event(self, line: int, cells: dict[str, list[Wikicode]]) -> Event:
        """Read the link, places and organizers of a row."""
        link = event_link(cells.get("event", []), self.title, self.namespaces)
        page, label = link if link else (None, _joined_text(cells.get("event", [])))
        return Event(page=page, label=label,
                     country=_joined_text(cells.get("country", [])),
                     city=_joined_text(cells.get("city", [])),
                     organizers=organizers(cells.get("organizers", []), self.namespaces),
                     row=line)

    def _check_duplicate(self, event: Event) -> tuple[Event, list[Problem]]:
        """Drop the page of a row that repeats an earlier row's page."""
        if event.page is None:
            return event, []
        first = self.seen.setdefault(event.page, event.row)
        if first == event.row:
            return event, []
        page = event.page
        event = dataclasses.replace(event, page=None)
        return event, [_row_problem(
            event, self.title, "event-duplicate",
            Phrase("wikigapbot-problem-event-duplicate",
                   (_who(event), str(event.row), self.title, page, str(first))),
            Phrase("wikigapbot-fix-event-duplicate", (str(event.row), self.title)))]

    def _dates(self, event: Event, cells: list[Wikicode]) -> tuple[Event, list[Problem]]:
        """Read the Date cell, or record why it cannot be read."""
        text = _joined_text(cells)
        try:
            first, last = parse_event_dates(text)
        except DateError as error:
            if error.code == "date-missing" and registered(event):
                return event, []   # the registration or course gives the days
            return event, [_row_problem(
                event, self.title, error.code,
                Phrase("wikigapbot-problem-date",
                       (_who(event), str(event.row), self.title, error.reason)),
                Phrase("wikigapbot-fix-date", (EXAMPLE, _who(event), self.title)))]
        return dataclasses.replace(event, first_day=first, last_day=last), []

    def _languages(self, event: Event, cells: list[Wikicode]) -> tuple[Event, list[Problem]]:
        """Read the Languages cell; unreadable parts are problems, not languages."""
        text = _joined_text(cells)
        codes, unreadable = parse_languages(text)
        event = dataclasses.replace(event, wikis=codes)
        if not codes and not text.strip() and registered(event):
            return event, []       # the registration's wikis give them
        if not codes:
            return event, [_row_problem(
                event, self.title, "language-none",
                Phrase("wikigapbot-problem-language-none",
                       (quote(text), _who(event), str(event.row), self.title)),
                Phrase("wikigapbot-fix-language-none", (_who(event), self.title)))]
        if unreadable:
            parts = list_phrase(quote(part) for part in unreadable)
            return event, [_row_problem(
                event, self.title, "language-unknown",
                Phrase("wikigapbot-problem-language-unknown",
                       (_who(event), str(event.row), self.title, parts, ", ".join(codes))),
                Phrase("wikigapbot-fix-language-unknown", (parts, _who(event), self.title)))]
        return event, []


def _link_text(cells: list[Wikicode]) -> str:
    """Give a source cell's link target (a wikilink's or URL), else its visible text."""
    for code in cells:
        for node in links(code):
            return str(node.url if isinstance(node, ExternalLink) else node.title).strip()
    return _joined_text(cells)


def _cells_of(row: Row, indexes: list[int]) -> list[Cell]:
    """Return the cells of a row at the given columns, skipping absent ones."""
    cells = (row.grid[i] for i in indexes if i < len(row.grid))
    return [cell for cell in cells if cell is not None]


def _cell_text(cell: Cell | None) -> str:
    """Return a cell's visible text, or '' for no cell."""
    return visible_text(cell.code) if cell is not None else ""


def _is_blank(cell: Cell) -> bool:
    """Tell a placeholder cell: no text a reader sees and no link."""
    return not visible_text(cell.code) and not cell.code.filter_wikilinks()


def _joined_text(cells: list[Wikicode]) -> str:
    """Join the visible text of several cells of one field."""
    return ", ".join(text for text in (visible_text(code) for code in cells) if text)


def _who(event: Event) -> Phrase | str:
    """Name a row in a message: its label, else its line."""
    return event.label or Phrase("wikigapbot-problem-event-on-line", (str(event.row),))


def _row_problem(event: Event, title: str, code: str, message: Phrase, fix: Phrase) -> Problem:
    """Build a problem of one registry row."""
    return Problem(code, message, fix, event=event.key, page=title, line=event.row,
                   subject=event.page or event.label)


def registered(event: Event) -> bool:
    """Tell whether a row has a source that can give its days and languages."""
    return event.registration is not None or event.course is not None or event.is_event_page


def _link_problems(event: Event, cells: list[Wikicode], title: str) -> list[Problem]:
    """Record a row that links no sign-up page (and names no registration or course)."""
    if event.page is not None or event.registration is not None or event.course is not None:
        return []
    text = _joined_text(cells)
    where = (Phrase("wikigapbot-fix-event-no-link-subpage", (title.rsplit("/", 1)[0],))
             if "/" in title else Phrase("wikigapbot-fix-event-no-link-page"))
    message = (Phrase("wikigapbot-problem-event-no-link", (quote(text), str(event.row), title))
               if text else Phrase("wikigapbot-problem-event-no-link-empty", (str(event.row), title)))
    return [_row_problem(
        event, title, "event-no-link", message,
        Phrase("wikigapbot-fix-event-no-link", (where, str(event.row), title)))]
