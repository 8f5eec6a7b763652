"""Registered events in the tables: country names in the table's language, Online, the footnote."""
from __future__ import annotations

import json

from factories import event, participant, result, snapshot
from wikigap.write.messages import messages
from wikigap.store.serialize import snapshot_from_dict, snapshot_to_dict
from wikigap.write import export
from wikigap.write.render import country_name, render_event_table, render_status_table

DELHI = event(page="Event:WikiGap Delhi", label="WikiGap Delhi", country="", city="New Delhi",
              country_code="IN", timezone="Asia/Kolkata", registration=12)
ONLINE = event(page="Event:WikiGap Online", label="WikiGap Online", country="", city="",
               online=True, registration=13)


def note(language: str) -> str:
    return messages(language).text("wikigapbot-table-private-note")


def test_a_registration_country_is_named_in_the_tables_language() -> None:
    assert country_name(DELHI, "en") == "India"
    assert country_name(DELHI, "sv") == "Indien"
    assert country_name(DELHI, "fr") == "Inde"
    assert country_name(ONLINE, "sv") == "Online"
    assert country_name(ONLINE, "es") == "En línea"
    assert country_name(event(country="Sverige"), "en") == "Sweden"    # a country's name: CLDR's
    assert country_name(event(country="Sweden / Norway"), "sv") == "Sweden / Norway"  # else as given


def test_the_private_participants_footnote_appears_once_per_table() -> None:
    registered = (result(DELHI, sources=("registration 12",)),
                  result(ONLINE, sources=("signup-list", "registration 13")))
    for language in ("en", "sv", "es", "pt", "fr"):
        table = render_status_table(snapshot(*registered), language)
        assert table.count(note(language)) == 1, language
        assert "Indien" in render_status_table(snapshot(*registered), "sv")
    assert note("en") not in render_status_table(snapshot(result()), "en")
    events = render_event_table(registered[0], "en", snapshot().taken_at)
    assert events.count(note("en")) == 1
    assert note("en") not in render_event_table(result(), "en", snapshot().taken_at)


def test_export_says_each_participants_sources_and_survives_the_store() -> None:
    registered = result(DELHI, sources=("signup-list", "registration 12"), unnamed=2, participants=(
        participant("Anna", sources=("signup-list", "registration 12")),
        participant("Dev", sources=("registration 12", "course Sida/Delhi"))))
    snap = snapshot_from_dict(snapshot_to_dict(snapshot(registered)))
    assert snap == snapshot(registered)
    rows = json.loads(export.export_participants(snap, "json"))
    assert [(r["event"], r["user"], r["source"]) for r in rows] == [
        ("Event:WikiGap Delhi", "Anna", "signup-list; registration 12"),
        ("Event:WikiGap Delhi", "Dev", "registration 12; course Sida/Delhi")]
    csv = export.export_participants(snap, "csv").splitlines()
    # the event by key, name and country (the registration's IN, named as the tables name it)
    assert csv[2].startswith("Dev,Event:WikiGap Delhi,WikiGap Delhi,India,"
                             "registration 12; course Sida/Delhi,")
    events = json.loads(export.export_events(snap, "json"))["events"]
    assert (events[0]["sources"], events[0]["unnamed_participants"]) == (
        ["signup-list", "registration 12"], 2)
