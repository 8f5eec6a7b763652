"""Read and replace the bot-owned regions of a wiki page.

A region is the text between two marker lines::

    <!-- wikigapbot:begin NAME -->
    ...the bot's text...
    <!-- wikigapbot:end NAME -->

This is the only way the bot changes a page it does not own, so everything
outside the markers must come back byte-for-byte (CRLF, odd whitespace, other
regions). A page whose markers are missing, single, duplicated, out of order
or not on lines of their own raises :class:`RegionError` and must be skipped:
guessing where the bot's text belongs could overwrite people's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_SPACE = "[ \t]*"


class RegionError(ValueError):
    """The region's markers are unusable; the message names the region and the fix."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class _Span:
    """Where a region's content lies: ``text[start:end]``, lines ending in ``newline``."""

    start: int
    end: int
    newline: str


def begin_marker(name: str) -> str:
    """Return the begin marker line (without line break) for region ``name``."""
    return f"<!-- wikigapbot:begin {name} -->"


def end_marker(name: str) -> str:
    """Return the end marker line (without line break) for region ``name``."""
    return f"<!-- wikigapbot:end {name} -->"


def _marker_pattern(kind: str, name: str) -> re.Pattern[str]:
    """Match a marker of ``kind`` for exactly ``name`` (spacing inside the comment may vary)."""
    return re.compile(rf"<!--\s*wikigapbot:{kind}\s+{re.escape(name)}\s*-->")


def mentions_region(text: str, name: str) -> bool:
    """Tell whether a page holds any marker of region ``name`` (exactly that name)."""
    return any(_marker_pattern(kind, name).search(text) for kind in ("begin", "end"))


def _fix(name: str) -> str:
    """Say how to mend a region: the two marker lines, in order, each alone on its line."""
    return (f"put exactly one line '{begin_marker(name)}' and, below it, exactly one line "
            f"'{end_marker(name)}' on the page, each on a line of its own")


def _find_one(text: str, kind: str, name: str) -> re.Match[str]:
    """Find the single marker of ``kind``; raise when there is none or more than one."""
    found = list(_marker_pattern(kind, name).finditer(text))
    if not found:
        raise RegionError(name, f"region '{name}': no '{kind}' marker found; {_fix(name)}")
    if len(found) > 1:
        raise RegionError(
            name, f"region '{name}': {len(found)} '{kind}' markers found; {_fix(name)}")
    return found[0]


def _line_start(text: str, pos: int) -> int:
    """Return where the line holding ``pos`` starts."""
    return text.rfind("\n", 0, pos) + 1


def _alone_on_line(text: str, match: re.Match[str]) -> bool:
    """Tell whether only spaces or tabs share the marker's line."""
    start = _line_start(text, match.start())
    before = text[start:match.start()]
    after = re.match(rf"{_LINE_SPACE}\r?(\n|$)", text[match.end():])
    return not before.strip(" \t") and after is not None


def _span(text: str, name: str) -> _Span:
    """Locate the content between the markers of ``name`` or raise RegionError."""
    begin = _find_one(text, "begin", name)
    end = _find_one(text, "end", name)
    if end.start() < begin.start():
        raise RegionError(
            name, f"region '{name}': the end marker comes before the begin marker; {_fix(name)}")
    for match in (begin, end):
        if not _alone_on_line(text, match):
            raise RegionError(
                name, f"region '{name}': marker '{match.group(0)}' shares its line "
                      f"with other text; {_fix(name)}")
    content_start = text.index("\n", begin.end()) + 1
    newline = "\r\n" if text[content_start - 2:content_start] == "\r\n" else "\n"
    return _Span(content_start, _line_start(text, end.start()), newline)


def _lines(content: str, newline: str) -> str:
    """Turn ``content`` into whole lines ending in ``newline`` (empty stays empty)."""
    body = content.replace("\r\n", "\n").rstrip("\n")
    return "".join(line + newline for line in body.split("\n")) if body else ""


def read_region(text: str, name: str) -> str:
    """Return the text between the markers of ``name``, with ``\\n`` line breaks.

    The last line break is dropped, so ``read_region(replace_region(t, n, c), n)``
    gives back ``c`` without trailing line breaks.
    """
    span = _span(text, name)
    return text[span.start:span.end].replace("\r\n", "\n").rstrip("\n")


def replace_region(text: str, name: str, content: str) -> str:
    """Put ``content`` on its own lines between the markers of ``name``.

    Only ``text`` between the marker lines changes; the content's line breaks
    follow the page's (CRLF when the begin marker line ends in CRLF). Content
    that holds a marker of the same region is refused: it would break the
    page for the next run.
    """
    if any(_marker_pattern(kind, name).search(content) for kind in ("begin", "end")):
        raise RegionError(name, f"region '{name}': the new content contains the region's own "
                                "markers; the bot must not write them")
    span = _span(text, name)
    return text[:span.start] + _lines(content, span.newline) + text[span.end:]
