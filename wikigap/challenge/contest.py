"""The WikiGap Challenge's rules: the campaign YAML's ``challenge:`` block, checked, as dataclasses.

Reads the already-parsed YAML value of ``challenge:`` (a mapping); writes
nothing. :func:`parse_challenge` runs when the campaign file is loaded, so a
typo stops the bot before any wiki is read. Every mistake raises
:class:`ChallengeConfigError` with the key path (``challenge.rules[1].points``)
and the fix; nothing is ever silently defaulted: a rule without points, an
unknown rule kind or a window that ends before it starts is an error.

Points are :class:`~decimal.Decimal` so that halves and tenths add up exactly
(0.1 + 0.2 is 0.3 here) and ties in the ranking are real ties. The rules are
said in words by :mod:`wikigap.challenge.write.challenge_rules` and applied by
:mod:`wikigap.challenge.count.scoring`.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from wikigap import yamlcheck
from wikigap.challenge.kinds.base import Rule, RuleKind
from wikigap.challenge.kinds.registry import BY_NAME
from wikigap.config import Section, SectionError, register_section
from wikigap.i18n import available, resolve, withdrawn_language

BONUS_MODES = ("add", "multiply")
_WIKI_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*|simple")
_EXAMPLES = {   # shown by errors for keys whose shape is not obvious
    "rules": "rules: [{kind: bytes_at_least, bytes: 2000, points: 1}]",
    "rule": "{kind: bytes_at_least, bytes: 2000, points: 1}", "points": "points: 1",
    "bonus": "bonus: {page: WikiGap Challenge/2021/Bonus, mode: add, points: 1}",
    "first_day": "first_day: 2021-03-08", "last_day": "last_day: 2021-04-08",
    "wikis": "wikis: any, or wikis: [en, sv, pt]",
}


#: The Challenge's task; its crontab is the config's own when the YAML names none.
CHALLENGE_TASK = "challenge"
CHALLENGE_CRONTAB = "20 * * * *"


#: A ``challenge:`` block that cannot be used (``key`` the full key path): the one YAML
#: validator's error (wikigap.yamlcheck), which the config reader turns into a
#: ConfigError with the file.
ChallengeConfigError = SectionError


@dataclass(frozen=True)
class Bonus:
    """Articles whose Wikidata id is on ``page`` get ``points`` more (add) or ×``factor``."""

    page: str
    mode: str                  # add | multiply
    points: Decimal | None = None
    factor: Decimal | None = None


@dataclass(frozen=True)
class Adjustments:
    """Where organizers write ``{{template|user=|…|reason=}}`` lines."""

    page: str
    template: str = "WikiGap adjustment"


@dataclass(frozen=True)
class Leaderboard:
    page: str
    marker: str = "leaderboard"


@dataclass(frozen=True)
class Results:
    page: str
    top: int = 10


@dataclass(frozen=True)
class Awards:
    """Notices to the top ``top`` once ``confirm_page`` says "confirmed"."""

    top: int
    confirm_page: str


@dataclass(frozen=True)
class ChallengeConfig:
    """The checked ``challenge:`` block. ``wikis`` None means any Wikipedia."""

    name: str
    wiki: str                  # a name under the campaign's ``wikis`` (where its pages are)
    page: str
    first_day: date            # UTC, inclusive
    last_day: date             # UTC, inclusive
    rules: tuple[Rule, ...]
    leaderboard: Leaderboard
    participants_section: str = "Participants"
    wikis: tuple[str, ...] | None = None
    women_only: bool = True
    per_wiki: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    bonus: Bonus | None = None
    cap_per_article: Decimal | None = None
    adjustments: Adjustments | None = None
    results: Results | None = None
    settle_hours: int = 24
    awards: Awards | None = None
    language: str = "en"       # the rules box, leaderboard, results draft and their summaries

    @property
    def starts(self) -> datetime:
        """Give the window's first moment: ``first_day`` 00:00 UTC."""
        return datetime.combine(self.first_day, time(), timezone.utc)

    @property
    def ends(self) -> datetime:
        """Give the moment after the window: the day after ``last_day``, 00:00 UTC."""
        return datetime.combine(self.last_day + timedelta(days=1), time(), timezone.utc)

    @property
    def settles(self) -> datetime:
        """Give the moment the ranking becomes final: ``settle_hours`` after the window."""
        return self.ends + timedelta(hours=self.settle_hours)

    def in_window(self, moment: datetime) -> bool:
        """Tell whether a timezone-aware moment falls inside the contest's days."""
        return self.starts <= moment < self.ends

    def is_final(self, now: datetime) -> bool:
        """Tell whether the leaderboard is no longer provisional at ``now``."""
        return now >= self.settles

    def counts_wiki(self, code: str) -> bool:
        """Tell whether articles on wiki ``code`` take part."""
        return self.wikis is None or code in self.wikis

    def points_for(self, rule: Rule, wiki: str) -> Decimal:
        """Give a rule's points on one wiki: its ``per_wiki`` override, else its own."""
        return self.per_wiki.get(wiki, {}).get(rule.kind, rule.points)

    def uses(self, *kinds: str) -> bool:
        """Tell whether any rule is of one of ``kinds``."""
        return any(rule.kind in kinds for rule in self.rules)

    def kinds(self) -> tuple[RuleKind, ...]:
        """Give the kinds of the rules, each once (what must be read for them)."""
        return tuple(BY_NAME[name] for name in dict.fromkeys(r.kind for r in self.rules))


def parse_challenge(raw: Any, wiki_names: Collection[str] | None = None,
                    key: str = "challenge") -> ChallengeConfig:
    """Check the ``challenge:`` mapping and build its config; raise ChallengeConfigError.

    ``wiki_names`` are the campaign's ``wikis`` keys: ``wiki`` must be one.
    """
    known = ("name", "wiki", "page", "participants_section", "first_day", "last_day", "wikis",
             "women_only", "rules", "per_wiki", "bonus", "cap_per_article", "adjustments",
             "leaderboard", "results", "settle_hours", "awards", "language")
    required = ("name", "wiki", "page", "first_day", "last_day", "wikis", "rules", "leaderboard")
    raw = _mapping(raw, key, known, required)
    wiki = _text(raw, "wiki", key)
    if wiki_names is not None and wiki not in wiki_names:
        raise ChallengeConfigError(f"{key}.wiki", f"wiki '{wiki}' is not defined under 'wikis' "
                                   f"(defined: {', '.join(wiki_names) or 'none'})")
    config = ChallengeConfig(
        name=_text(raw, "name", key), wiki=wiki, page=_text(raw, "page", key),
        first_day=_day(raw, "first_day", key), last_day=_day(raw, "last_day", key),
        rules=_rules(raw["rules"], f"{key}.rules"),
        leaderboard=_section(Leaderboard, raw, "leaderboard", key, ("page",)),
        participants_section=_text(raw, "participants_section", key, "Participants"),
        wikis=_wikis(raw["wikis"], f"{key}.wikis"),
        women_only=_flag(raw, "women_only", key, True),
        bonus=_bonus(raw.get("bonus"), f"{key}.bonus"),
        cap_per_article=_optional_points(raw, "cap_per_article", key),
        adjustments=_section(Adjustments, raw, "adjustments", key, ("page",), optional=True),
        results=_section(Results, raw, "results", key, ("page",), optional=True),
        settle_hours=_count(raw, "settle_hours", key, 0, 24),
        awards=_section(Awards, raw, "awards", key, ("top", "confirm_page"), optional=True),
        language=_language(raw, key),
    )
    if config.last_day < config.first_day:
        raise ChallengeConfigError(f"{key}.last_day", f"{config.last_day} is before first_day "
                                   f"{config.first_day}: the window must not end before it "
                                   "starts; swap or correct the days")
    per_wiki = _per_wiki(raw.get("per_wiki", {}), f"{key}.per_wiki", config)
    return dataclasses.replace(config, per_wiki=per_wiki)


def _rules(raw: Any, key: str) -> tuple[Rule, ...]:
    """Read the rule list: at least one rule, each a known kind with points and its parameters."""
    if not isinstance(raw, list) or not raw:
        raise ChallengeConfigError(key, f"expected a non-empty list of rules, got {_kind_of(raw)}; "
                                   f"e.g. {_EXAMPLES['rules']}")
    return tuple(_rule(item, f"{key}[{i}]") for i, item in enumerate(raw))


def _rule(raw: Any, key: str) -> Rule:
    """Read one rule mapping ``{kind, points, …}``."""
    if not isinstance(raw, dict):
        raise ChallengeConfigError(key, f"expected a mapping, got {_kind_of(raw)}; "
                                   f"e.g. {_EXAMPLES['rule']}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in BY_NAME:
        problem = f"unknown rule kind {kind!r}" if "kind" in raw else "a rule needs 'kind'"
        raise ChallengeConfigError(f"{key}.kind", f"{problem}; kinds: {', '.join(BY_NAME)}")
    parameters = tuple(p.name for p in BY_NAME[kind].parameters)
    raw = _mapping(raw, key, ("kind", "points", *parameters), ("kind", "points", *parameters),
                    f"rule '{kind}' takes: {', '.join(('points', *parameters))}")
    values = {p.name: p.read(raw, p.name, key) for p in BY_NAME[kind].parameters}
    return Rule(kind, _points(raw["points"], f"{key}.points", positive=True), **values)


def _bonus(raw: Any, key: str) -> Bonus | None:
    """Read ``bonus``: add needs ``points``, multiply needs ``factor``, never both."""
    if raw is None:
        return None
    mode = raw.get("mode") if isinstance(raw, dict) else None
    if not isinstance(mode, str) or mode not in BONUS_MODES:
        raise ChallengeConfigError(f"{key}.mode", f"mode must be add or multiply, got {mode!r}; "
                                   f"e.g. {_EXAMPLES['bonus']}")
    amount = "points" if mode == "add" else "factor"
    raw = _mapping(raw, key, ("page", "mode", amount), ("page", "mode", amount),
                    f"mode: {mode} takes {amount}")
    value = _points(raw[amount], f"{key}.{amount}", positive=True)
    return Bonus(page=_text(raw, "page", key), mode=mode, **{amount: value})


def _per_wiki(raw: Any, key: str, config: ChallengeConfig) -> dict[str, dict[str, Decimal]]:
    """Read ``per_wiki``: wiki code -> rule kind -> points; each kind used by exactly one rule."""
    if not isinstance(raw, dict):
        raise ChallengeConfigError(key, f"expected a mapping, got {_kind_of(raw)}; "
                                   "e.g. per_wiki: {en: {created: 10}}")
    result: dict[str, dict[str, Decimal]] = {}
    for code, overrides in raw.items():
        wiki_key = f"{key}.{code}"
        _check_code(code, wiki_key)
        if not config.counts_wiki(str(code)):
            raise ChallengeConfigError(wiki_key, f"'{code}' is not in 'wikis' "
                                       f"({', '.join(config.wikis or ())}); add it there or drop this")
        if not isinstance(overrides, dict) or not overrides:
            raise ChallengeConfigError(wiki_key, "expected a mapping of rule kind to points, "
                                       "e.g. {created: 10}")
        result[str(code)] = {str(kind): _override(kind, value, f"{wiki_key}.{kind}", config.rules)
                             for kind, value in overrides.items()}
    return result


def _override(kind: Any, value: Any, key: str, rules: tuple[Rule, ...]) -> Decimal:
    """Check one override names the kind of exactly one rule, and read its points."""
    matching = [r for r in rules if r.kind == kind]
    if not matching:
        raise ChallengeConfigError(key, f"no rule of kind {kind!r} under 'rules' "
                                   f"(kinds used: {', '.join(r.kind for r in rules)}); "
                                   "add the rule or drop this override")
    if len(matching) > 1:
        raise ChallengeConfigError(key, f"{len(matching)} rules are of kind '{kind}'; per_wiki "
                                   "cannot tell which to change: keep one rule of this kind")
    return _points(value, key, positive=False)


def _wikis(raw: Any, key: str) -> tuple[str, ...] | None:
    """Read ``wikis``: the word ``any`` (None), or a non-empty list of language codes."""
    if raw == "any":
        return None
    if not isinstance(raw, list) or not raw:
        raise ChallengeConfigError(key, f"expected 'any' or a list of wiki codes, got "
                                   f"{_kind_of(raw)} {raw!r}; e.g. {_EXAMPLES['wikis']}")
    for i, code in enumerate(raw):
        _check_code(code, f"{key}[{i}]")
    codes = tuple(raw)
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ChallengeConfigError(key, f"{', '.join(duplicates)} listed twice; list each once")
    return codes


def _section(cls: type, raw: dict, name: str, key: str, required: tuple[str, ...],
             optional: bool = False) -> Any:
    """Read a small section whose fields are page titles and counts."""
    value = raw.get(name)
    if value is None and optional:
        return None
    known = tuple(f.name for f in dataclasses.fields(cls))
    value = _mapping(value, f"{key}.{name}", known, required)
    values = {f: (_count(value, f, f"{key}.{name}", 1) if f == "top"
                  else _text(value, f, f"{key}.{name}")) for f in known if f in value}
    return cls(**values)


# ------------------------------------------------- checked readers of one value

def _check_code(code: Any, key: str) -> None:
    """Accept a lower-case language code; YAML's yes/no/on/off readings get their own hint."""
    if isinstance(code, bool):
        raise ChallengeConfigError(key, f"YAML read this code as {str(code).lower()} (it does so "
                                   "for no, yes, on, off): quote it, e.g. 'no'")
    if not isinstance(code, str) or not _WIKI_CODE.fullmatch(code):
        raise ChallengeConfigError(key, f"'{code}' is not a Wikipedia language code; write it "
                                   "in lower case as in its address, e.g. en, sv, pt, zh-yue")


def _mapping(raw: Any, key: str, known: tuple[str, ...], required: tuple[str, ...],
             takes: str = "") -> dict:
    """Check a mapping's keys (wikigap.yamlcheck.mapping), a missing key with its example."""
    return yamlcheck.mapping(raw, key, known, required, takes, _EXAMPLES)


def _day(raw: Mapping, name: str, key: str) -> date:
    return yamlcheck.day(raw, name, key, _EXAMPLES[name])


def _language(raw: Mapping, key: str) -> str:
    """Read the pages' language: one with a shipped message file (or a fallback to one)."""
    language = _text(raw, "language", key, "en")
    lost = withdrawn_language(language)
    if lost or resolve(language) is None:
        why = (f"is withdrawn until i18n/withdrawn/{lost}.json is complete and reviewed" if lost
               else "has no message file")
        raise ChallengeConfigError(f"{key}.language", f"'{language}' {why}; pick one of "
                                   f"{', '.join(sorted(available()))}")
    return language


_text, _count, _flag = yamlcheck.text, yamlcheck.count, yamlcheck.flag
_points, _optional_points, _kind_of = yamlcheck.points, yamlcheck.optional_points, yamlcheck.kind_of


#: The ``challenge:`` block, read by the config reader once this module is imported
#: (the task table imports it through tasks/challenge.py).
SECTION = register_section(Section(
    "challenge", lambda raw, wikis: parse_challenge(raw, wikis), task=CHALLENGE_TASK,
    crontab=CHALLENGE_CRONTAB, daily_after=lambda config: config.settles))
