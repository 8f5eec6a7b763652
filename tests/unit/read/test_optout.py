"""``{{bots|optout=…}}`` read from a page's text; a page that cannot hold one is not parsed."""
from __future__ import annotations

import mwparserfromhell

from wikigap.read import bots


def test_optout_names_the_kinds_that_refuse_this_bot():
    assert bots.optout_reason("Hi\n{{Bots|optout=all}}\n") == "opted out ({{bots|optout=all}})"
    assert bots.optout_reason("{{Template:bots|optout=wikigapbot, other}}") is not None
    assert bots.optout_reason("{{bots|optout=other}}") is None
    assert bots.optout_reason("{{bots|allow=all}}") is None


def test_a_large_page_without_the_template_is_not_parsed(monkeypatch):
    def no_parse(*args, **kwargs):
        raise AssertionError("parsed a page that cannot opt out")
    board = "{| class=wikitable\n" + "|-\n| [[A]] || 1 || 2,000\n" * 50_000 + "|}\n"
    monkeypatch.setattr(mwparserfromhell, "parse", no_parse)
    assert bots.optout_reason(board) is None
