"""The API's shapes read into the bot's: registration dates, page states with their item, tags."""
from __future__ import annotations

from datetime import datetime, timezone

from wikigap.wikis.apidata import NO_DATE, page_state_from, registration_from, revision_from
from wikigap.model import PageState


def test_registration_date_missing_field_and_empty_date_differ():
    assert registration_from({"name": "Ana", "registration": "2021-03-08T09:30:00Z"}) == \
        datetime(2021, 3, 8, 9, 30, tzinfo=timezone.utc)
    # An account older than MediaWiki's record of registrations: older than any event.
    assert registration_from({"name": "Old", "registration": None}) is NO_DATE
    assert registration_from({"name": "Old", "registration": ""}) is NO_DATE
    # The field was not sent at all: unknown, never "long ago".
    assert registration_from({"name": "Ana"}) is None


def test_page_state_carries_its_wikidata_item():
    page = {"pageid": 7, "ns": 0, "title": "Ada", "pageprops": {"wikibase_item": "Q7259"}}
    assert page_state_from("en", page) == PageState("en", 7, "Ada", True, False, "Q7259")
    redirect = {"pageid": 8, "ns": 0, "title": "A", "redirect": True}
    assert page_state_from("en", redirect) == PageState("en", 8, "A", True, True, None)
    assert page_state_from("en", {"pageid": 9, "title": "B", "pageprops": {"wikibase_item": ""}}).item is None
    assert page_state_from("en", {"title": "Nothing", "missing": True}) is None


def test_revision_keeps_its_change_tags():
    item = {"revid": 1, "pageid": 2, "title": "Ada", "user": "Ana",
            "timestamp": "2021-03-08T10:00:00Z", "sizediff": 5, "tags": ["mw-reverted"]}
    assert revision_from("en", item).tags == ("mw-reverted",)
    assert revision_from("en", {**item, "tags": []}).tags == ()
