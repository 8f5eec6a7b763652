"""Update the progress report on se.wikimedia.org's project page.

Takes the page's wikitext and returns it with three kinds of change only: the
progress template's date parameter, the ``x`` of each configured goal line
``CODE - text x/y text``, and the bot's summary region. Everything else is
people's (status, activities, problems, the director's comment) and comes
back byte-for-byte. Templates and parameters are found with mwparserfromhell;
as a last guard the page's template structure (names and parameter names
outside the region) must be the same after the change as before.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import mwparserfromhell
from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikigap.regions import replace_region

_NUMBER = r"\d+(?:[ \u00a0]\d{3})*"


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
        if isinstance(node, Text) and node.value.strip():
            word = re.search(r"\S+", node.value)
            node.value = node.value[:word.start()] + value + node.value[word.end():]
            return
    old = str(target.value)
    rest = old.lstrip()
    lead = old[:len(old) - len(rest)]
    target.value = (lead + value + " " + rest) if rest.strip() else (value + old)


def _goal_pattern(code: str) -> re.Pattern[str]:
    """Match a goal line's head up to its first ``x/y``: ``* CODE - text x/y``."""
    return re.compile(
        rf"^(?P<head>[*#:; \t]*{re.escape(code)}[ \t]*[-–—][^\n]*?)"
        rf"(?<![\d.,])(?P<x>{_NUMBER})(?P<sep>[ \t]*/[ \t]*)(?P<y>{_NUMBER})(?![\d/])",
        re.MULTILINE)


def _format_like(value: int, y: str) -> str:
    """Write ``value`` grouped by thousands only when ``y`` is (with ``y``'s separator)."""
    grouping = re.search(r"\d([ \u00a0])\d", y)
    if not grouping:
        return str(value)
    return f"{value:,}".replace(",", grouping.group(1))


def update_goals(text: str, goals: Mapping[str, int | None]) -> str:
    """Replace ``x`` in every ``CODE - text x/y text`` line whose code has a value."""
    for code, value in goals.items():
        if value is None:
            continue
        text = _goal_pattern(code).sub(
            lambda m, v=value: m["head"] + _format_like(v, m["y"]) + m["sep"] + m["y"], text)
    return text


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
