"""The one list of rule kinds: a new kind is its module and one line here.

The order is the order the config's errors list the kinds in.
"""
from __future__ import annotations

from wikigap.challenge.kinds.badge import Badge
from wikigap.challenge.kinds.base import RuleKind
from wikigap.challenge.kinds.created import Created
from wikigap.challenge.kinds.improved import Improved
from wikigap.challenge.kinds.per_kb import PerKb
from wikigap.challenge.kinds.size import BytesAtLeast
from wikigap.challenge.kinds.sources import SourcesAndLinks
from wikigap.challenge.kinds.translated import Translated
from wikigap.challenge.kinds.words import WordsAtLeast

KINDS: tuple[type[RuleKind], ...] = (
    Created, Improved, BytesAtLeast, PerKb, WordsAtLeast, SourcesAndLinks, Translated, Badge,
)

#: Each kind by its YAML name.
BY_NAME: dict[str, RuleKind] = {kind.name: kind() for kind in KINDS}


def kind(name: str) -> RuleKind:
    """Give a kind by name; the config reader lets no unknown name through."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown rule kind {name!r}") from None
