"""Read wikitext the way a person reads the rendered page, with mwparserfromhell.

The readers (registry, sign-up) ask three questions of a piece of wikitext:
what text does a reader see, which users does it link, and on which line of
the page does a node start. Structure (links, templates, tags, tables) is
always taken from the parser, never from regular expressions.

Templates are dropped from visible text (they are usually footnotes, icons or
maintenance tags) except a few that only wrap or produce text, listed in
``_TEXT_TEMPLATES``; their expansion is unknown here and guessing would put
template names into event places.
"""
from __future__ import annotations

import html
import ipaddress
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from urllib.parse import unquote

import mwparserfromhell
from mwparserfromhell.nodes import (
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from wikigap.model import CANONICAL_NAMESPACES, Namespaces, normalize_user

STRIKE_TAGS = frozenset({"s", "del", "strike"})
_STRIKE_TEMPLATES = frozenset({"strike", "s", "del", "strikethrough"})
_HIDDEN_TAGS = frozenset({"ref", "references", "math", "gallery", "score", "templatestyles"})
_MARKER_TAGS = frozenset({"li", "dt", "dd", "hr"})
_RAW_TAGS = frozenset({"nowiki", "pre", "code", "syntaxhighlight", "source"})
_HIDDEN_LINK_NAMESPACES = frozenset({"category", "file", "image"})
_USER_TEMPLATES = frozenset({"u", "user", "user0", "noping"})
_INTERWIKI_PREFIXES = frozenset({"m", "meta", "w", "wikipedia", "c", "commons", "mw",
                                 "metawiki", "wmse", "se", "outreach", "wikimedia"})
_LANGUAGE_PREFIX = re.compile(r"[a-z]{2,3}(-[a-z]+)*")
_FOOTNOTE_MARK = re.compile(r"\[\s*[\w ]{1,12}\s*\]")
_REPEATED_COMMA = re.compile(r"\s*,(\s*,)+")

# name -> index of the positional parameter whose text the template shows
_TEXT_TEMPLATES = {
    "nowrap": 1, "nobr": 1, "small": 1, "big": 1, "flag": 1, "flagcountry": 1,
    "lang": 2, "bdi": 2, "abbr": 1, "nobold": 1, "noitalic": 1,
}
_SYMBOL_TEMPLATES = {"ndash": "–", "mdash": "—", "snd": " – ", "spnd": " – ",
                     "!": "|", "=": "=", "nbsp": " ", "·": "·", "dot": "·"}


def parse(text: str | Wikicode) -> Wikicode:
    """Parse text once; accept parsed code so helpers compose."""
    if isinstance(text, Wikicode):
        return text
    return mwparserfromhell.parse(text, skip_style_tags=False)


def tag_name(tag: Tag) -> str:
    """Name a tag in lower case (``td``, ``s``, ``li``), whatever its spelling."""
    return str(tag.tag).strip().lower()


def links(code: Wikicode) -> Iterator[Wikilink | ExternalLink]:
    """Yield the wikilinks and external links in ``code``, nested ones too, in page order."""
    for node in code.ifilter(recursive=True):
        if isinstance(node, (Wikilink, ExternalLink)):
            yield node


def template_name(template: Template) -> str:
    """Name a template as MediaWiki resolves it: spaces, first letter case-blind."""
    name = " ".join(str(template.name).replace("_", " ").split())
    return name.removeprefix("Template:").removeprefix("template:").lower()


# ---------------------------------------------------------------- visible text

def visible_text(code: str | Wikicode, keep_struck: bool = True) -> str:
    """Return the text a reader sees, on one line, with ``<br>`` as ", ".

    Links show their label, comments and footnotes vanish, formatting goes.
    ``keep_struck=False`` also drops struck-out text, which the sign-up
    reader uses to tell a withdrawn line from an active one.
    """
    raw = _visible_code(parse(code), keep_struck)
    text = " ".join(raw.split())
    return _REPEATED_COMMA.sub(",", text).strip(" ,")


def _visible_code(code: Wikicode, keep_struck: bool) -> str:
    """Concatenate the visible text of each node."""
    return "".join(_visible_node(node, keep_struck) for node in code.nodes)


def _visible_node(node: Node, keep_struck: bool) -> str:
    """Dispatch one node to the reader for its kind."""
    if isinstance(node, Text):
        return node.value
    if isinstance(node, HTMLEntity):
        return node.normalize()
    if isinstance(node, Wikilink):
        return _visible_wikilink(node, keep_struck)
    if isinstance(node, ExternalLink):
        return _visible_code(node.title, keep_struck) if node.title else (
            "" if node.brackets else str(node.url))
    if isinstance(node, Tag):
        return _visible_tag(node, keep_struck)
    if isinstance(node, Template):
        return _visible_template(node, keep_struck)
    if isinstance(node, Heading):
        return _visible_code(node.title, keep_struck)
    return ""


def _visible_wikilink(link: Wikilink, keep_struck: bool) -> str:
    """Show a link's label; category and file links show nothing inline."""
    target = str(link.title).strip()
    if not target.startswith(":") and _namespace_of(target) in _HIDDEN_LINK_NAMESPACES:
        return ""
    if link.text is not None:
        return _visible_code(link.text, keep_struck)
    return target.lstrip(":")


def _visible_tag(tag: Tag, keep_struck: bool) -> str:
    """Show a tag's content, except footnotes, hidden tags and list markers."""
    name = tag_name(tag)
    if name == "br":
        return ", "
    if name in _HIDDEN_TAGS or tag.self_closing or (tag.wiki_markup and name in _MARKER_TAGS):
        return ""
    if name in STRIKE_TAGS and not keep_struck:
        return ""
    if name in _RAW_TAGS:
        return html.unescape(str(tag.contents))
    inner = _visible_code(tag.contents, keep_struck)
    if name == "sup" and _FOOTNOTE_MARK.fullmatch(inner.strip()):
        return ""
    return inner


def _visible_template(template: Template, keep_struck: bool) -> str:
    """Show the few templates that only wrap or make text; drop the rest."""
    name = template_name(template)
    if name in _SYMBOL_TEMPLATES:
        return _SYMBOL_TEMPLATES[name]
    if name in _STRIKE_TEMPLATES:
        return _visible_param(template, 1, keep_struck) if keep_struck else ""
    if name in _TEXT_TEMPLATES:
        return _visible_param(template, _TEXT_TEMPLATES[name], keep_struck)
    return ""


def _visible_param(template: Template, index: int, keep_struck: bool) -> str:
    """Show a positional parameter, or nothing when it is absent."""
    if not template.has(str(index)):
        return ""
    return _visible_code(template.get(str(index)).value, keep_struck)


# ---------------------------------------------------------------- user links

def is_ip(name: str) -> bool:
    """Tell whether a 'user name' is an IPv4/IPv6 address or range (not an account)."""
    try:
        ipaddress.ip_network(name.strip(), strict=False)
    except ValueError:
        return False
    return True


def _namespace_key(name: str) -> str:
    """Compare namespace names the way MediaWiki does: case- and '_'-blind."""
    return " ".join(name.replace("_", " ").split()).lower()


def _namespace_of(target: str) -> str:
    """Return the normalised text before the first colon of a link target."""
    prefix, colon, _ = target.partition(":")
    return _namespace_key(prefix) if colon else ""


def user_from_target(target: str, namespaces: Namespaces = CANONICAL_NAMESPACES) -> str | None:
    """Return the user a link target points at (User:, User talk:, contributions), or None.

    Interwiki prefixes such as ``:m:`` or ``:sv:`` are skipped because a
    signature made on another wiki still names the same global account.
    """
    title = html.unescape(unquote(target)).replace("_", " ").strip().lstrip(":")
    for _ in range(4):
        prefix, colon, rest = title.partition(":")
        if not colon:
            return None
        key = _namespace_key(prefix)
        if key in namespaces.user or key in namespaces.user_talk:
            return _user_name(rest.split("/")[0])
        if key in namespaces.special:
            return _contributions_target(rest, namespaces)
        if key not in _INTERWIKI_PREFIXES and not _LANGUAGE_PREFIX.fullmatch(prefix.strip()):
            return None
        title = rest.strip().lstrip(":")
    return None


def _contributions_target(rest: str, namespaces: Namespaces) -> str | None:
    """Read ``Contributions/Name`` after a Special: prefix."""
    page, slash, target = rest.partition("/")
    if not slash or _namespace_key(page) not in namespaces.contributions:
        return None
    return _user_name(target)


def _user_name(text: str) -> str | None:
    """Normalise a link's user part, dropping any #fragment; empty is None."""
    name = normalize_user(text.split("#")[0])
    return name or None


def user_links(code: str | Wikicode,
               namespaces: Namespaces = CANONICAL_NAMESPACES) -> list[tuple[str, bool]]:
    """List (user, struck) for every user link in order of appearance.

    Links count inside formatting and template parameters; ``{{u|Name}}``
    style templates count as links. ``struck`` is True inside ``<s>``,
    ``<del>``, ``<strike>`` or a strike template.
    """
    return list(_iter_user_links(parse(code), namespaces, False))


def first_user_link(code: str | Wikicode,
                    namespaces: Namespaces = CANONICAL_NAMESPACES) -> tuple[str, bool] | None:
    """Return the first (user, struck) in code, or None when it links no user."""
    return next(_iter_user_links(parse(code), namespaces, False), None)


def _iter_user_links(code: Wikicode, namespaces: Namespaces,
                     struck: bool) -> Iterator[tuple[str, bool]]:
    """Walk code in document order, carrying whether we are inside strike-out."""
    for node in code.nodes:
        user = _node_user(node, namespaces)
        if user:
            yield user, struck
        if isinstance(node, Tag) and not node.self_closing and tag_name(node) not in _RAW_TAGS:
            yield from _iter_user_links(node.contents, namespaces,
                                        struck or tag_name(node) in STRIKE_TAGS)
        elif isinstance(node, Template):
            inner = struck or template_name(node) in _STRIKE_TEMPLATES
            for param in node.params:
                yield from _iter_user_links(param.value, namespaces, inner)


def _node_user(node: Node, namespaces: Namespaces) -> str | None:
    """Return the user a single link or user template names."""
    if isinstance(node, Wikilink):
        return user_from_target(str(node.title), namespaces)
    if isinstance(node, Template) and template_name(node) in _USER_TEMPLATES and node.has("1"):
        return _user_name(visible_text(node.get("1").value))
    return None


# ---------------------------------------------------------------- positions

class LineIndex:
    """Turn character offsets into 1-based line numbers in O(log n)."""

    def __init__(self, text: str) -> None:
        self._breaks = [i for i, char in enumerate(text) if char == "\n"]

    def line(self, offset: int) -> int:
        """Return the 1-based line holding ``offset``."""
        return bisect_right(self._breaks, offset - 1) + 1


def open_length(tag: Tag) -> int:
    """Return how many characters precede a tag's contents in its source."""
    if tag.wiki_markup:
        close = tag.closing_wiki_markup or ""
    else:
        close = "</" + str(tag.closing_tag) + ">"
    return len(str(tag)) - len(str(tag.contents)) - len(close)


def positioned(code: Wikicode, start: int = 0,
               descend: Callable[[Tag], bool] = lambda tag: False
               ) -> Iterator[tuple[Node, int]]:
    """Yield each node of code with its offset, opening the tags ``descend`` accepts.

    mwparserfromhell keeps no positions, so offsets are rebuilt from node
    lengths; this is how readers report the line a row or an item is on.
    """
    offset = start
    for node in code.nodes:
        length = len(str(node))
        if isinstance(node, Tag) and not node.self_closing and descend(node):
            yield from positioned(node.contents, offset + open_length(node), descend)
        else:
            yield node, offset
        offset += length
