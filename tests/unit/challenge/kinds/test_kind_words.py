"""The words rule's kind (wikigap/challenge/kinds/words.py): CONTRIBUTING's example of a kind's test."""
from __future__ import annotations

from decimal import Decimal

import pytest
from challenge_factories import BASE

from wikigap.challenge.contest import ChallengeConfigError, parse_challenge
from wikigap.challenge.kinds.base import Contribution, Rule
from wikigap.challenge.kinds.words import WordsAtLeast

KIND = WordsAtLeast()
RULE = Rule("words_at_least", Decimal(1), words=300)


def test_its_parameter_is_read_and_checked():
    config = parse_challenge({**BASE, "rules": [{"kind": "words_at_least", "words": 300,
                                                  "points": 1}]}, ["meta"])
    assert config.rules == (RULE,)
    with pytest.raises(ChallengeConfigError, match="expected a whole number of at least 1"):
        parse_challenge({**BASE, "rules": [{"kind": "words_at_least", "words": 0,
                                             "points": 1}]}, ["meta"])


def test_it_reads_words_of_each_counted_revision_and_gives_points_once():
    assert KIND.each == {"words"} and KIND.last == set()
    item = Contribution("Ana", "en", "Ada", words_added=300)
    assert KIND.points(RULE, item, Decimal(2)) == 2
    assert KIND.points(RULE, Contribution("Ana", "en", "Ada", words_added=299), Decimal(2)) == 0
    with pytest.raises(ValueError, match="has no words_added"):
        KIND.meets(RULE, Contribution("Ana", "en", "Ada"))


def test_its_words_and_column_are_message_keys():
    assert KIND.words(RULE, 1) == ("wikigapbot-challenge-rule-words", (1, 300))
    assert KIND.column == "wikigapbot-challenge-col-rule-words-at-least"
