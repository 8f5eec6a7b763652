"""The wiki adapter's REST and plain-HTTP reads on a real wiki: statuses are answers, not errors.

``Wiki.rest_get`` reads a route beside the wiki's api.php (``/rest.php`` on the
sandbox's plain install) with the bot's User-Agent, logged in, counted like
every request; a 4xx is an answer the caller judges. Core routes of MediaWiki
1.39 (``/v1/page/{title}``) stand in for any REST route here.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from sandbox import free_port
from wikigap.wikis import wiki
from wikigap.wikis.errors import Unreachable


def test_rest_get_answers_a_route_beside_api_php(sandbox):
    sandbox["meta"].load_pages([("RA Rest page", "Hello from REST.")])
    meta = wiki.Wiki(sandbox["meta"].api_url)
    host = urlsplit(sandbox["meta"].api_url).netloc
    meta.read_page("RA Rest page")                       # log in first: its requests are not counted below
    before = wiki.REQUESTS.by_host[host]
    answer = meta.rest_get("/v1/page/RA_Rest_page")
    assert wiki.REQUESTS.by_host[host] - before == 1
    assert answer.status == 200 and answer.ok
    assert answer.data["title"] == "RA Rest page" and answer.data["source"] == "Hello from REST."
    assert answer.url.startswith(sandbox["meta"].api_url.removesuffix("api.php") + "rest.php/")


def test_rest_get_returns_a_404_as_an_answer(sandbox):
    answer = wiki.Wiki(sandbox["meta"].api_url).rest_get("/v1/page/RA_No_such_page")
    assert (answer.status, answer.ok) == (404, False)
    assert answer.data["httpCode"] == 404                 # MediaWiki's REST error body
    missing_route = wiki.Wiki(sandbox["meta"].api_url).rest_get("/campaignevents/v0/nothing/1")
    assert missing_route.status == 404


def test_view_html_reads_a_page_as_readers_see_it(sandbox):
    sandbox["meta"].load_pages([("RA Viewed", "Some '''bold''' text.")])
    meta = wiki.Wiki(sandbox["meta"].api_url)
    html = meta.view_html("RA Viewed")
    assert "<b>bold</b>" in html and '"wgPageName":"RA_Viewed"' in html
    assert meta.view_html("RA Never created") is None


def test_get_json_of_a_service_that_does_not_answer_raises_unreachable():
    with pytest.raises(Unreachable, match="127.0.0.1"):
        wiki.get_json(f"http://127.0.0.1:{free_port()}/courses/A/B/users.json")


def test_read_pages_takes_a_title_mediawiki_could_not_hold_as_missing(sandbox):
    """Hostile registry links (found by the end-to-end property test) name such titles."""
    sandbox["meta"].load_pages([("RA Batch page", "Here.")])
    texts = wiki.Wiki(sandbox["meta"].api_url).read_pages(["RA Batch page", "\ufffd", "A[b"])
    assert texts == {"RA Batch page": "Here.", "\ufffd": None, "A[b": None}
