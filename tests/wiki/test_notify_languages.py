"""Organizers' languages on the sandbox: notices and event tables in the event's language.

Each test writes its own registry (with a Languages cell per event), sign-up
pages and a 1,234-byte article, runs the real tasks through the runner and
reads the talk pages and sign-up pages as a reader of the wiki would. Events
in languages the session has no wiki for (es, fr, ar, sw) are counted on the
sandbox's English Wikipedia: ``content_wikis`` maps any code to any api.php.
"""
from __future__ import annotations

import hashlib
import html
import re
from datetime import date, datetime, time, timedelta

import mwparserfromhell
import pytest

from phrases import english_words
from sandbox import ImportedRevision
from sandbox_campaign import campaign_yaml
from test_notify import Campaign, markers
from wikigap.config import Config, load_config
from wikigap.store.state import State
from wikigap.write.regions import read_region

ARTICLE_BYTES = 1234
WIKI_OF = {"en": "en", "pt": "pt", "sv": "sv", "es": "en", "ar": "en", "sw": "en", "fr": "en"}
EVENT_REGION = "Before.\n<!-- wikigapbot:begin event -->\n<!-- wikigapbot:end event -->\n"


@pytest.fixture
def campaign(sandbox, tmp_path, request) -> Campaign:
    """Give a test its own campaign; the prefix keeps its pages and users apart."""
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:6]
    return Campaign(sandbox, tmp_path, f"Nl{digest}")


def config(c: Campaign, **extra) -> Config:
    """Write a campaign on the sandbox whose content wikis cover every code these tests use."""
    content = {code: c.sandbox[wiki].api_url for code, wiki in WIKI_OF.items()}
    data = {"notify": {"wiki": "meta", "after_end_days": 7, "max_per_run": 20}, **extra}
    return load_config(campaign_yaml(c.sandbox, c.folder, f"{c.prefix}/Events",
                                     name=f"Languages {c.prefix}", content_wikis=content, **data))


def registry(c: Campaign, *rows: tuple[str, str, str, tuple[str, ...]]) -> None:
    """Write the registry: rows of (event name, country, Languages cell, organizers)."""
    lines = ['{| class="wikitable"',
             "! Country !! City !! Date !! Organizer(s) !! Language(s) !! Event page"]
    for name, country, languages, organizers in rows:
        people = ", ".join(f"[[User:{o}|{o}]]" for o in organizers)
        lines += ["|-", f"| {country} || {name} || 8 March 2021 || {people} || {languages} || "
                        f"[[{c.event_page(name)}]]"]
    c.meta.load_page(f"{c.prefix}/Events", "\n".join(lines + ["|}"]))


def ended_event(c: Campaign, name: str, country: str, languages: str, organizer: str,
                table: bool = False) -> str:
    """Set up one March 2021 event whose one participant created a 1,234-byte article."""
    writer, wiki = c.user(f"{name} writer"), WIKI_OF[languages.split(",")[0].strip()]
    c.sandbox["meta"].create_users([writer, organizer])
    c.sandbox[wiki].create_users([writer])
    registry(c, (name, country, languages, (organizer,)))
    c.meta.load_page(c.event_page(name), (EVENT_REGION if table else "") +
                     f"== Participants ==\n# [[User:{writer}]] 10:00, 1 March 2021 (UTC)\n")
    c.sandbox[wiki].import_revisions([ImportedRevision(
        f"{c.prefix} {name} article", "a" * ARTICLE_BYTES, writer, datetime(2021, 3, 8, 12, 0))])
    return writer


def new_section(c: Campaign, user: str) -> str:
    """Give the one section the bot added to a talk page, heading included."""
    text = c.talk(user) or ""
    return text[text.index("== "):]


def test_brazilian_organizer_gets_results_in_portuguese_with_portuguese_numbers(campaign):
    c = campaign
    organizer = c.user("Bruna")
    ended_event(c, "Brasil", "Brazil", "pt", organizer)
    assert c.run(config(c)) == 0, c.printed
    section = new_section(c, organizer)
    assert section.startswith(f"== Languages {c.prefix}: os resultados de {c.event_page('Brasil')} ==")
    assert f"Olá, {organizer}! Obrigado por organizar" in section
    assert "(8 de março de 2021)" in section
    assert "* Bytes adicionados: '''1.234'''" in section and "* Artigos criados: '''1'''" in section
    assert "* Visualizações destes artigos desde o início do evento: '''desconhecido'''" \
        in section                                      # views not read yet: unknown, not 0
    assert "Obrigado! [[User:WikiGapBot|WikiGapBot]]" in section        # the signature expanded
    assert markers(section) == [("results", c.event_page("Brasil"), "results")]


def test_swedish_events_notice_is_in_swedish(campaign):
    c = campaign
    organizer = c.user("Sara")
    ended_event(c, "Stockholm", "Sweden", "sv", organizer)
    assert c.run(config(c)) == 0, c.printed
    section = new_section(c, organizer)
    assert f"resultatet för {c.event_page('Stockholm')} ==" in section.splitlines()[0]
    assert f"Hej {organizer}, tack för att du anordnade" in section
    assert "* Tillagda byte: '''1\u00a0234'''" in section and "* Nya artiklar: '''1'''" in section
    assert "(8 mars 2021)" in section and "Tack! [[User:WikiGapBot" in section


def test_an_event_in_a_language_without_a_file_falls_back_to_english(campaign):
    c = campaign
    organizer = c.user("Neema")
    ended_event(c, "Dar es Salaam", "Tanzania", "sw", organizer)
    assert c.run(config(c)) == 0, c.printed
    section = new_section(c, organizer)
    assert f"Hello {organizer}, thank you for organizing" in section
    assert "* Bytes added: '''1,234'''" in section and "(8 March 2021)" in section


def test_mexican_events_table_is_in_spanish(campaign):
    c = campaign
    writer = ended_event(c, "Mexico", "Mexico", "es", c.user("Lupita"), table=True)
    assert c.run(config(c, event_tables=True), "tally", "status-table") == 0, c.printed
    region = read_region(c.meta.page_text(c.event_page("Mexico")), "event")
    assert region.startswith('{| class="wikitable sortable"\n! Participante !! Artículos creados '
                             "!! Artículos mejorados !! Sobre mujeres !! Bytes añadidos !! Visitas !! Wikis\n")
    assert f"| [[:User:{writer}|{writer}]]" in region
    assert '| data-sort-value="1234" | 1.234' in region
    assert "! Total (1 activo de 1 inscrito; nuevos editores: 0)" in region   # registered after the event
    assert re.search(r'Actualizado el <span class="wikigapbot-time">\d+ de \w+ de \d{4} a las '
                     r"\d\d:\d\d \(UTC\)</span>\. Un bot actualiza esta tabla", region)
    [revision] = c.meta.api(action="query", prop="revisions", titles=c.event_page("Mexico"),
                            rvprop="comment")["query"]["pages"][0]["revisions"]
    assert revision["comment"].startswith("Bot: actualización de los resultados de este evento")
    updated, views_note, impact_note = region.split("|}\n", 1)[1].split("\n\n")  # 3 paragraphs
    assert views_note.startswith("Visitas: páginas vistas (por lectores, no por bots)")
    assert impact_note.startswith("Nuevos editores: ")


def test_a_notice_already_posted_is_not_posted_again_after_the_language_changes(campaign):
    c = campaign
    organizer = c.user("Ana")
    ended_event(c, "Lisboa", "Portugal", "en", organizer)
    settings = config(c)
    assert c.run(settings) == 0, c.printed
    english = c.talk(organizer)
    assert "Hello " in english and c.revisions(organizer) == 1

    registry(c, ("Lisboa", "Portugal", "pt, en", (organizer,)))      # now a Portuguese event
    assert c.run(settings) == 0, c.printed
    assert "1 already posted, 0 posted" in c.printed
    settings.state_path.unlink()              # even without the state, the marker on the page
    assert c.run(settings) == 0, c.printed
    assert c.talk(organizer) == english and c.revisions(organizer) == 1
    assert [(r["outcome"], r["detail"]) for r in c.notices(settings)] == [
        ("unchanged", "already on the page")]


def test_an_arabic_event_gets_its_table_and_notice_in_english_throughout(campaign):
    """Arabic is withdrawn (i18n/withdrawn/ar.json): English, heading included, not a mix."""
    c = campaign
    organizer = c.user("Layla")
    writer = ended_event(c, "Cairo", "Egypt", "ar", organizer, table=True)
    settings = config(c, event_tables=True)
    assert c.run(settings, "tally", "status-table", "notify") == 0, c.printed
    page = c.event_page("Cairo")
    region = read_region(c.meta.page_text(page), "event")
    assert "! Participant !! Articles created" in region
    html = c.meta.api(action="parse", page=page, prop="text", formatversion=2)["parse"]["text"]
    table = mwparserfromhell.parse(region).filter_tags(matches=lambda t: str(t.tag) == "table")
    assert len(table) == 1 and html.count("<tr") == 3 and html.count("<th") == 7 + 7
    assert html.count("<td") == 7                       # the participant: name, 5 numbers, wikis
    assert f"User:{writer.replace(' ', '_')}" in html
    section = new_section(c, organizer)
    assert section.startswith(f"== Languages {c.prefix}: the results of {c.event_page('Cairo')} ==")
    assert f"Hello {organizer}, thank you for organizing" in section
    assert section.rstrip().split("\n")[-1].startswith("Thank you! [[User:WikiGapBot|WikiGapBot]]")
    talk = c.meta.api(action="parse", page=f"User talk:{organizer}", prop="text",
                      formatversion=2)["parse"]["text"]
    assert "User:WikiGapBot" in talk and "~~~~" not in talk and "{{" not in talk


# ---------------------------------------------------------------- dates and problems in the organizers' languages

DATED = (   # (event, its wiki's language, the Date cell as its organizer writes it, first, last)
    ("Stockholm", "sv", "13 mars 2021", date(2021, 3, 13), date(2021, 3, 13)),
    ("Madrid", "es", "8 de marzo de 2021", date(2021, 3, 8), date(2021, 3, 8)),
    ("Lisboa", "pt", "8 de março de 2021", date(2021, 3, 8), date(2021, 3, 8)),
    ("Paris", "fr", "8 mars 2021", date(2021, 3, 8), date(2021, 3, 8)),
    ("Uppsala", "sv", "8–14 mars 2021", date(2021, 3, 8), date(2021, 3, 14)),
    ("Sevilla", "es", "del 8 al 14 de marzo de 2021", date(2021, 3, 8), date(2021, 3, 14)),
)


def dated_event(c: Campaign, name: str, language: str, first: date, last: date) -> None:
    """Sign one writer up who creates an article on the last day and others just outside."""
    writer, wiki = c.user(f"{name} writer"), WIKI_OF[language]
    c.sandbox["meta"].create_users([writer])
    c.sandbox[wiki].create_users([writer])
    c.meta.load_page(c.event_page(name),
                     f"== Participants ==\n# [[User:{writer}]] 10:00, 1 March 2021 (UTC)\n")
    c.sandbox[wiki].import_revisions([
        ImportedRevision(f"{c.prefix} {name} during", "a" * ARTICLE_BYTES, writer,
                         datetime.combine(last, time(23, 30))),
        ImportedRevision(f"{c.prefix} {name} before", "b" * 100, writer,
                         datetime.combine(first - timedelta(days=1), time(23, 30))),
        ImportedRevision(f"{c.prefix} {name} after", "c" * 100, writer,
                         datetime.combine(last + timedelta(days=1), time(0, 30)))])


def test_dates_written_in_the_organizers_languages_are_counted_exactly(campaign):
    c = campaign
    rows = []
    for name, language, when, first, last in DATED:
        dated_event(c, name, language, first, last)
        rows.append(f"|-\n| {name} || {when} || {language} || [[{c.event_page(name)}]]\n")
    c.meta.load_page(f"{c.prefix}/Events", '{| class="wikitable"\n'
                     "! City !! Date !! Languages !! Event page\n" + "".join(rows) + "|}")
    settings = config(c, grace_days=0)          # no grace: the window is exactly the days
    assert c.run(settings, "tally") == 0, c.printed
    with State(settings.state_path) as state:
        snapshot = state.latest_snapshot(settings.name)
    results = {r.event.key: r for r in snapshot.events}
    for name, _, when, first, last in DATED:
        result = results[c.event_page(name)]
        assert (result.event.first_day, result.event.last_day) == (first, last), when
        assert result.tallied and result.event.problems == (), when
        assert (result.metrics.articles_created, result.metrics.bytes_added) == \
            (1, ARTICLE_BYTES), when                # the day before and the day after: not counted


def test_a_swedish_problems_notice_has_no_english_sentence(campaign):
    c = campaign
    organizer, writer, ghost = c.user("Sara"), c.user("Malmö writer"), c.user("Ghost")
    c.sandbox["meta"].create_users([organizer, writer])
    c.meta.load_page(f"{c.prefix}/Events", '{| class="wikitable"\n'
                     "! City !! Date !! Languages !! Organizer !! Event page\n|-\n"
                     f"| Malmö || 03/08/2021 || sv, alviska || [[User:{organizer}]] || "
                     f"[[{c.event_page('Malmö')}]]\n|}}")
    c.meta.load_page(c.event_page("Malmö"), f"== Deltagare ==\n# [[User:{writer}]]\n"
                     "# 192.0.2.44 10:00, 1 March 2021 (UTC)\n# bara jag\n"
                     f"# [[User:{ghost}]]\n")
    assert c.run(config(c)) == 0, c.printed
    section = new_section(c, organizer)
    assert section.startswith(f"== Languages {c.prefix}: 5 problem att rätta för ")
    for swedish in ('”03/08/2021” kan vara dag/månad eller månad/dag.',
                    '”alviska” inget känt språk', "anmäler IP-adressen 192.0.2.44",
                    'anger ingen användare: ”bara jag”.', "är inget registrerat användarnamn.",
                    "Så rättar du:'' Skriv datumet som 8 mars 2021 eller 8–14 mars 2021"):
        assert swedish in html.unescape(section), swedish
    english = english_words(section)
    assert english == [], (english, section)
