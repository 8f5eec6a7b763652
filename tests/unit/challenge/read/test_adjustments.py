"""The adjustments page: penalties, bonuses and disqualifications with reasons; bad lines are problems."""
from __future__ import annotations

from decimal import Decimal

import pytest
from factories import HOSTILE
from hypothesis import given, settings
from hypothesis import strategies as st
from phrases import assert_written_in_every_language

from wikigap.challenge.read.adjustments import PARAMETERS, Adjustment, read_adjustments
from wikigap.model import normalize_title
from wikigap.write.messages import english

PAGE = """Organizers: add one template per change. Reasons are shown on the leaderboard.
== 2021 ==
* {{WikiGap adjustment|user=[[User:Ann Example|Ann]]|wiki=sv|article=ada_lovelace|points=−1|reason=Poor machine translation}}
* {{wikiGap_adjustment |user=Bo|disqualify=yes|reason=Copied text from a website}}
* {{WikiGap adjustment|user=User:Cia|wiki=pt|article=Maria|disqualify=Yes|reason=Article about a man}}
* {{Template:WikiGap adjustment|user=Dee|points=+2.5|reason=Jury prize <!-- agreed 9 April -->}}
{{Other template|user=Eve|points=9|reason=not an adjustment}}
<!-- {{WikiGap adjustment|user=Fay|points=9|reason=commented out}} -->
"""


def test_each_kind_of_adjustment_reads_into_a_dataclass() -> None:
    page = read_adjustments(PAGE, page="WikiGap Challenge/2021/Adjustments")
    assert page.problems == ()
    assert page.adjustments == (
        Adjustment(user="Ann Example", reason="Poor machine translation", line=3, wiki="sv",
                   article="Ada lovelace", points=Decimal(-1)),
        Adjustment(user="Bo", reason="Copied text from a website", line=4, disqualify=True),
        Adjustment(user="Cia", reason="Article about a man", line=5, wiki="pt", article="Maria",
                   disqualify=True),
        Adjustment(user="Dee", reason="Jury prize", line=6, points=Decimal("2.5")),
    )


def test_a_renamed_template_is_read_by_its_name() -> None:
    text = "{{Justering|user=Ann|points=1|reason=Bra}}\n{{WikiGap adjustment|user=Bo|points=1|reason=x}}"
    assert [a.user for a in read_adjustments(text, template="justering").adjustments] == ["Ann"]


BAD = [
    ("{{WikiGap adjustment|user=Ann|points=-2}}", "adjustment-no-reason", "gives no reason",
     "Add reason=… saying why; it is shown on the leaderboard."),
    ("{{WikiGap adjustment|user=Ann|points=-2|reason=<!-- later -->}}", "adjustment-no-reason",
     "gives no reason", "Add reason="),
    ("{{WikiGap adjustment|user=Ann|points=two|reason=x}}", "adjustment-points",
     "has points=two, which is not a number", "Write a number such as points=-2 or points=1.5"),
    ("{{WikiGap adjustment|user=Ann|points=1,5|reason=x}}", "adjustment-points",
     "has points=1,5", "(a point, not a comma)"),
    ("{{WikiGap adjustment|user=Ann|points=1e9|reason=x}}", "adjustment-points", "points=1e9", ""),
    ("{{WikiGap adjustment|points=1|reason=x}}", "adjustment-no-user", "names no contestant",
     "Add user=NAME."),
    ("{{WikiGap adjustment|user={{u|Ann}}|points=1|reason=x}}", "adjustment-no-user", "", ""),
    ("{{WikiGap adjustment|user=Ann|reason=x}}", "adjustment-what",
     "gives neither points nor disqualify=yes", "not both"),
    ("{{WikiGap adjustment|user=Ann|points=1|disqualify=yes|reason=x}}", "adjustment-what",
     "gives both points and disqualify=yes", ""),
    ("{{WikiGap adjustment|user=Ann|disqualify=maybe|reason=x}}", "adjustment-disqualify",
     "has disqualify=maybe", "Write disqualify=yes, or remove it."),
    ("{{WikiGap adjustment|user=Ann|article=Ada|points=1|reason=x}}", "adjustment-no-wiki",
     "names the article Ada but no wiki", "e.g. wiki=sv"),
    ("{{WikiGap adjustment|user=Ann|wiki=sv|points=1|reason=x}}", "adjustment-no-article",
     "names wiki=sv but no article", "remove wiki= to change the contestant's total"),
    ("{{WikiGap adjustment|user=Ann|wiki=Swedish|article=Ada|points=1|reason=x}}",
     "adjustment-wiki", "has wiki=swedish, which is no language code", "e.g. wiki=sv"),
    ("{{WikiGap adjustment|user=Ann|points=1|reasons=typo}}", "adjustment-unknown-parameter",
     "has unknown parameter reasons=", "Use only user=, wiki=, article=, points=, disqualify=, "
     "reason=."),
    ("{{WikiGap adjustment|Ann|1|x}}", "adjustment-unknown-parameter", "parameter 1=", ""),
]


@pytest.mark.parametrize("line, code, message, fix", BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_a_bad_template_is_a_problem_naming_the_line_and_the_fix(line: str, code: str,
                                                                 message: str, fix: str) -> None:
    page = read_adjustments(f"Intro\n\n* {line}\n", page="Adj")
    assert page.adjustments == ()
    (problem,) = page.problems
    assert (problem.code, problem.page, problem.line) == (code, "Adj", 3)
    text = english(problem.message)
    assert text.startswith("The {{WikiGap adjustment}} on line 3 ")
    assert message in text and text.endswith("; it is not applied until it is fixed.")
    assert fix in english(problem.fix)
    assert_written_in_every_language(problem)


def test_lines_are_found_inside_tables_and_after_identical_templates() -> None:
    same = "{{WikiGap adjustment|user=Ann|points=1|reason=x}}"
    text = f"{same}\n{{|\n|-\n| {same}\n|}}\n{same}"
    assert [a.line for a in read_adjustments(text).adjustments] == [1, 4, 6]


@pytest.mark.parametrize("raw, normal", [
    ("ada_lovelace", "Ada lovelace"), ("  Ann   Example ", "Ann Example"), ("ß", "ß"),
    ("élise", "Élise"), ("", ""),
])
def test_titles_are_normalised_as_mediawiki_does(raw: str, normal: str) -> None:
    assert normalize_title(raw) == normal


VALUES = st.one_of(st.sampled_from(list(HOSTILE) + ["-1", "2.5", "yes", "no", "sv", "Ann", ""]),
                   st.text(max_size=10))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PARAMETERS + ("x", "1")), VALUES), max_size=6),
       st.sampled_from(["", "* ", "\n{|\n| ", "<!-- "]))
def test_any_template_is_read_without_raising(params: list, before: str) -> None:
    body = "".join(f"|{name}={value}" for name, value in params)
    text = f"{before}{{{{WikiGap adjustment{body}}}}}\n"
    page = read_adjustments(text, page="Adj")
    assert len(page.adjustments) + len(page.problems) <= max(1, text.count("{{"))
    for adjustment in page.adjustments:
        assert adjustment.user and adjustment.reason
        assert (adjustment.article is None) == (adjustment.wiki is None)
        assert not adjustment.disqualify or adjustment.points == 0
    assert all(p.fix and p.page == "Adj" and p.line >= 1 for p in page.problems)
