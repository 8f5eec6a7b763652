"""What a rule kind is (:class:`RuleKind`), what it is given (a :class:`Rule`, a :class:`Contribution`).

Pure. A kind's class says, as class attributes and small methods: its
``name`` in the YAML, its ``parameters`` (each with its checked reader), the
revision figures it reads (``each``: of every counted revision and its
parent; ``last``: of the article after the contestant's last counted
revision), whether it reads the items' sitelinks, its points, its sentence
in the rules box (a message key and its values) and its leaderboard
column's header (a message key).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

ZERO = Decimal(0)


class Rule:
    """One rule of the contest: its kind, its points and its kind's parameters (``rule.bytes``).

    Frozen and compared by value, like a dataclass; a parameter its kind does
    not take is not there (reading it raises AttributeError).
    """

    __slots__ = ("kind", "points", "parameters")
    kind: str
    points: Decimal
    parameters: tuple[tuple[str, Any], ...]

    def __init__(self, kind: str, points: Decimal, **parameters: Any) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "parameters", tuple(sorted(parameters.items())))

    def __getattr__(self, name: str) -> Any:
        for key, value in object.__getattribute__(self, "parameters"):
            if key == name:
                return value
        raise AttributeError(f"rule kind {self.kind!r} has no parameter {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Rule is frozen")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.parameters)
        return f"Rule({self.kind!r}, {self.points!r}{extra})"

    def _key(self) -> tuple:
        return (self.kind, self.points, self.parameters)


@dataclass(frozen=True)
class Contribution:
    """What one contestant did to one article, as gathered: facts only, no points.

    ``bytes_added`` is net over their counted revisions, floored at 0;
    ``words_added`` likewise (wikigap.challenge.count.words); ``refs`` and ``links``
    are the article's after their last counted revision. None means "not
    read": a rule that needs it raises, since the task must read it.
    """

    user: str
    wiki: str                  # language code
    title: str
    created: bool = False      # they made the first revision, inside the window
    bytes_added: int = 0
    words_added: int | None = None
    refs: int | None = None
    links: int | None = None
    translated: bool = False   # their creating revision has the contenttranslation tag
    badge: str | None = None   # the sitelink's badge: 'featured', 'good' or None
    about_woman: bool | None = None   # None: pending (no item, or no gender yet)
    wikidata: str | None = None       # the article's item, e.g. 'Q7259'
    reverted: bool = False     # every revision of theirs on it was reverted
    deleted: bool = False
    redirect: bool = False
    outside_window: bool = False


#: A parameter's checked reader: (the rule's YAML mapping, the parameter's name, the
#: rule's key path) -> its value; raises wikigap.yamlcheck.YamlError.
Reader = Callable[[Mapping, str, str], Any]


@dataclass(frozen=True)
class Parameter:
    """One parameter a kind takes besides ``kind`` and ``points``, with its reader."""

    name: str
    read: Reader


class RuleKind:
    """One way to earn points: subclass, set the class attributes, define :meth:`meets` and :meth:`words`."""

    name: ClassVar[str]                                 # the YAML's ``kind:``
    parameters: ClassVar[tuple[Parameter, ...]] = ()
    each: ClassVar[frozenset[str]] = frozenset()        # figures of each counted revision and parent
    last: ClassVar[frozenset[str]] = frozenset()        # figures after the last counted revision
    sitelinks: ClassVar[bool] = False                   # reads the items' sitelinks (badges)
    column: ClassVar[str]                               # message key of its leaderboard column

    def points(self, rule: Rule, item: Contribution, points: Decimal) -> Decimal:
        """Give what the rule awards one article at ``points``: once per article by default."""
        return points if self.meets(rule, item) else ZERO

    def meets(self, rule: Rule, item: Contribution) -> bool:
        """Tell whether an article meets the rule."""
        raise NotImplementedError

    def words(self, rule: Rule, points: int | Decimal | str) -> tuple[str, tuple[Any, ...]]:
        """Give the rule's sentence in the rules box: a message key and its values ($1 the points)."""
        raise NotImplementedError


def needed(item: Contribution, name: str, kind: str) -> int:
    """Give a figure a kind needs; None means the task did not read it, a bug to say loudly."""
    value = getattr(item, name)
    if value is None:
        raise ValueError(f"{item.wiki}:{item.title} by {item.user} has no {name}, which rule "
                         f"'{kind}' needs; the task must read the revision texts for it")
    return value


def given(value: int | None, name: str) -> int:
    """Give a rule's checked parameter (the config reader let no rule through without it)."""
    if value is None:
        raise ValueError(f"the rule has no {name}; the config reader should have refused it")
    return value
