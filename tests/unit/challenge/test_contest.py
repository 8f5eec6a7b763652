"""The ``challenge:`` block: the 2021 example reads into exact dataclasses; each mistake names its key.

Every error case starts from the issue's 2021 block, changes one thing and
checks the key path and the words of the fix; a property test feeds
arbitrary YAML-like values and accepts only a config or ChallengeConfigError.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from challenge_factories import BASE, changed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikigap.challenge.contest import (
    Adjustments,
    Awards,
    Bonus,
    ChallengeConfig,
    ChallengeConfigError,
    Leaderboard,
    Results,
    Rule,
    parse_challenge,
)


def test_the_2021_block_reads_into_dataclasses() -> None:
    config = parse_challenge(BASE, wiki_names=["meta", "sv"])
    assert config == ChallengeConfig(
        name="WikiGap Challenge 2021", wiki="meta", page="WikiGap Challenge/2021",
        first_day=date(2021, 3, 8), last_day=date(2021, 4, 8),
        rules=(Rule("bytes_at_least", Decimal(1), bytes=2000),
               Rule("sources_and_links", Decimal(1), refs=3, links=1)),
        leaderboard=Leaderboard("WikiGap Challenge/2021/Leaderboard", "leaderboard"),
        participants_section="Participants", wikis=None, women_only=True, per_wiki={},
        bonus=Bonus("WikiGap Challenge/2021/Bonus", "add", points=Decimal(1)),
        cap_per_article=None,
        adjustments=Adjustments("WikiGap Challenge/2021/Adjustments", "WikiGap adjustment"),
        results=Results("WikiGap Challenge/2021/Results draft", 10), settle_hours=24,
        awards=Awards(3, "WikiGap Challenge/2021/Confirm"))


def test_the_2020_and_regional_shapes_read() -> None:
    raw = changed("rules", [{"kind": "translated", "points": 5}, {"kind": "per_kb", "points": 1},
                            {"kind": "created", "points": 5}, {"kind": "badge", "badge": "featured",
                                                               "points": 50}])
    raw.update(bonus={"page": "B", "mode": "multiply", "factor": 2}, wikis=["en", "yo", "ha"],
               per_wiki={"en": {"created": 10}}, cap_per_article=90.5)
    config = parse_challenge(raw)
    assert config.bonus == Bonus("B", "multiply", factor=Decimal(2))
    assert config.per_wiki == {"en": {"created": Decimal(10)}}
    assert config.cap_per_article == Decimal("90.5")
    created = config.rules[2]
    assert (config.points_for(created, "en"), config.points_for(created, "yo")) == (10, 5)
    assert config.counts_wiki("yo") and not config.counts_wiki("sv")
    assert config.uses("per_kb") and not config.uses("words_at_least", "sources_and_links")


def test_points_are_exact_decimals() -> None:
    config = parse_challenge(changed("rules.0.points", 0.1))
    assert config.rules[0].points + Decimal("0.2") == Decimal("0.3")


def test_the_window_is_whole_utc_days_and_settles_after_it() -> None:
    config = parse_challenge(BASE)
    utc = timezone.utc
    assert config.starts == datetime(2021, 3, 8, tzinfo=utc)
    assert config.ends == datetime(2021, 4, 9, tzinfo=utc)
    assert config.in_window(datetime(2021, 4, 8, 23, 59, 59, tzinfo=utc))
    assert not config.in_window(datetime(2021, 4, 9, tzinfo=utc))
    assert not config.in_window(datetime(2021, 3, 7, 23, 59, 59, tzinfo=utc))
    assert not config.is_final(datetime(2021, 4, 9, 23, 59, tzinfo=utc))
    assert config.is_final(datetime(2021, 4, 10, tzinfo=utc))


def test_a_one_day_contest_and_quoted_days_are_fine() -> None:
    raw = changed("first_day", "2021-03-08")
    raw["last_day"] = "2021-03-08"
    assert parse_challenge(raw).ends == datetime(2021, 3, 9, tzinfo=timezone.utc)


CASES = [
    ("unknown rule kind", changed("rules.0.kind", "bytes"), "challenge.rules[0].kind",
     "unknown rule kind 'bytes'; kinds: created, improved, bytes_at_least"),
    ("rule without kind", changed("rules.0.kind", delete=True), "challenge.rules[0].kind",
     "a rule needs 'kind'"),
    ("rule not a mapping", changed("rules.1", "created"), "challenge.rules[1]",
     "expected a mapping, got str; e.g. {kind:"),
    ("missing points", changed("rules.1.points", delete=True), "challenge.rules[1].points",
     "required key is missing; rule 'sources_and_links' takes: points, refs, links; add it"),
    ("null points", changed("rules.0.points", None), "challenge.rules[0].points",
     "required key is missing"),
    ("zero points", changed("rules.0.points", 0), "challenge.rules[0].points",
     "expected a number more than 0"),
    ("text points", changed("rules.0.points", "one"), "challenge.rules[0].points",
     "expected a number more than 0, got str 'one'"),
    ("bool points", changed("rules.0.points", True), "challenge.rules[0].points",
     "got bool True"),
    ("infinite points", changed("rules.0.points", float("inf")), "challenge.rules[0].points",
     "expected a number"),
    ("nan points", changed("rules.0.points", float("nan")), "challenge.rules[0].points",
     "expected a number"),
    ("missing parameter", changed("rules.0.bytes", delete=True), "challenge.rules[0].bytes",
     "required key is missing; rule 'bytes_at_least' takes: points, bytes"),
    ("parameter of another kind", changed("rules.0.words", 300), "challenge.rules[0].words",
     "unknown key (rule 'bytes_at_least' takes: points, bytes)"),
    ("zero bytes", changed("rules.0.bytes", 0), "challenge.rules[0].bytes",
     "expected a whole number of at least 1"),
    ("bad badge", changed("rules.0", {"kind": "badge", "badge": "gold", "points": 5}),
     "challenge.rules[0].badge", "expected one of featured, good, any"),
    ("no rules", changed("rules", []), "challenge.rules", "expected a non-empty list of rules"),
    ("window ends before it starts", changed("last_day", date(2021, 3, 1)), "challenge.last_day",
     "2021-03-01 is before first_day 2021-03-08: the window must not end before it starts"),
    ("a time, not a day", changed("first_day", datetime(2021, 3, 8, 10)), "challenge.first_day",
     "expected a day as YYYY-MM-DD"),
    ("unreadable day", changed("last_day", "8 April"), "challenge.last_day",
     "e.g. last_day: 2021-04-08"),
    ("missing day", changed("first_day", delete=True), "challenge.first_day",
     "required key is missing; add it, e.g. first_day: 2021-03-08"),
    ("unknown top key", changed("women_onyl", True), "challenge.women_onyl",
     "unknown key (known keys: name, wiki, page"),
    ("women_only as text", changed("women_only", "yes"), "challenge.women_only",
     "expected true or false"),
    ("wikis neither any nor a list", changed("wikis", "all"), "challenge.wikis",
     "expected 'any' or a list of wiki codes"),
    ("wiki code in capitals", changed("wikis", ["en", "SV"]), "challenge.wikis[1]",
     "'SV' is not a Wikipedia language code; write it in lower case"),
    ("YAML's no", changed("wikis", ["sv", False]), "challenge.wikis[1]",
     "YAML read this code as false (it does so for no, yes, on, off): quote it"),
    ("a wiki twice", changed("wikis", ["sv", "en", "sv"]), "challenge.wikis",
     "sv listed twice"),
    ("bonus without mode", changed("bonus.mode", delete=True), "challenge.bonus.mode",
     "mode must be add or multiply, got None"),
    ("bonus add with a factor", changed("bonus.factor", 2), "challenge.bonus.factor",
     "unknown key (mode: add takes points)"),
    ("bonus multiply without a factor", changed("bonus.mode", "multiply"),
     "challenge.bonus.points", "unknown key (mode: multiply takes factor)"),
    ("bonus without a page", changed("bonus.page", delete=True), "challenge.bonus.page",
     "required key is missing"),
    ("per_wiki for a rule that is not there", changed("per_wiki", {"en": {"created": 10}}),
     "challenge.per_wiki.en.created", "no rule of kind 'created' under 'rules' "
     "(kinds used: bytes_at_least, sources_and_links); add the rule or drop this override"),
    ("per_wiki for an unlisted wiki",
     {**changed("wikis", ["sv"]), "per_wiki": {"en": {"bytes_at_least": 2}}},
     "challenge.per_wiki.en", "'en' is not in 'wikis' (sv)"),
    ("per_wiki for a kind used twice",
     {**changed("rules.1", {"kind": "bytes_at_least", "bytes": 5000, "points": 1}),
      "per_wiki": {"en": {"bytes_at_least": 2}}},
     "challenge.per_wiki.en.bytes_at_least", "2 rules are of kind 'bytes_at_least'"),
    ("per_wiki negative", changed("per_wiki", {"en": {"bytes_at_least": -1}}),
     "challenge.per_wiki.en.bytes_at_least", "expected a number 0 or more"),
    ("cap of zero", changed("cap_per_article", 0), "challenge.cap_per_article",
     "expected a number more than 0"),
    ("negative settle hours", changed("settle_hours", -1), "challenge.settle_hours",
     "expected a whole number of at least 0"),
    ("awards without confirm page", changed("awards.confirm_page", delete=True),
     "challenge.awards.confirm_page", "required key is missing"),
    ("awards top of zero", changed("awards.top", 0), "challenge.awards.top",
     "at least 1"),
    ("no leaderboard", changed("leaderboard", delete=True), "challenge.leaderboard",
     "required key is missing"),
    ("unknown leaderboard key", changed("leaderboard.markr", "x"), "challenge.leaderboard.markr",
     "unknown key (known keys: page, marker)"),
    ("empty name", changed("name", "  "), "challenge.name", "expected a non-empty text"),
]


@pytest.mark.parametrize("raw, key, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_names_its_key_and_the_fix(raw: dict, key: str, words: str) -> None:
    with pytest.raises(ChallengeConfigError) as caught:
        parse_challenge(raw)
    assert caught.value.key == key
    assert words in caught.value.problem
    assert str(caught.value) == f"{key}: {caught.value.problem}"


def test_the_wiki_must_be_defined_under_wikis() -> None:
    with pytest.raises(ChallengeConfigError, match=r"wiki 'meta' is not defined under 'wikis' "
                       r"\(defined: sv, en\)") as caught:
        parse_challenge(BASE, wiki_names=["sv", "en"])
    assert caught.value.key == "challenge.wiki"


def test_the_block_must_be_a_mapping() -> None:
    with pytest.raises(ChallengeConfigError, match="expected a mapping, got a list"):
        parse_challenge([BASE])


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(allow_nan=True)
    | st.text(max_size=8) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["kind", "points", "bytes", "page", "mode", "factor", "top", "en",
                         "created", "badge", "refs", "links", "words"]), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(sorted(BASE) + ["per_wiki"]), yaml_values, max_size=4))
def test_any_value_gives_a_config_or_a_named_error(overrides: dict) -> None:
    try:
        config = parse_challenge({**BASE, **overrides})
    except ChallengeConfigError as err:
        assert err.key.startswith("challenge") and err.problem
    else:
        assert config.rules and config.first_day <= config.last_day
