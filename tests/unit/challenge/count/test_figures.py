"""The Challenge's figures from reads: counted revisions, reverts, deletions, words, refs, items."""
from __future__ import annotations

from datetime import datetime, timezone

from challenge_factories import config
from wikidata_entities import FEMALE, claims

from wikigap.challenge.count.figures import Reads, contributions, texts_needed
from wikigap.model import PageState, Revision

EXCLUDE = frozenset({"mw-reverted"})
T = datetime(2021, 3, 10, tzinfo=timezone.utc)
LATE = datetime(2021, 4, 9, 12, tzinfo=timezone.utc)     # after last_day, before it settles
WOMAN = {"claims": claims(p21=(FEMALE,)),
         "sitelinks": {"enwiki": {"site": "enwiki", "title": "Ada", "badges": ["Q17437798"]}}}


def rev(revid, pageid, user="Ann", when=T, size=100, new=False, tags=(), parent=0, title=None):
    return Revision("en", revid, pageid, title or f"Page {pageid}", user, when, size, new, tags,
                    parent)


def test_net_bytes_created_refs_links_badge_and_item():
    text = "Ada.<ref>One</ref><ref>Two</ref><ref>Three</ref> [[London]] [[Paris]] [[sv:Ada]]"
    reads = Reads((rev(1, 1, new=True, size=3000), rev(2, 1, size=-200, parent=1)),
                  pages={("en", 1): PageState("en", 1, "Ada", True, False, "Q1")},
                  entities={"Q1": WOMAN}, texts={("en", 2): text})
    (item,) = contributions(reads, config(), EXCLUDE)
    assert (item.title, item.created, item.bytes_added) == ("Ada", True, 2800)
    assert (item.refs, item.links, item.badge, item.about_woman) == (3, 2, "good", True)
    assert texts_needed(reads, config(), EXCLUDE) == {"en": {2}}   # the last counted revision


def test_reverted_late_and_deleted_lines_and_pending_without_item():
    reads = Reads((rev(1, 1, tags=("mw-reverted",)), rev(2, 2, when=LATE)),
                  seen=(rev(3, 3, new=True),),
                  pages={("en", 1): PageState("en", 1, "Page 1", True, False, None),
                         ("en", 2): PageState("en", 2, "Page 2", True, False, None),
                         ("en", 3): PageState("en", 3, "Page 3", False, False, None)})
    found = {c.title: c for c in contributions(reads, config(), EXCLUDE)}
    assert found["Page 1"].reverted and found["Page 1"].bytes_added == 0
    assert found["Page 2"].outside_window and not found["Page 2"].reverted
    assert found["Page 3"].deleted and found["Page 3"].created
    assert found["Page 1"].about_woman is None                     # no item: pending


def test_words_are_each_revision_minus_its_parent_and_parents_are_read():
    words = config(rules=[{"kind": "words_at_least", "words": 3, "points": 1}])
    reads = Reads((rev(2, 1, parent=1), rev(3, 1, parent=2)),
                  pages={("en", 1): PageState("en", 1, "Page 1", True, False, None)},
                  texts={("en", 1): "one two", ("en", 2): "one two three {{tpl|x y z}}",
                         ("en", 3): "one two three four five"})
    assert texts_needed(reads, words, EXCLUDE) == {"en": {1, 2, 3}}
    (item,) = contributions(reads, words, EXCLUDE)
    assert item.words_added == 3 and item.refs is None
