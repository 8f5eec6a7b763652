"""The bonus list: every way of writing a Wikidata id, struck entries, and problems with lines."""
from __future__ import annotations

from factories import HOSTILE
from hypothesis import given, settings
from hypothesis import strategies as st
from phrases import assert_written_in_every_language

from wikigap.challenge.read.bonus import read_bonus
from wikigap.write.messages import english, messages

PAGE = """__NOTOC__
The 29 women on the UN Human Rights lists. Q999 in running prose is not an entry.
== Women ==
* [[d:Q7259|Ada Lovelace]] – mathematician
* [[:wikidata:Q42]]
* Q1001 Marie Example, bare id on a list line
# '''Q1002''' numbered and bold
* {{Q|Q1003}} and {{q|1004}} on one line
* [[d:Q1005#P31|with a fragment]] and [[d:q1006]] lower case
* <s>[[d:Q1007|Withdrawn Woman]]</s> (taken off the list)
* <del>Q1008</del>
<!-- * [[d:Q1009]] not yet -->
* Jane Nameless
* {{Q|Jane Doe}}
* [[d:P31]]
* [[d:Q7259|Ada Lovelace]] again
{| class="wikitable"
! Name !! Item
|-
| Greta || {{Q|1010}}
|}
{{Bonus row|[[d:Q1011]]}}
*
"""


def test_every_way_of_writing_an_id_is_read_once_in_page_order() -> None:
    bonus = read_bonus(PAGE, "WikiGap Challenge/2021/Bonus")
    assert bonus.ids == ("Q7259", "Q42", "Q1001", "Q1002", "Q1003", "Q1004", "Q1005", "Q1006",
                         "Q1010", "Q1011")
    assert bonus.lines["Q7259"] == 4 and bonus.lines["Q1010"] == 20 and bonus.lines["Q1011"] == 22
    assert "Q1003" in bonus and "Q999" not in bonus and "Q1007" not in bonus


def test_lines_it_cannot_use_are_problems_with_page_line_and_fix() -> None:
    problems = read_bonus(PAGE, "WikiGap Challenge/2021/Bonus").problems
    assert [(p.code, p.line, p.subject) for p in problems] == [
        ("bonus-no-id", 13, "Jane Nameless"),
        ("bonus-bad-id", 14, "Jane Doe"),
        ("bonus-bad-id", 15, "P31"),
    ]
    first = problems[0]
    assert first.page == "WikiGap Challenge/2021/Bonus"
    assert english(first.message) == ("Line 13 of the bonus list names no Wikidata item, so no "
                                      "article counts for it.")
    assert english(first.fix) == ("Add the woman's Wikidata id to the line, e.g. "
                                  "[[d:Q7259|Ada Lovelace]] or {{Q|Q7259}}.")
    assert messages("sv").words(first.fix) == ("Lägg till kvinnans Wikidata-id på raden, t.ex. "
                                               "[[d:Q7259|Ada Lovelace]] eller {{Q|Q7259}}.")
    assert english(problems[1].message) == ("“Jane Doe” on line 14 of the bonus list is not a "
                                            "Wikidata item id, so the line is left out.")
    for problem in problems:
        assert_written_in_every_language(problem)


def test_an_empty_page_has_no_ids_and_no_problems() -> None:
    assert read_bonus("") == read_bonus("Intro only.\n\n")
    assert read_bonus("").ids == () and read_bonus("").problems == ()


def test_a_name_added_later_is_read_on_the_next_reading() -> None:
    before = read_bonus("* [[d:Q1]]\n")
    after = read_bonus("* [[d:Q1]]\n* [[d:Q2|Added during the contest]]\n")
    assert (before.ids, after.ids) == (("Q1",), ("Q1", "Q2"))


PIECES = st.sampled_from(list(HOSTILE) + [
    "* ", "# ", "\n", "[[d:", "[[wikidata:", "Q", "Q1", "Q0", "q12", "]]", "{{Q|", "}}", "|",
    "<s>", "</s>", "<!--", "-->", "{|", "|}", "[[:d:Q5|", "Q123456789012345", "'''", "<del>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_page_is_read_without_raising(text: str) -> None:
    bonus = read_bonus(text, "Bonus")
    lines = text.count("\n") + 1
    assert all(i.startswith("Q") and i[1:].isdigit() and i[1] != "0" for i in bonus.ids)
    assert len(set(bonus.ids)) == len(bonus.ids) == len(bonus.lines)
    assert all(1 <= line <= lines for line in bonus.lines.values())
    assert all(1 <= p.line <= lines and p.fix and p.page == "Bonus" for p in bonus.problems)
