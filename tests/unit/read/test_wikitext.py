"""Tests of the wikitext helpers the readers share."""
from __future__ import annotations

import pytest

from wikigap.model import Namespaces, normalize_user
from wikigap.read.wikitext import (
    LineIndex,
    first_user_link,
    is_ip,
    parse,
    positioned,
    user_from_target,
    user_links,
    visible_text,
)

SWEDISH = Namespaces(user=frozenset({"user", "användare"}),
                     user_talk=frozenset({"user talk", "användardiskussion"}),
                     special=frozenset({"special"}),
                     contributions=frozenset({"contributions", "bidrag"}))


@pytest.mark.parametrize("wikitext, expected", [
    ("[[WikiGap/2021/X|WikiGap X]]", "WikiGap X"),
    ("[[WikiGap/2021/X]]", "WikiGap/2021/X"),
    ("Stockholm<br>Göteborg", "Stockholm, Göteborg"),
    ("Stockholm,<br/>Göteborg<br />", "Stockholm, Göteborg"),
    ("Sweden<ref>note</ref>", "Sweden"),
    ('Sweden<ref name="a" />', "Sweden"),
    ("Sweden<sup>[1]</sup>", "Sweden"),
    ("Sweden{{efn|note}}", "Sweden"),
    ("Swe<!-- x -->den", "Sweden"),
    ("'''Bold''' and ''italic''", "Bold and italic"),
    ("8{{ndash}}14 March", "8–14 March"),
    ("{{nowrap|8 March 2021}}", "8 March 2021"),
    ("{{flag|Finland}}", "Finland"),
    ("{{lang|sv|Göteborg}}", "Göteborg"),
    ("{{flagicon|SWE}} Sweden", "Sweden"),
    ("9&nbsp;March", "9 March"),
    ("[[Category:X]]Text", "Text"),
    ("[https://example.org Site] [https://example.org]", "Site"),
    ("<nowiki>[[x]]</nowiki>", "[[x]]"),
    ("{{unbalanced|", "{{unbalanced|"),
    ("a <s>b</s> c", "a b c"),
])
def test_visible_text(wikitext: str, expected: str) -> None:
    assert visible_text(wikitext) == expected


def test_visible_text_can_drop_struck_text() -> None:
    assert visible_text("a <s>b</s> <del>c</del> {{s|d}} e", keep_struck=False) == "a e"


@pytest.mark.parametrize("target, expected", [
    ("User:Ana Pereira", "Ana Pereira"),
    ("user:gabriela souza", "Gabriela souza"),
    ("User_talk:Dag_Dahl", "Dag Dahl"),
    ("User:Grace Hopper/sandbox", "Grace Hopper"),
    ("User:Grace Hopper#top", "Grace Hopper"),
    ("Special:Contributions/Elin_Ek", "Elin Ek"),
    ("special:contributions/203.0.113.7", "203.0.113.7"),
    (":m:User:Meta Person", "Meta Person"),
    (":sv:User:Swede", "Swede"),
    ("User:Bj%C3%B6rn", "Björn"),
    ("WikiGap/2021/X", None),
    ("Special:RecentChanges", None),
    ("Category:User:X", None),
    ("User:", None),
])
def test_user_from_target(target: str, expected: str | None) -> None:
    assert user_from_target(target) == expected


def test_localised_namespaces() -> None:
    assert user_from_target("Användare:Anna", SWEDISH) == "Anna"
    assert user_from_target("användardiskussion:bo", SWEDISH) == "Bo"
    assert user_from_target("Special:Bidrag/Cia", SWEDISH) == "Cia"
    assert user_from_target("Användare:Anna") is None


def test_user_links_in_order_with_strike_and_templates() -> None:
    code = "[[User:A]] <s>[[User:B]]</s> {{u|c}} {{small|[[User talk:D|d]]}} [[Main Page]]"
    assert user_links(code) == [("A", False), ("B", True), ("C", False), ("D", False)]
    assert first_user_link("text [[User:X]] [[User:Y]]") == ("X", False)
    assert first_user_link("no users [[Main Page]]") is None


@pytest.mark.parametrize("name, expected", [
    ("ana_pereira", "Ana pereira"), ("  Ana   Pereira ", "Ana Pereira"), ("", ""),
    ("élise", "Élise"), ("ßeta", "ßeta"), ("\u200eAna Pereira\u200e", "Ana Pereira"),
])
def test_normalize_user(name: str, expected: str) -> None:
    assert normalize_user(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("203.0.113.7", True), ("2001:db8::1", True), ("2001:DB8:0:0:8:800:200C:417A", True),
    ("10.0.0.0/24", True), ("Ana", False), ("1.2.3", False), ("", False),
])
def test_is_ip(name: str, expected: bool) -> None:
    assert is_ip(name) is expected


def test_positions_become_lines() -> None:
    text = "a\n<div>\nb [[X]]\n</div>\n"
    lines = LineIndex(text)
    found = {str(node): lines.line(offset)
             for node, offset in positioned(parse(text), 0, lambda tag: True)}
    assert found["[[X]]"] == 3
    assert lines.line(0) == 1 and lines.line(len(text)) == 5
