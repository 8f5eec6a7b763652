"""Rule kind ``words_at_least``: points once for an article the contestant added ``words`` words to.

Reads the ``words`` figure of each counted revision and of its parent
(words added are the net difference, wikigap.challenge.count.words).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap import yamlcheck
from wikigap.challenge.kinds.base import (
    Contribution,
    Parameter,
    Rule,
    RuleKind,
    given,
    needed,
)


class WordsAtLeast(RuleKind):
    name = "words_at_least"
    parameters = (Parameter("words", lambda raw, name, key: yamlcheck.count(raw, name, key, 1)),)
    each = frozenset({"words"})
    column = "wikigapbot-challenge-col-rule-words-at-least"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return needed(item, "words_added", self.name) >= given(rule.words, "words")

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-words", (points, rule.words)
