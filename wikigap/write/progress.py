"""Update the progress report on se.wikimedia.org's project page.

Takes the page's wikitext and returns it with three kinds of change only: the
progress template's date parameter, the ``x`` of each configured goal line
``CODE - text x/y text`` (never one in a comment or ``<nowiki>``; see
update_goals for which ``x/y`` is the goal), and the bot's summary region.
Everything else is people's (status, activities, problems, the director's
comment) and comes back byte-for-byte. Templates, parameters, comments and
nowiki are found with mwparserfromhell; as a last guard the page's template
structure (names and parameter names outside the region) must be the same
after the change as before.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial

import mwparserfromhell
from babel.dates import get_month_names
from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikigap.write.regions import replace_region

_NUMBER = r"(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)"


class ProgressError(ValueError):
    """The project page lacks what the report needs; the message names it and the fix."""


def _find_template(code: Wikicode, name: str) -> Template:
    """Return the one template called ``name``; raise when there is none or several."""
    found = [t for t in code.filter_templates() if t.name.matches(name)]
    if not found:
        raise ProgressError(f"template {{{{{name}}}}} not found on the page; add it or fix "
                            "progress_report.template in the campaign config")
    if len(found) > 1:
        raise ProgressError(f"template {{{{{name}}}}} appears {len(found)} times; the bot "
                            "cannot tell which one is the current report")
    return found[0]


def _set_param(template: Template, param: str, value: str) -> None:
    """Set ``param``'s date to ``value``, keeping everything else people put there.

    Only the first word of the first text (the old date) is replaced, so
    whitespace, comments and remarks around it stay as they were.
    """
    if not template.has(param):
        raise ProgressError(f"template {{{{{template.name.strip()}}}}} has no parameter "
                            f"'{param}'; add '|{param}=' to it or fix "
                            "progress_report.updated_param")
    target = template.get(param)
    for node in target.value.nodes:
        if not isinstance(node, Text):
            continue
        word = re.search(r"\S+", node.value)
        if word:
            node.value = node.value[:word.start()] + value + node.value[word.end():]
            return
    old = str(target.value)
    rest = old.lstrip()
    lead = old[:len(old) - len(rest)]
    target.value = (lead + value + " " + rest) if rest.strip() else (value + old)


def _month_names() -> str:
    """Return a regex alternation of Swedish and English month names, long and short (Babel)."""
    names = {name.rstrip(".") for locale in ("sv", "en") for width in ("wide", "abbreviated")
             for context in ("format", "stand-alone")
             for name in get_month_names(width, context, locale).values()}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_XY = re.compile(rf"(?<![\d.,/])(?P<x>{_NUMBER})(?P<sep>[ \t]*/[ \t]*)(?P<y>{_NUMBER})(?![\d/])")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE = re.compile(
    r"(?<![\d/.-])(?:\d{4}-\d{1,2}-\d{1,2}"            # 2021-03-08
    r"|\d{1,4}/\d{1,2}/\d{1,4}"                          # 8/3/2021, 2021/03/08
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}"                       # 8.3.2021
    rf"|{_DAY}/{_MONTH}(?:[ \u00a0]+|-)\d{{4}}"          # 8/3 2021, 8/3-2021
    rf"|\d{{1,2}}\.?[ \u00a0]+(?i:{_month_names()})\.?(?![^\W\d_])(?:[ \u00a0]+\d{{4}})?"
    rf"|(?i:{_month_names()})\.?[ \u00a0]+\d{{1,2}},?[ \u00a0]+\d{{4}}"  # March 8, 2021
    r")(?!\d)")
_AFTER_NUMBER = re.compile(r"\d[ \t\u00a0]+$")
_YEAR_RANGE = re.compile(r"(?<![\d/.,])(?P<first>(?:19|20)\d\d)[ \t]*/[ \t]*(?P<next>\d{2}|\d{4})(?![\d/])")


def _year_ranges(visible: str) -> list[tuple[int, int]]:
    """Find ``2021/22`` and ``2021/2022``: a year and the next one is a span of time, not x/y.

    Only the very next year counts, so a goal such as ``1950/2000`` is still read.
    """
    spans = []
    for match in _YEAR_RANGE.finditer(visible):
        first, following = int(match["first"]), match["next"]
        expected = str(first + 1) if len(following) == 4 else f"{(first + 1) % 100:02d}"
        if following == expected:
            spans.append(match.span())
    return spans


def _goal_line(code: str) -> re.Pattern[str]:
    """Match a goal line ``* CODE - rest``, capturing the head up to the dash and the rest."""
    return re.compile(rf"^(?P<head>[*#:; \t]*{re.escape(code)}[ \t]*[-–—])(?P<rest>[^\n]*)",
                      re.MULTILINE)


def _is_goal(visible: str, token: re.Match[str], dates: list[tuple[int, int]]) -> bool:
    """Tell whether ``token`` is the goal's numbers: in no date, not right after a number/date."""
    start, end = token.span()
    if any(d_start < end and start < d_end for d_start, d_end in dates):
        return False
    if _AFTER_NUMBER.search(visible[:start]):
        return False
    return not any(d_end < start and not visible[d_end:start].strip(" \t\u00a0")
                   for _, d_end in dates)


def _update_rest(rest: str, value: int, hidden: str) -> str:
    """Replace the ``x`` of the goal's ``x/y`` in a goal line's ``rest`` (after the dash).

    ``hidden`` marks where a comment or ``<nowiki>`` stood; the rest is read
    as if they were absent (as MediaWiki strips comments), and a token that
    spans one is not touched.
    """
    found = _goal_x(rest, hidden)
    if found is None:
        return rest
    x_start, x_end, y = found
    return rest[:x_start] + _format_like(value, y) + rest[x_end:]


def _goal_x(rest: str, hidden: str) -> tuple[int, int, str] | None:
    """Find the goal's ``x`` in a goal line's ``rest``: its span and the ``y``; None if none.

    A token that spans a comment or ``<nowiki>`` (``hidden``) is no goal.
    """
    keep = [i for i, char in enumerate(rest) if char != hidden]
    visible = "".join(rest[i] for i in keep)
    dates = [d.span() for d in _DATE.finditer(visible)] + _year_ranges(visible)
    for token in _XY.finditer(visible):
        if not _is_goal(visible, token, dates):
            continue
        start, end = token.span()
        if keep[end - 1] - keep[start] != end - 1 - start:
            return None
        return keep[token.start("x")], keep[token.end("x") - 1] + 1, token["y"]
    return None


def has_goal_line(text: str, code: str) -> bool:
    """Tell whether the page has a ``CODE - … x/y …`` line whose ``x`` the bot would update."""
    masked, hidden, _ = _hide(text)
    return any(_goal_x(m["rest"], hidden) is not None for m in _goal_line(code).finditer(masked))


def _hide(text: str) -> tuple[str, str, list[str]]:
    """Replace each comment and ``<nowiki>`` element by one placeholder character.

    Returns the masked text, the placeholder and the hidden pieces in page
    order. An unclosed ``<!--`` hides the rest of the page, as in MediaWiki.
    """
    hidden = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    code = mwparserfromhell.parse(text)
    nodes = [n for n in code.filter() if isinstance(n, Comment)
             or (isinstance(n, Tag) and str(n.tag).strip().lower() == "nowiki")]
    for node in nodes:
        code.replace(node, hidden)
    pieces = [str(n) for n in nodes]
    masked = str(code)
    unclosed = masked.find("<!--")
    if unclosed >= 0:
        pieces.append(masked[unclosed:])
        masked = masked[:unclosed] + hidden
    return masked, hidden, pieces


def _unhide(masked: str, hidden: str, pieces: list[str]) -> str:
    """Put the hidden pieces back where their placeholders are, in order."""
    parts = masked.split(hidden)
    return parts[0] + "".join(piece + part for piece, part in zip(pieces, parts[1:], strict=False))


def _format_like(value: int, y: str) -> str:
    """Write ``value`` grouped by thousands only when ``y`` is (with ``y``'s separator)."""
    grouping = re.search(r"\d([ \u00a0])\d", y)
    if not grouping:
        return str(value)
    return f"{value:,}".replace(",", grouping.group(1))


def update_goals(text: str, goals: Mapping[str, int | None]) -> str:
    """Replace ``x`` in every ``CODE - text x/y text`` line whose code has a value.

    The goal's numbers are the first ``x/y`` on the line (``x`` and ``y``
    whole numbers, optionally grouped by thousands with a space: ``1 000``)
    that
    - is not part of a date: ``8/3/2021``, ``2021/03/08``, ``8/3 2021``,
      ``8/3-2021``, or overlapping ``2021-03-08``, ``8.3.2021``, ``8 mars 2021``;
    - does not directly follow, with only spaces between, another number
      (a year such as ``från 2021 112/600``) or a date (``8 mars 5/10``):
      that text reads both as one number (``2 021 112``) and as a year
      beside a count, so the bot leaves such a line alone rather than
      overwrite the wrong number. ``år 2021: 5/10`` is read (the colon
      separates them);
    - is not glued to more digits, ``/``, ``.`` or ``,``.
    A line without such a token is left as it is. Comments and
    ``<nowiki>`` elements are never read as goal lines nor edited: they
    come back byte-for-byte.
    """
    masked, hidden, pieces = _hide(text)
    for code, value in goals.items():
        if value is None:
            continue
        masked = _goal_line(code).sub(partial(_replace_goal, value, hidden), masked)
    return _unhide(masked, hidden, pieces)


def _replace_goal(value: int, hidden: str, m: re.Match[str]) -> str:
    """Give a goal line with its ``x`` set to ``value`` (a ``re.sub`` replacement)."""
    return m["head"] + _update_rest(m["rest"], value, hidden)


def _structure(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """List every template's name and parameter names, in page order."""
    return [(str(t.name).strip(), tuple(str(p.name).strip() for p in t.params))
            for t in mwparserfromhell.parse(text).filter_templates()]


def _check_structure(before: str, after: str, marker: str) -> None:
    """Refuse a result whose templates or parameters differ outside the region."""
    if _structure(replace_region(before, marker, "")) != _structure(after):
        raise ProgressError("the update would change the page's templates or their "
                            "parameters (escaping failed?); the page was left alone")


def update_progress_page(text: str, *, template: str, updated_param: str, date_text: str,
                         goals: Mapping[str, int | None], marker: str, summary: str) -> str:
    """Return the project page with the report's date, goal numbers and summary updated.

    Raises ProgressError when the template or parameter is missing, and
    regions.RegionError when the marker region is broken: either way the
    caller skips the page rather than guessing.
    """
    code = mwparserfromhell.parse(text)
    _set_param(_find_template(code, template), updated_param, date_text)
    updated = replace_region(update_goals(str(code), goals), marker, summary)
    _check_structure(text, updated, marker)
    return updated
