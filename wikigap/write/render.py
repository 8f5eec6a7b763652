"""Render snapshots as wikitext: status tables, event tables, the Swedish summary.

Reads Jinja2 templates from ``templates/`` and returns text for a bot-owned
region (see :mod:`wikigap.write.regions`); writes nothing. Python sorts; numbers,
dates and every word come from :mod:`wikigap.write.messages`, the words through
the ``msg`` function each template gets, country names from CLDR
(:mod:`wikigap.write.countries`); templates only loop, place values and escape
them with the explicit filters ``plain``, ``cell``, ``arg`` and ``link`` from
:mod:`wikigap.write.escape`.
Autoescape is off (HTML escaping corrupts wikitext) and the delimiters
(``<< >>``, ``<% %>``, ``<# #>``) cannot clash with ``{{templates}}``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from wikigap.count.carry import source_phrase
from wikigap.model import Event, EventResult, Metrics, ParticipantResult, Snapshot
from wikigap.write import countries, escape
from wikigap.write.messages import (
    Messages,
    format_as_of,
    format_dates,
    format_day,
    format_number,
    format_time,
    messages,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

_TIME_SPAN = re.compile(r'(<span class="wikigapbot-time">)[^<]*(</span>)')


@lru_cache(maxsize=4)
def environment(path: str = str(TEMPLATES)) -> Environment:
    """Build the Jinja2 environment: wikitext-safe delimiters, strict, with escape filters."""
    env = Environment(
        loader=FileSystemLoader(path), autoescape=False, undefined=StrictUndefined,
        block_start_string="<%", block_end_string="%>",
        variable_start_string="<<", variable_end_string=">>",
        comment_start_string="<#", comment_end_string="#>",
        trim_blocks=True, lstrip_blocks=True)
    env.filters.update(plain=escape.plain, cell=escape.cell,
                       arg=escape.template_arg, link=escape.link)
    return env


def unread_names(unread: tuple[str, ...], language: str) -> str:
    """Name what could not be read as a sentence does: "English Wikipedia and Wikidata".

    A bare code would read as a word ("en" is Swedish for "one"): each wiki
    gets its name in the language, a registration or a course its words (never
    an error's text: that is for staff, in the run), and the list its
    language's joining words.
    """
    words = messages(language)
    return words.join(_unread_name(name, words) for name in unread)


def _unread_name(name: str, words: Messages) -> str:
    phrase = source_phrase(name)
    return words.wiki(name) if isinstance(phrase, str) else words.words(phrase)


def _as_of(moment: datetime | None, language: str) -> str | None:
    return None if moment is None else format_as_of(moment, language)


def without_time(text: str) -> str:
    """Blank the rendered update time so two renderings can be compared without it."""
    return _TIME_SPAN.sub(r"\1\2", text)


def same_but_time(a: str, b: str) -> bool:
    """Tell whether two renderings differ at most in their update time (then skip the edit)."""
    return without_time(a) == without_time(b)


def _number(n: int | None, language: str) -> dict[str, str]:
    """Give a number cell its text and its sort key (empty when unknown)."""
    return {"text": format_number(n, language), "sort": "" if n is None else str(n)}


def _metric_numbers(metrics: Metrics, language: str) -> list[dict[str, str]]:
    """Give the eight number columns of the status table, in column order."""
    values = (metrics.signed_up, metrics.active_participants, metrics.new_editors,
              metrics.articles_created, metrics.articles_improved, metrics.about_women,
              metrics.bytes_added, metrics.views)
    return [_number(v, language) for v in values]


def _wikis(codes: tuple[str, ...] | None, language: str) -> str:
    """List wiki codes, or say unknown when the metric could not be computed."""
    return messages(language).text("wikigapbot-unknown") if codes is None else ", ".join(codes)


def problem_text(result: EventResult, language: str) -> str:
    """Write an event's problems (its own and its row's) in ``language``, each once."""
    seen: dict[str, str] = {}
    words = messages(language)
    for problem in (*result.problems, *result.event.problems):
        seen.setdefault(problem.key, words.words(problem.message))
    return "; ".join(seen.values())


#: Problems shown on a row even when its event is counted: a mistake nobody is told of
#: otherwise (an organizer no notice can reach).
SHOWN_WHEN_COUNTED = frozenset({"organizer-unknown-user"})


def row_notes(result: EventResult, language: str) -> list[str]:
    """Give the messages of a counted event's problems the table shows under its name."""
    if not result.tallied:
        return []
    seen: dict[str, str] = {}
    words = messages(language)
    for problem in (*result.problems, *result.event.problems):
        if problem.code in SHOWN_WHEN_COUNTED:
            seen.setdefault(problem.key, words.words(problem.message))
    return list(seen.values())


def _event_row(result: EventResult, language: str) -> dict[str, Any]:
    """Give the template one event's cells (raw text; the template escapes it)."""
    event = result.event
    return {
        "page": event.page, "label": event.label or event.page or event.key,
        "country": country_name(event, language), "city": event.city,
        "dates": format_dates(event.first_day, event.last_day, language),
        "dates_sort": event.first_day.isoformat() if event.first_day else "",
        "wikis": ", ".join(event.wikis),
        "problem": None if result.tallied
        else problem_text(result, language) or messages(language).text("wikigapbot-unknown"),
        "numbers": _metric_numbers(result.metrics, language),
        "notes": row_notes(result, language),
        "as_of": _as_of(result.stale_since, language),
    }


def country_name(event: Event, language: str) -> str:
    """Name an event's country in the table's language (CLDR via Babel).

    A registration's ISO code names it; else the row's text, when it is a
    country's name in a shipped language (:mod:`wikigap.write.countries`), else
    as the row gives it. An online-only event from a registration, with no
    country, is "Online".
    """
    if event.country_code:
        locale = messages(language).locale
        return locale.territories.get(event.country_code.upper()) or event.country or event.country_code
    if event.online and not event.country:
        return messages(language).text("wikigapbot-table-online")
    return countries.country_name(event.country, language)


def private_note(results: Iterable[EventResult]) -> bool:
    """Tell whether a table needs the footnote on private participants (any registration read)."""
    return any(source.startswith("registration ") for r in results for source in r.sources)


def _sort_key(result: EventResult) -> tuple[bool, date, str, str]:
    """Order events by first day, then name; undated events last."""
    event = result.event
    return (event.first_day is None, event.first_day or date.min,
            event.label.casefold(), event.key)


def _time_context(taken_at: datetime, language: str) -> dict[str, Any]:
    """Give a template the message function and the time for its closing line."""
    return {"msg": messages(language), "time": format_time(taken_at, language)}


def render_status_table(snapshot: Snapshot, language: str, new_editor_days: int = 60) -> str:
    """Render the campaign's status table: one row per event, the campaign row, the time."""
    rows = [_event_row(r, language) for r in sorted(snapshot.events, key=_sort_key)]
    total = {"wikis": _wikis(snapshot.metrics.languages, language),
             "numbers": _metric_numbers(snapshot.metrics, language),
             "as_of": _as_of(snapshot.totals_stale_since, language)}
    template = environment().get_template("status-table.wiki.j2")
    impact = {"days": new_editor_days, "unknown": snapshot.metrics.gender_unknown}
    return template.render(rows=rows, total=total, impact=impact,
                           private=private_note(snapshot.events),
                           unread=unread_names(snapshot.unread, language),
                           **_time_context(snapshot.taken_at, language))


def _participant_row(person: ParticipantResult, language: str) -> dict[str, Any]:
    """Give the template one participant's cells."""
    numbers = (person.articles_created, person.articles_improved, person.about_women,
               person.bytes_added, person.views)
    return {"user": person.user, "page": f"User:{person.user}",
            "numbers": [_number(n, language) for n in numbers],
            "wikis": ", ".join(person.wikis)}


def _event_total(result: EventResult, language: str) -> dict[str, Any]:
    """Give the event table's totals row: active, signed up and new for its label, numbers, wikis."""
    m = result.metrics
    numbers = (m.articles_created, m.articles_improved, m.about_women, m.bytes_added, m.views)
    return {"active": m.active_participants, "signed_up": m.signed_up, "new": m.new_editors,
            "numbers": [_number(n, language) for n in numbers],
            "wikis": _wikis(m.languages, language), "as_of": _as_of(result.stale_since, language)}


def render_event_table(result: EventResult, language: str, taken_at: datetime,
                       new_editor_days: int = 60) -> str:
    """Render one event's table: a row per participant, the event's totals, the time, notes."""
    template = environment().get_template("event-table.wiki.j2")
    row = _event_row(result, language)
    impact = {"days": new_editor_days, "unknown": result.metrics.gender_unknown}
    return template.render(
        participants=[_participant_row(p, language) for p in result.participants],
        total=_event_total(result, language), problem=row["problem"], notes=row["notes"],
        impact=impact, private=private_note([result]), unread=unread_names(result.unread, language),
        **_time_context(taken_at, language))


def render_progress_summary(snapshot: Snapshot, language: str = "sv",
                            challenge: dict[str, Any] | None = None) -> str:
    """Render the short summary (Swedish on the project page) for the progress report's region.

    Every value goes through ``arg`` and every message is escaped, so the text
    is safe inside a template parameter: no ``|``, ``=``, ``}}`` or line-start
    markup from a wiki value or a translation. ``challenge`` (the Challenge's
    stored board summary: name, contestants, articles, languages, leaders,
    points, final) adds two sentences on the Challenge (:func:`challenge_sentences`).
    """
    m, msg = snapshot.metrics, messages(language)
    languages = m.languages
    unknown = msg("wikigapbot-summary-unknown-count")

    def count(n: int | None) -> int | str:
        return unknown if n is None else n

    context = {
        "msg": msg, "campaign": snapshot.campaign, "events": len(snapshot.events),
        "tallied": sum(1 for r in snapshot.events if r.tallied),
        "active": count(m.active_participants), "signed_up": count(m.signed_up),
        "created": count(m.articles_created), "improved": count(m.articles_improved),
        "bytes": count(m.bytes_added), "views": count(m.views),
        "women": count(m.about_women), "new_editors": count(m.new_editors),
        "languages": count(None if languages is None else len(languages)),
        "codes": msg.join(msg.language_name(code) for code in sorted(languages or ())),
        "day": format_day(snapshot.taken_at.date(), language),
        # the Challenge's latest board (its "summary", with "name"): one sentence more
        "challenge": challenge_sentences(challenge, msg) if challenge else "",
        "unread": unread_names(snapshot.unread, language),
        "stale_since": _as_of(_oldest_kept(snapshot), language) or "",
    }
    return environment().get_template("progress-summary.sv.wiki.j2").render(**context)


def challenge_sentences(challenge: dict[str, Any], msg: Messages) -> str:
    """Say the Challenge's numbers, then who leads, or once the board is final who won.

    A shared first place is named as shared (``leaders`` joined as the
    language joins a list); a board stored before ``leaders`` had only
    ``leader``, a comma-joined text.
    """
    arg = escape.template_arg
    leaders = challenge.get("leaders") or [n for n in [challenge.get("leader")] if n]
    points = challenge.get("points", 0)
    points = Decimal(str(points)).normalize() if isinstance(points, float) else points
    text = msg("wikigapbot-summary-challenge", arg(challenge["name"]), challenge["contestants"],
               challenge["articles"], challenge["languages"])
    if not leaders:
        return text
    keys = {(True, False): "wikigapbot-summary-challenge-won",
            (True, True): "wikigapbot-summary-challenge-won-shared",
            (False, False): "wikigapbot-summary-challenge-leading",
            (False, True): "wikigapbot-summary-challenge-leading-shared"}
    key = keys[(bool(challenge.get("final")), len(leaders) > 1)]
    return f"{text} {msg(key, arg(msg.join(leaders)), points)}"


def _oldest_kept(snapshot: Snapshot) -> datetime | None:
    """Give the time of the oldest number kept from an earlier snapshot, if any is."""
    times = [r.stale_since for r in snapshot.events if r.stale_since is not None]
    if snapshot.totals_stale_since is not None:
        times.append(snapshot.totals_stale_since)
    return min(times) if times else None
