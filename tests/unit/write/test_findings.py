"""The translation review's findings (issue 27, ../shared/reviews/i18n-2026-12.md), each rendered
with real values (1, many, 0, unknown, a fraction, a list of wikis, a quoted cell) in every
shipped language, against golden files: tests/data/golden/findings.LANG.txt.

A reviewer reads those files, not the JSON: a message that breaks with one value shows here.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from test_render import check_golden

from wikigap.model import Phrase, list_phrase, quoted, wiki_phrase
from wikigap.write.messages import messages

SHIPPED = ("en", "sv", "es", "pt", "fr")
UNKNOWN = None          # a count the bot could not compute
SUMMARY_UNKNOWN = "@summary-unknown"   # the summary's "an unknown number of"

#: (what the review found, message key, values); a value may be a Phrase (written first).
FINDINGS: list[tuple[str, str, tuple]] = [
    ("no such checkbox on Meta: the drop-down", "wikigapbot-fix-registration-test-event", ()),
    ("registry vs registration", "wikigapbot-problem-registration-dates-differ",
     ("8", "9 March 2021", "WikiGap Lund", "10", "11 March 2021", "Europe/Stockholm")),
    ("impact note: one condition, unknown after a label", "wikigapbot-table-impact-note",
     (60, UNKNOWN)),
    ("impact note with 1", "wikigapbot-table-impact-note", (1, 1)),
    ("event total, new editors unknown", "wikigapbot-table-event-total", (0, 25, UNKNOWN)),
    ("event total with 1", "wikigapbot-table-event-total", (1, 1, 1)),
    ("sv agreement with 1", "wikigapbot-challenge-results-articles", (1,)),
    ("results line: a fraction and languages", "wikigapbot-challenge-results-line",
     (Decimal("2.5"), 1, "@languages")),
    ("results line: many", "wikigapbot-challenge-results-line", (12, 5, "@languages")),
    ("awards: one winner, their page", "wikigapbot-challenge-rules-awards", (1, "Confirm")),
    ("awards: three", "wikigapbot-challenge-rules-awards", (3, "Confirm")),
    ("one name for the status table", "wikigapbot-notice-results-status-table", ("WikiGap/2021",)),
    ("one name for the status table (summary)", "wikigapbot-edit-status-table",
     ("WikiGap 2021", "2021-07-14 06:00 UTC")),
    ("summary-events with 1", "wikigapbot-summary-events", ("WikiGap 2021", 3, 1)),
    ("summary-participants with 1", "wikigapbot-summary-participants", (1, 1)),
    ("summary-participants unknown", "wikigapbot-summary-participants",
     (SUMMARY_UNKNOWN, SUMMARY_UNKNOWN)),
    ("summary-work with 1", "wikigapbot-summary-work", (1, 1, 1, 1)),
    ("summary-work unknown", "wikigapbot-summary-work",
     (SUMMARY_UNKNOWN, SUMMARY_UNKNOWN, SUMMARY_UNKNOWN, SUMMARY_UNKNOWN)),
    ("summary-impact with 0", "wikigapbot-summary-impact", (0, 0)),
    ("award: no gender assumed, one variant", "wikigapbot-challenge-award-text",
     ("WikiGap Challenge 2021", 2, Decimal("0.5"), 1, "Leaderboard")),
    ("disqualified: no gender assumed", "wikigapbot-challenge-contestant-disqualified",
     ("Copyright",)),
    ("the organizer: neutral, Meta named", "wikigapbot-problem-organizer-unknown-user",
     ("Ana", wiki_phrase("meta"))),
    ("a wiki code read as a word (sv 'en')", "wikigapbot-summary-unread",
     (list_phrase([wiki_phrase("en"), wiki_phrase("wikidata")]),)),
    ("a quoted cell, a language name in any language", "wikigapbot-fix-language-unknown",
     (list_phrase([quoted("Elvish"), quoted("Klingon")]), "WikiGap Lund", "WikiGap/2021/Events")),
    ("the time after 'Updated'", "wikigapbot-table-updated", ("14 July 2021, 06:00 (UTC)",)),
    ("the time after 'Updated' (leaderboard)", "wikigapbot-challenge-board-final",
     ("14 July 2021, 06:00 (UTC)",)),
    ("a rule with a fraction", "wikigapbot-challenge-rule-improved", (Decimal("0.5"),)),
    ("bonus multiply", "wikigapbot-challenge-rules-bonus-multiply", ("Bonus", 2)),
    ("row and line", "wikigapbot-problem-event-duplicate",
     ("WikiGap Lund", "7", "WikiGap/2021/Events", "WikiGap/2021/Lund", "5")),
    ("the Challenge's summary: a shared first place, final", "wikigapbot-summary-challenge-won-shared",
     ("@leaders", Decimal("2.5"))),
]


def render(language: str) -> str:
    """Write every finding in ``language``, one line each: what, key, then the words."""
    msg = messages(language)
    lines = []
    for what, key, values in FINDINGS:
        shown = []
        for value in values:
            if value == SUMMARY_UNKNOWN:
                value = msg.plain("wikigapbot-summary-unknown-count")
            elif value == "@languages":
                value = msg.join(msg.locale.languages[c] for c in ("en", "sv"))
            elif value == "@leaders":
                value = msg.join(["Ann", "Bo"])
            shown.append(msg.words(value) if isinstance(value, Phrase) else value)
        lines.append(f"{what} [{key}]:\n  {msg.plain(key, *shown)}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_finding_renders_in_every_language(language: str) -> None:
    text = render(language)
    assert "$" not in text
    check_golden(f"findings.{language}.txt", text)


@pytest.mark.parametrize("language, wrong", [
    ("sv", "1 artikel skapade"), ("sv", "okänt nya"), ("sv", "okänt artiklar"),
    ("sv", "människa, kvinna"), ("sv", "en kunde inte läsas"), ("es", "desconocido nuevos"),
    ("es", "registro de eventos"), ("pt", "desconhecido novos"), ("pt", "contactá-lo"),
    ("pt", "registro de eventos"), ("fr", "inconnu nouveaux"), ("fr", "le premier est prévenu"),
    ("en", "an English language name"), ("fr", "un nombre inconnu de articles"),
    ("fr", "de octets"), ("es", "un número desconocido de han"), ("fr", "inconnu de ont"),
    ("en", "This is a test event"), ("en", "2.5 point."), ("sv", "2.5"), ("fr", "0,5 points"),
])
def test_no_finding_is_left(language: str, wrong: str) -> None:
    assert wrong not in render(language)
