"""The pure parts of the tally's reads: organizers who are not users become row problems."""
from __future__ import annotations

from factories import event, result, snapshot
from phrases import assert_written_in_every_language

from wikigap.count.gather import organizer_problems
from wikigap.model import Snapshot, normalize_title
from wikigap.write.messages import english, messages


def test_an_unregistered_organizer_is_a_problem_of_its_row_named_with_the_config_wiki():
    rows = (event(organizers=("Anna", "Anan"), row=7),
            event(page="WikiGap/2021/Oslo", label="Oslo", organizers=("Bo",), row=9))
    found = organizer_problems(rows, frozenset({"Anan"}), "meta", "WikiGap/2021/Events")
    assert found[1] == rows[1]
    [p] = found[0].problems
    assert (p.code, p.page, p.line, p.event, p.subject) == (
        "organizer-unknown-user", "WikiGap/2021/Events", 7, "WikiGap/2021/Stockholm", "Anan")
    assert english(p.message) == ("the organizer “Anan” has no account on Meta-Wiki, so no "
                                  "notice can reach them")
    assert messages("sv").words(p.message) == ("arrangören ”Anan” har inget konto på Meta-Wiki, "
                                               "så inga meddelanden når hen")
    assert "row for WikiGap Stockholm on [[WikiGap/2021/Events]]" in english(p.fix)
    assert english(p.fix).endswith("create an account on Meta-Wiki.")
    assert_written_in_every_language(p)


def test_an_event_is_found_by_its_page_as_staff_type_it():
    assert normalize_title("  wikiGap_2021/Brazil ") == "WikiGap 2021/Brazil"

    snap: Snapshot = snapshot(result(event(page="WikiGap 2021/Brazil")))
    assert snap.find("wikiGap_2021/Brazil") is snap.events[0]
    assert snap.find("WikiGap 2021/Oslo") is None


def test_an_event_is_found_by_its_key_or_its_name_as_the_tables_show_it():
    course = event(page=None, label="WikiGap Accra", course="Embassy/WikiGap_Accra")
    registered = event(page=None, label="Online Americas", registration=7)
    twins = [event(page=f"WikiGap/{n}", label="Twin") for n in ("A", "B")]
    snap: Snapshot = snapshot(*(result(e) for e in (course, registered, *twins)))
    assert snap.find("Dashboard course Embassy/WikiGap_Accra") is snap.events[0]
    assert snap.find("Special:EventDetails/7") is snap.events[1]
    assert snap.find("  wikigap  accra ") is snap.events[0]       # its name, any case and spacing
    assert snap.find("Online Americas") is snap.events[1]
    assert snap.find("Twin") is None                              # two events with that name
