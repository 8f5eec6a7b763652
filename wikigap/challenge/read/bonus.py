"""Read the Challenge's bonus list: the Wikidata ids of the women whose articles earn a bonus.

Reads the bonus page's wikitext (the ``challenge`` task fetches it on every
run, since lists grew during past contests); writes nothing. An id is taken
from ``[[d:Q…]]`` or ``[[wikidata:Q…]]`` links (with or without a leading
colon or a label), ``{{Q|…}}`` templates, or a bare ``Q…`` written on a list
line (``* Q7259 Ada Lovelace``). One id covers the woman's article on every
Wikipedia. Struck-out entries (``<s>``, ``<del>``, ``<strike>``) were taken
off the list and do not count; comments are ignored.

Lines the bot cannot use become problems (never exceptions): a link or
template whose value is not an item id, and a list line that names no id.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Node, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from wikigap.model import Phrase, Problem

_ITEM = re.compile(r"[Qq]([1-9][0-9]{0,11})")
_DIGITS = re.compile(r"([1-9][0-9]{0,11})")
_BARE = re.compile(r"(?<![\w:/])Q[1-9][0-9]{0,11}(?!\w)")
_PREFIXES = frozenset({"d", "wikidata"})
_TEMPLATES = frozenset({"q"})
_STRIKE = frozenset({"s", "del", "strike"})
_LIST_MARKUP = frozenset({"*", "#", ";", ":"})
#: "[[d:Q7259|Ada Lovelace]] or {{Q|Q7259}}", in the reader's language.
_EXAMPLE = Phrase("wikigapbot-bonus-example", ("[[d:Q7259|Ada Lovelace]]", "{{Q|Q7259}}"))


@dataclass(frozen=True)
class BonusPage:
    """The ids on the bonus page (``Q123``, in page order, each once) and its problems."""

    ids: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)   # id -> line it was first found on

    def __contains__(self, item: object) -> bool:
        return item in self.lines


@dataclass
class _Line:
    number: int
    nodes: list[Node]

    @property
    def listed(self) -> bool:
        """Tell whether the line is a list item: its first node is ``*``, ``#``, ``;`` or ``:``."""
        first = next((n for n in self.nodes if not (isinstance(n, Text) and not n.value)), None)
        return isinstance(first, Tag) and first.wiki_markup in _LIST_MARKUP


def read_bonus(text: str, page: str | None = None) -> BonusPage:
    """Read every bonus id on a page's wikitext; problems carry the page and line."""
    ids: dict[str, int] = {}
    problems: list[Problem] = []
    for line in _lines(mwparserfromhell.parse(text)):
        found = list(_found(line))
        for value, status, number in found:
            if status == "id":
                ids.setdefault(value, number)
            elif status == "bad":
                problems.append(_bad_id(value, page, number))
        if line.listed and not found and _has_text(line.nodes):
            problems.append(Problem(
                code="bonus-no-id", page=page, line=line.number,
                message=Phrase("wikigapbot-problem-bonus-no-id", (str(line.number),)),
                fix=Phrase("wikigapbot-fix-bonus-no-id", (_EXAMPLE,)),
                subject=_plain(line.nodes)[:80]))
    return BonusPage(ids=tuple(ids), problems=tuple(problems), lines=ids)


def _lines(code: Wikicode) -> Iterator[_Line]:
    """Split the page's top-level nodes into lines; a node spanning lines belongs to its first."""
    number, spanned, nodes = 1, 0, []
    for node in code.nodes:
        if not (isinstance(node, Text) and "\n" in node.value):
            nodes.append(node)
            spanned += str(node).count("\n")
            continue
        head, *rest = node.value.split("\n")
        nodes.append(Text(head))
        for part in rest:
            yield _Line(number, nodes)
            number, spanned, nodes = number + spanned + 1, 0, [Text(part)]
    yield _Line(number, nodes)


def _found(line: _Line) -> Iterator[tuple[str, str, int]]:
    """Yield (value, 'id' | 'struck' | 'bad', line number) for each id-like thing on a line.

    A node spanning lines (a table, a template) places each find on its own
    line, by finding its source text within the node's.
    """
    number = line.number
    for top in line.nodes:
        source, cursor = str(top), 0
        for value, status, piece in _ids([top], line.listed, False):
            at = source.find(piece, cursor)
            cursor = max(at, cursor)
            yield value, status, number + source.count("\n", 0, cursor)
        number += source.count("\n")


def _ids(nodes: list[Node], bare: bool, struck: bool) -> Iterator[tuple[str, str, str]]:
    """Yield (value, status, source text) for each id in nodes, in document order."""
    for node in nodes:
        if isinstance(node, Wikilink):
            value = _link_value(str(node.title))
            if value is not None:
                yield _checked(value, struck) + (str(node),)
        elif isinstance(node, Template):
            if _name(node) in _TEMPLATES:
                value = str(node.get(1).value).strip() if node.has(1) else ""
                value = mwparserfromhell.parse(value).strip_code().strip()
                yield _checked(value, struck) + (str(node),)
            else:
                for param in node.params:
                    yield from _ids(param.value.nodes, False, struck)
        elif isinstance(node, Tag) and node.contents is not None:
            inner = struck or str(node.tag).strip().lower() in _STRIKE
            yield from _ids(node.contents.nodes, bare, inner)
        elif isinstance(node, Text) and bare:
            for match in _BARE.finditer(node.value):
                yield match.group(0), "struck" if struck else "id", str(node)


def _link_value(title: str) -> str | None:
    """Give what follows ``d:`` or ``wikidata:`` in a link target, or None for other links."""
    prefix, colon, rest = title.strip().lstrip(":").partition(":")
    if not colon or prefix.strip().lower() not in _PREFIXES:
        return None
    return rest.split("#")[0].strip()


def _checked(value: str, struck: bool) -> tuple[str, str]:
    """Give the normalised id (``q42`` and ``42`` read as ``Q42``) and its status."""
    match = _ITEM.fullmatch(value) or _DIGITS.fullmatch(value)
    if match:
        return f"Q{match.group(1)}", "struck" if struck else "id"
    return value, "struck" if struck else "bad"


def _bad_id(value: str, page: str | None, line: int) -> Problem:
    return Problem(code="bonus-bad-id", page=page, line=line,
                   message=Phrase("wikigapbot-problem-bonus-bad-id", (value[:80], str(line))),
                   fix=Phrase("wikigapbot-fix-bonus-bad-id", (_EXAMPLE,)), subject=value[:80])


def _has_text(nodes: list[Node]) -> bool:
    return bool(_plain(nodes).strip(" *#:;"))


def _plain(nodes: list[Node]) -> str:
    return " ".join(mwparserfromhell.parse("".join(map(str, nodes))).strip_code().split())


def _name(template: Template) -> str:
    return " ".join(str(template.name).replace("_", " ").split()).lower()
