"""The API's shapes read into the bot's: registration dates, page states with their item, tags."""
from __future__ import annotations

from datetime import datetime, timezone

from wikigap.model import PageState
from wikigap.wikis.apidata import (
    NO_DATE,
    page_state_from,
    registration_from,
    revision_from,
)


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


# ---- the Challenge's answers: revision texts, global accounts, wiki names

from wikigap.wikis.apidata import home_language, revision_texts_from, wikipedias_from  # noqa: E402

GLOBAL = {"home": "svwiki", "id": 12345, "registration": "2015-03-08T10:00:00Z", "merged": [
    {"wiki": "svwiki", "url": "https://sv.wikipedia.org", "timestamp": "2015-03-08T10:00:00Z",
     "method": "primary", "editcount": 120, "registration": "2015-03-08T10:00:00Z"},
    {"wiki": "enwiki", "url": "https://en.wikipedia.org", "timestamp": "2016-01-01T00:00:00Z",
     "method": "login", "editcount": 3, "registration": "2016-01-01T00:00:00Z"},
    {"wiki": "dewiki", "url": "https://de.wikipedia.org", "timestamp": "2016-01-01T00:00:00Z",
     "method": "login", "editcount": 0, "registration": "2016-01-01T00:00:00Z"},
    {"wiki": "enwiktionary", "url": "https://en.wiktionary.org", "editcount": 9,
     "timestamp": "2016-01-01T00:00:00Z", "method": "login", "registration": "2016-01-01T00:00:00Z"},
    {"wiki": "metawiki", "url": "https://meta.wikimedia.org", "editcount": 40,
     "timestamp": "2016-01-01T00:00:00Z", "method": "login", "registration": "2016-01-01T00:00:00Z"}]}


def test_wikipedias_with_edits_come_from_the_merged_accounts():
    assert wikipedias_from(GLOBAL) == ("en", "sv")          # not de (0 edits), Wiktionary, Meta
    assert wikipedias_from({"missing": ""}) is None           # no global account
    assert home_language(GLOBAL) == "sv"
    assert home_language({"home": "metawiki"}) is None


def test_revision_texts_in_both_formats_and_deleted_ones_as_none():
    v2 = {"query": {"pages": [{"pageid": 1, "revisions": [
        {"revid": 10, "parentid": 0, "slots": {"main": {"content": "A"}}},
        {"revid": 11, "parentid": 10, "slots": {"main": {"texthidden": True}}}]}],
        "badrevids": {"12": {"revid": 12, "missing": True}}}}
    v1 = {"query": {"pages": {"1": {"pageid": 1, "revisions": [
        {"revid": 10, "slots": {"main": {"*": "A"}}}]}}}}
    assert revision_texts_from(v2) == {10: "A", 11: None, 12: None}
    assert revision_texts_from(v1) == {10: "A"}


def test_namespaces_carry_the_wikis_case_from_siteinfo():
    """pywikibot's own namespaces, as built from siteinfo's ``case``."""
    from pywikibot.site import Namespace

    from wikigap.model import CASE_SENSITIVE, FIRST_LETTER
    from wikigap.wikis.apidata import namespaces_from

    wiktionary = namespaces_from(Namespace.builtin_namespaces(case=CASE_SENSITIVE), [])
    assert wiktionary.case == CASE_SENSITIVE and "user" in wiktionary.user
    assert namespaces_from(Namespace.builtin_namespaces(), []).case == FIRST_LETTER
