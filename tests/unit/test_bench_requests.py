"""The benchmark's request naming (bench/requests.py) leaves a save's wikitext unparsed."""
from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from bench.requests import classify, request_params

URL = "http://localhost/w/api.php"


@given(st.text(max_size=200))
def test_an_edit_is_named_by_its_other_fields_whatever_its_text(text: str) -> None:
    # '&', '=' and '%' in the wikitext are encoded in the body: the fields stay apart
    body = urlencode({"action": "edit", "title": "A&B=C", "text": text, "token": "+\\"})
    assert request_params(URL, body) == {"action": "edit", "title": "A&B=C", "token": "+\\"}
    assert request_params(URL, body.encode()) == request_params(URL, body)
    assert classify("POST", URL, body) == "other:edit:"


def test_a_query_keeps_every_field() -> None:
    body = urlencode({"action": "query", "prop": "revisions", "rvprop": "content",
                      "revids": "1|2", "textonly": "1"})
    assert request_params(URL + "?format=json", body) == {
        "format": "json", "action": "query", "prop": "revisions", "rvprop": "content",
        "revids": "1|2", "textonly": "1"}
    assert classify("POST", URL, body) == "pages"
