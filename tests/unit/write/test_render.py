"""Rendering: formats, order, problems, unknowns, hostile values and golden tables."""
from __future__ import annotations

import dataclasses
import difflib
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import mwparserfromhell
import pytest

import factories as f
from wikigap.count.gather import organizer_problems
from test_escape import mw_decode, normalised
from wikigap.model import Metrics
from wikigap.write.messages import format_dates, format_number, format_time
from wikigap.write.render import (environment, render_event_table, render_progress_summary,
                                  render_status_table, same_but_time, without_time)

GOLDEN = Path(__file__).parents[2] / "data" / "golden"
UPDATE = os.environ.get("WIKIGAP_UPDATE_GOLDEN") == "1"
# Valid titles that still look like markup: they must link, and link only.
ODD_TITLES = ("Category:Spam", "File:X.jpg", "__NOTOC__", "-minus", "*star", "=head=",
              "!bang", "O''Brien", "Template:X", "en:Foo")


def structure(text: str) -> dict[str, object]:
    """Summarise the markup a rendering produces: templates, links, tags, cells."""
    code = mwparserfromhell.parse(text)
    return {
        "templates": [str(t.name) for t in code.filter_templates()],
        "links": len(code.filter_wikilinks()),
        "link_targets_start_with_colon": all(
            str(w.title).startswith(":") for w in code.filter_wikilinks()),
        "external": len(code.filter_external_links()),
        "tags": [(str(t.tag), t.wiki_markup) for t in code.filter_tags()],
        "comments": len(code.filter_comments()),
        "headings": len(code.filter_headings()),
        "arguments": len(code.filter_arguments()),
        "lines": text.count("\n"),
    }


def check_golden(name: str, text: str) -> None:
    """Compare with tests/data/golden/NAME, showing a unified diff on failure."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with WIKIGAP_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), (text + "\n").splitlines(True),
                                        f"golden/{name}", "rendered"))
    assert not diff, f"rendering differs from golden file (WIKIGAP_UPDATE_GOLDEN=1 " \
                     f"rewrites it):\n{diff}"


@pytest.mark.parametrize("n, en, sv", [
    (0, "0", "0"), (999, "999", "999"), (1000, "1,000", "1\u00a0000"),
    (12345, "12,345", "12\u00a0345"), (1234567, "1,234,567", "1\u00a0234\u00a0567"),
    (None, "unknown", "okänt"),
])
def test_format_number(n: int | None, en: str, sv: str) -> None:
    assert format_number(n, "en") == en
    assert format_number(n, "sv") == sv


@pytest.mark.parametrize("first, last, en, sv", [
    (date(2021, 3, 8), date(2021, 3, 14), "8–14 March 2021", "8–14 mars 2021"),
    (date(2021, 3, 8), date(2021, 4, 8), "8 March – 8 April 2021", "8 mars – 8 april 2021"),
    (date(2021, 12, 30), date(2022, 1, 2), "30 December 2021 – 2 January 2022",
     "30 december 2021 – 2 januari 2022"),
    (date(2021, 3, 8), date(2021, 3, 8), "8 March 2021", "8 mars 2021"),
    (date(2021, 3, 8), None, "8 March 2021", "8 mars 2021"),
    (None, None, "unknown", "okänt"),
])
def test_format_dates(first: date | None, last: date | None, en: str, sv: str) -> None:
    assert format_dates(first, last, "en") == en
    assert format_dates(first, last, "sv") == sv


def test_format_time_is_utc() -> None:
    stockholm = timezone(timedelta(hours=2))
    moment = datetime(2021, 7, 14, 8, 5, tzinfo=stockholm)
    assert format_time(moment, "en") == "14 July 2021, 06:05 (UTC)"
    assert format_time(moment, "sv") == "14 juli 2021 kl. 06.05 (UTC)"
    assert format_time(datetime(2021, 7, 14, 6, 5), "en") == "14 July 2021, 06:05 (UTC)"


def test_language_without_a_message_file_falls_back_to_english() -> None:
    assert render_status_table(f.snapshot(), "de") == render_status_table(f.snapshot(), "en")


def test_environment_uses_wikitext_safe_delimiters() -> None:
    env = environment()
    assert env.from_string("{{T|<< x >>}}{% raw %}").render(x="v") == "{{T|v}}{% raw %}"
    assert set(env.filters) >= {"plain", "cell", "arg", "link"}


def test_golden_status_tables() -> None:
    check_golden("status-table.en.wiki", render_status_table(f.snapshot(), "en"))
    check_golden("status-table.sv.wiki", render_status_table(f.snapshot(), "sv"))


def test_golden_event_table_and_summary() -> None:
    check_golden("event-table.en.wiki", render_event_table(f.result(), "en", f.TAKEN_AT))
    check_golden("progress-summary.sv.wiki", render_progress_summary(f.snapshot()))


def data_rows(text: str) -> list[str]:
    """Return the first cell line of each event row (the line after each ``|-``)."""
    lines = text.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line == "|-"]


def test_events_sorted_by_first_day_then_name_undated_last() -> None:
    events = [
        f.result(f.event(page="P/Late", label="Alpha", first_day=date(2021, 3, 20),
                         last_day=date(2021, 3, 21))),
        f.result(f.event(page="P/None", label="Aaa", first_day=None, last_day=None)),
        f.result(f.event(page="P/Early-b", label="beta", first_day=date(2021, 3, 1),
                         last_day=date(2021, 3, 2))),
        f.result(f.event(page="P/Early-a", label="Alpha", first_day=date(2021, 3, 1),
                         last_day=date(2021, 3, 9))),
    ]
    rows = data_rows(render_status_table(f.snapshot(*events), "en"))
    assert rows == ["| [[:P/Early-a|Alpha]]", "| [[:P/Early-b|beta]]",
                    "| [[:P/Late|Alpha]]", "| [[:P/None|Aaa]]"]


def test_problem_event_shows_problem_not_numbers() -> None:
    bad = f.untallied(f.event(page="P/Bad", label="Bad"),
                      f.problem(message="No sign-up section on the page."),
                      f.problem(code="x", message="Language 'xx' is unknown."))
    text = render_status_table(f.snapshot(bad), "en")
    row = text.split("[[:P/Bad|Bad]]\n")[1].split("|- class")[0].splitlines()
    assert row == ["| Sweden", "| Stockholm",
                   '| data-sort-value="2021-03-08" | 8–14 March 2021', "| sv, en",
                   '| colspan="8" | Not counted: No sign-up section on the page.; '
                   "Language 'xx' is unknown."]


def test_a_counted_event_with_an_unregistered_organizer_shows_it_in_both_tables() -> None:
    [row] = organizer_problems((f.event(page="P/Good", label="Good", organizers=("Anan",),
                                        row=4),), frozenset({"Anan"}), "meta", "P/Events")
    [who] = row.problems
    counted = f.result(row, problems=(who, f.problem(code="signup-ip", message="an IP")))
    status = render_status_table(f.snapshot(counted), "sv")
    assert ("| [[:P/Good|Good]]<br /><small>Problem: arrangören ”Anan” har inget konto på "
            "Meta-Wiki, så inga meddelanden når hen</small>\n") in status
    assert "an IP" not in status and "Räknas inte" not in status
    table = render_event_table(counted, "en", f.TAKEN_AT)
    assert table.startswith("Problem: the organizer “Anan” has no account on Meta-Wiki, "
                            "so no notice can reach them\n\n{| class=")
    assert "<small>" not in render_status_table(f.snapshot(f.result()), "en")


def test_unknown_numbers_never_show_as_zero() -> None:
    unknown = f.result(metrics=Metrics())
    text = render_status_table(f.snapshot(unknown, metrics=Metrics()), "en")
    assert "| 0" not in text and "! 0" not in text
    # event numbers; campaign wikis and numbers; the footnote's count Wikidata cannot place
    assert text.count("unknown") == 8 + 1 + 8 + 1


def test_campaign_row_uses_snapshot_metrics() -> None:
    snap = f.snapshot(metrics=f.metrics(signed_up=9999, languages=("pt", "sv")))
    tail = render_status_table(snap, "en").split('|- class="sortbottom"')[1]
    assert "! 9,999" in tail and "! pt, sv" in tail


def test_time_line_is_ignored_by_same_but_time() -> None:
    one = render_status_table(f.snapshot(), "en")
    later = render_status_table(f.snapshot(taken_at=f.TAKEN_AT + timedelta(hours=1)), "en")
    changed = render_status_table(f.snapshot(metrics=f.metrics(signed_up=26)), "en")
    assert one != later and same_but_time(one, later)
    assert not same_but_time(one, changed)
    assert "06:00" not in without_time(one) and "updated by a bot" in without_time(one)


def hostile_snapshot(value: str, title: str = "WikiGap/2021/X") -> f.Snapshot:
    """Put ``value`` in every wiki-sourced text field of a snapshot."""
    ev = f.event(page=title, label=value, country=value, city=value, wikis=(value,))
    tallied = f.result(ev, participants=(f.participant("Anna", wikis=(value,)),))
    broken = f.untallied(dataclasses.replace(ev, page=title + "/2"), f.problem(message=value))
    return f.snapshot(tallied, broken, campaign=value,
                      metrics=f.metrics(languages=(value,)))


@pytest.mark.parametrize("value", f.HOSTILE)
@pytest.mark.parametrize("language", ["en", "sv"])
def test_hostile_values_leave_status_table_structure_alone(value: str, language: str) -> None:
    hostile = render_status_table(hostile_snapshot(value), language)
    plain = render_status_table(hostile_snapshot("Plain"), language)
    assert structure(hostile) == structure(plain)
    assert normalised(value) in mw_decode(hostile)


@pytest.mark.parametrize("value", f.HOSTILE)
def test_hostile_values_leave_event_table_structure_alone(value: str) -> None:
    def render(v: str) -> str:
        snap = hostile_snapshot(v)
        return render_event_table(snap.events[0], "en", f.TAKEN_AT) + "\n" + \
            render_event_table(snap.events[1], "en", f.TAKEN_AT)
    assert structure(render(value)) == structure(render("Plain"))


@pytest.mark.parametrize("title", ODD_TITLES)
def test_odd_titles_and_user_names_link_without_embedding(title: str) -> None:
    user = title.split(":")[-1]
    snap = hostile_snapshot("Plain", title=title)
    result = dataclasses.replace(snap.events[0], participants=(f.participant(user),))
    text = render_status_table(snap, "en") + "\n" + render_event_table(result, "en", f.TAKEN_AT)
    plain_snap = hostile_snapshot("Plain")
    plain = render_status_table(plain_snap, "en") + "\n" + render_event_table(
        dataclasses.replace(plain_snap.events[0], participants=(f.participant("Plain"),)),
        "en", f.TAKEN_AT)
    assert structure(text) == structure(plain)


def test_invalid_title_renders_label_as_text() -> None:
    text = render_status_table(hostile_snapshot("Label", title="A]]{{x}}"), "en")
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and not code.filter_wikilinks()
    assert "| Label" in text


def as_parameter(summary: str) -> mwparserfromhell.wikicode.Wikicode:
    """Place the summary inside a template parameter, as on the project page."""
    return mwparserfromhell.parse("{{Lägesrapport|måluppfyllnad=\n* goal\n" + summary +
                                  "\n|next=x}}\n{{Other|" + summary + "}}")


@pytest.mark.parametrize("value", f.HOSTILE)
def test_summary_is_safe_inside_a_template_parameter(value: str) -> None:
    summary = render_progress_summary(hostile_snapshot(value))
    report, other = as_parameter(summary).filter_templates(recursive=False)
    assert [str(p.name) for p in report.params] == ["måluppfyllnad", "next"]
    assert [str(p.name) for p in other.params] == ["1"]
    assert "\n" not in summary and summary.startswith("Kampanjen ")
    assert normalised(value) in mw_decode(summary)


def test_summary_in_swedish_with_swedish_numbers() -> None:
    snap = f.snapshot(metrics=f.metrics(signed_up=1200, active_participants=1, articles_created=1,
                                        articles_improved=12345, bytes_added=1234567,
                                        languages=("sv", "en", "pt"), views=42000000))
    summary = render_progress_summary(snap)
    assert "Av 1\u00a0200 anmälda deltagare har 1 bidragit." in summary
    assert "skapat 1 ny artikel, förbättrat 12\u00a0345 befintliga artiklar" in summary
    assert "1\u00a0234\u00a0567 byte på 3 språk (engelska, portugisiska och svenska)" in summary
    assert "Artiklarna har visats 42\u00a0000\u00a0000 gånger sedan evenemangen började." in summary
    assert "Av artiklarna handlar 39 om kvinnor, och 6 av deltagarna är nya skribenter." in summary
    assert summary.endswith("Siffrorna gäller den 14 juli 2021.")
    assert 2 <= summary.replace("kl. ", "").count(". ") + 1 <= 6


def test_swedish_words_agree_with_one() -> None:
    snap = f.snapshot(metrics=f.metrics(signed_up=1, new_editors=1, gender_unknown=1))
    summary = render_progress_summary(snap)
    assert "Av 1 anmäld deltagare har 12 bidragit." in summary
    assert "och 1 av deltagarna är ny skribent." in summary
    assert "Artiklar som Wikidata inte kan placera (räknas åt inget håll): 1." in \
        render_status_table(snap, "sv")
    one = f.result(metrics=f.metrics(active_participants=1, signed_up=1, new_editors=1))
    assert "! Totalt (1 aktiv av 1 anmäld; nya skribenter: 1)" in \
        render_event_table(one, "sv", f.TAKEN_AT)
    assert "! Totalt (12 aktiva av 25 anmälda; nya skribenter: 6)" in \
        render_event_table(f.result(), "sv", f.TAKEN_AT)


def test_summary_says_unknown_instead_of_zero() -> None:
    summary = render_progress_summary(f.snapshot(metrics=Metrics()))
    assert "ett okänt antal nya artiklar" in summary and " 0 " not in summary
    assert "visats ett okänt antal gånger" in summary
    assert "handlar ett okänt antal om kvinnor, och ett okänt antal av deltagarna" in summary


def test_summary_says_one_view_in_the_singular() -> None:
    assert "har visats 1 gång sedan" in render_progress_summary(f.snapshot(metrics=f.metrics(views=1)))


SHIPPED = ("en", "sv", "es", "pt", "fr")


@pytest.mark.parametrize("language", SHIPPED)
def test_golden_event_table_per_language(language: str) -> None:
    check_golden(f"event-table.{language}.wiki", render_event_table(f.result(), language, f.TAKEN_AT))


@pytest.mark.parametrize("language", SHIPPED)
def test_every_language_keeps_the_tables_structure(language: str) -> None:
    """Right-to-left words and other scripts change the text, never the markup around it."""
    snap = f.snapshot()
    assert structure(render_status_table(snap, language)) == structure(render_status_table(snap, "en"))
    for result in snap.events:
        assert structure(render_event_table(result, language, f.TAKEN_AT)) == \
            structure(render_event_table(result, "en", f.TAKEN_AT))


def test_an_arabic_table_is_english_throughout() -> None:
    """Arabic is withdrawn until its file is complete and reviewed: English, not a mix."""
    assert render_event_table(f.result(), "ar", f.TAKEN_AT) == \
        render_event_table(f.result(), "en", f.TAKEN_AT)
    assert render_status_table(f.snapshot(), "ar") == render_status_table(f.snapshot(), "en")


def footnotes(text: str) -> list[str]:
    """Give the paragraphs after a table: MediaWiki starts one after each blank line."""
    return text.split("|}\n", 1)[1].split("\n\n")


@pytest.mark.parametrize("language", SHIPPED)
def test_each_footnote_is_a_paragraph_of_its_own(language: str) -> None:
    for text in (render_status_table(f.snapshot(), language),
                 render_event_table(f.result(), language, f.TAKEN_AT)):
        notes = footnotes(text)
        assert len(notes) == 3 and all(note and "\n" not in note for note in notes), notes


def test_spanish_event_table_in_spanish_words_and_numbers() -> None:
    text = render_event_table(f.result(), "es", f.TAKEN_AT)
    assert text.startswith("{| class=\"wikitable sortable\"\n! Participante !! Artículos creados")
    assert text.splitlines()[1].endswith(" !! Visitas !! Wikis")
    assert "| data-sort-value=\"12345\" | 12.345" in text
    assert "! Total (12 activos de 25 inscritos; nuevos editores: 6)" in text
    updated, views_note, impact_note = footnotes(without_time(text))
    assert updated == ("Actualizado el <span class=\"wikigapbot-time\"></span>. Un bot actualiza "
                       "esta tabla; los cambios hechos dentro de ella se sobrescribirán.")
    assert views_note.startswith("Visitas: páginas vistas (por lectores, no por bots)")
    assert impact_note.startswith("Nuevos editores:") and " 60 días " in impact_note
