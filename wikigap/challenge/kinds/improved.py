"""Rule kind ``improved``: points for an existing article the contestant added bytes to."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap.challenge.kinds.base import Contribution, Rule, RuleKind


class Improved(RuleKind):
    name = "improved"
    column = "wikigapbot-challenge-col-rule-improved"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return not item.created and item.bytes_added > 0

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-improved", (points,)
