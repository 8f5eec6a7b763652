"""Rule kind ``bytes_at_least``: points once for an article the contestant added ``bytes`` to (2021's rule)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap import yamlcheck
from wikigap.challenge.kinds.base import Contribution, Parameter, Rule, RuleKind, given


class BytesAtLeast(RuleKind):
    name = "bytes_at_least"
    parameters = (Parameter("bytes", lambda raw, name, key: yamlcheck.count(raw, name, key, 1)),)
    column = "wikigapbot-challenge-col-rule-bytes-at-least"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return item.bytes_added >= given(rule.bytes, "bytes")

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-bytes", (points, rule.bytes)
