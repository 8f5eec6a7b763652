"""The rule kinds' registry: each kind one class, one list; every other part asks the registry.

The last test adds a kind the way CONTRIBUTING.md shows (a class and its line
in the list, here put in for the test): the config reader takes it, the
scoring gives its points, the rules box says it and the leaderboard has its
column, with no other file touched.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
from challenge_factories import BASE

from wikigap import yamlcheck
from wikigap.challenge.contest import ChallengeConfigError, parse_challenge
from wikigap.challenge.count import figures
from wikigap.challenge.count.scoring import Contribution, score
from wikigap.challenge.kinds import registry
from wikigap.challenge.kinds.base import Parameter, Rule, RuleKind
from wikigap.challenge.write import board as pages
from wikigap.challenge.write.challenge_rules import rule_in_words
from wikigap.config import ROOT
from wikigap.write.messages import messages

EN = messages("en")


def _messages(language: str) -> dict:
    return json.loads((ROOT / "i18n" / f"{language}.json").read_text(encoding="utf-8"))


def test_each_kind_is_named_once_and_its_words_are_message_keys_in_every_language():
    names = [k.name for k in registry.KINDS]
    assert len(names) == len(set(names)) == len(registry.BY_NAME)
    files = {code: _messages(code) for code in ("en", "qqq", "sv", "es", "pt", "fr")}
    for kind in registry.BY_NAME.values():
        keys = {kind.column}
        for parameters in _examples(kind):
            keys.add(kind.words(Rule(kind.name, Decimal(1), **parameters), 1)[0])
        for code, data in files.items():
            assert keys <= set(data), (kind.name, code, keys - set(data))


def _examples(kind: RuleKind) -> list[dict[str, Any]]:
    """One set of parameters per distinct sentence: every badge; else one value each."""
    if kind.name == "badge":
        return [{"badge": b} for b in ("featured", "good", "any")]
    return [{p.name: 1 for p in kind.parameters}]


def test_a_kind_says_which_figures_it_reads_and_the_figures_follow():
    assert registry.kind("words_at_least").each == {"words"}
    assert registry.kind("sources_and_links").last == {"refs", "links"}
    assert registry.kind("badge").sitelinks and not registry.kind("created").sitelinks
    config = parse_challenge({**BASE, "rules": [{"kind": "words_at_least", "words": 5,
                                                  "points": 1}]}, ["meta"])
    assert figures.each_figures(config) == {"words"} and figures.last_figures(config) == set()
    assert figures.needs_words(config) and figures.needs_text(config)


def test_an_unknown_kind_is_refused_with_the_registrys_list():
    with pytest.raises(ChallengeConfigError) as err:
        parse_challenge({**BASE, "rules": [{"kind": "likes", "points": 1}]}, ["meta"])
    assert err.value.key == "challenge.rules[0].kind"
    assert ", ".join(registry.BY_NAME) in err.value.problem
    with pytest.raises(ValueError, match="unknown rule kind 'likes'"):
        registry.kind("likes")


class Pictures(RuleKind):
    """A kind made for the test: points once for an article of at least ``kb`` kB."""

    name = "pictures"
    parameters = (Parameter("kb", lambda raw, name, key: yamlcheck.count(raw, name, key, 1)),)
    column = "wikigapbot-challenge-col-rule-per-kb"

    def meets(self, rule: Rule, item: Contribution) -> bool:
        return item.bytes_added >= rule.kb * 1000

    def words(self, rule: Rule, points: int | str) -> tuple[str, tuple[Any, ...]]:
        return "wikigapbot-challenge-rule-per-kb", (points, rule.kb * 1000)


def test_a_new_kind_is_one_class_and_one_line_in_the_list(monkeypatch):
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, Pictures))   # its line in KINDS
    monkeypatch.setitem(registry.BY_NAME, "pictures", Pictures())
    config = parse_challenge({**BASE, "rules": [{"kind": "pictures", "kb": 3, "points": 2}]},
                             ["meta"])
    assert config.rules == (Rule("pictures", Decimal(2), kb=3),)
    with pytest.raises(ChallengeConfigError, match="rule 'pictures' takes: points, kb"):
        parse_challenge({**BASE, "rules": [{"kind": "pictures", "points": 2}]}, ["meta"])
    item = Contribution("Ana", "en", "Ada", created=True, bytes_added=3500, about_woman=True)
    assert score([item], config).standings[0].points == 2
    assert rule_in_words(config.rules[0], Decimal(2), EN) == (
        "2 points for every full 3,000 bytes you added to an article.")
    board = pages.render_leaderboard(score([item], config), config,
                                     datetime(2021, 3, 10, tzinfo=timezone.utc))
    assert EN("wikigapbot-challenge-col-rule-per-kb") in board
