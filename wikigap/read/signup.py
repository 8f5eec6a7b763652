"""Read an event's sign-up page (on Meta) into its participants.

Participants are the ``#``/``*`` list items under a heading named like
Participants, Sign up, Attendees, Registered or Deltagare. Each item names
its user by the first user link (User:, User talk:, Special:Contributions/,
in any local name the wiki reports), else by a bare name before a signature
timestamp. Lines that name an IP address or nobody are problems; struck-out
lines are withdrawals.

Decisions the spec leaves open:

* Heading match: the heading's visible text, case-blind, with hyphens and
  spaces ignored ("Sign-up" = "Sign up" = "Signup") and a trailing remark in
  parentheses or a colon dropped, must equal one of the names. So
  "Participants (online)" counts and "Participants' results" does not.
* Items whose last marker is ``:`` or ``;`` (``#:`` replies) are not sign-ups;
  empty items (``#`` alone, or only a comment) are skipped silently.
* Lists wrapped in ``<div>`` (column layouts) are read.
* A struck line produces no problem even when it names an IP or nobody.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mwparserfromhell.nodes import Heading, Node, Tag, Text
from mwparserfromhell.wikicode import Wikicode

from wikigap.model import (
    CANONICAL_NAMESPACES,
    Namespaces,
    Phrase,
    Problem,
    Signup,
    normalize_user,
    quoted,
)
from wikigap.read.wikitext import (
    LineIndex,
    first_user_link,
    is_ip,
    parse,
    positioned,
    tag_name,
    visible_text,
)

SECTION_NAMES = ("participants", "sign up", "signup", "sign-up", "attendees",
                 "registered", "deltagare")
_SECTION_KEYS = frozenset(name.replace("-", "").replace(" ", "") for name in SECTION_NAMES)
_CONTAINERS = frozenset({"div", "center", "section", "blockquote"})
_ITEM_MARKERS = frozenset({"#", "*"})
_LIST_MARKERS = frozenset({"#", "*", ":", ";"})
_TRAILING_REMARK = re.compile(r"\s*(?:\([^()]*\)|:)\s*$")
_TIMESTAMP = re.compile(
    r"(?:\d{1,2}[:.]\d{2},?\s+)?\d{1,2}\.?\s+\w+\.?,?\s+\d{4}"
    r"(?:,?\s+(?:kl\.?\s+)?\d{1,2}[:.]\d{2})?\s*\((?:UTC|[A-Z]{2,5}|UTC[+-]\d{1,2})\)")
_INVALID_NAME = frozenset("#<>[]|{}@:/")
MAX_NAME_LENGTH = 85
QUOTE_LENGTH = 80


@dataclass(frozen=True)
class Entry:
    """One sign-up line: who it names (or None), whether it is struck, what it says."""

    line: int
    user: str | None
    struck: bool
    text: str


def parse_signup(text: str, title: str, event_key: str,
                 namespaces: Namespaces = CANONICAL_NAMESPACES) -> Signup:
    """Read the participants of the sign-up page ``title`` of event ``event_key``."""
    code = parse(text or "")
    items = _section_items(code, LineIndex(text or ""))
    if items is None:
        return Signup((), has_section=False, problems=(no_section(title, event_key),))
    entries = [entry for entry in (read_item(nodes, line, namespaces) for line, nodes in items)
               if entry is not None]
    return collect(entries, title, event_key)


def heading_matches(text: str) -> bool:
    """Tell whether a heading names a sign-up section."""
    text = _TRAILING_REMARK.sub("", " ".join(text.split()))
    return text.casefold().replace("-", "").replace(" ", "") in _SECTION_KEYS


# ---------------------------------------------------------------- sections

def _lines(code: Wikicode) -> Iterator[list[tuple[Node, int]]]:
    """Yield the page line by line as positioned nodes, opening layout tags.

    Text nodes are cut at newlines; a comment or ``<nowiki>`` spanning lines
    stays one node, so a list item inside it never becomes a line of its own.
    """
    current: list[tuple[Node, int]] = []
    for node, offset in positioned(code, 0, lambda tag: tag_name(tag) in _CONTAINERS):
        if not isinstance(node, Text) or "\n" not in node.value:
            current.append((node, offset))
            continue
        pieces = node.value.split("\n")
        for piece in pieces[:-1]:
            if piece:
                current.append((Text(piece), offset))
            yield current
            current, offset = [], offset + len(piece) + 1
        if pieces[-1]:
            current.append((Text(pieces[-1]), offset))
    yield current


def _section_items(code: Wikicode, lines: LineIndex) -> list[tuple[int, list[Node]]] | None:
    """Return (line, item nodes) of the sign-up sections, or None when there is none."""
    level: int | None = None
    found = False
    items: list[tuple[int, list[Node]]] = []
    for line in _lines(code):
        heading = _heading(line)
        if heading is not None:
            if level is not None and heading.level <= level:
                level = None
            if level is None and heading_matches(visible_text(heading.title)):
                level, found = heading.level, True
        elif level is not None:
            item = _item(line)
            if item is not None:
                items.append((lines.line(line[0][1]), item))
    return items if found else None


def _heading(line: list[tuple[Node, int]]) -> Heading | None:
    """Return the heading a line holds, ignoring blanks and comments around it."""
    nodes = [node for node, _ in line if not _is_blank(node)]
    return nodes[0] if len(nodes) == 1 and isinstance(nodes[0], Heading) else None


def _is_blank(node: Node) -> bool:
    """Tell whitespace-only text."""
    return isinstance(node, Text) and not node.value.strip()


def _item(line: list[tuple[Node, int]]) -> list[Node] | None:
    """Return the content of a ``#``/``*`` list line after its markers, else None."""
    markers = 0
    while markers < len(line) and _is_marker(line[markers][0]):
        markers += 1
    last = line[markers - 1][0] if markers else None
    if not isinstance(last, Tag) or str(last.wiki_markup) not in _ITEM_MARKERS:
        return None
    return [node for node, _ in line[markers:]]


def _is_marker(node: Node) -> bool:
    """Tell a list marker tag (``#``, ``*``, ``:``, ``;``)."""
    return isinstance(node, Tag) and str(node.wiki_markup or "") in _LIST_MARKERS


# ---------------------------------------------------------------- items

def read_item(nodes: list[Node], line: int, namespaces: Namespaces) -> Entry | None:
    """Read who one list item names; None for an empty item.

    A bare name is only taken from a line without links: "[[Main Page]] is
    where I work ~~~~" must not make "Main Page is where I work" a user.
    """
    code = Wikicode(nodes)
    text = visible_text(code)
    link = first_user_link(code, namespaces)
    if link is not None:
        return Entry(line, link[0], link[1], text)
    if not text:
        return None
    if code.filter_wikilinks() or code.filter_external_links():
        return Entry(line, None, not visible_text(code, keep_struck=False), text)
    active = signature_name(visible_text(code, keep_struck=False))
    if active:
        return Entry(line, active, False, text)
    struck = not visible_text(code, keep_struck=False)
    return Entry(line, signature_name(text), struck, text)


def signature_name(text: str) -> str | None:
    """Return the bare user name before a signature timestamp, if it looks like one."""
    match = _TIMESTAMP.search(text)
    if not match:
        return None
    name = normalize_user(text[:match.start()].strip(" -–—,~:;"))
    if is_ip(name):
        return name
    if not name or len(name) > MAX_NAME_LENGTH or _INVALID_NAME & set(name):
        return None
    return name


# ---------------------------------------------------------------- result

def collect(entries: list[Entry], title: str, event_key: str) -> Signup:
    """Count each user once, set withdrawals apart, and turn bad lines into problems."""
    participants: dict[str, int] = {}
    struck: list[str] = []
    problems: list[Problem] = []
    for entry in entries:
        if entry.struck:
            struck.extend([entry.user] if entry.user and not is_ip(entry.user) else [])
        elif entry.user is None or is_ip(entry.user):
            problems.append(_line_problem(entry, title, event_key))
        else:
            participants.setdefault(entry.user, entry.line)
    withdrawn = tuple(dict.fromkeys(user for user in struck if user not in participants))
    return Signup(tuple(participants), dict(participants), withdrawn, tuple(problems))


def _quote(text: str) -> Phrase:
    """Quote a line for a message, shortened, in the reader's quotation marks."""
    if len(text) > QUOTE_LENGTH:
        text = text[:QUOTE_LENGTH - 1] + "…"
    return quoted(text)


def _line_problem(entry: Entry, title: str, event_key: str) -> Problem:
    """Explain an IP or a nameless sign-up line and how to mend it."""
    line = str(entry.line)
    if entry.user is not None:
        return Problem(
            "signup-ip", Phrase("wikigapbot-problem-signup-ip", (line, title, entry.user)),
            Phrase("wikigapbot-fix-signup-ip", (title, line)),
            event=event_key, page=title, line=entry.line, subject=entry.user)
    return Problem(
        "signup-no-user", Phrase("wikigapbot-problem-signup-no-user",
                                 (line, title, _quote(entry.text))),
        Phrase("wikigapbot-fix-signup-no-user", (line, title)),
        event=event_key, page=title, line=entry.line, subject=entry.text.strip())


def no_section(title: str, event_key: str) -> Problem:
    """Explain a sign-up page without a sign-up section."""
    return Problem(
        "signup-no-section", Phrase("wikigapbot-problem-signup-no-section", (title,)),
        Phrase("wikigapbot-fix-signup-no-section", (title,)), event=event_key, page=title)
