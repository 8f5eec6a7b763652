"""Render a stored snapshot as CSV or JSON for ``bot.py export``.

Reads a :class:`~wikigap.model.Snapshot` (the latest one in the state file)
and returns text; the command line writes it to a file or standard output.
A number that could not be computed is ``null`` in JSON and empty in CSV,
never 0, so a spreadsheet cannot mistake "unknown" for "nothing done".
``stale_since`` is set on a row (and the campaign's) whose numbers were kept
from an earlier snapshot because a wiki or Wikidata could not be read: the
time they were read; ``unread`` names what could not be read.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from wikigap.model import SIGNUP_LIST, Article, Event, EventResult, Metrics, Snapshot
from wikigap.write.messages import english
from wikigap.write.render import country_name

FORMATS = ("csv", "json")
#: Every export names each row's event by its stable key (its page, else its registration or
#: course), its name as the tables show it, and its country in English (CLDR's, from a
#: registration's country code too).
EVENT_KEYS = ("event", "name", "country")
ARTICLE_FIELDS = (*EVENT_KEYS, "wiki", "title", "status", "edits", "bytes_added", "users", "creator",
                  "views", "wikidata", "about_woman", "stale_since")
EVENT_FIELDS = (*EVENT_KEYS, "page", "city", "first_day", "last_day", "wikis", "organizers",
                "sources", "unnamed_participants", "problems", "unread", "stale_since")
# CSV rows of the events export: the campaign row first, marked by ``row``.
EVENT_CSV_FIELDS = ("row", "snapshot", *EVENT_FIELDS, *Metrics.NAMES)
LIST_SEPARATOR = "; "


def export_articles(snapshot: Snapshot, fmt: str, excel: bool = False) -> str:
    """Return one row per (event page, wiki, title): status, edits, bytes, users, views, Wikidata item.

    ``wikidata`` is the item id or empty; ``about_woman`` true, false or
    null (CSV: empty) when Wikidata cannot place the item or was not read.
    """
    since = {r.event.key: _stale(r.stale_since) for r in snapshot.events}
    keys = {r.event.key: event_keys(r.event) for r in snapshot.events}
    rows = [{**_article_row(article), **keys.get(article.event, {}),
             "stale_since": since.get(article.event)} for article in snapshot.articles]
    return _dump(rows, ARTICLE_FIELDS, fmt, rows, excel)


def export_events(snapshot: Snapshot, fmt: str, excel: bool = False) -> str:
    """Return the campaign's and each event's metrics, with the events' registry fields."""
    events = [_event_row(result) for result in snapshot.events]
    campaign = {**_metric_fields(snapshot.metrics), "unread": list(snapshot.unread),
                "stale_since": _stale(snapshot.totals_stale_since)}
    document = {"snapshot": _iso(snapshot.taken_at), "campaign": campaign, "events": events}
    campaign_row = {"row": "campaign", **dict.fromkeys(EVENT_FIELDS), **campaign}
    csv_rows = [campaign_row] + [{"row": "event", **event} for event in events]
    for row in csv_rows:
        row["snapshot"] = _iso(snapshot.taken_at)
    return _dump(csv_rows, EVENT_CSV_FIELDS, fmt, document, excel)


NOTICE_FIELDS = ("kind", *EVENT_KEYS, "organizer", "key", "posted_at", "outcome", "target")
PARTICIPANT_FIELDS = ("user", *EVENT_KEYS, "source", "active", "articles", "bytes")
#: A CSV for a spreadsheet (``--excel``): a byte order mark, so Excel reads UTF-8, and ``;``
#: between cells, as Excel expects where the decimal comma is used (Sweden, Brazil, …).
EXCEL_BOM, EXCEL_DELIMITER = "\ufeff", ";"


def export_participants(snapshot: Snapshot, fmt: str, excel: bool = False) -> str:
    """Return one row per (participant, counted event): where they signed up, and their work.

    ``source`` names each place the person was found, joined by ``; ``:
    ``signup-list`` (the event page's wikitext list), ``registration N``
    (Meta's event registration N), ``course School/Title`` (a Dashboard
    course); snapshots from before the other sources say ``signup-list``.
    ``active`` is true when at least one of their edits counted; ``articles``
    the pages they created or improved; ``bytes`` the bytes they added. An
    event that could not be counted has no rows (its participants are unknown).
    """
    rows = [{"user": person.user, **event_keys(result.event),
             "source": LIST_SEPARATOR.join(person.sources or (SIGNUP_LIST,)),
             "active": person.edits > 0,
             "articles": person.articles_created + person.articles_improved,
             "bytes": person.bytes_added}
            for result in snapshot.events for person in result.participants]
    return _dump(rows, PARTICIPANT_FIELDS, fmt, rows, excel)


def export_notices(rows: list[dict[str, Any]], fmt: str, excel: bool = False,
                   snapshot: Snapshot | None = None) -> str:
    """Return the record of notices (from State.notices()), oldest first; each event's name and
    country from ``snapshot`` (the latest), empty for an event it no longer has."""
    events = {r.event.key: event_keys(r.event) for r in snapshot.events} if snapshot else {}
    rows = [{**row, **events.get(row.get("event") or "", {})} for row in rows]
    rows = [{name: _notice_cell(row, name) for name in NOTICE_FIELDS} for row in rows]
    return _dump(rows, NOTICE_FIELDS, fmt, rows, excel)


def _notice_cell(row: dict[str, Any], name: str) -> Any:
    """Give one field of a notice row; ``outcome`` shows the reason after the kind."""
    if name == "outcome" and row.get("detail"):
        return f"{row['outcome']}: {row['detail']}"
    return row.get(name)


def _dump(rows: list[dict[str, Any]], fields: tuple[str, ...], fmt: str, document: Any,
          excel: bool = False) -> str:
    """Write rows as CSV (for Excel when asked), or ``document`` as JSON; refuse any other format."""
    if fmt == "json":
        if excel:
            raise ValueError("--excel is for CSV only; use --format csv")
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return csv_text(rows, fields, excel)
    raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")


def csv_text(rows: Iterable[dict[str, Any]], fields: tuple[str, ...], excel: bool = False) -> str:
    """Write rows as CSV: lists joined with '; ', None as an empty cell, booleans as true/false;
    Excel's dialect (UTF-8 BOM, ';', CRLF) if asked. Every export's CSV, the Challenge's too."""
    out = io.StringIO()
    if excel:
        out.write(EXCEL_BOM)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n" if excel else "\n",
                            delimiter=EXCEL_DELIMITER if excel else ",")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _cell(row.get(name)) for name in fields})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Flatten one value for a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def _article_row(article: Article) -> dict[str, Any]:
    """Describe one article with JSON types."""
    return {"event": article.event, "wiki": article.wiki, "title": article.title,
            "status": article.status, "edits": article.edits,
            "bytes_added": article.bytes_added, "users": list(article.users),
            "creator": article.creator, "views": article.views,
            "wikidata": article.wikidata or "", "about_woman": article.about_woman}


def _event_row(result: EventResult) -> dict[str, Any]:
    """Describe one event: registry fields, problem messages, then metrics."""
    event = result.event
    return {**event_keys(event), "page": event.page, "city": event.city,
            "first_day": _day(event.first_day), "last_day": _day(event.last_day),
            "wikis": list(event.wikis), "organizers": list(event.organizers),
            "sources": list(result.sources), "unnamed_participants": result.unnamed,
            "problems": [english(problem.message) for problem in result.problems],
            "unread": list(result.unread), "stale_since": _stale(result.stale_since),
            **_metric_fields(result.metrics)}


def event_keys(event: Event) -> dict[str, Any]:
    """Name an event in every export: its stable key, its name, its country in English."""
    return {"event": event.key, "name": event.label or event.page or event.key,
            "country": country_name(event, "en")}


def _metric_fields(metrics: Metrics) -> dict[str, Any]:
    """Name each metric; unknown stays None (null), languages become a list."""
    fields = {name: getattr(metrics, name) for name in Metrics.NAMES}
    if fields["languages"] is not None:
        fields["languages"] = list(fields["languages"])
    return fields


def _day(day: date | None) -> str | None:
    """Format a day as ISO, keeping an unknown day unknown."""
    return day.isoformat() if day else None


def _stale(moment: datetime | None) -> str | None:
    """Give when kept numbers were read, or None when the row's numbers are this snapshot's."""
    return None if moment is None else _iso(moment)


def _iso(moment: datetime) -> str:
    """Format the snapshot time as UTC ISO 8601 with a Z."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
