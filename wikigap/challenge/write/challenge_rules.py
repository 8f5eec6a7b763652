"""Say the Challenge's rules in words, from its config, for the ``challenge-rules`` region.

Reads a :class:`~wikigap.challenge.contest.ChallengeConfig`; gives sentences in page
order (the template lays them out). The words are messages
(``wikigapbot-challenge-rule…`` in i18n/), so the rules box can be
translated like everything else the bot writes. The caller passes the
language's message function (``write.messages.messages(lang)``) and the
formatters for page links and days (``write.escape.link``,
``write.render.format_day``), which escape; so this stays a pure function
of the config and the words it is given.

Points are numbers: whole ones an ``int``, a fraction such as 0.5 a
``Decimal``, which the messages format in the language ("0,5") and give
its plural ("0,5 point" in French). Wikis are named in the language
(CLDR's language names, joined as its lists are).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.kinds import registry
from wikigap.challenge.kinds.base import Rule
from wikigap.write.escape import plain
from wikigap.write.messages import Messages

Msg = Messages


def rules_in_words(config: ChallengeConfig, msg: Msg, link: Callable[[str], str],
                   day: Callable[[date], str]) -> tuple[str, ...]:
    """Give the Challenge's rules as sentences: window, wikis, rules, bonus, cap, ranking."""
    sentences = [msg("wikigapbot-challenge-rules-window", day(config.first_day),
                     day(config.last_day))]
    if config.wikis is None:
        sentences.append(msg("wikigapbot-challenge-rules-wikis-any"))
    else:
        names = msg.join(msg.language_name(code) for code in config.wikis)
        sentences.append(msg("wikigapbot-challenge-rules-wikis", plain(names)))
    if config.women_only:
        sentences.append(msg("wikigapbot-challenge-rules-women"))
    sentences.append(msg("wikigapbot-challenge-rules-points"))
    sentences += [rule_in_words(rule, rule.points, msg) for rule in config.rules]
    for code, overrides in config.per_wiki.items():
        for kind, points in overrides.items():
            rule = next(r for r in config.rules if r.kind == kind)
            sentences.append(msg("wikigapbot-challenge-rules-on-wiki", plain(msg.wiki(code)),
                                 rule_in_words(rule, points, msg)))
    sentences += _after_rules(config, msg, link)
    return tuple(sentences)


def rule_in_words(rule: Rule, points: Decimal, msg: Msg) -> str:
    """Say what one rule gives, at ``points`` (its own, or a wiki's override): its kind's words."""
    key, values = registry.kind(rule.kind).words(rule, shown(points))
    return msg(key, *values)


def _after_rules(config: ChallengeConfig, msg: Msg, link: Callable[[str], str]) -> list[str]:
    """Say what happens after the rules: bonus, cap, what never counts, adjustments, ranking."""
    sentences = []
    bonus = config.bonus
    if bonus is not None and bonus.mode == "add":
        sentences.append(msg("wikigapbot-challenge-rules-bonus-add", link(bonus.page),
                             shown(bonus.points)))
    elif bonus is not None:
        sentences.append(msg("wikigapbot-challenge-rules-bonus-multiply", link(bonus.page),
                             shown(bonus.factor)))
    if config.cap_per_article is not None:
        sentences.append(msg("wikigapbot-challenge-rules-cap", shown(config.cap_per_article)))
    sentences.append(msg("wikigapbot-challenge-rules-not-counted"))
    if config.adjustments is not None:
        sentences.append(msg("wikigapbot-challenge-rules-adjustments",
                             link(config.adjustments.page)))
    sentences.append(msg("wikigapbot-challenge-rules-ranking"))
    sentences.append(msg("wikigapbot-challenge-rules-settle", config.settle_hours))
    if config.awards is not None:
        sentences.append(msg("wikigapbot-challenge-rules-awards", config.awards.top,
                             link(config.awards.confirm_page)))
    return sentences


def shown(points: Decimal | None) -> int | Decimal | str:
    """Give points as a number for a message: an int when whole, else the Decimal (0.5, 2.25).

    The message formats it in its language ("2,5") and picks its plural; None is "".
    """
    if points is None:
        return ""
    if points == points.to_integral_value():
        return int(points)
    return points.normalize()
