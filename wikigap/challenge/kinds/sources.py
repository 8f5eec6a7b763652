"""Rule kind ``sources_and_links``: points once for an article with ``refs`` references and ``links`` links.

Reads the ``refs`` and ``links`` figures of the article after the
contestant's last counted revision (2021's "+1 for sources and internal links").
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


def _at_least_0(raw: Any, name: str, key: str) -> int:
    return yamlcheck.count(raw, name, key, 0)


class SourcesAndLinks(RuleKind):
    name = "sources_and_links"
    parameters = (Parameter("refs", _at_least_0), Parameter("links", _at_least_0))
    last = frozenset({"refs", "links"})
    column = "wikigapbot-challenge-col-rule-sources-and-links"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return (needed(item, "refs", self.name) >= given(rule.refs, "refs")
                and needed(item, "links", self.name) >= given(rule.links, "links"))

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-sources", (points, rule.refs, rule.links)
