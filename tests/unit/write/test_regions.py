"""Regions: only the text between a region's markers changes; broken markers raise."""
from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wikigap.write.regions import (RegionError, begin_marker, end_marker, mentions_region, read_region,
                                   replace_region)

B, E = begin_marker("status"), end_marker("status")

PAGE = (
    "{{WikiGap 2021 header}}  \n"
    "\tIndented  line with trailing spaces   \n"
    "<!-- a human comment -->\n"
    "{{Template|a=1|b={{nested}}}}\n"
    f"{B}\n"
    "Someone typed here.\n"
    "{{and a template}}\n"
    f"{E}\n"
    "\n\n"
    f"{begin_marker('other')}\n"
    "other region text\n"
    f"{end_marker('other')}\n"
    "last line without newline  "
)


def split_outside(text: str) -> tuple[str, str]:
    """Return the text up to and including the begin line, and from the end line on."""
    head = text[: text.index(B) + len(B)]
    return head, text[text.index(E):]


def test_replaces_human_text_and_keeps_outside_bytes() -> None:
    new = replace_region(PAGE, "status", "{| class=\"wikitable\"\n|}")
    assert split_outside(new) == split_outside(PAGE)
    assert read_region(new, "status") == "{| class=\"wikitable\"\n|}"
    assert "Someone typed here." not in new


def test_content_is_put_on_its_own_lines() -> None:
    new = replace_region(f"x\n{B}\n{E}\ny", "status", "one\ntwo\n\n")
    assert new == f"x\n{B}\none\ntwo\n{E}\ny"


def test_empty_content_leaves_markers_adjacent() -> None:
    assert replace_region(PAGE, "status", "") .count(f"{B}\n{E}") == 1


def test_same_content_gives_identical_text() -> None:
    once = replace_region(PAGE, "status", "table\nrows")
    assert replace_region(once, "status", "table\nrows") == once
    assert replace_region(once, "status", "table\nrows\n") == once


def test_other_region_untouched() -> None:
    new = replace_region(PAGE, "status", "new")
    assert read_region(new, "other") == "other region text"
    assert new.endswith("last line without newline  ")


def test_crlf_page_keeps_crlf() -> None:
    page = f"a\r\n{B}\r\nold\r\n{E}\r\nb\r\n"
    new = replace_region(page, "status", "x\ny")
    assert new == f"a\r\n{B}\r\nx\r\ny\r\n{E}\r\nb\r\n"
    assert read_region(new, "status") == "x\ny"


def test_markers_with_surrounding_spaces_and_varied_spacing() -> None:
    page = "a\n  <!--wikigapbot:begin   status-->  \nold\n\t<!-- wikigapbot:end status -->\nb"
    assert replace_region(page, "status", "new") == (
        "a\n  <!--wikigapbot:begin   status-->  \nnew\n\t<!-- wikigapbot:end status -->\nb")


def test_similar_names_are_different_regions() -> None:
    page = f"{begin_marker('status2')}\nx\n{end_marker('status2')}\n{B}\n{E}\n"
    new = replace_region(page, "status", "y")
    assert read_region(new, "status2") == "x" and read_region(new, "status") == "y"


@pytest.mark.parametrize("page, words", [
    ("no markers at all", "no 'begin' marker"),
    (f"only begin\n{B}\n", "no 'end' marker"),
    (f"only end\n{E}\n", "no 'begin' marker"),
    (f"{B}\n{B}\n{E}\n", "2 'begin' markers"),
    (f"{B}\n{E}\n{E}\n", "2 'end' markers"),
    (f"{B}\nx\n{E}\n{B}\ny\n{E}\n", "2 'begin' markers"),
    (f"{E}\nx\n{B}\n", "end marker comes before"),
    (f"text {B}\n{E}\n", "shares its line"),
    (f"{B}\n{E} text\n", "shares its line"),
    (f"{B}{E}\n", "shares its line"),
])
def test_broken_markers_raise_naming_region_and_fix(page: str, words: str) -> None:
    for call in (lambda: replace_region(page, "status", "x"), lambda: read_region(page, "status")):
        with pytest.raises(RegionError) as caught:
            call()
        message = str(caught.value)
        assert words in message and "'status'" in message and B in message
        assert caught.value.name == "status"


def test_content_with_own_markers_is_refused() -> None:
    with pytest.raises(RegionError):
        replace_region(PAGE, "status", f"x\n{E}\ny")


outside = st.text(st.characters(codec="utf-8"), max_size=200).filter(
    lambda s: "wikigapbot:" not in s)


@given(before=outside, inner=outside, after=outside, content=outside)
def test_outside_text_is_unchanged(before: str, inner: str, after: str, content: str) -> None:
    page = f"{before}\n{B}\n{inner}\n{E}\n{after}"
    new = replace_region(page, "status", content)
    assert new.startswith(f"{before}\n{B}\n")
    assert new.endswith(f"\n{E}\n{after}")
    assert replace_region(new, "status", content) == new


@given(content=outside)
def test_read_returns_what_was_written(content: str) -> None:
    assume("\r" not in content)
    page = replace_region(f"{B}\n{E}\n", "status", content)
    assert read_region(page, "status") == content.rstrip("\n")


def test_mentions_region_matches_the_exact_name_only():
    text = "a\n<!-- wikigapbot:begin events -->\n<!-- wikigapbot:end events -->\n"
    assert not mentions_region(text, "event")
    assert mentions_region(text, "events")
    assert mentions_region("<!--wikigapbot:end  event-->", "event")
