"""Message files: consistent with the code and with English, documented, and safe.

The consistency checks (:mod:`wikigap.write.selfcheck`, which `bot.py check` and
every run's start use too) are functions of (files, keys used) so each is shown
to catch its mistake on a tampered copy; the real files must give no complaint.
"""
from __future__ import annotations

import ast
import re
from datetime import date, datetime, timezone

import mwparserfromhell
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from decoding import mw_decode, normalised
from test_escape import assert_inert
from wikigap.write import escape
from wikigap.config import ROOT
from wikigap.i18n import (MessageError, available, babel_locale, event_language, fallbacks,
                          withdrawn, withdrawn_language)
from wikigap.model import Phrase
from wikigap.write.messages import (Messages, english, format_dates, format_number, format_time,
                                    messages)
from wikigap.write import selfcheck
from wikigap.write.selfcheck import (complaints, missing_translations, python_keys,
                                     same_as_english, template_keys, used_keys)


def read_files() -> dict[str, dict]:
    """Read every message file in i18n/ as it is on disk, ``@metadata`` included."""
    files, broken = selfcheck.read_files()
    assert broken == []
    return files


def test_message_files_match_the_code_and_english() -> None:
    assert complaints(read_files(), used_keys()) == []


def test_the_check_catches_each_kind_of_mistake() -> None:
    files, used = read_files(), used_keys()
    files["en"].pop("wikigapbot-table-event")
    files["sv"]["wikigapbot-no-such-thing"] = "x"
    files["pt"]["wikigapbot-notice-results-check"] = "Confira os números."
    files["fr"]["wikigapbot-table-not-counted"] = "{{GENDER:$1|x}}"
    files["es"]["wikigapbot-table-event-total"] = "$1$2 $3"
    files["qqq"].pop("wikigapbot-table-city")
    files["fr"]["@metadata"] = {}
    assert complaints(files, used) == [
        "'wikigapbot-table-event' is used but missing in en.json",
        "es.json: 'wikigapbot-table-event-total' puts two placeholders side by side",
        "fr.json: @metadata has no authors",
        "fr.json: 'wikigapbot-table-not-counted' has {{GENDER:$1}}; only {{PLURAL:$N|…}} "
        "is understood",
        "pt.json: 'wikigapbot-notice-results-check' has placeholders [], English has ['1']",
        "sv.json: 'wikigapbot-no-such-thing' is not used by the code or the templates",
        "'wikigapbot-table-city' in en.json is not documented in qqq.json",
    ]


def test_keys_are_found_in_templates_and_code() -> None:
    assert "wikigapbot-table-note" in template_keys()          # msg('…') in a template
    assert "wikigapbot-format-time" in python_keys()           # words.text("…") in render.py
    assert "wikigapbot-notice-results-active" in python_keys()


def test_shipped_languages() -> None:
    assert available() == {"en", "sv", "es", "pt", "fr"}
    assert withdrawn() == {"ar"} and "qqq" not in available()


def test_every_shipped_language_has_every_message() -> None:
    """A shipped file is complete: an organizer never reads English under a translated heading."""
    assert missing_translations(read_files()) == []


def test_the_completeness_check_names_the_missing_message_and_the_way_out() -> None:
    files = read_files()
    files["sv"].pop("wikigapbot-table-city")
    files["ar"] = {"@metadata": {"authors": ["x"]}, "wikigapbot-table-event": "فعالية"}
    missing = missing_translations(files)
    assert missing[-1] == ("sv.json: 'wikigapbot-table-city' is missing; translate it (or move "
                           "the file to i18n/withdrawn/ until someone can)")
    assert len(missing) == len(files["en"]) - 2 + 1       # ar: all but one; sv: one


def test_no_shipped_message_reads_as_english_unless_allowed() -> None:
    """Names, codes and formats may read as in English; the allowlist names each one."""
    assert same_as_english(read_files()) == []


def test_the_same_as_english_check_lists_a_message_left_in_english() -> None:
    files = read_files()
    files["pt"]["wikigapbot-table-city"] = files["en"]["wikigapbot-table-city"]
    assert same_as_english(files) == ["pt.json: 'wikigapbot-table-city' reads as in English: 'City'"]
    assert len(same_as_english(files, {})) > 1          # the allowlist is what hides the rest


@pytest.mark.parametrize("language", sorted(available()))
def test_every_message_is_inert_text_in_every_language(language: str) -> None:
    msg = messages(language)
    for key in read_files()["en"]:
        if key == "@metadata":
            continue
        text = msg(key, *[escape.plain("{{x}} ~~~") if i % 2 else 1234 for i in range(5)])
        assert_inert(text)


@pytest.mark.parametrize("code, chain", [
    ("pt-br", ("pt-br", "pt")), ("gl", ("gl", "pt")), ("ast", ("ast", "es")),
    ("es-formal", ("es-formal", "es")), ("sv", ("sv",)), ("PT-BR", ("pt-br", "pt")),
    ("be-tarask", ("be-tarask", "be")), ("simple", ("simple", "en")),
])
def test_fallbacks_follow_mediawiki_then_the_base_language(code: str, chain: tuple) -> None:
    assert fallbacks(code) == chain


@pytest.mark.parametrize("wikis, pinned, language", [
    (("pt",), None, "pt"), (("pt-br",), None, "pt"), (("gl",), None, "pt"),
    (("sw", "es", "pt"), None, "es"), (("sw", "de"), None, "en"), ((), None, "en"),
    (("en", "sv"), None, "en"), (("sv", "en"), None, "sv"), (("ar",), None, "en"),
    (("arz",), None, "en"), (("ar", "fr"), None, "fr"), (("en",), "ar", "en"),
    (("sv",), "en", "en"), (("en",), "pt-br", "pt"),
])
def test_event_language_is_its_first_wiki_with_a_message_file(wikis, pinned, language) -> None:
    assert event_language(wikis, pinned) == language


def test_a_language_falls_back_to_the_shipped_language_its_readers_read() -> None:
    assert Messages("pt-br").chain == ("pt", "en") and Messages("pt-br").language == "pt"
    assert Messages("gl").chain == ("pt", "en") and Messages("br").chain == ("fr", "en")


def test_a_withdrawn_language_is_written_in_english_numbers_and_dates_too() -> None:
    arabic = Messages("ar")
    assert arabic.chain == ("en",) and arabic.language == "en"
    assert arabic("wikigapbot-table-participant") == "Participant"
    assert str(arabic.locale) == "en"
    assert [withdrawn_language(c) for c in ("ar", "arz", "sv", "de")] == ["ar", "ar", None, None]


def test_a_key_missing_everywhere_names_the_file_to_fix() -> None:
    with pytest.raises(MessageError, match="'wikigapbot-nope' is not in i18n/en.json"):
        messages("sv")("wikigapbot-nope")


@pytest.mark.parametrize("n, form", [
    (0, "zero"), (1, "one"), (2, "two"), (3, "few 3"), (10, "few 10"), (11, "many 11"),
    (99, "many 99"), (100, "other 100"), (None, "other unknown"),
])
def test_arabic_plurals_take_cldr_forms_in_mediawiki_order(n, form) -> None:
    """Six forms in CLDR order, ready for a reviewed Arabic file (the mechanism, not ar.json)."""
    msg = Messages("en")
    msg.locale = babel_locale("ar")
    text = "{{PLURAL:$1|zero|one|two|few $1|many $1|other $1}}"
    assert escape.message(msg.plurals(text, (n,))).replace("$1", msg.number(n)) == form


@pytest.mark.parametrize("language, n, form", [
    ("en", 1, "one"), ("en", 0, "other"), ("pt", 0, "one"), ("pt", 1, "one"),
    ("fr", 1, "one"), ("fr", 2, "other"), ("fr", 1000000, "other"), ("es", 1000000, "other"),
    ("sv", 1, "one"), ("sv", 21, "other"),
])
def test_two_forms_cover_languages_with_more_categories(language, n, form) -> None:
    assert messages(language).plurals("{{PLURAL:$1|one|other}}", (n,)) == form


def test_explicit_plural_forms_win_and_unknown_takes_the_last_form() -> None:
    msg = messages("en")
    assert msg.plurals("{{PLURAL:$1|0=no event|one event|$1 events}}", (0,)) == "no event"
    assert msg.plurals("{{PLURAL:$1|0=no event|one event|$1 events}}", (5,)) == "$1 events"
    assert msg.plurals("{{PLURAL:$1|one|other}}", ("an unknown number of",)) == "other"


def test_values_go_in_once_and_are_not_read_again() -> None:
    msg = messages("en")
    assert msg("wikigapbot-table-event-total", "$2", 1234, 5) == \
        "Total ($2 active of 1,234 signed up; new editors: 5)"
    assert msg("wikigapbot-table-event-total", 1) == "Total (1 active of $2 signed up; new editors: $3)"
    assert msg("wikigapbot-table-event-total", None, 3, None) == \
        "Total (unknown active of 3 signed up; new editors: unknown)"


@pytest.mark.parametrize("language, expected", [
    ("en", "1,234,567"), ("sv", "1\u00a0234\u00a0567"), ("fr", "1\u00a0234\u00a0567"),
    ("es", "1.234.567"), ("pt", "1.234.567"), ("pt-br", "1.234.567"), ("ar", "1,234,567"),
])
def test_numbers_are_formatted_in_the_language(language: str, expected: str) -> None:
    assert format_number(1234567, language) == expected
    assert format_number(1234, language) == expected[:5]


@pytest.mark.parametrize("language", sorted(available()))
def test_a_number_never_breaks_across_lines(language: str) -> None:
    text = format_number(1234567, language)
    assert not any(c.isspace() and c != "\u00a0" for c in text), repr(text)


@pytest.mark.parametrize("language, same_month, across, moment", [
    ("es", "8–14 de marzo de 2021", "8 de marzo – 8 de abril de 2021",
     "14 de julio de 2021 a las 06:05 (UTC)"),
    ("pt", "8–14 de março de 2021", "8 de março – 8 de abril de 2021",
     "14 de julho de 2021, às 06:05 (UTC)"),
    ("fr", "8–14 mars 2021", "8 mars – 8 avril 2021", "14 juillet 2021 à 06:05 (UTC)"),
    ("ar", "8–14 March 2021", "8 March – 8 April 2021", "14 July 2021, 06:05 (UTC)"),
])
def test_dates_use_the_languages_month_names_and_order(language, same_month, across, moment):
    assert format_dates(date(2021, 3, 8), date(2021, 3, 14), language) == same_month
    assert format_dates(date(2021, 3, 8), date(2021, 4, 8), language) == across
    assert format_time(datetime(2021, 7, 14, 6, 5, tzinfo=timezone.utc), language) == moment


def test_a_translation_cannot_add_markup() -> None:
    hostile = "{{subst:X}} [[Category:Spam]] | a !! b ~~~~ __NOTOC__ <b>x</b> =h= ''i''"
    text = escape.message(hostile)
    assert_inert(text)
    assert mw_decode(text) == hostile


def test_apostrophes_and_colons_touching_a_value_are_encoded() -> None:
    assert escape.message("l'$1") == "l&#39;$1"
    assert escape.message("$1's") == "$1&#39;s"
    assert escape.message("$1: the results of $2") == "$1: the results of $2"
    assert escape.message("$1://x $1 12") == "$1&#58;//x $1&#32;12"


MARKUP = st.text(alphabet="ab '[]{}|<>!=_~:/-*#;&$1 \n", max_size=40)


@given(MARKUP, st.lists(st.text(max_size=12), min_size=1, max_size=2))
def test_no_translation_and_no_value_together_make_markup(text: str, values: list[str]) -> None:
    assume("$1$" not in text and "$1$1" not in text)
    message = escape.message(text)
    assert mw_decode(message) == normalised(text)
    filled = message.replace("$1", escape.plain(values[0]))
    parsed = mwparserfromhell.parse(filled)
    assert not parsed.filter_templates() and not parsed.filter_wikilinks()
    assert not parsed.filter_external_links() and not parsed.filter_tags()
    assert not parsed.filter_comments()
    for bad in ("~~~", "__", "''", "\n", "[[", "{{"):
        assert bad not in filled, (bad, filled)
    assert not re.search("[A-Za-z]://", filled), filled


def words_in_problems(source: str, name: str) -> list[str]:
    """List the Problem(...) calls of a source whose message or fix is text written in the code.

    A problem's words must be a Phrase (a message key), or no organizer can read
    it in their language: a string, an f-string or a sum of strings is refused.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id",
                                                       getattr(node.func, "attr", "")) == "Problem"):
            continue
        words = node.args[1:3] + [k.value for k in node.keywords if k.arg in ("message", "fix")]
        if any(isinstance(w, (ast.JoinedStr, ast.BinOp)) or
               (isinstance(w, ast.Constant) and isinstance(w.value, str)) for w in words):
            found.append(f"{name}:{node.lineno}")
    return found


def test_every_problem_the_code_builds_has_its_words_in_i18n() -> None:
    found = []
    for folder in ("wikigap", "tasks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += words_in_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_problem_check_catches_words_in_the_code() -> None:
    source = ('Problem("a", Phrase("wikigapbot-x"), Phrase("wikigapbot-y"))\n'
              'Problem("b", f"line {n} is bad", Phrase("wikigapbot-y"))\n'
              'model.Problem(code="c", message=Phrase("k"), fix="Fix " + it)\n'
              'Problem("d", "The date is bad.", fix=Phrase("k"))\n')
    assert words_in_problems(source, "x.py") == ["x.py:2", "x.py:3", "x.py:4"]


def test_a_phrase_is_written_in_each_language_nested_phrases_first() -> None:
    phrase = Phrase("wikigapbot-problem-date", (Phrase("wikigapbot-problem-event-on-line", ("3",)),
                                                "3", "P", Phrase("wikigapbot-date-no-year",
                                                                 ('"8 mars"',))))
    assert english(phrase) == ('The date of the event on line 3 (line 3 of P) cannot be used. '
                               '"8 mars" has no year.')
    assert messages("sv").words(phrase) == ('Datumet för evenemanget på rad 3 (rad 3 på P) kan '
                                            'inte användas. "8 mars" har inget år.')
    assert messages("sv").words("Words stored before message keys.") == \
        "Words stored before message keys."


def test_words_are_plain_text_a_template_escapes_numbers_in_the_language() -> None:
    assert english(Phrase("wikigapbot-problem-signup-page-missing", ("{{x}}",))) == \
        "The sign-up page [[{{x}}]] does not exist."
    assert messages("sv").plain("wikigapbot-notice-problems-heading", "C", 1, "E") == \
        "C: ett problem att rätta för E"
    assert messages("en").plain("wikigapbot-table-event-total", 1234, None, 2) == \
        "Total (1,234 active of unknown signed up; new editors: 2)"
