"""Planning notices: which are due, their once-only keys and markers, and safe text."""
from __future__ import annotations

import dataclasses
import html
import re
from datetime import date, datetime, timezone

import mwparserfromhell
import pytest
from factories import (
    HOSTILE,
    event,
    metrics,
    participant,
    problem,
    result,
    snapshot,
    untallied,
)
from phrases import TRANSLATED, assert_written_in_every_language, english_words
from test_render import check_golden

from wikigap.config import (
    Config,
    EventsConfig,
    NotifyConfig,
    PageviewsConfig,
    TableTarget,
)
from wikigap.read.registry import parse_registry
from wikigap.read.signup import parse_signup
from wikigap.write import notices

ENDED = date(2021, 3, 14)   # the default event's last day


def config(after_end_days: int = 7, tables: tuple[TableTarget, ...] | None = None,
           language: str | None = "en") -> Config:
    """Build a config with a notify section on meta and an English status table there.

    Notices are pinned to English (the default event writes sv first); tests of
    the language choice pass ``language=None``.
    """
    if tables is None:
        tables = (TableTarget("se", "Projekt:Statistik", language="sv"),
                  TableTarget("meta", "WikiGap/2021"))
    return Config(name="WikiGap 2021", account="WikiGapBot",
                  wikis={"meta": "meta:meta", "se": "wikimediachapter:se"},
                  events=EventsConfig("meta", "WikiGap/2021/Events"), status_tables=tables,
                  notify=NotifyConfig("meta", after_end_days=after_end_days, language=language))


def plan(*results, today: date = date(2021, 3, 21), **kwargs):
    return notices.due_notices(snapshot(*results), config(**kwargs), today)


def ip_problem(line: int = 12):
    return problem(code="signup-ip", message="'192.0.2.1' is an IP address, not a user name",
                   fix="ask them to log in and sign with their user name",
                   page="WikiGap/2021/Stockholm", line=line, subject="192.0.2.1")


@pytest.mark.parametrize("days_after, due", [(6, False), (7, True), (30, True), (-3, False)])
def test_results_are_due_after_end_days(days_after, due):
    today = date.fromordinal(ENDED.toordinal() + days_after)
    kinds = [n.kind for n in plan(result(), today=today)]
    assert kinds == (["results"] if due else [])


def test_after_end_days_zero_means_the_day_after_is_not_needed():
    assert [n.kind for n in plan(result(), today=ENDED, after_end_days=0)] == ["results"]


def test_untallied_event_gets_no_results_but_a_problems_notice():
    kinds = [n.kind for n in plan(untallied(event()), today=date(2022, 1, 1))]
    assert kinds == ["problems"]


def test_event_without_last_day_gets_no_results():
    ev = event(first_day=None, last_day=None)
    assert plan(result(ev), today=date(2030, 1, 1)) == []


def test_one_notice_per_organizer_each_once():
    ev = event(organizers=("Anna", "Björn", "Anna", " "))
    planned = plan(result(ev))
    assert [(n.organizer, n.title) for n in planned] == [
        ("Anna", "User talk:Anna"), ("Björn", "User talk:Björn")]


def test_events_without_organizers_get_nothing_but_are_named():
    ev = event(organizers=())
    snap = snapshot(result(ev, problems=(ip_problem(),)))
    assert notices.due_notices(snap, config(), date(2021, 3, 21)) == []
    missing = notices.unaddressed(snap, config(), date(2021, 3, 21))
    assert [(m.kind, m.event) for m in missing] == [
        ("problems", "WikiGap/2021/Stockholm"), ("results", "WikiGap/2021/Stockholm")]


def test_problems_key_is_stable_and_changes_with_the_set():
    a, b = problem(page="R", line=3), ip_problem()
    assert notices.problems_key([a, b]) == notices.problems_key([b, a, a])
    assert notices.problems_key([a]) != notices.problems_key([a, b])
    assert re.fullmatch(r"[0-9a-f]{12}", notices.problems_key([a]))


def test_a_problem_whose_line_moved_or_message_changed_keeps_its_key():
    """Rows added above a problem renumber it; that is not a new problem to announce."""
    import dataclasses
    before = ip_problem()
    moved = dataclasses.replace(before, line=(before.line or 0) + 2,
                                message=before.message.replace("Line", "Row"))
    assert notices.problems_key([before]) == notices.problems_key([moved])
    other_ip = dataclasses.replace(before, subject="198.51.100.9")
    assert notices.problems_key([before]) != notices.problems_key([other_ip])


def test_problem_wording_alone_does_not_change_the_key_but_a_new_problem_does():
    first = plan(result(problems=(ip_problem(),)), today=date(2021, 3, 10))
    reworded = ip_problem().__class__(**{**ip_problem().__dict__, "fix": "another fix"})
    second = plan(result(problems=(reworded,)), today=date(2021, 3, 10))
    third = plan(result(problems=(ip_problem(), problem(page="R", line=4))),
                 today=date(2021, 3, 10))
    assert first[0].key == second[0].key != third[0].key


def test_no_problems_means_no_problems_notice():
    assert plan(result(), today=date(2021, 3, 10)) == []


def test_unreadable_wiki_is_not_the_organizers_problem():
    failed = problem(code="wiki-unreadable", message="The contributions on sv could not be read")
    assert plan(result(problems=(failed,)), today=date(2021, 3, 10)) == []


@pytest.mark.parametrize("code", ["source-unreadable", "registration-other-wikis"])
def test_our_outage_and_an_informational_note_are_no_problems_to_fix(code):
    """A registration or course that did not answer is our outage; a registration that also
    names Commons asks nothing of the organizers: neither is a "problem to fix" notice."""
    note = problem(code=code, message="Event registration 7 could not be read")
    assert plan(result(problems=(note,)), today=date(2021, 3, 10)) == []
    assert plan(untallied(event(), note), today=date(2021, 3, 10)) == []


def test_kept_numbers_send_no_results_until_they_are_read_again():
    kept = result(stale_since=datetime(2021, 3, 20, tzinfo=timezone.utc), unread=("registration 7",))
    assert plan(kept) == []
    assert [n.kind for n in plan(dataclasses.replace(kept, stale_since=None, unread=()))] == [
        "results"]


def test_row_and_result_problems_are_merged_once():
    row = problem(page="WikiGap/2021/Events", line=3)
    ev = event(problems=(row,))
    [notice] = plan(untallied(ev, row, ip_problem()), today=date(2021, 3, 10))
    assert notice.text.count("is not a date") == 1 and "192.0.2.1" in notice.text
    assert "2 problems" in notice.heading


def test_problems_notice_says_what_where_and_how():
    [notice] = plan(result(problems=(ip_problem(),)), today=date(2021, 3, 10))
    assert "on [[:WikiGap/2021/Stockholm|WikiGap/2021/Stockholm]], line 12" in notice.text
    assert "How to fix:'' Ask them to log in and sign with their user name." in notice.text
    assert notice.marker == (f"<!-- wikigapbot-notice: problems | WikiGap 2021 | "
                             f"WikiGap/2021/Stockholm | {notice.key} -->")
    assert notice.old_marker == f"<!-- wikigapbot-notice: problems | WikiGap/2021/Stockholm | {notice.key} -->"
    assert notice.text.startswith(notice.marker + "\n")
    assert notice.text.rstrip().endswith("~~~~")


def test_results_notice_gives_numbers_link_and_next_steps():
    [notice] = plan(result(metrics=metrics(bytes_added=123456, languages=("sv",))))
    text = notice.text
    for line in ("Signed up: '''25'''", "Active (edited at least one article): '''12'''",
                 "Articles created: '''40'''", "Articles improved: '''17'''",
                 "Bytes added: '''123,456'''",
                 "Page views of these articles since the event began: '''1,234,567'''",
                 "Wikis edited: Swedish Wikipedia",
                 "New editors (accounts registered shortly before or during the event): '''6'''",
                 "Articles about women (created or improved): '''39'''",
                 "Edits not counted because they were reverted: '''4'''"):
        assert f"* {line}\n" in text
    assert "[[:WikiGap/2021|WikiGap/2021]]" in text    # the status table on the notice wiki
    assert "Check the numbers" in text and "report" in text
    assert notice.key == "results" and notice.wiki == "meta"
    assert notice.marker == ("<!-- wikigapbot-notice: results | WikiGap 2021 | "
                             "WikiGap/2021/Stockholm | results -->")
    assert notice.on(f"x\n{notice.old_marker}\ny") and notice.on(notice.marker)
    assert not notice.on(notice.marker.replace("WikiGap 2021", "Other"))
    assert text.rstrip().endswith("~~~~") and len(text) < 1500


def test_unknown_numbers_read_unknown_not_zero():
    [notice] = plan(result(metrics=metrics(bytes_added=None, languages=None, views=None,
                                           improved_about_women=None)))
    assert "Bytes added: '''unknown'''" in notice.text and "Wikis edited: unknown" in notice.text
    assert "since the event began: '''unknown'''" in notice.text
    assert "Articles about women (created or improved): '''unknown'''" in notice.text


def test_no_status_table_on_the_notice_wiki_means_no_link():
    [notice] = plan(result(), tables=(TableTarget("se", "Projekt:Statistik", language="sv"),))
    assert "status table" not in notice.text


def test_comment_safe_cannot_close_the_marker():
    for hostile in ("a-->b", "a--b", "x|y", "a\n--> b", "~~~~", "a---->"):
        safe = notices.comment_safe(hostile)
        assert "--" not in safe and "|" not in safe and "\n" not in safe and "~~" not in safe
        assert notices.comment_safe(hostile) == safe          # deterministic


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_stay_text(hostile):
    ev = event(label=hostile, organizers=("Anna",), page="WikiGap/2021/Stockholm")
    bad = problem(message=hostile, fix=hostile, page="WikiGap/2021/Stockholm", line=2)
    for notice in plan(untallied(ev, bad), result(ev), today=date(2021, 3, 21)):
        body = notice.text.replace(notice.marker, "").replace("~~~~", "")
        parsed = mwparserfromhell.parse(body)
        assert not parsed.filter_templates() and not parsed.filter_comments()
        assert not parsed.filter_tags(matches=lambda t: str(t.tag) not in ("b", "i", "li", "dd"))
        assert "~~~" not in body and "{{" not in body
        assert "~~~" not in notice.heading and "{{" not in notice.heading
        assert "[[" not in html.unescape(notice.heading) or "[[" in hostile


def test_registry_level_problems_go_to_nobody():
    snap = snapshot(result(), problems=(problem(page="WikiGap/2021/Events", line=1),))
    assert notices.due_notices(snap, config(), date(2021, 3, 10)) == []


def test_no_results_notice_while_numbers_are_unknown():
    """The results notice is sent once; numbers an unreadable wiki made unknown must wait."""
    unknown = result(metrics=metrics(active_participants=None, articles_created=None,
                                     articles_improved=None, bytes_added=None, edits=None,
                                     languages=None))
    assert plan(unknown, today=date(2021, 4, 30)) == []


def test_no_results_notice_before_a_snapshot_after_the_grace_period():
    """Edits count until last day + grace_days; a snapshot taken before that is not final."""
    early = snapshot(result(), taken_at=datetime(2021, 3, 21, 8, tzinfo=timezone.utc))
    late = snapshot(result(), taken_at=datetime(2021, 3, 22, 0, 5, tzinfo=timezone.utc))
    today = date(2021, 3, 21)        # after_end_days 7 have passed; grace (7 days) ends today
    assert notices.due_notices(early, config(), today) == []
    assert [n.kind for n in notices.due_notices(late, config(), date(2021, 3, 22))] == ["results"]


SHIPPED = ("en", "sv", "es", "pt", "fr")


@pytest.mark.parametrize("language", SHIPPED)
def test_golden_results_notice_per_language(language):
    [notice] = plan(result(metrics=metrics(signed_up=1234, bytes_added=1234567)),
                    language=language)
    check_golden(f"notice-results.{language}.wiki",
                 f"== {notice.heading} ==\n{notice.text}<!-- summary: {notice.summary} -->")


def test_notice_language_is_the_events_unless_pinned():
    brazil = event(wikis=("pt",))
    [notice] = plan(result(brazil, metrics=metrics(bytes_added=1234)), language=None)
    assert "Olá, Anna!" in notice.text and "* Bytes adicionados: '''1.234'''" in notice.text
    assert notice.heading == "WikiGap 2021: os resultados de WikiGap Stockholm"
    assert "(8–14 de março de 2021)" in notice.text
    [pinned] = plan(result(brazil), language="en")
    assert pinned.text.startswith(pinned.marker + "\nHello Anna,")
    [unknown] = plan(result(event(wikis=("sw", "de"))), language=None)
    assert "\nHello Anna," in unknown.text and "Thank you! ~~~~" in unknown.text


def test_the_marker_and_key_do_not_depend_on_the_language():
    for kind_result, today in ((result(problems=(ip_problem(),)), date(2021, 3, 10)),
                               (result(), date(2021, 3, 21))):
        english = plan(kind_result, today=today, language="en")
        portuguese = plan(kind_result, today=today, language="pt")
        assert [(n.marker, n.key, n.kind) for n in english] == \
            [(n.marker, n.key, n.kind) for n in portuguese]
        assert [n.text for n in english] != [n.text for n in portuguese]


@pytest.mark.parametrize("language", SHIPPED)
def test_problems_notice_counts_in_the_language(language):
    two = (ip_problem(), problem(page="R", line=4))
    [notice] = plan(result(problems=two), today=date(2021, 3, 10), language=language)
    body = notice.text.replace(notice.marker, "")
    assert body.count("\n# ") == 2 and body.count("\n#: ''") == 2
    assert notice.text.rstrip().endswith(" ~~~~") and "2" in notice.heading


@pytest.mark.parametrize("language", SHIPPED)
@pytest.mark.parametrize("hostile", HOSTILE[:12])
def test_right_to_left_and_other_languages_keep_notices_safe(language, hostile):
    ev = event(label=hostile, organizers=(hostile.strip() or "Anna",))
    for notice in plan(untallied(ev, problem(message=hostile, fix=hostile, page="P", line=2)),
                       result(ev), today=date(2021, 3, 21), language=language):
        body = notice.text.replace(notice.marker, "")
        assert body.rstrip().endswith(" ~~~~") and body.count("~~~") == 1
        parsed = mwparserfromhell.parse(body)
        assert not parsed.filter_templates() and not parsed.filter_comments()
        assert "{{" not in notice.heading and "~~~" not in notice.heading


# Results notices wait for page views (issue 20, item 6)

def views_config(wait: int = 14) -> Config:
    base = config()
    return dataclasses.replace(base, pageviews=PageviewsConfig(contact="ops@example.org"),
                               notify=dataclasses.replace(base.notify, wait_for_views_days=wait))


@pytest.mark.parametrize("days_after, sent", [(7, False), (20, False), (21, True), (40, True)])
def test_a_results_notice_waits_for_views_at_most_wait_for_views_days(days_after, sent):
    unread = result(metrics=metrics(views=None))
    today = date.fromordinal(ENDED.toordinal() + days_after)
    snap = snapshot(unread)
    planned = notices.due_notices(snap, views_config(), today)
    assert [n.kind for n in planned] == (["results"] if sent else [])
    held = notices.held_notices(snap, views_config(), today)
    assert held == ([] if sent else [notices.Held("WikiGap/2021/Stockholm", "Anna",
                                                  date(2021, 4, 4))])   # 14 + 7 + 14 days


def test_views_read_release_the_notice_and_without_pageviews_nothing_waits():
    assert [n.kind for n in notices.due_notices(snapshot(result()), views_config(),
                                                date(2021, 3, 21))] == ["results"]
    unread = snapshot(result(metrics=metrics(views=None)))
    assert [n.kind for n in notices.due_notices(unread, config(), date(2021, 3, 21))] == ["results"]
    assert notices.held_notices(unread, config(), date(2021, 3, 21)) == []


def test_a_problems_notice_never_waits_for_views():
    snap = snapshot(result(metrics=metrics(views=None), problems=(ip_problem(),)))
    assert [n.kind for n in notices.due_notices(snap, views_config(), date(2021, 3, 21))] == [
        "problems"]


# Organizers who are not registered users (issue 20, item 5)

def unknown_organizer(name: str):
    return problem(code="organizer-unknown-user", subject=name, page="WikiGap/2021/Events", line=3,
                   message=f"the organizer '{name}' is not a registered user on meta, so no "
                           "notice can reach them", fix="Correct the organizer's user name.")


def test_an_unregistered_organizer_gets_nothing_and_the_others_get_the_problem():
    ev = event(organizers=("Anna", "Anan"), problems=(unknown_organizer("Anan"),))
    planned = plan(result(ev))
    assert [(n.kind, n.organizer) for n in planned] == [("problems", "Anna"), ("results", "Anna")]
    assert "'Anan' is not a registered user on meta" in planned[0].text


def test_an_event_whose_only_organizer_is_unregistered_is_named_as_unaddressed():
    ev = event(organizers=("Anan",), problems=(unknown_organizer("Anan"),))
    snap = snapshot(result(ev))
    assert notices.due_notices(snap, config(), date(2021, 3, 21)) == []
    assert [m.kind for m in notices.unaddressed(snap, config(), date(2021, 3, 21))] == [
        "problems", "results"]


# Notices sent again on purpose (issue 20, item 9)

def test_a_resent_notice_has_the_same_marker_says_it_was_sent_again_and_is_marked_resend():
    snap = snapshot(result(problems=(ip_problem(),)))
    first = plan(*snap.events)
    again = notices.resend_notices(snap.events[0], "problems", snap, config(),
                                   datetime(2021, 3, 22, 9, 30, tzinfo=timezone.utc))
    assert [n.resend for n in again] == [True]
    assert again[0].marker == first[0].marker and again[0].key == first[0].key
    assert first[0].marker in again[0].text
    assert "Sent again on 22 March 2021" in again[0].text and "Sent again" not in first[0].text


def test_resend_refuses_what_there_is_nothing_to_send():
    now = datetime(2021, 3, 22, tzinfo=timezone.utc)
    snap = snapshot(result())
    with pytest.raises(ValueError, match="has no problems to send"):
        notices.resend_notices(snap.events[0], "problems", snap, config(), now)
    early = datetime(2021, 3, 15, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="not due yet"):
        notices.resend_notices(snap.events[0], "results", snap, config(), early)


# ---------------------------------------------------------------- problems in the organizer's language

READER_REGISTRY = """{| class="wikitable"
! Event !! Date !! Languages !! Organizers
|-
| [[WikiGap/2021/Stockholm|WikiGap Stockholm]] || 03/08/2021 || sv, Elvish || [[User:Anna]]
|-
| Lund || 8 March 2021 || sv || [[User:Anna]]
|}"""
READER_SIGNUP = """== Deltagare ==
# [[User:Björn]]
# 192.0.2.7 10:00, 1 March 2021 (UTC)
# just me
"""


def reader_problems() -> tuple:
    """Give problems exactly as the readers record them: a registry and a sign-up page read."""
    registry = parse_registry(READER_REGISTRY, "WikiGap/2021/Events")
    signup = parse_signup(READER_SIGNUP, "WikiGap/2021/Stockholm", "WikiGap/2021/Stockholm")
    return (*(p for e in registry.events for p in e.problems), *signup.problems)


def reader_notice(language: str):
    [notice] = plan(untallied(event(), *reader_problems()), today=date(2021, 3, 10),
                    language=language)
    return notice


@pytest.mark.parametrize("language", SHIPPED)
def test_golden_problems_notice_per_language(language):
    notice = reader_notice(language)
    check_golden(f"notice-problems.{language}.wiki",
                 f"== {notice.heading} ==\n{notice.text}<!-- summary: {notice.summary} -->")


def test_an_arabic_event_gets_english_throughout_heading_included():
    """Arabic is withdrawn (i18n/withdrawn/ar.json): no notice mixes an Arabic heading with English."""
    cairo = event(wikis=("ar",))
    for kind_result, today in ((untallied(cairo, *reader_problems()), date(2021, 3, 10)),
                               (result(cairo), date(2021, 3, 21))):
        [arabic] = plan(kind_result, today=today, language=None)
        [english] = plan(kind_result, today=today, language="en")
        assert (arabic.heading, arabic.text, arabic.summary) == \
            (english.heading, english.text, english.summary)
        assert arabic.text.startswith(arabic.marker + "\nHello Anna,")


def test_the_problems_read_are_those_the_golden_notices_show():
    assert [p.code for p in reader_problems()] == [
        "date-ambiguous", "language-unknown", "event-no-link", "signup-ip", "signup-no-user"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translated_problems_notice_has_no_english_sentence(language):
    assert english_words(reader_notice("en").text)          # the check sees English
    notice = reader_notice(language)
    assert english_words(f"{notice.heading}\n{notice.text}") == []
    for problem in reader_problems():
        assert_written_in_every_language(problem)


def test_a_french_problem_keeps_its_no_break_spaces_and_quotation_marks():
    """French typography: U+00A0 before ; and inside « »; the sentence's tidy-up kept none."""
    text = reader_notice("fr").text
    assert "n’est pas une langue connue\u00a0; seul sv" in text
    assert "«\u00a0Elvish\u00a0»" in text and '"Elvish"' not in text


def test_a_renamed_participant_is_a_note_in_the_results_not_a_problem():
    renamed = participant("Ana Nova", renamed_from="Ana Velha")
    [notice] = plan(result(participants=(renamed, participant("Bo"))))
    assert ("One participant was renamed after signing up; the numbers count them under the new "
            "name, with all their edits: Ana Velha → Ana Nova.") in notice.text
    [plain] = plan(result(participants=(participant("Ana Nova"),)))
    assert "renamed" not in plain.text


def test_the_rename_note_is_written_in_every_language():
    """The renames are a list joined as the language joins one (CLDR): "B → A och D → C"."""
    for language, joined in (("sv", "B → A och D → C"), ("es", "B → A y D → C"),
                             ("pt", "B → A e D → C"), ("fr", "B → A et D → C")):
        [notice] = notices.due_notices(snapshot(result(participants=(
            participant("A", renamed_from="B"), participant("C", renamed_from="D")))),
            config(language=language), date(2021, 3, 21))
        assert joined in notice.text and "renamed" not in notice.text, language


@pytest.mark.parametrize("sources, words", [
    ((), "user name is in the sign-up list on [[:WikiGap/2021/Stockholm|"),
    (("signup-list", "registration 7"), "user name is in the sign-up list on"),
    (("registration 7",), "registered publicly on the Event: page [[:WikiGap/2021/Stockholm|"),
    (("course Embassy/WikiGap_Accra",), "enrolled as Editor in the Dashboard course "
                                         "Embassy/WikiGap_Accra;"),
])
def test_the_results_notice_names_where_participants_signed_up(sources, words):
    [notice] = plan(result(sources=sources))
    assert words in notice.text
    others = {"sign-up list", "registered publicly", "enrolled as Editor"} - {
        w for w in ("sign-up list", "registered publicly", "enrolled as Editor") if w in words}
    assert not any(other in notice.text for other in others)
