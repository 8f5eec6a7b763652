"""About a woman, from Wikidata entity JSON: the issue's rules, and any input an answer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikidata_entities import CAT, FEMALE, HUMAN, MALE, TRANS_WOMAN, claims, statement
from wikigap.count.wikidata import about_woman
from wikigap.wikis.apidata import entity_ids

DATA = Path(__file__).parents[2] / "data" / "wikidata"


@pytest.mark.parametrize("entity, expected", [
    ({"id": "Q1", "claims": claims(p21=(FEMALE,))}, True),
    ({"id": "Q1", "claims": claims(p21=(TRANS_WOMAN,))}, True),
    ({"id": "Q1", "claims": claims(p21=(MALE,))}, False),
    ({"id": "Q1", "claims": claims()}, None),                                  # human, no P21
    ({"id": "Q1", "claims": claims(p31=(CAT,), p21=(FEMALE,))}, False),        # not a human
    ({"id": "Q1", "claims": claims(p31=(), p21=(FEMALE,))}, False),            # no P31 at all
    ({"id": "Q1", "claims": claims(P21=[statement("P21", FEMALE, "deprecated"),
                                       statement("P21", MALE)])}, False),
    ({"id": "Q1", "claims": claims(P21=[statement("P21", FEMALE, "deprecated")])}, None),
    ({"id": "Q1", "claims": claims(P21=[statement("P21", None, snaktype="somevalue")])}, None),
    ({"id": "Q1", "claims": claims(P21=[statement("P21", FEMALE, "preferred")])}, True),
    ({"id": "Q1", "claims": claims(p21=(MALE, FEMALE))}, True),                # any value counts
    ({"id": "Q1", "claims": {"P31": [statement("P31", HUMAN, "deprecated")],
                             "P21": [statement("P21", FEMALE)]}}, False),
    ({"id": "Q9", "missing": ""}, None),
    ({"id": "Q1", "claims": {}}, False),                                       # item, no claims
    ({"id": "Q1"}, None),                                                      # claims not read
])
def test_rules(entity, expected):
    assert about_woman(entity) is expected


def test_the_recorded_real_response_is_a_man():
    response = json.loads((DATA / "wbgetentities-Q42.json").read_text())
    assert about_woman(entity_ids(response)["Q42"]) is False


def test_a_merged_item_is_filed_under_the_id_asked_for():
    target = {"id": "Q2", "claims": claims(p21=(FEMALE,)), "redirects": {"from": "Q1", "to": "Q2"}}
    found = entity_ids({"entities": {"Q2": target}})
    assert about_woman(found["Q1"]) is True and found["Q2"] is target


def test_an_answer_without_entities_is_an_error():
    with pytest.raises(ValueError, match="entities"):
        entity_ids({"error": {"code": "toomanyvalues"}})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.sampled_from([HUMAN, FEMALE, "P31", "P21", "value", "deprecated", "claims"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["claims", "P31", "P21", "mainsnak", "datavalue", "value", "id",
                         "rank", "snaktype", "missing", "x"]), inner, max_size=5),
    max_leaves=30)


@given(json_values)
def test_any_json_gives_an_answer(value):
    assert about_woman(value) in (True, False, None)
