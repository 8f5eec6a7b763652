"""One title normaliser (``wikigap.model.normalize_title``), MediaWiki's rules, each wiki's case.

Before, five normalisers answered differently: tabs, non-breaking spaces, direction marks and
``ß`` came out differently depending on which reader had read the name.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikigap.model import CASE_SENSITIVE, FIRST_LETTER, normalize_title, normalize_user
from wikigap.read.registry import event_page
from wikigap.wikis.account import entry_user


@pytest.mark.parametrize("raw, first_letter, case_sensitive", [
    ("ada_lovelace", "Ada lovelace", "ada lovelace"),
    ("  Ann \t  Example ", "Ann Example", "Ann Example"),
    ("Ann\u00a0Example", "Ann Example", "Ann Example"),          # no-break space
    ("Ann\u3000Example", "Ann Example", "Ann Example"),          # ideographic space
    ("\u200eAnn Example\u200f", "Ann Example", "Ann Example"),  # direction marks
    ("ß", "ß", "ß"),                                             # its capital is two letters
    ("élise", "Élise", "élise"),
    ("", "", ""),
    ("_", "", ""),
])
def test_mediawiki_rules_for_both_cases(raw: str, first_letter: str, case_sensitive: str):
    assert normalize_title(raw) == normalize_title(raw, FIRST_LETTER) == first_letter
    assert normalize_title(raw, CASE_SENSITIVE) == case_sensitive


def test_user_names_are_always_first_letter():
    assert normalize_user("ana_pereira") == "Ana pereira"


def test_the_readers_answer_alike():
    """The registry's event links and the password file's user, through the one normaliser."""
    assert event_page("wikiGap_2021/Brazil", "WikiGap 2021") == "WikiGap 2021/Brazil"
    assert event_page("wiktionary_page", "X", CASE_SENSITIVE) == "wiktionary page"
    assert entry_user("('wiki\u00a0gapBot', 'secret-value')") == "Wiki gapBot"


@given(st.text())
def test_normalising_twice_changes_nothing_and_underscores_are_spaces(text: str):
    once = normalize_title(text)
    assert normalize_title(once) == once
    assert normalize_title(text.replace(" ", "_")) == once
    assert "_" not in once and "  " not in once and once == once.strip()
