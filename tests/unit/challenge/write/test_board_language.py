"""The Challenge in its readers' language: challenge.language for the rules box, the leaderboard,
the results draft (golden files in Swedish), fractions and lists in the language, the summary."""
from __future__ import annotations

import difflib
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from challenge_factories import changed
from challenge_factories import config as config_2021
from phrases import english_words
from test_board import AFTER, BEFORE, scored

from wikigap.challenge.contest import ChallengeConfigError, parse_challenge
from wikigap.challenge.write import board as pages
from wikigap.write.messages import messages
from wikigap.write.render import challenge_sentences

GOLDEN = Path(__file__).parents[3] / "data" / "golden"


def check_golden(name: str, text: str) -> None:
    """Compare with tests/data/golden/NAME (WIKIGAP_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / name
    if os.environ.get("WIKIGAP_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with WIKIGAP_UPDATE_GOLDEN=1 and review it"
    diff = "".join(difflib.unified_diff(path.read_text(encoding="utf-8").splitlines(True),
                                        text.splitlines(True), f"golden/{name}", "rendered"))
    assert not diff, f"rendering differs from golden file:\n{diff}"


#: Words the Swedish pages may share with English: names and titles (the contest, the users, an
#: article's title, the organizers' reason), the wiki codes in the table, and Swedish words.
NAMES = {"WikiGap", "Challenge", "Ann", "Bo", "Cy", "Ada", "Selma", "Hedy", "Karl", "Nobody",
         "Poor", "machine", "translation", "Copyright", "en", "sv", "UTC", "Leaderboard",
         "Adjustments", "Confirm", "Bonus", "Results", "draft", "User"}


def swedish(text: str) -> list[str]:
    """List the words of a rendered page that are neither Swedish nor a name (by a word list)."""
    words = set(re.findall(r"[^\W\d_]+", re.sub(r"\[\[[^\]]*\]\]", " ", text)))
    return sorted(english_words(text) + [w for w in words - NAMES if w in ENGLISH_WORDS])


#: English words of the Challenge's English pages that are not also Swedish.
ENGLISH_WORDS = {"Provisional", "standings", "Final", "ranking", "Rank", "Contestant", "Points",
                 "Created", "Improved", "points", "articles", "article", "that", "count",
                 "counts", "created", "improved", "pending", "Updated", "General", "outcome",
                 "contestants", "edits", "signed", "languages", "language", "woman", "list",
                 "written", "about", "Disqualified", "organizers", "rules", "Articles", "every",
                 "women", "Only", "bytes", "Why", "Total", "Size", "Sources",
                 "links", "References", "Links", "Words", "added", "Pending", "Adjustment",
                 "English", "Swedish", "final", "top", "Top", "most", "The", "with", "and"}


def test_a_swedish_challenge_rules_box_leaderboard_and_results_have_no_english_word():
    config, board = scored()
    config = config_2021(language="sv")
    rules = pages.render_rules(config, config.language)
    provisional = pages.render_leaderboard(board, config, BEFORE, config.language)
    final = pages.render_leaderboard(board, config, AFTER, config.language)
    results = pages.render_results(board, config, 3, config.language)
    for text in (rules, provisional, final, results):
        assert swedish(text) == [], text
    assert rules.startswith("Reglerna för WikiGap Challenge 2021, så som boten tillämpar dem:")
    assert "Artiklar på alla språkversioner av Wikipedia räknas." in rules
    assert provisional.startswith("Preliminär ställning: ") and \
        "Uppdaterad den <span class=\"wikigapbot-time\">9 april 2021 kl. 12.00 (UTC)</span>." \
        in provisional
    assert "| 1 || [[:User:Ann|Ann]] || 3 || 2 || 0 || 1 || en, sv || 4\u00a0900 || 1" in final
    assert "# [[:User:Ann|Ann]], 3 poäng. 2 artiklar skapade eller förbättrade, på engelska och " \
        "svenska." in results
    assert "1 artikel skapad eller förbättrad, på engelska." in results
    check_golden("challenge-rules.sv.wiki", rules)
    check_golden("challenge-leaderboard.sv.wiki", final)
    check_golden("challenge-results.sv.wiki", results)


@pytest.mark.parametrize("language, provisional, updated", [
    ("en", "Provisional standings: ", "Updated <span"),
    ("es", "Clasificación provisional: ", "Actualizada el <span"),
    ("pt", "Classificação provisória: ", "Atualizada em <span"),
    ("fr", "Classement provisoire\u00a0: ", "Mis à jour le <span"),
])
def test_each_language_says_the_update_time_with_its_own_words(language, provisional, updated):
    """The time was appended after the message: es/pt/fr lost "el", "em", "le" before it."""
    config, board = scored()
    text = pages.render_leaderboard(board, config, BEFORE, language)
    assert text.startswith(provisional) and updated in text.split("\n", 1)[0]


def test_fractional_points_are_written_in_the_language():
    config, board = scored()
    ann = board.standings[0]
    half = [ann.__class__(**{**ann.__dict__, "points": Decimal("2.5")}), *board.standings[1:]]
    board = board.__class__(**{**board.__dict__, "standings": tuple(half)})
    text = pages.render_leaderboard(board, config, AFTER, "sv")
    assert "| 1 || [[:User:Ann|Ann]] || 2,5 ||" in text
    assert "2,5 poäng från 2 artiklar som räknas." in text
    assert "| 1 || [[:User:Ann|Ann]] || 2.5 ||" in pages.render_leaderboard(board, config, AFTER)


def test_the_language_must_be_shipped_and_not_withdrawn():
    assert parse_challenge(changed("language", "pt-br")).language == "pt-br"
    assert parse_challenge(changed("settle_hours", 24)).language == "en"
    with pytest.raises(ChallengeConfigError, match="'ar' is withdrawn until "
                                                   "i18n/withdrawn/ar.json is complete"):
        parse_challenge(changed("language", "ar"))
    with pytest.raises(ChallengeConfigError, match="'de' has no message file; pick one of "
                                                   "en, es, fr, pt, sv"):
        parse_challenge(changed("language", "de"))


SUMMARY = {"name": "WikiGap Challenge 2021", "contestants": 12, "articles": 40, "languages": 3,
           "points": 2.5}


@pytest.mark.parametrize("final, leaders, said", [
    (False, ["Ann"], "I ledningen ligger Ann med 2,5 poäng."),
    (False, ["Ann", "Bo"], "Ledningen delas av Ann och Bo, med 2,5 poäng var."),
    (True, ["Ann"], "Slutresultat: Ann vann med 2,5 poäng."),
    (True, ["Ann", "Bo", "Cy"], "Slutresultat: Ann, Bo och Cy delar förstaplatsen, med 2,5 poäng var."),
])
def test_the_summary_says_who_leads_and_once_final_who_won_a_shared_place_named(final, leaders,
                                                                                  said):
    text = challenge_sentences({**SUMMARY, "final": final, "leaders": leaders}, messages("sv"))
    assert text == ("I WikiGap Challenge 2021 har 12 tävlande skrivit 40 artiklar som räknas, "
                    f"på 3 språk. {said}")


def test_a_board_stored_before_leaders_were_kept_still_reads():
    text = challenge_sentences({**SUMMARY, "leader": "Ann", "points": 3}, messages("en"))
    assert text.endswith("in 3 languages. In the lead: Ann, with 3 points.")
    assert challenge_sentences({**SUMMARY, "leader": ""}, messages("en")).endswith("languages.")
