"""Rule kind ``created``: points for an article the contestant created during the Challenge."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap.challenge.kinds.base import Contribution, Rule, RuleKind


class Created(RuleKind):
    name = "created"
    column = "wikigapbot-challenge-col-rule-created"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return item.created

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-created", (points,)
