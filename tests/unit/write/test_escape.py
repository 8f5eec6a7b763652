"""Escaping: wiki values render as the same plain text and open no markup."""
from __future__ import annotations


import mwparserfromhell
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mwparserfromhell.nodes import HTMLEntity, Text

from decoding import mw_decode, normalised
from factories import HOSTILE
from wikigap.write.escape import cell, link, link_target, plain, template_arg

FILTERS = (plain, cell, template_arg)
LINE_START = tuple("*#:;=-!+ {}|'")
NEVER = ("{{", "}}", "[[", "]]", "[", "|", "<", ">", "~~~", "__", "''", "\n", "://")


def assert_inert(escaped: str) -> None:
    """Check that wikitext holds nothing but text and character references."""
    nodes = mwparserfromhell.parse(escaped).nodes
    assert all(isinstance(n, (Text, HTMLEntity)) for n in nodes), nodes
    for bad in NEVER:
        assert bad not in escaped, (bad, escaped)
    assert not escaped.startswith(LINE_START), escaped


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("escape", FILTERS)
def test_hostile_values_are_inert_and_read_the_same(escape, value: str) -> None:
    escaped = escape(value)
    assert_inert(escaped)
    assert mw_decode(escaped) == normalised(value)


@given(st.text(max_size=80))
def test_any_text_is_inert_and_reads_the_same(value: str) -> None:
    for escape in FILTERS:
        escaped = escape(value)
        assert_inert(escaped)
        assert mw_decode(escaped) == normalised(value)


def test_cell_encodes_every_bang_and_arg_every_equals() -> None:
    assert "!" not in cell("a !! b") and mw_decode(cell("a !! b")) == "a !! b"
    assert "=" not in template_arg("x=1 = y") and mw_decode(template_arg("x=1")) == "x=1"


@pytest.mark.parametrize("value", ["-", "+", "}", "|}", "|-", "|+", "!"])
def test_cell_never_starts_a_row_caption_or_table_end(value: str) -> None:
    escaped = cell(value)
    assert escaped.startswith("&#") and mw_decode(escaped) == value


def test_ordinary_names_stay_readable() -> None:
    for value in ("WikiGap Stockholm", "São Paulo", "Côte d'Ivoire", "Tom & Jerry", "50% off"):
        assert plain(value) == value


def test_existing_entities_are_shown_not_decoded() -> None:
    assert plain("&lt;b&gt;") == "&amp;lt;b&amp;gt;"
    assert mw_decode(plain("&amp;")) == "&amp;"


def test_free_and_magic_links_are_not_formed() -> None:
    for value in ("mailto:a@example.org", "news:comp.lang", "ISBN 0123456789", "RFC 2119"):
        escaped = plain(value)
        assert escaped != value and mw_decode(escaped) == value
        assert not mwparserfromhell.parse(escaped).filter_external_links()
    assert plain("Hotel:Lobby") == "Hotel:Lobby"


def test_none_is_empty() -> None:
    assert plain(None) == ""


@pytest.mark.parametrize("title, target", [
    ("WikiGap/2021/Stockholm", ":WikiGap/2021/Stockholm"),
    ("Category:Spam", ":Category:Spam"),
    ("File:Example.jpg", ":File:Example.jpg"),
    ("User:Anna_Svensson", ":User:Anna Svensson"),
    ("__NOTOC__", ":NOTOC"),
    ("O'Brien's ''page''", ":O'Brien's ''page''"),
])
def test_link_target_is_led_by_colon_and_normalised(title: str, target: str) -> None:
    assert link_target(title) == target


@pytest.mark.parametrize("title", [
    "", "  ", ":Foo", "A|B", "A]]B", "A[[B", "{{x}}", "A#section", "<b>", "Sig ~~~~",
    "100%25", "A&amp;B", "line\nbreak",
])
def test_link_target_rejects_titles_mediawiki_cannot_have(title: str) -> None:
    with pytest.raises(ValueError):
        link_target(title)


def test_link_embeds_nothing_and_labels_plainly() -> None:
    code = mwparserfromhell.parse(link("Category:Spam", "[[x]] {{y}} |z"))
    (only,) = code.filter_wikilinks()
    assert str(only.title) == ":Category:Spam"
    assert not code.filter_templates() and len(code.filter_wikilinks()) == 1
    assert mw_decode(str(only.text)) == "[[x]] {{y}} |z"


def test_link_falls_back_to_text_for_a_bad_title() -> None:
    text = link("A]]{{x}}", "Label |")
    assert_inert(text)
    assert mw_decode(text) == "Label |"
    assert link(None, "Label") == "Label"


def test_link_label_defaults_to_title() -> None:
    assert link("WikiGap/2021") == "[[:WikiGap/2021|WikiGap/2021]]"
    assert link("WikiGap/2021", "  ") == "[[:WikiGap/2021|WikiGap/2021]]"
