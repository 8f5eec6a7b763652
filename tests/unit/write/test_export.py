"""Export shapes: CSV and JSON, unknown numbers as null/empty, never 0."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from factories import event, participant, result, snapshot, untallied
from factories_tally import rich_snapshot
from wikigap.write.export import (
    export_articles,
    export_events,
    export_notices,
    export_participants,
)
from wikigap.model import Metrics
from wikigap.count.views import with_views
from wikigap.model import ArticleViews


def csv_rows(text):
    """Read CSV text into dicts."""
    return list(csv.DictReader(io.StringIO(text)))


def test_articles_json_lists_users():
    rows = json.loads(export_articles(rich_snapshot(), "json"))
    assert rows == [
        {"event": "WikiGap/2021/Lisboa", "name": "Lisboa", "country": "Portugal", "wiki": "pt", "title": "Maria José — «Zé»",
         "status": "created", "edits": 1, "bytes_added": 500, "users": ["Ana"],
         "creator": "Ana", "views": None, "wikidata": "Q1", "about_woman": True,
         "stale_since": None},
        {"event": "WikiGap/2021/Lisboa", "name": "Lisboa", "country": "Portugal", "wiki": "pt", "title": "B", "status": "improved",
         "edits": 2, "bytes_added": 0, "users": ["Ana", "Bea"], "creator": None, "views": None,
         "wikidata": "", "about_woman": None, "stale_since": None}]


def test_articles_csv_joins_users():
    rows = csv_rows(export_articles(rich_snapshot(), "csv"))
    assert list(rows[0]) == ["event", "name", "country", "wiki", "title", "status", "edits",
                             "bytes_added",
                             "users", "creator", "views", "wikidata", "about_woman",
                             "stale_since"]
    assert rows[0]["wikidata"] == "Q1" and rows[0]["about_woman"] == "true"
    assert rows[1] == {"event": "WikiGap/2021/Lisboa", "name": "Lisboa", "country": "Portugal", "wiki": "pt", "title": "B",
                       "status": "improved", "edits": "2", "bytes_added": "0",
                       "users": "Ana; Bea", "creator": "", "views": "",
                       "wikidata": "", "about_woman": "", "stale_since": ""}


def test_events_json_shape_and_nulls():
    document = json.loads(export_events(rich_snapshot(), "json"))
    assert list(document) == ["snapshot", "campaign", "events"]
    assert document["snapshot"] == "2021-04-01T12:00:00Z"
    assert document["campaign"] == {
        "signed_up": 2, "active_participants": 1, "articles_created": 1,
        "articles_improved": 0, "bytes_added": 500, "edits": 1, "languages": ["pt"],
        "views": None, "new_editors": 1, "edits_reverted": 2, "created_about_women": 1,
        "improved_about_women": 0, "gender_unknown": 1, "unread": [], "stale_since": None}
    lisboa, broken = document["events"]
    assert lisboa == {
        "event": "WikiGap/2021/Lisboa", "name": "Lisboa", "country": "Portugal",
        "page": "WikiGap/2021/Lisboa", "city": "Lisboa",
        "first_day": "2021-03-08", "last_day": "2021-03-09", "wikis": ["pt", "en"],
        "organizers": ["Ana"], "sources": [], "unnamed_participants": 0, "problems": ["Problem signup-ip."],
        "unread": [], "stale_since": None, "signed_up": 2, "active_participants": 1, "articles_created": 1,
        "articles_improved": 0, "bytes_added": 500, "edits": 1, "languages": ["pt"],
        "views": None, "new_editors": 1, "edits_reverted": 2, "created_about_women": 1,
        "improved_about_women": 0, "gender_unknown": 1}
    assert broken["page"] is None and broken["first_day"] is None
    assert broken["problems"] == [                  # in English, whatever the tables' language
        'The date of the event on line 9 (line 9 of WikiGap/2021/Events) cannot be used. '
        '"8 March 3021" has the year 3021, which cannot be right.']
    assert all(broken[name] is None for name in Metrics.NAMES)


def test_events_json_unknown_campaign_metrics_are_null():
    snapshot = replace(rich_snapshot(), metrics=Metrics(signed_up=2))
    campaign = json.loads(export_events(snapshot, "json"))["campaign"]
    assert campaign["signed_up"] == 2
    assert [campaign[name] for name in Metrics.NAMES[1:]] == [None] * 12


def test_events_csv_has_the_same_fields_with_a_campaign_row():
    rows = csv_rows(export_events(rich_snapshot(), "csv"))
    assert list(rows[0]) == ["row", "snapshot", "event", "name", "country", "page", "city",
                             "first_day",
                             "last_day", "wikis", "organizers", "sources", "unnamed_participants", "problems",
                             "unread", "stale_since", *Metrics.NAMES]
    campaign, lisboa, broken = rows
    assert (campaign["row"], campaign["page"], campaign["edits"]) == ("campaign", "", "1")
    assert lisboa["wikis"] == "pt; en" and lisboa["languages"] == "pt"
    assert lisboa["snapshot"] == "2021-04-01T12:00:00Z"
    assert all(broken[name] == "" for name in Metrics.NAMES)


def test_kept_numbers_export_the_time_they_were_read():
    read = datetime(2021, 4, 1, 11, tzinfo=timezone.utc)
    snapshot = rich_snapshot()
    lisboa = replace(snapshot.events[0], unread=("pt",), stale_since=read)
    snapshot = replace(snapshot, events=(lisboa, *snapshot.events[1:]), unread=("pt",),
                       totals_stale_since=read)
    document = json.loads(export_events(snapshot, "json"))
    assert document["events"][0]["stale_since"] == "2021-04-01T11:00:00Z"
    assert document["events"][0]["unread"] == ["pt"]
    assert document["events"][1]["stale_since"] is None
    assert document["campaign"]["stale_since"] == "2021-04-01T11:00:00Z"
    rows = json.loads(export_articles(snapshot, "json"))
    assert {row["stale_since"] for row in rows} == {"2021-04-01T11:00:00Z"}
    campaign, first, _ = csv_rows(export_events(snapshot, "csv"))
    assert (campaign["stale_since"], first["unread"]) == ("2021-04-01T11:00:00Z", "pt")


@pytest.mark.parametrize("export", [export_articles, export_events])
def test_unknown_format_is_refused(export):
    with pytest.raises(ValueError, match="xml"):
        export(rich_snapshot(), "xml")


def read(wiki, title, first, last, daily):
    """A stored page-views read, as wikigap.store.viewstore loads it."""
    return ArticleViews(wiki, title, first, last, daily, datetime(2021, 4, 1, tzinfo=timezone.utc))


def test_views_are_exported_per_article_event_and_campaign():
    # Lisboa starts 2021-03-08: Maria José 10 + 5 = 15 (the 7th is before the event), B 7.
    reads = {("pt", "Maria José — «Zé»"): read("pt", "Maria José — «Zé»", date(2021, 3, 7),
                                              date(2021, 3, 9), {"2021-03-07": 100,
                                                                 "2021-03-08": 10,
                                                                 "2021-03-09": 5}),
             ("pt", "B"): read("pt", "B", date(2021, 3, 8), date(2021, 3, 9), {"2021-03-09": 7})}
    snapshot = with_views(rich_snapshot(), reads)
    articles = json.loads(export_articles(snapshot, "json"))
    assert [row["views"] for row in articles] == [15, 7]
    document = json.loads(export_events(snapshot, "json"))
    assert document["campaign"]["views"] == 22
    assert [e["views"] for e in document["events"]] == [22, None]
    rows = csv_rows(export_events(snapshot, "csv"))
    assert [row["views"] for row in rows] == ["22", "22", ""]


def test_participants_export_one_row_per_participant_and_event_with_its_source():
    snap = snapshot(
        result(participants=(participant("Anna", articles_created=2, articles_improved=1,
                                         bytes_added=900, edits=5),
                             participant("Björn", articles_created=0, articles_improved=0,
                                         bytes_added=0, edits=0, wikis=()))),
        untallied(event(page="WikiGap/2021/Oslo")))
    rows = json.loads(export_participants(snap, "json"))
    assert rows == [
        {"user": "Anna", "event": "WikiGap/2021/Stockholm", "name": "WikiGap Stockholm",
         "country": "Sweden", "source": "signup-list",
         "active": True, "articles": 3, "bytes": 900},
        {"user": "Björn", "event": "WikiGap/2021/Stockholm", "name": "WikiGap Stockholm",
         "country": "Sweden", "source": "signup-list",
         "active": False, "articles": 0, "bytes": 0}]
    lines = export_participants(snap, "csv").splitlines()
    assert lines == ["user,event,name,country,source,active,articles,bytes",
                     "Anna,WikiGap/2021/Stockholm,WikiGap Stockholm,Sweden,signup-list,true,3,900",
                     "Björn,WikiGap/2021/Stockholm,WikiGap Stockholm,Sweden,signup-list,false,0,0"]


def test_excel_csv_has_a_byte_order_mark_and_semicolons_and_reads_back():
    snap = rich_snapshot()
    text = export_articles(snap, "csv", excel=True)
    assert text.startswith("\ufeffevent;name;country;wiki;title;") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                               delimiter=";"))
    plain = list(csv.DictReader(io.StringIO(export_articles(snap, "csv"))))
    assert rows == plain and rows
    with pytest.raises(ValueError, match="--excel is for CSV only"):
        export_events(snap, "json", excel=True)


def test_every_export_names_the_event_by_key_name_and_a_registrations_country_code():
    """A registered event's country is its ISO code named in English, in every export."""
    registered = replace(
        rich_snapshot().events[0].event, page="Event:WikiGap Delhi", label="Delhi", country="",
        country_code="IN", registration=7)
    snap = rich_snapshot()
    snap = replace(snap, events=(replace(snap.events[0], event=registered),
                                             *snap.events[1:]),
                               articles=tuple(replace(a, event=registered.key)
                                              for a in snap.articles))
    events = json.loads(export_events(snap, "json"))["events"]
    assert (events[0]["event"], events[0]["name"], events[0]["country"]) == (
        "Event:WikiGap Delhi", "Delhi", "India")
    assert {(r["event"], r["name"], r["country"])
            for r in json.loads(export_articles(snap, "json"))} == {("Event:WikiGap Delhi", "Delhi", "India")}
    notices = [{"kind": "results", "event": "Event:WikiGap Delhi", "organizer": "Ana", "key": "results",
                "posted_at": "2021-03-21T00:00:00Z", "outcome": "saved", "target": "meta:User talk:Ana"}]
    [row] = json.loads(export_notices(notices, "json", snapshot=snap))
    assert (row["event"], row["name"], row["country"]) == ("Event:WikiGap Delhi", "Delhi", "India")
