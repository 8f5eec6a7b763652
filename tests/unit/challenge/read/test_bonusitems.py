"""The bonus list's items as Wikidata has them: names by label, ids that cannot be a woman's."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from wikidata_entities import FEMALE, claims

from wikigap.challenge.read.bonusitems import bonus_items, label, label_languages
from wikigap.challenge.read.bonus import read_bonus

PAGE = "WikiGap Challenge/2021/Bonus"


def labelled(p31=("Q5",), **labels) -> dict:
    return {"id": "Q1", "claims": claims(p31=p31, p21=(FEMALE,)),
            "labels": {code: {"language": code, "value": value} for code, value in labels.items()}}


def test_a_label_in_the_challenges_language_else_english_else_the_id():
    assert label(labelled(sv="Selma Lagerlöf", en="Selma L."), "sv") == "Selma Lagerlöf"
    assert label(labelled(en="Selma L."), "sv") == "Selma L."
    assert label(labelled(fr="Selma"), "sv") is None
    assert label_languages("sv") == ("sv", "en") and label_languages("en") == ("en",)
    page = read_bonus("* [[d:Q1]]\n", PAGE)
    assert bonus_items(page, PAGE, {"Q1": labelled(de="Selma")}, "en").names == {"Q1": "Q1"}


def test_a_missing_id_and_an_item_that_is_not_a_human_are_problems_with_their_line():
    page = read_bonus("* [[d:Q1]]\n* {{Q|Q2}}\n* Q3 a city\n", PAGE)
    found = bonus_items(page, PAGE, {"Q1": labelled(en="Ada"), "Q2": {"id": "Q2", "missing": ""},
                                     "Q3": labelled(p31=("Q515",), en="Stockholm")}, "en")
    assert found.names == {"Q1": "Ada", "Q2": "Q2", "Q3": "Stockholm"}
    assert [(p.code, p.line, p.subject, p.page) for p in found.problems] == [
        ("bonus-item-missing", 2, "Q2", PAGE), ("bonus-item-not-human", 3, "Q3", PAGE)]


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10))
def test_any_answer_from_the_network_names_or_flags_never_raises(entity):
    page = read_bonus("* [[d:Q1]]\n", PAGE)
    found = bonus_items(page, PAGE, {"Q1": entity}, "sv")
    assert found.names["Q1"] and len(found.problems) <= 1
