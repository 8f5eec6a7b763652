"""Rule kind ``per_kb``: points for every full 1,000 bytes the contestant added to an article."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap.challenge.kinds.base import Contribution, Rule, RuleKind

KB = 1000


class PerKb(RuleKind):
    name = "per_kb"
    column = "wikigapbot-challenge-col-rule-per-kb"

    def points(self, rule: Rule, item: Contribution, points: Decimal) -> Decimal:
        return points * (item.bytes_added // KB)

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return item.bytes_added >= KB

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-per-kb", (points, KB)
