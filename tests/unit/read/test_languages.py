"""Languages cell tests: every accepted form, separators, and unreadable parts."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikigap.read.languages import parse_languages

CASES = [
    ("pt", ("pt",), ()),
    ("sv, en", ("sv", "en"), ()),
    ("PT; SV", ("pt", "sv"), ()),
    ("sv/en", ("sv", "en"), ()),
    ("en and sw", ("en", "sw"), ()),
    ("en & sw", ("en", "sw"), ()),
    ("en, sw, and fr", ("en", "sw", "fr"), ()),
    ("uk.wikipedia", ("uk",), ()),
    ("pt.wikipedia.org / es.wikipedia.org", ("pt", "es"), ()),
    ("https://sv.wikipedia.org", ("sv",), ()),
    ("ptwiki", ("pt",), ()),
    ("Portuguese", ("pt",), ()),
    ("Swahili & English", ("sw", "en"), ()),
    ("portuguese", ("pt",), ()),
    ("Portuguese Wikipedia", ("pt",), ()),
    ("Brazilian Portuguese", ("pt",), ()),
    ("Svenska", ("sv",), ()),
    ("English (en)", ("en",), ()),
    ("Norwegian", ("no",), ()),
    ("nb", ("no",), ()),
    ("Cantonese", ("zh-yue",), ()),
    ("Simple English", ("simple",), ()),
    ("be-tarask", ("be-tarask",), ()),
    ("sv, sv, Swedish", ("sv",), ()),
    ("sv, Elvish", ("sv",), ("Elvish",)),
    ("Online, xx", (), ("Online", "xx")),
    ("", (), ()),
    ("Dothraki", (), ("Dothraki",)),
    ("und", (), ("und",)),
    ("sv, en, ", ("sv", "en"), ()),
    ("\x00\U00010000", (), ("\x00\U00010000",)),
]


@pytest.mark.parametrize("text, codes, unreadable", CASES, ids=[case[0] or "empty" for case in CASES])
def test_languages(text: str, codes: tuple, unreadable: tuple) -> None:
    assert parse_languages(text) == (codes, unreadable)


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(["sv", "en", "Portuguese", ",", "/", " and ", ";", "&", ".wikipedia",
                              ".org", "(", ")", "wiki", "xx", " "]), max_size=12).map("".join)))
def test_any_text_gives_codes_and_leftovers(text: str) -> None:
    codes, unreadable = parse_languages(text)
    assert len(set(codes)) == len(codes)
    assert all(isinstance(code, str) and code == code.lower() for code in codes)
    assert all(isinstance(part, str) and part for part in unreadable)
