"""Words, references and article links of an article's wikitext, for the Challenge's rules.

Pure: wikitext in, numbers out, through mwparserfromhell. Used by the
``challenge`` task on the revision texts it has read (``words_at_least`` needs
each counted revision and its parent; ``sources_and_links`` the article after
the contestant's last counted revision).

Body text is what a reader reads as prose: templates, ``<ref>`` and other
non-prose tags (math, gallery, …), tables, headings, comments, whole list
lines (``*``, ``#``, ``;``, ``:`` and HTML ``<li>``: in biographies they are
works, awards and links, as UKBot counts), files, categories and language
links are dropped; a link shows its label. Words are runs of letters, marks
and digits in any script (an apostrophe or hyphen inside a run joins it);
Chinese and Japanese characters have no spaces, so ``per_word`` of them make
a word (2, or 3 on Japanese wikis: UKBot's figures).

Words added are the *net* difference ``words(revision) - words(parent)``,
floored at 0, not a multiset difference of the two texts: it is what
"bytes added (net)" does for bytes, a rewording or a moved paragraph gains
nothing, and no one earns words by replacing another writer's words with
their own.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
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

from wikigap.model import normalize_title

_NON_PROSE_TAGS = frozenset({
    "ref", "references", "math", "chem", "ce", "gallery", "score", "timeline", "graph",
    "mapframe", "maplink", "templatestyles", "syntaxhighlight", "source", "hiero", "imagemap",
    "inputbox", "categorytree", "table", "li", "dt", "dd", "indicator", "section",
})
_LIST_MARKUP = frozenset({"*", "#", ";", ":"})
_SWITCH = re.compile(r"__[A-Z]+__")
_JOINERS = frozenset("'’-‐\u200c\u200d")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z]+)*")
_CJK = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
        (0x31F0, 0x31FF), (0xFF66, 0xFF9F), (0x20000, 0x3134F))


@dataclass(frozen=True)
class WikiNames:
    """How one wiki names things, lower case with spaces, for telling its links apart.

    The defaults are English; the task passes the wiki's own (siteinfo's
    namespaces and aliases, its interwiki map). ``hidden`` are the File,
    Image, Media and Category names (their links show no prose);
    ``namespaces`` every other non-article namespace; ``interwiki`` prefixes
    that are not languages; ``languages`` the language prefixes (None: any
    2–3 letter code); ``ref_templates`` templates that make a footnote of
    their own (short citations like ``{{sfn}}``).
    """

    hidden: frozenset[str] = frozenset({"file", "image", "media", "category"})
    namespaces: frozenset[str] = frozenset({
        "talk", "user", "user talk", "wikipedia", "wikipedia talk", "project", "wp", "file talk",
        "mediawiki", "mediawiki talk", "template", "template talk", "help", "help talk",
        "category talk", "portal", "portal talk", "draft", "draft talk", "module",
        "module talk", "special", "timedtext", "book", "education program", "gadget"})
    interwiki: frozenset[str] = frozenset({
        "d", "wikidata", "c", "commons", "m", "meta", "wikt", "wiktionary", "s", "wikisource",
        "q", "wikiquote", "b", "wikibooks", "n", "wikinews", "v", "wikiversity", "voy",
        "wikivoyage", "species", "wikispecies", "mw", "w", "wmf", "foundation", "phab"})
    languages: frozenset[str] | None = None
    ref_templates: frozenset[str] = frozenset({"sfn", "sfnp", "sfnm", "harvnb"})

    def prefix_kind(self, target: str) -> str:
        """Classify a link target: 'article', 'hidden', 'language' or 'other'."""
        visible = target.strip().startswith(":")
        prefix, colon, _ = target.strip().lstrip(":").partition(":")
        key = " ".join(prefix.replace("_", " ").split()).lower()
        if not colon or not key:
            return "article"
        if key in self.hidden:
            return "other" if visible else "hidden"
        if key in self.namespaces or key in self.interwiki:
            return "other"
        language = (key in self.languages if self.languages is not None
                    else _LANGUAGE.fullmatch(key) is not None)
        if language:
            return "other" if visible else "language"
        return "article"


def body_text(text: str, names: WikiNames = WikiNames()) -> str:
    """Give the prose of an article's wikitext, markup stripped (see the module docstring)."""
    return "".join(_body(mwparserfromhell.parse(text, skip_style_tags=False), names))


def count_words(text: str, language: str | None = None) -> int:
    """Count the words of plain text; ``language`` (a wiki code) sets CJK characters per word.

    A run of word characters counts 1 if it holds any non-CJK character, and
    its CJK characters add up over the text; so the count never exceeds
    (characters + 1) // 2 (every word but the last needs a separator).
    """
    per_word = 3 if language == "ja" else 2
    runs = cjk = 0
    in_run = plain = False
    for i, char in enumerate(text):
        if _is_cjk(char):
            cjk += 1
            in_run = True
        elif _is_word(char) or (in_run and char in _JOINERS and _joins(text, i)):
            plain, in_run = True, True
        else:
            runs += plain
            in_run = plain = False
    return runs + plain + cjk // per_word


def article_words(text: str | None, language: str | None = None,
                  names: WikiNames = WikiNames()) -> int:
    """Count the body-text words of one revision's wikitext (None, a missing parent: 0)."""
    return 0 if not text else count_words(body_text(text, names), language)


def word_delta(text: str, parent: str | None, language: str | None = None,
               names: WikiNames = WikiNames()) -> int:
    """Give words(revision) - words(parent), signed; a page creation has no parent."""
    return article_words(text, language, names) - article_words(parent, language, names)


def words_added(text: str, parent: str | None, language: str | None = None,
                names: WikiNames = WikiNames()) -> int:
    """Give one revision's words added: the net difference, never below 0.

    For an article, sum :func:`word_delta` over the contestant's counted
    revisions and floor the sum at 0, as its bytes added are.
    """
    return max(0, word_delta(text, parent, language, names))


def count_refs(text: str, names: WikiNames = WikiNames()) -> int:
    """Count the article's sources: ``<ref>`` tags with content, and short-citation templates.

    A self-closing or empty ``<ref name=x/>`` reuses a source defined
    elsewhere, so it is not counted again; identical ``{{sfn|…}}`` calls are
    one source; templates inside a ``<ref>`` belong to that reference.
    """
    return _refs(mwparserfromhell.parse(text), names)


def _refs(code: Wikicode, names: WikiNames) -> int:
    refs = sum(1 for tag in code.filter_tags(recursive=True)
               if _tag_name(tag) == "ref" and _has_content(tag))
    short = {_normal(str(node)) for node, in_ref in _walk(code)
             if not in_ref and isinstance(node, Template) and _name(node) in names.ref_templates}
    return refs + len(short)


def count_links(text: str, names: WikiNames = WikiNames()) -> int:
    """Count the distinct articles the text links to (main namespace, not inside a reference)."""
    return _links(mwparserfromhell.parse(text), names)


def _links(code: Wikicode, names: WikiNames) -> int:
    targets = set()
    for node, in_ref in _walk(code):
        if isinstance(node, Wikilink) and not in_ref:
            target = html.unescape(str(node.title)).split("#")[0]
            if target.strip().lstrip(":").strip() and names.prefix_kind(target) == "article":
                targets.add(_title_key(target))
    return len(targets)


#: The figures :func:`measure` gives, each with the version of how it is counted: a
#: change to the counting bumps its version, and a stored figure of another version
#: is counted again (from the revision's text, read again for it alone).
FIGURE_VERSIONS = {"bytes": 1, "words": 1, "refs": 1, "links": 1}


def measure(text: str, language: str | None = None, names: WikiNames = WikiNames(),
            wanted: Iterable[str] = tuple(FIGURE_VERSIONS)) -> dict[str, int]:
    """Give a revision's ``wanted`` figures from one parse of its text.

    ``bytes`` is the text's UTF-8 size; ``words`` what :func:`article_words`
    counts, ``refs`` :func:`count_refs`, ``links`` :func:`count_links`: the
    same functions, on the same parse (they only read it).
    """
    wanted = set(wanted)
    found = {"bytes": len(text.encode("utf-8"))} if "bytes" in wanted else {}
    if not wanted & {"words", "refs", "links"}:
        return found
    code = mwparserfromhell.parse(text, skip_style_tags=False)
    if "words" in wanted:
        found["words"] = count_words("".join(_body(code, names)), language) if text else 0
    if "refs" in wanted:
        found["refs"] = _refs(code, names)
    if "links" in wanted:
        found["links"] = _links(code, names)
    return found


def _body(code: Wikicode, names: WikiNames) -> Iterator[str]:
    """Yield the prose of each node, skipping list lines up to their line break."""
    in_list = False
    for node in code.nodes:
        if isinstance(node, Tag) and node.wiki_markup in _LIST_MARKUP:
            in_list = True
        elif in_list:
            if isinstance(node, Text) and "\n" in node.value:
                in_list = False
                yield _SWITCH.sub("", node.value[node.value.index("\n"):])
        else:
            yield _node_text(node, names)


def _node_text(node: Node, names: WikiNames) -> str:
    """Give one node's prose."""
    if isinstance(node, Text):
        return _SWITCH.sub("", node.value)
    if isinstance(node, HTMLEntity):
        return node.normalize()
    if isinstance(node, Wikilink):
        if names.prefix_kind(str(node.title)) in ("hidden", "language"):
            return ""
        return "".join(_body(node.text if node.text is not None else node.title, names))
    if isinstance(node, ExternalLink):
        return "".join(_body(node.title, names)) if node.title is not None and node.brackets else ""
    if isinstance(node, Tag):
        if node.wiki_markup == "{|" or _tag_name(node) in _NON_PROSE_TAGS:
            return ""
        if node.self_closing or node.contents is None:
            return " " if _tag_name(node) in ("br", "hr") else ""
        return "".join(_body(node.contents, names))
    if isinstance(node, Heading):
        return "\n"
    return ""   # templates, comments, template arguments


def _walk(code: Wikicode, in_ref: bool = False) -> Iterator[tuple[Node, bool]]:
    """Yield every node in document order, with whether it sits inside a ``<ref>``."""
    for node in code.nodes:
        yield node, in_ref
        if isinstance(node, Tag) and node.contents is not None:
            yield from _walk(node.contents, in_ref or _tag_name(node) == "ref")
        elif isinstance(node, Template):
            for param in node.params:
                yield from _walk(param.value, in_ref)
        elif isinstance(node, Wikilink) and node.text is not None:
            yield from _walk(node.text, in_ref)
        elif isinstance(node, Heading):
            yield from _walk(node.title, in_ref)


def _has_content(tag: Tag) -> bool:
    """Tell whether a tag holds more than blanks and comments (a ``<ref>`` that defines a source)."""
    if tag.self_closing or tag.contents is None:
        return False
    return any(not isinstance(n, Comment) and not (isinstance(n, Text) and not n.value.strip())
               for n in tag.contents.nodes)


def _is_word(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _is_cjk(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _CJK)


def _joins(text: str, i: int) -> bool:
    """Tell whether the joiner at ``i`` has word characters on both sides (don't, well-known)."""
    return i + 1 < len(text) and _is_word(text[i + 1]) and not _is_cjk(text[i + 1])


def _tag_name(tag: Tag) -> str:
    return str(tag.tag).strip().lower()


def _name(template: Template) -> str:
    return " ".join(str(template.name).replace("_", " ").split()).lower()


def _normal(text: str) -> str:
    return " ".join(text.split())


def _title_key(target: str) -> str:
    """Key a link's target as a first-letter-case wiki (every Wikipedia) keys its title."""
    return normalize_title(target.replace("_", " ").strip().lstrip(":"))
