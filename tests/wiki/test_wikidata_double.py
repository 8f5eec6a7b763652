"""The sandbox's Wikibase double answers like the real Wikidata, limits included."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from wikigap.wikis import wiki

RECORDED = json.loads((Path(__file__).parents[1] / "data" / "wikidata" / "wbgetentities-Q42.json")
                      .read_text(encoding="utf-8"))


def _shape(value):
    """Reduce JSON to its shape: keys and value types, lists by their first item."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_the_double_answers_in_the_recorded_shape(sandbox):
    sandbox["wikidata"].load_entities({"Q42": RECORDED["entities"]["Q42"]["claims"]})
    answer = sandbox["wikidata"].api(action="wbgetentities", ids="Q42", props="info|claims",
                                     formatversion="2")
    assert _shape(answer) == _shape(RECORDED)
    assert answer["entities"]["Q42"]["claims"] == RECORDED["entities"]["Q42"]["claims"]
    claims_only = sandbox["wikidata"].api(action="wbgetentities", ids="Q42", props="claims")
    assert list(claims_only["entities"]["Q42"]) == ["type", "id", "claims"]


def test_a_missing_item_is_reported_as_wikidata_does(sandbox):
    answer = sandbox["wikidata"].api(action="wbgetentities", ids="Q404404", props="claims")
    assert answer == {"entities": {"Q404404": {"id": "Q404404", "missing": ""}}, "success": 1}


def test_mediawiki_limits_ids_to_50_anonymously_and_500_for_the_bot(sandbox):
    ids = "|".join(f"Q{n}" for n in range(1, 52))
    error = sandbox["wikidata"].api(action="wbgetentities", ids=ids, props="claims")["error"]
    assert (error["code"], error["limit"], error["highlimit"]) == ("toomanyvalues", 50, 500)
    wikidata = wiki.Wiki(sandbox["wikidata"].api_url)
    assert wikidata.batch_size() == 500                        # logs in: the bot has apihighlimits
    host = urlsplit(sandbox["wikidata"].api_url).netloc
    before = wiki.REQUESTS.by_host[host]
    found = wikidata.entities([f"Q{n}" for n in range(1000, 1120)])
    assert wiki.REQUESTS.by_host[host] - before == 1          # 120 ids, one request of up to 500
    assert len(found) == 120 and all("missing" in e for e in found.values())


def test_only_the_wikidata_wiki_has_the_module(sandbox):
    error = sandbox["en"].api(action="wbgetentities", ids="Q42")["error"]
    assert error["code"] == "badvalue"


LABELS = json.loads((Path(__file__).parents[1] / "data" / "wikidata" /
                     "wbgetentities-Q42-labels.json").read_text(encoding="utf-8"))


def test_labels_in_the_languages_asked_are_the_recorded_ones(sandbox):
    recorded = LABELS["entities"]["Q42"]["labels"]
    sandbox["wikidata"].load_entities(
        {"Q42": {}}, labels={"Q42": {lang: label["value"] for lang, label in recorded.items()}})
    answer = sandbox["wikidata"].api(action="wbgetentities", ids="Q42", props="labels",
                                     languages="sv|en|fr")
    assert answer["entities"]["Q42"] == {
        "type": "item", "id": "Q42",
        "labels": {lang: recorded[lang] for lang in ("sv", "en", "fr")}}
    assert answer["success"] == LABELS["success"]
