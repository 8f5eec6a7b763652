"""Tables, event tables and the Swedish summary when numbers are kept from an earlier snapshot."""
from __future__ import annotations

import dataclasses

import pytest

from factories_tally import at, rich_snapshot
from wikigap.write.render import (render_event_table, render_progress_summary,
                                  render_status_table)

READ = at(2021, 3, 8, 14)   # when the kept numbers were read


def kept_snapshot():
    """rich_snapshot with Lisboa's en unreadable: its numbers kept from 8 March, 14:00 UTC."""
    snapshot = rich_snapshot()
    lisboa = dataclasses.replace(snapshot.events[0], unread=("en",), stale_since=READ)
    return dataclasses.replace(snapshot, events=(lisboa, *snapshot.events[1:]),
                               unread=("en", "wikidata"), totals_stale_since=READ)


def test_a_kept_row_shows_its_time_and_the_footnote_names_what_was_not_read():
    text = render_status_table(kept_snapshot(), "en")
    row = text.split("[[:WikiGap/2021/Lisboa|Lisboa]]", 1)[1].split("\n", 1)[0]
    assert row == "<br /><small>as of 14:00 UTC, 8 March</small>"
    assert "All events (distinct)<br /><small>includes numbers as of 14:00 UTC, 8 March</small>" \
        in text
    assert text.endswith("Could not be read at this update: English Wikipedia and Wikidata. "
                         "Rows marked “as of” "
                         "keep the last numbers read from it, at that time (from Wikidata: the "
                         "articles about women); with no earlier numbers they are unknown.")
    assert "| data-sort-value=\"500\" | 500\n" in text    # the kept numbers themselves are shown, not "unknown"


def test_without_kept_numbers_the_table_has_no_mark_and_no_footnote():
    text = render_status_table(rich_snapshot(), "en")
    assert "as of" not in text and "Could not be read" not in text


@pytest.mark.parametrize("language, as_of, unread", [
    ("sv", "siffror från den 8 mars kl. 14.00 UTC", "Wikipedia på engelska och Wikidata"),
    ("es", "cifras de las 14:00 UTC del 8 de marzo", "Wikipedia en inglés y Wikidata"),
    ("pt", "números das 14:00 UTC de 8 de março", "Wikipédia em inglês e Wikidata"),
    ("fr", "chiffres du 8 mars à 14:00 UTC", "Wikipédia en anglais et Wikidata")])
def test_every_shipped_language_marks_the_row_and_names_the_unread(language, as_of, unread):
    """Wikis are named in prose by their language (“en” reads as Swedish “one”), never by code."""
    text = render_status_table(kept_snapshot(), language)
    assert f"<small>{as_of}</small>" in text
    assert text.rsplit("\n", 1)[1].count(unread) == 1


def test_the_event_table_marks_its_total_and_names_the_unread():
    lisboa = kept_snapshot().events[0]
    text = render_event_table(lisboa, "en", at(2021, 3, 9, 6))
    assert "<br /><small>includes numbers as of 14:00 UTC, 8 March</small>" in text
    assert text.rsplit("\n", 1)[1].startswith("Could not be read at this update: English Wikipedia.")


def test_the_swedish_summary_says_so_in_one_clause():
    text = render_progress_summary(kept_snapshot(), "sv")
    assert text.endswith("Wikipedia på engelska och Wikidata kunde inte läsas vid den här "
                         "uppdateringen, så en del siffror är från den 8 mars kl. 14.00 UTC.")
    unknown = dataclasses.replace(rich_snapshot(), unread=("en",))
    assert render_progress_summary(unknown, "sv").endswith(
        "Wikipedia på engelska kunde inte läsas vid den här uppdateringen, så en del siffror "
        "är okända.")
    assert "kunde inte läsas" not in render_progress_summary(rich_snapshot(), "sv")
