"""Escape text read from wikis before the bot writes it back into wikitext.

Event names, places and user names come from pages anyone can edit. Written
back verbatim they could open a template (``{{subst:…}}``), a link, a table
cell, a tag or comment, a heading or list, expand to a signature (``~~~~``)
or switch on a behaviour (``__NOTOC__``).

Why HTML character references and not ``<nowiki>``: a reference escapes one
character where it stands, so the result is safe in every context we write
(running text, a table cell, a template argument, a link label) and can be
concatenated freely; ``<nowiki>`` must wrap whole values, leaves line-start
and table-cell syntax around it live, and is itself a tag that a value could
try to close. MediaWiki renders ``&#124;`` as ``|``, so readers see the text
they typed; ``html.unescape`` of any result gives back the (whitespace-
normalised) input, which the tests check.

Only characters that can start markup are encoded, so ordinary names stay
readable in the page source.
"""
from __future__ import annotations

import re

_ALWAYS = {
    "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;",
    "|": "&#124;", "<": "&lt;", ">": "&gt;",
}
_LINE_START = {
    "*": "&#42;", "#": "&#35;", ":": "&#58;", ";": "&#59;", "=": "&#61;",
    "-": "&#45;", "!": "&#33;", "+": "&#43;", "'": "&#39;",
}
_RUNS = {"~": "&#126;", "_": "&#95;", "'": "&#39;"}   # harmful only in runs

_SINGLE = re.compile("[{}\\[\\]|<>]")
_RUN = re.compile(r"~{3,}|_{2,}|'{2,}")
_ENTITY_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_SCHEMES = ("mailto", "news", "tel", "sip", "urn", "xmpp")   # free links without "//"
_URL_COLON = re.compile(
    "(?<=[A-Za-z]):(?=//)|(?i:" + "|".join(rf"(?<=\b{s})" for s in _SCHEMES) + "):")
_MAGIC_LINK = re.compile(r"\b(ISBN|RFC|PMID) (?=[0-9])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")

# Titles MediaWiki refuses; a link to them would be text, or a different page.
_BAD_TITLE = re.compile(r"[\[\]{}|#<>\x00-\x1f\x7f]|~{3}|%[0-9A-Fa-f]{2}|&#?[0-9A-Za-z]+;")


def _one_line(text: str) -> str:
    """Fold line breaks into spaces and trim: a value must not start new lines."""
    return _BREAKS.sub(" ", str(text)).strip()


def _encode(text: str) -> str:
    """Encode characters that open markup anywhere on a line."""
    text = _ENTITY_AMP.sub("&amp;", text)
    text = _SINGLE.sub(lambda m: _ALWAYS[m.group(0)], text)
    text = _RUN.sub(lambda m: "".join(_RUNS[c] for c in m.group(0)), text)
    text = _MAGIC_LINK.sub(r"\1&#32;", text)
    return _URL_COLON.sub("&#58;", text)


def _encode_ends(text: str) -> str:
    """Encode a first character that would start a list, heading, rule or table line.

    A last apostrophe is encoded too: next to the template's own ``'''`` it
    would change bold and italics around the value.
    """
    if text and text[0] in _LINE_START:
        text = _LINE_START[text[0]] + text[1:]
    if text.endswith("'"):
        text = text[:-1] + "&#39;"
    return text


def plain(text: object) -> str:
    """Escape a value for running text (also safe at the start of a line).

    Besides brackets, pipes and tags it encodes ``~~~`` (signatures), ``__``
    (behaviour switches like ``__NOTOC__``), ``''`` (bold/italic), the colon of
    ``http://`` or ``mailto:`` (free external links), the space of ``ISBN 1…``
    (magic links) and a leading list/heading character.
    """
    if text is None:
        return ""
    return _encode_ends(_encode(_one_line(str(text))))


def cell(text: object) -> str:
    """Escape a value for a table cell: also every ``!`` (``!!`` splits header cells)."""
    return plain(text).replace("!", "&#33;")


def template_arg(text: object) -> str:
    """Escape a value for a template parameter: also every ``=`` (it would name the parameter)."""
    return plain(text).replace("=", "&#61;")


def link_target(title: str) -> str:
    """Return ``title`` as a ``[[…]]`` target, led by ``:`` so categories and files only link.

    Underscores become spaces and runs of spaces one, as MediaWiki normalises
    titles, which also defuses ``__NOTOC__``. A title MediaWiki cannot have
    (``[]{}|#<>``, control characters, ``~~~``, ``%XX``, character references)
    raises ValueError: no encoding could make such a link reach a real page.
    """
    target = re.sub(r"[ _]+", " ", str(title)).strip()
    if not target or target.startswith(":") or _BAD_TITLE.search(target):
        raise ValueError(f"not a valid page title for a link: {title!r}")
    return ":" + target


def link(title: str | None, label: object = None) -> str:
    """Render ``[[:title|label]]``; fall back to the plain label when the title is unusable.

    The label defaults to the title. A value from a wiki that is not a valid
    title is shown as text rather than breaking the table around it.
    """
    text = plain(title if label is None or str(label).strip() == "" else label)
    if not title:
        return text
    try:
        target = link_target(title)
    except ValueError:
        return text
    return f"[[{target}|{text}]]"


_PLACEHOLDER = re.compile(r"(\$[1-9][0-9]*)")
_MESSAGE_ALWAYS = {"~": "&#126;", "=": "&#61;"}
_NEXT_TO_VALUE = {"'": "&#39;", "_": "&#95;"}


def message(text: str) -> str:
    """Escape a translation's own words, keeping its ``$1`` placeholders for the values.

    Translators write message files, not the bot's pages: whatever a
    translation holds is shown as text and can break no table, signature or
    template argument. Besides what :func:`plain` encodes, every ``~`` and
    ``=`` is encoded, a run of ``!!`` (it splits header cells), and an
    apostrophe or underscore touching a placeholder, which could join markup
    with the value put there (``l'$1`` next to a value ending in ``'``); see
    also :func:`_after_value`. Values in table lines pass :func:`cell`, so a
    single ``!`` next to them cannot make ``!!``.
    """
    pieces = _PLACEHOLDER.split(_one_line(text))
    for i in range(0, len(pieces), 2):
        piece = _encode(pieces[i]).replace("!!", "&#33;&#33;")
        piece = "".join(_MESSAGE_ALWAYS.get(c, c) for c in piece)
        if i + 1 < len(pieces) and piece[-1:] in _NEXT_TO_VALUE:
            piece = piece[:-1] + _NEXT_TO_VALUE[piece[-1]]
        if i > 0:
            piece = _after_value(piece)
        pieces[i] = piece
    return _encode_ends("".join(pieces))


def _after_value(piece: str) -> str:
    """Encode a first character that would join the value before it into markup.

    ``'`` and ``_`` (bold, behaviour switches), ``:`` not followed by a space
    (``http`` + ``://``) and a space before a digit (``ISBN`` + `` 1…``).
    """
    if piece[:1] in _NEXT_TO_VALUE:
        return _NEXT_TO_VALUE[piece[0]] + piece[1:]
    if piece[:1] == ":" and piece[1:2].strip():
        return "&#58;" + piece[1:]
    if piece[:1] == " " and piece[1:2].isdigit():
        return "&#32;" + piece[1:]
    return piece
