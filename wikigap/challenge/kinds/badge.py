"""Rule kind ``badge``: points for a featured or good article (its sitelink's badge on Wikidata)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from wikigap import yamlcheck
from wikigap.challenge.kinds.base import Contribution, Parameter, Rule, RuleKind

BADGES = ("featured", "good", "any")
#: The rules box's sentence for each badge.
SAID = {"featured": "wikigapbot-challenge-rule-badge-featured",
        "good": "wikigapbot-challenge-rule-badge-good",
        "any": "wikigapbot-challenge-rule-badge-any"}


class Badge(RuleKind):
    name = "badge"
    parameters = (Parameter("badge", lambda raw, name, key: yamlcheck.choice(raw, name, key,
                                                                             BADGES)),)
    sitelinks = True
    column = "wikigapbot-challenge-col-rule-badge"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        wanted = ("featured", "good") if rule.badge == "any" else (rule.badge,)
        return item.badge in wanted

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return SAID.get(rule.badge, SAID["any"]), (points,)
