"""The rules box says each year's rules in English words, from the config alone.

The message function, link and day formatters are the real ones the write
layer has (write.messages, write.escape.link, write.render.format_day).
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from challenge_factories import BASE, changed

from wikigap.challenge.contest import Rule, parse_challenge
from wikigap.challenge.write.challenge_rules import rule_in_words, rules_in_words, shown
from wikigap.write import escape
from wikigap.write.messages import messages
from wikigap.write.render import format_day

EN = messages("en")


def words(raw: dict) -> tuple[str, ...]:
    return rules_in_words(parse_challenge(raw), EN, escape.link, lambda d: format_day(d, "en"))


def test_the_2021_rules_in_words() -> None:
    assert words(BASE) == (
        "The Challenge runs from 8 March 2021 to 8 April 2021, both days included (UTC).",
        "Articles on every Wikipedia count.",
        "Only articles about women count: the article's Wikidata item must be a human who is "
        "female or a trans woman. An article whose item, or whose gender on it, is not on "
        "Wikidata yet is listed as pending with 0 points, and counts as soon as Wikidata has it.",
        "An article earns the points of every rule it meets, added up:",
        "1 point for an article you added at least 2,000 bytes to (once per article).",
        "1 point for an article that has at least 3 references and 1 link to other articles "
        "after your last edit.",
        "An article about a woman on the bonus list ([[:WikiGap Challenge/2021/Bonus|WikiGap "
        "Challenge/2021/Bonus]]) that earns points gets 1 more point.",
        "Reverted edits, deleted articles and redirects earn nothing.",
        "The organizers may change an article's points or disqualify it on [[:WikiGap "
        "Challenge/2021/Adjustments|WikiGap Challenge/2021/Adjustments]], always with a reason "
        "that the leaderboard shows.",
        "Contestants are ranked by points, then by the number of articles that count, then by "
        "the bytes added to them; contestants equal in all three share a rank.",
        "The leaderboard is provisional until 24 hours after the last day, so that reverts and "
        "deletions can settle; then it is final.",
        "Once the organizers confirm the final ranking on [[:WikiGap Challenge/2021/Confirm|"
        "WikiGap Challenge/2021/Confirm]], the top 3 contestants are told on their talk pages "
        "(contestants sharing a rank count once).",
    )


def test_the_2020_rules_a_list_of_wikis_a_cap_and_a_per_wiki_rule() -> None:
    raw = changed("rules", [{"kind": "translated", "points": 5}, {"kind": "per_kb", "points": 1},
                            {"kind": "created", "points": 5}])
    raw.update(bonus={"page": "B", "mode": "multiply", "factor": 2}, wikis=["en", "yo"],
               per_wiki={"en": {"created": 10}}, cap_per_article=30, women_only=False,
               settle_hours=1)
    del raw["awards"], raw["adjustments"]
    said = words(raw)
    assert said[1] == "Articles on Wikipedia in these languages count: English and Yoruba."
    assert "Only articles about women count" not in " ".join(said)
    assert said[2:9] == (
        "An article earns the points of every rule it meets, added up:",
        "5 points for an article you created with the Content Translation tool.",
        "1 point for every full 1,000 bytes you added to an article.",
        "5 points for an article you created during the Challenge.",
        "On English Wikipedia, instead: 10 points for an article you created during the Challenge.",
        "An article about a woman on the bonus list ([[:B|B]]) earns its points 2 times.",
        "An article earns at most 30 points, bonus included.",
    )
    assert said[-1] == ("The leaderboard is provisional until 1 hour after the last day, so "
                        "that reverts and deletions can settle; then it is final.")


@pytest.mark.parametrize("rule, said", [
    (Rule("improved", Decimal("0.5")), "0.5 points for an existing article you added text to."),
    (Rule("words_at_least", Decimal(1), words=300),
     "1 point for an article you added at least 300 words to (words of its text, not counting "
     "templates, references, tables and lists)."),
    (Rule("badge", Decimal(50), badge="featured"),
     "50 points for an article that is a featured article."),
    (Rule("badge", Decimal(10), badge="good"), "10 points for an article that is a good article."),
    (Rule("badge", Decimal(10), badge="any"),
     "10 points for an article that is a featured or good article."),
    (Rule("sources_and_links", Decimal(2), refs=1, links=5),
     "2 points for an article that has at least 1 reference and 5 links to other articles "
     "after your last edit."),
])
def test_each_rule_kind_has_its_sentence(rule: Rule, said: str) -> None:
    assert rule_in_words(rule, rule.points, EN) == said


def test_points_show_whole_when_whole() -> None:
    assert (shown(Decimal("2.0")), shown(Decimal("0.50")), shown(Decimal("1E+1"))) == \
        (2, Decimal("0.5"), 10)


@pytest.mark.parametrize("language, said", [
    ("en", "0.5 points for an existing article you added text to."),
    ("sv", "0,5 poäng för en befintlig artikel du lade till text i."),
    ("es", "0,5 puntos por un artículo existente al que añadiste texto."),
    ("pt", "0,5 ponto por um artigo existente ao qual você adicionou texto."),
    ("fr", "0,5 point pour un article existant auquel vous avez ajouté du texte."),
])
def test_a_fraction_of_a_point_is_written_and_counted_in_the_language(language, said) -> None:
    """Fractions were "0.5" with the plural in every language; CLDR says "0,5 point" in fr/pt."""
    assert rule_in_words(Rule("improved", Decimal("0.5")), Decimal("0.5"),
                         messages(language)) == said
