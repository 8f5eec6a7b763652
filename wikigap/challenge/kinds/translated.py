"""Rule kind ``translated``: points for an article the contestant created with Content Translation."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap.challenge.kinds.base import Contribution, Rule, RuleKind


class Translated(RuleKind):
    name = "translated"
    column = "wikigapbot-challenge-col-rule-translated"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return item.created and item.translated

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-translated", (points,)
