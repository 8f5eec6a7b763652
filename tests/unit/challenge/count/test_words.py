"""Words added, references and article links, on real-looking article wikitext.

The article below mixes what Wikipedia biographies hold: an infobox, refs
(named, reused, list-defined, empty), short citations, a table, lists,
headings, files, categories, language links, comments and external links.
Words are derived by hand in each test; a property test bounds them by the
text's length.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikigap.challenge.count.words import (
    WikiNames,
    article_words,
    body_text,
    count_links,
    count_refs,
    count_words,
    word_delta,
    words_added,
)

ARTICLE = """{{Short description|Swedish chemist}}
{{Infobox scientist
| name = Greta Nilsson
| birth_place = [[Uppsala]], [[Sweden]]
| fields = [[Chemistry]]
}}
'''Greta Nilsson''' (1901–1987) was a Swedish [[chemist|chemist]].<ref>{{cite book|title=Chemists|year=1990}}</ref>
She studied at [[Uppsala University]]<ref name="uu">Uppsala archive, 1921.</ref> and taught in [[Lund]].<ref name="uu"/><!-- check the year -->

== Career ==
Her work on [[catalysis]] won [[Nobel Prize|prizes]].{{sfn|Berg|2001|p=4}}{{sfn|Berg|2001|p=4}}
{| class="wikitable"
! Year !! Award
|-
| 1950 || [[Royal Medal]]
|}
* ''Catalysis'' (1950)
* [[Lund University|Lund]] lectures
[[File:Greta Nilsson.jpg|thumb|Nilsson in [[Lund]], 1950]]
See [http://example.org her papers] or http://example.org/bare.

== References ==
<references>
<ref name="old">Old source.</ref>
</references>
<ref name="empty"></ref>

[[Category:Swedish chemists]]
[[sv:Greta Nilsson]]
[[Category:1901 births]]
"""
PROSE = ["Greta", "Nilsson", "1901", "1987", "was", "a", "Swedish", "chemist",
         "She", "studied", "at", "Uppsala", "University", "and", "taught", "in", "Lund",
         "Her", "work", "on", "catalysis", "won", "prizes",
         "See", "her", "papers", "or"]


def test_body_text_keeps_prose_and_link_labels_only() -> None:
    body = body_text(ARTICLE)
    for gone in ("Infobox", "Short description", "Chemists", "archive", "check the year",
                 "Career", "Award", "Royal Medal", "Catalysis", "lectures", "thumb", "1950",
                 "Swedish chemists", "sv:", "Old source", "example.org", "References"):
        assert gone not in body, gone
    assert count_words(body) == len(PROSE)


def test_article_words_count_a_whole_revision() -> None:
    assert article_words(ARTICLE) == 27
    assert article_words(None) == 0 and article_words("") == 0


@pytest.mark.parametrize("added, words", [
    ("\nShe retired in 1966.", 4),                        # prose: She, retired, in, 1966
    ("\n{{Authority control}}", 0),                       # a template
    ("<ref>{{cite web|url=http://x.example|title=Obituary of Greta Nilsson}}</ref>", 0),
    ("\n* [[Greta Prize]] for young chemists", 0),        # a list line
    ("\n# Another numbered line of many words", 0),
    ("\n; Term : a definition list line", 0),
    ("\n{|\n| many table words here\n|}", 0),
    ("\n[[de:Greta Nilsson]]\n[[Category:Women chemists]]", 0),
    ("\n[[Image:Greta.png|Caption with words]]", 0),
    ("\n<!-- a comment of many words -->", 0),
    ("\n== Later life and death ==", 0),                 # headings are not prose
    ("\nShe died in [[Lund|the city of Lund]].", 7),      # a link shows its label
    ("\n'''Bold''' and ''italic'' words&nbsp;here", 5),
    ("\n<div>Words in a div</div><br/>and after", 6),
])
def test_words_added_count_only_the_new_prose(added: str, words: int) -> None:
    assert words_added(ARTICLE + added, ARTICLE) == words


def test_a_page_creation_adds_all_its_words_and_a_removal_adds_none() -> None:
    assert words_added(ARTICLE, None) == 27
    shorter = ARTICLE.replace(" and taught in [[Lund]].", ".")
    assert word_delta(shorter, ARTICLE) == -4
    assert words_added(shorter, ARTICLE) == 0


def test_words_added_is_net_so_a_rewording_gains_nothing() -> None:
    reworded = ARTICLE.replace("was a Swedish", "became a Swedish")
    assert words_added(reworded, ARTICLE) == 0


@pytest.mark.parametrize("text, language, words", [
    ("Zoë Saldaña, naïve café", None, 4),
    ("हिन्दी भाषा", None, 2),                  # vowel signs and viramas are marks in the word
    ("اللغة العربية", None, 2),
    ("Ἀριστοτέλης", None, 1),
    ("don't l'amour well-known Jean‐Paul", None, 4),
    ("'quoted' - dash -", None, 2),
    ("1815–1852 and 3.5", None, 5),           # an en dash and a point separate
    ("我是学生。她是医生。", "zh", 4),           # two characters a word on Chinese wikis
    ("東京は日本の首都です", "ja", 3),           # three on Japanese ones
    ("Tokyo東京 Tower", None, 3),
    ("ゼロ‍幅", None, 1),
    ("", None, 0), ("   \n\t ", None, 0), ("— … !", None, 0),
])
def test_words_are_counted_in_any_script(text: str, language: str | None, words: int) -> None:
    assert count_words(text, language) == words


def test_references_count_sources_not_reuses() -> None:
    # cite book, "uu", "old" (list-defined); the "uu" reuse and the empty "empty" are not
    # counted; the two identical {{sfn}} are one source.
    assert count_refs(ARTICLE) == 4
    assert count_refs("Text.<ref>Src</ref><!-- <ref>Hidden</ref> --><ref> <!-- x --> </ref>") == 1
    assert count_refs("{{sfn|A|2001}}<ref>{{sfn|B|2002}}</ref>{{Sfnp|C|2003}}") == 3
    assert count_refs("{{sfn|A|1}}", WikiNames(ref_templates=frozenset({"harvnb"}))) == 0


def test_links_count_distinct_articles() -> None:
    # Uppsala, Sweden, Chemistry (infobox), Chemist, Uppsala University, Lund, Catalysis,
    # Nobel Prize, Royal Medal (table), Lund University (list) -- Lund once, though linked
    # three times; files, categories and the language link are not articles.
    assert count_links(ARTICLE) == 10


@pytest.mark.parametrize("text, links", [
    ("[[Foo]] [[foo]] [[Foo#History|x]] [[Foo_]] [[ Foo ]]", 1),
    ("[[#Early life]] [[]] [[:Category:Women]] [[Category:Women]]", 0),
    ("[[Template:Cite web]] [[Help:Links]] [[User:Ann]] [[Wikipedia:Rules]]", 0),
    ("[[d:Q42]] [[wikt:word]] [[:fr:Marie Curie]] [[fr:Marie Curie]] [[commons:Cat]]", 0),
    ("[[Star Wars: A New Hope]] [[Zoë: A Life]]", 2),     # a colon inside a title
    ("[[File:X.jpg|thumb|[[Lund]] at night]]", 1),      # a caption's link is a link
    ("Text<ref>[[Source page]]</ref>", 0),              # links in references do not count
])
def test_links_to_articles_only(text: str, links: int) -> None:
    assert count_links(text) == links


def test_local_namespace_names_come_from_the_wiki() -> None:
    swedish = WikiNames(hidden=frozenset({"fil", "bild", "kategori", "file", "category"}),
                        namespaces=WikiNames().namespaces | {"mall", "användare"})
    text = "Hon bodde i [[Lund]].\n[[Fil:X.jpg|miniatyr|Text]] [[Kategori:Kemister]] [[Mall:X]]"
    assert body_text(text, swedish).split() == ["Hon", "bodde", "i", "Lund.", "Mall:X"]
    assert count_links(text, swedish) == 1
    # English names take Kategori: and Mall: for articles (and Fil: for a language prefix):
    assert count_links(text) == 3


WIKITEXT = st.lists(st.sampled_from(list("ab é漢ひ 0'-\n*#:;|!=<>/[]{}&") + [
    "[[", "]]", "{{", "}}", "<ref>", "</ref>", "<ref name=a/>", "{|", "|}", "|-", "''", "'''",
    "<!--", "-->", "==", "[[File:", "[[sv:", "[[Category:", "&nbsp;", "http://x.example ",
    "<br>", "<div>", "</div>", "<nowiki>", "</nowiki>", "__NOTOC__", "\u0301", "\u200d"]),
    max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WIKITEXT, st.one_of(st.none(), WIKITEXT), st.sampled_from([None, "en", "zh", "ja"]))
def test_words_added_never_exceed_what_the_text_length_allows(text: str, parent: str | None,
                                                               language: str | None) -> None:
    added = words_added(text, parent, language)
    assert 0 <= added <= article_words(text, language) <= (len(text) + 1) // 2
    assert len(body_text(text)) <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "zh", "ja"]))
def test_words_of_any_text_are_bounded_by_its_length(text: str, language: str | None) -> None:
    assert 0 <= count_words(text, language) <= (len(text) + 1) // 2


BLOCKS = st.sampled_from([
    "{{Infobox person|name=X|spouse=[[Y]]}}", "<ref>Source, 1999.</ref>", "<ref name=n/>",
    "{|\n| a || b\n|}", "* list item words", "== Heading ==", "[[Category:C]]", "[[en:X]]",
    "Some prose with a [[Link|label]].", "<!-- note -->", "{{sfn|A|2000}}",
])
PLAIN_WORDS = st.lists(st.text("abcdefghij", min_size=1, max_size=8), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(BLOCKS, max_size=8), PLAIN_WORDS)
def test_a_new_paragraph_of_n_plain_words_adds_n(blocks: list[str], new: list[str]) -> None:
    parent = "\n".join(blocks)
    assert words_added(parent + "\n\n" + " ".join(new), parent) == len(new)
