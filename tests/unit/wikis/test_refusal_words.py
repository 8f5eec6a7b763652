"""A wiki's refusal answer in words: who, why, until when, which filter, which link; no dicts.

The answers are shaped as MediaWiki 1.39 sends them (``blockinfo`` fields,
AbuseFilter's ``abusefilter`` detail, SpamBlacklist's ``spamblacklist.matches``,
``prop=info&inprop=protection``).
"""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikigap.wikis import wiki  # noqa: F401  (sets pywikibot up first)
from wikigap.wikis._pwb.refusals import (
    REFUSAL_CODES,
    edit_refusals_from,
    refusal,
    until,
)
from wikigap.wikis.errors import Blocked, Refused, describe

BLOCK = {"blockid": 1, "blockedby": "Admin", "blockedbyid": 1, "blockreason": "Runaway bot",
         "blockedtimestamp": "2026-12-07T10:00:00Z", "blockexpiry": "2026-12-09T00:00:00Z",
         "blockpartial": False}


def test_a_sitewide_block_says_who_why_and_until_when():
    refused = refusal("blocked", "You have been blocked from editing.", {"blockinfo": BLOCK})
    assert isinstance(refused, Blocked) and refused.sitewide
    assert str(refused) == ("the bot's account is blocked from editing by Admin (Runaway bot), "
                            "until 2026-12-09 00:00:00 UTC; ask Admin or another administrator "
                            "of the wiki to lift the block")


def test_a_partial_block_refuses_only_its_pages():
    refused = refusal("blocked", "…", {"blockinfo": {**BLOCK, "blockpartial": True,
                                                      "blockexpiry": "infinite"}})
    assert isinstance(refused, Blocked) and not refused.sitewide
    assert "blocked on some pages" in str(refused) and "with no end date" in str(refused)


def test_a_protection_says_its_level_and_expiry():
    refused = refusal("protectedpage", "This page has been protected…", {},
                      [{"type": "edit", "level": "sysop", "expiry": "infinity"},
                       {"type": "move", "level": "sysop", "expiry": "infinity"}])
    assert str(refused).startswith("the page is protected (edit: administrators only, with "
                                   "no end date); ask the wiki's administrators")


def test_an_abuse_filter_is_named_by_its_public_description():
    refused = refusal("abusefilter-disallowed", "This action has been automatically identified…",
                      {"abusefilter": {"id": 7, "description": "Link spam on talk pages",
                                       "actions": ["disallow"]}})
    assert str(refused).startswith("abuse filter 7 (“Link spam on talk pages”) disallowed")


def test_a_spam_list_refusal_names_the_matched_link():
    refused = refusal("spamblacklist", "…", {"spamblacklist": {"matches": ["spam.example.org/x"]}})
    assert "spam.example.org/x" in str(refused) and "registry row" in str(refused)


def test_the_title_list_and_a_page_too_large_say_so():
    assert "title blacklist" in str(refusal("titleblacklist-forbidden", "The title is on it", {}))
    assert "larger than the wiki allows" in str(refusal("contenttoobig", "2048 KB", {}))


def test_an_expiry_reads_as_a_time_or_never():
    assert until("infinity") == until(None) == "with no end date"
    assert until("2026-12-09T00:00:00Z") == "until 2026-12-09 00:00:00 UTC"


@given(code=st.sampled_from(sorted(REFUSAL_CODES)),
       info=st.text(max_size=400),
       other=st.dictionaries(st.sampled_from(["blockinfo", "abusefilter", "spamblacklist"]),
                             st.dictionaries(st.sampled_from(
                                 ["blockedby", "blockreason", "description", "id", "matches"]),
                                 st.text(max_size=50)), max_size=3))
def test_any_answer_is_one_line_without_a_dict_or_class_name(code, info, other):
    text = str(refusal(code, info, other))
    assert isinstance(refusal(code, info, other), Refused)
    assert "\n" not in text
    assert not any(repr(d) in text for d in (other, *other.values()) if d)
    assert not re.search(r"\b\w+(Error|Exception)\b", text.replace(info, "").replace(
        repr(other), "")) or re.search(r"(Error|Exception)", repr(other) + info)


def test_intestactions_answers_name_each_asked_title_with_its_reasons():
    answer = {"query": {
        "normalized": [{"from": "Rf/status", "to": "Rf/Status"}],
        "pages": {"12": {"title": "Rf/Status", "protection": [
                      {"type": "edit", "level": "sysop", "expiry": "infinity"}],
                   "actions": {"edit": [{"code": "protectedpage", "text": "This page has been "
                                                                      "protected…"}]}},
                  "13": {"title": "Projekt:Rf", "protection": [], "actions": {"edit": []}}}}}
    found = edit_refusals_from(answer)
    assert found["Projekt:Rf"] == []
    [reason] = found["Rf/status"]
    assert reason.startswith("the page is protected (edit: administrators only, with no end date)")


def test_pywikibots_site_id_never_reaches_a_message():
    err = ValueError("Edit to page [[u952a27809a:WikiGap 2021/Results]] failed on "
                     "u952a27809a:u952a27809a")
    assert describe(err) == ("ValueError: Edit to page [[WikiGap 2021/Results]] failed on "
                             "the wiki")


def test_a_partial_block_in_formatversion_1_is_a_present_empty_flag():
    fv1 = {k: v for k, v in BLOCK.items() if k != "blockpartial"}
    assert refusal("blocked", "…", {"blockinfo": fv1}).sitewide
    assert not refusal("blocked", "…", {"blockinfo": {**fv1, "blockpartial": ""}}).sitewide
