"""Progress report: only the date, the goal numbers and the summary region change."""
from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

import factories as f
from test_render import hostile_snapshot
from wikigap.write.progress import ProgressError, has_goal_line, update_goals, update_progress_page
from wikigap.write.regions import RegionError, read_region
from wikigap.write.render import render_progress_summary

SAMPLE = (Path(__file__).parents[2] / "data" / "se-project.wiki").read_text(encoding="utf-8")
SETTINGS: dict[str, Any] = dict(template="Lägesrapport", updated_param="uppdaterad",
                                date_text="2021-07-15", marker="wikigapbot")
GOALS = {"G.2.1": 437, "T.1.1": 12, "X.9": 5}


def update(text: str = SAMPLE, goals: dict[str, int | None] | None = None,
           summary: str = "Sammanfattning.", **overrides: Any) -> str:
    """Run the update with the sample's settings."""
    settings = {**SETTINGS, **overrides}
    return update_progress_page(text, goals=GOALS if goals is None else goals,
                                summary=summary, **settings)


def params(text: str) -> list[tuple[str, list[str]]]:
    """List each template's name and parameter names."""
    return [(str(t.name).strip(), [str(p.name).strip() for p in t.params])
            for t in mwparserfromhell.parse(text).filter_templates()]


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Return the removed and the added lines."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return ([d[2:] for d in diff if d.startswith("- ")],
            [d[2:] for d in diff if d.startswith("+ ")])


def test_only_date_goals_and_region_change() -> None:
    after = update()
    assert params(after) == params(SAMPLE)
    removed, added = changed_lines(SAMPLE, after)
    assert removed == ["* T.1.1 - Berika projekten med 2/25 nya resurser.",
                       "* G.2.1 - Redigering från 412/600 unika underrepresenterade användare.",
                       "|uppdaterad=2021-07-14"]
    assert added == ["* T.1.1 - Berika projekten med 12/25 nya resurser.",
                     "* G.2.1 - Redigering från 437/600 unika underrepresenterade användare.",
                     "|uppdaterad=2021-07-15", "Sammanfattning."]


def test_parameter_values_other_than_the_date_are_kept() -> None:
    before = mwparserfromhell.parse(SAMPLE).filter_templates()
    after = mwparserfromhell.parse(update(summary="")).filter_templates()
    for old, new in zip(before, after):
        for param in old.params:
            if str(param.name) not in ("uppdaterad", "interna mål"):
                assert str(new.get(param.name).value) == str(param.value)


def test_goal_codes_not_configured_or_unknown_are_untouched() -> None:
    after = update(goals={"G.2.1": None, "T.1.1": 3})
    assert "* G.2.1 - Redigering från 412/600 unika" in after
    assert "* T.2.2b - 3/10 nya direktkontakter" in after
    assert "* T.1.1 - Projekten har berikats med 4 nya resurser." in after


def test_same_input_twice_gives_the_same_page() -> None:
    once = update()
    assert update(once) == once


def test_hostile_summary_from_render_keeps_parameters() -> None:
    for value in f.HOSTILE:
        summary = render_progress_summary(hostile_snapshot(value))
        after = update(summary=summary)
        assert params(after) == params(SAMPLE)
        assert read_region(after, "wikigapbot") == summary


@pytest.mark.parametrize("summary", ["a |status=röd", "}}{{Projekt|x=1", "{{subst:x}}"])
def test_unescaped_summary_that_changes_parameters_is_refused(summary: str) -> None:
    with pytest.raises(ProgressError, match="templates or their parameters"):
        update(summary=summary)


def test_missing_template_or_parameter_is_a_clear_error() -> None:
    with pytest.raises(ProgressError, match="Lägesrapport"):
        update(SAMPLE.replace("{{Lägesrapport", "{{Annat"))
    with pytest.raises(ProgressError, match="'uppdaterad'"):
        update(SAMPLE.replace("|uppdaterad=2021-07-14\n", ""))
    with pytest.raises(ProgressError, match="2 times"):
        update(SAMPLE + "\n{{Lägesrapport|uppdaterad=x}}")


def test_broken_region_raises_region_error() -> None:
    with pytest.raises(RegionError):
        update(SAMPLE.replace("<!-- wikigapbot:end wikigapbot -->\n", ""))


@pytest.mark.parametrize("old, new", [
    ("|uppdaterad=2021-07-14\n", "|uppdaterad=2021-07-15\n"),
    ("| uppdaterad = 2021-07-14  \n", "| uppdaterad = 2021-07-15  \n"),
    ("|uppdaterad=\n", "|uppdaterad=2021-07-15\n"),
    ("|uppdaterad=   \n", "|uppdaterad=2021-07-15   \n"),
])
def test_date_parameter_keeps_its_whitespace(old: str, new: str) -> None:
    after = update(SAMPLE.replace("|uppdaterad=2021-07-14\n", old))
    assert new in after


def test_template_name_matches_like_mediawiki() -> None:
    after = update(SAMPLE.replace("{{Lägesrapport", "{{ lägesrapport"))
    assert "|uppdaterad=2021-07-15" in after


@pytest.mark.parametrize("line, goals, expected", [
    ("* G.2.1 - Redigering från 412/600 unika", {"G.2.1": 7},
     "* G.2.1 - Redigering från 7/600 unika"),
    ("* G.2.10 - a 1/2 b", {"G.2.1": 7}, "* G.2.10 - a 1/2 b"),
    ("* G.2.1 – a 1 / 2 b", {"G.2.1": 7}, "* G.2.1 – a 7 / 2 b"),
    ("* G.2.1 - a 1 000/2 000 b", {"G.2.1": 1234}, "* G.2.1 - a 1 234/2 000 b"),
    ("* G.2.1 - a 10/2000 b", {"G.2.1": 1234}, "* G.2.1 - a 1234/2000 b"),
    ("* G.2.1 - år 2021: 5/10 och 6/10", {"G.2.1": 8}, "* G.2.1 - år 2021: 8/10 och 6/10"),
    ("G.2.1 - in the body 1/2", {"G.2.1": 0}, "G.2.1 - in the body 0/2"),
    ("* Se G.2.1 - 1/2", {"G.2.1": 9}, "* Se G.2.1 - 1/2"),
    ("* G.2.1 - inget mål här", {"G.2.1": 9}, "* G.2.1 - inget mål här"),
    ("* G.2.1 - a 1/2\r\n* G.2.1 - b 3/4\r\n", {"G.2.1": 9},
     "* G.2.1 - a 9/2\r\n* G.2.1 - b 9/4\r\n"),
    # an x/y right after a year, a number or a date is not the goal
    ("* T.1.1 - Under 2021/2022 skapas 5/10 artiklar", {"T.1.1": 7},
     "* T.1.1 - Under 2021/2022 skapas 7/10 artiklar"),
    ("* T.1.1 - 2021/22: 5/10", {"T.1.1": 7}, "* T.1.1 - 2021/22: 7/10"),
    ("* T.1.1 - säsongen 2021 / 22, nu 5/10", {"T.1.1": 7}, "* T.1.1 - säsongen 2021 / 22, nu 7/10"),
    ("* T.1.1 - 1950/2000 artiklar", {"T.1.1": 7}, "* T.1.1 - 7/2000 artiklar"),
    ("* G.2.1 - Redigering från 2021 112/600 unika", {"G.2.1": 9},
     "* G.2.1 - Redigering från 2021 112/600 unika"),
    ("* G.2.1 - från 2021 112/600, i år 3/4", {"G.2.1": 9},
     "* G.2.1 - från 2021 112/600, i år 9/4"),
    ("* G.2.1 - från 2021\u00a0112/600 och 3/4", {"G.2.1": 9},
     "* G.2.1 - från 2021\u00a0112/600 och 9/4"),
    ("* G.2.1 - från 202 112/600", {"G.2.1": 9}, "* G.2.1 - från 9/600"),
    ("* G.2.1 - 2021-03-08 5/10, sedan 6/10", {"G.2.1": 9},
     "* G.2.1 - 2021-03-08 5/10, sedan 9/10"),
    ("* G.2.1 - 8 mars 5/10; 6/10", {"G.2.1": 9}, "* G.2.1 - 8 mars 5/10; 9/10"),
    ("* G.2.1 - 8 March 2021 5/10; 6/10", {"G.2.1": 9}, "* G.2.1 - 8 March 2021 5/10; 9/10"),
    ("* G.2.1 - 8/3/2021 5/10 7/10", {"G.2.1": 9}, "* G.2.1 - 8/3/2021 5/10 7/10"),
    ("* G.2.1 - maj 5/10", {"G.2.1": 9}, "* G.2.1 - maj 9/10"),
    # an x/y that is part of a date is not the goal
    ("* G.2.1 - den 8/3 2021 var det 5/10", {"G.2.1": 9}, "* G.2.1 - den 8/3 2021 var det 9/10"),
    ("* G.2.1 - den 8/3-2021: 5/10", {"G.2.1": 9}, "* G.2.1 - den 8/3-2021: 9/10"),
    ("* G.2.1 - 2021/03/08: 5/10", {"G.2.1": 9}, "* G.2.1 - 2021/03/08: 9/10"),
    ("* G.2.1 - 2021-03-08/2021-04-01: 5/10", {"G.2.1": 9},
     "* G.2.1 - 2021-03-08/2021-04-01: 9/10"),
    ("* G.2.1 - 112/600 2021", {"G.2.1": 9}, "* G.2.1 - 9/600 2021"),
    # comments and nowiki are not read and not edited
    ("* G.2.1 - <!-- förra året 1/2 --> 3/4", {"G.2.1": 9},
     "* G.2.1 - <!-- förra året 1/2 --> 9/4"),
    ("* G.2.1 - <nowiki>1/2</nowiki> 3/4", {"G.2.1": 9}, "* G.2.1 - <nowiki>1/2</nowiki> 9/4"),
    ("<!--\n* G.2.1 - 1/2\n-->\n", {"G.2.1": 9}, "<!--\n* G.2.1 - 1/2\n-->\n"),
    ("<nowiki>\n* G.2.1 - 1/2\n</nowiki>", {"G.2.1": 9}, "<nowiki>\n* G.2.1 - 1/2\n</nowiki>"),
    ("<!--* G.2.1 - 1/2 -->\n* G.2.1 - 3/4", {"G.2.1": 9}, "<!--* G.2.1 - 1/2 -->\n* G.2.1 - 9/4"),
    ("* G.2.1 - 2021 <!-- c --> 112/600", {"G.2.1": 9}, "* G.2.1 - 2021 <!-- c --> 112/600"),
    ("* G.2.1 - a 1<!--c--> 000/2 000", {"G.2.1": 9}, "* G.2.1 - a 1<!--c--> 000/2 000"),
    ("* G.2.1 - a <!--\n--> 3/4", {"G.2.1": 9}, "* G.2.1 - a <!--\n--> 9/4"),
    ("x\n<!-- unclosed\n* G.2.1 - 1/2", {"G.2.1": 9}, "x\n<!-- unclosed\n* G.2.1 - 1/2"),
])
def test_goal_lines(line: str, goals: dict[str, int], expected: str) -> None:
    assert update_goals(line, goals) == expected


def test_goal_line_in_page_body_and_other_parameters() -> None:
    text = SAMPLE + "\n* G.2.1 - Utanför mallen 1/600.\n"
    after = update(text)
    assert "* G.2.1 - Utanför mallen 437/600." in after


@pytest.mark.parametrize("before, after", [
    ("|uppdaterad=2021-07-14\n", "|uppdaterad=2021-03-20\n"),
    ("|uppdaterad = 2021-03-01 <!-- fylls i av boten -->\n",
     "|uppdaterad = 2021-03-20 <!-- fylls i av boten -->\n"),
    ("|uppdaterad=<!-- boten -->\n", "|uppdaterad=2021-03-20 <!-- boten -->\n"),
    ("|uppdaterad=\n", "|uppdaterad=2021-03-20\n"),
    ("|uppdaterad= 2021-07-14 (ungefär)\n", "|uppdaterad= 2021-03-20 (ungefär)\n"),
])
def test_only_the_date_in_the_date_parameter_changes(before, after):
    page = "{{Lägesrapport\n" + before + "|status=grön\n}}\n<!-- wikigapbot:begin s -->\n" \
           "<!-- wikigapbot:end s -->"
    updated = update_progress_page(page, template="Lägesrapport", updated_param="uppdaterad",
                                   date_text="2021-03-20", goals={}, marker="s", summary="x")
    assert updated.startswith("{{Lägesrapport\n" + after + "|status=grön\n}}")


def test_comments_and_nowiki_on_the_page_are_kept() -> None:
    hidden = ("<!--\n* G.2.1 - Gammalt mål 1/600.\n-->\n"
              "<nowiki>* T.1.1 - exempel 2/25</nowiki>\n")
    text = SAMPLE.replace("|interna mål=\n", "|interna mål=\n" + hidden)
    after = update(text)
    assert hidden in after
    assert "* G.2.1 - Redigering från 437/600 unika" in after
    assert "* T.1.1 - Berika projekten med 12/25 nya resurser." in after


WORDS = ["Redigering", "från", "unika", "och", "år:", "totalt", "(ca)", "i", "–"]
DATE_FORMATS = ["yyyy-MM-dd", "d/M/yyyy", "yyyy/MM/dd", "d/M yyyy", "d/M-yyyy", "d.M.yyyy",
                "d MMMM yyyy", "d MMM yyyy", "d MMMM", "d MMM"]
HIDDEN_TEXT = st.text(alphabet="aG.21 /0123456789*\n", max_size=20)


def _year_range(text: str) -> bool:
    """Tell whether ``x/y`` reads as a span of years (``1909/10``, ``2021/2022``): never a goal."""
    first, following = text.split("/")
    return 1900 <= int(first) <= 2099 and following in (f"{(int(first) + 1) % 100:02d}",
                                                        str(int(first) + 1))


def _date(day: datetime.date, pattern: str) -> str:
    """Write ``day`` in one of the forms people use on goal lines (Swedish month names)."""
    return format_date(day, pattern, locale="sv")


SEGMENTS = st.one_of(
    st.tuples(st.just("word"), st.sampled_from(WORDS)),
    st.tuples(st.just("year"), st.integers(1900, 2099).map(str)),
    st.tuples(st.just("date"), st.builds(_date, st.dates(datetime.date(1900, 1, 1),
                                                         datetime.date(2099, 12, 31)),
                                         st.sampled_from(DATE_FORMATS))),
    st.tuples(st.just("xy"), st.builds("{}/{}".format, st.integers(100, 99999),
                                       st.integers(1, 99999)).filter(lambda s: not _year_range(s))),
    st.tuples(st.just("range"), st.integers(1900, 2098).flatmap(
        lambda y: st.sampled_from([f"{y}/{(y + 1) % 100:02d}", f"{y}/{y + 1}"]))),
    st.tuples(st.just("comment"), HIDDEN_TEXT.map("<!--{}-->".format)),
    st.tuples(st.just("nowiki"), HIDDEN_TEXT.map("<nowiki>{}</nowiki>".format)),
)


def _goal_index(segments: list[tuple[str, str]]) -> int | None:
    """Return the x/y segment that is the goal: the first one not right after a number or date."""
    previous = "word"
    for index, (kind, _) in enumerate(segments):
        if kind == "xy" and previous == "word":
            return index
        if kind not in ("comment", "nowiki"):
            previous = kind
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(SEGMENTS, max_size=8), st.integers(0, 10**6))
def test_years_dates_comments_and_nowiki_are_never_goal_numbers(
        segments: list[tuple[str, str]], value: int) -> None:
    def page(texts: list[str]) -> str:
        return "{{Projekt\n|interna mål=\n* G.2.1 - " + " ".join(texts) + "\n}}\n"

    texts = [text for _, text in segments]
    goal = _goal_index(segments)
    expected = list(texts)
    if goal is not None:
        expected[goal] = f"{value}/{texts[goal].split('/')[1]}"
    after = update_goals(page(texts), {"G.2.1": value})
    assert after == page(expected)
    hidden = [str(n) for n in mwparserfromhell.parse(page(texts)).filter_comments()]
    assert [str(n) for n in mwparserfromhell.parse(after).filter_comments()] == hidden


def test_has_goal_line_finds_what_update_goals_would_change() -> None:
    page = ("* T.1.1 - Berika projekten med 2/25 nya resurser.\n"
            "* G.2.1 - Redigering sedan 8 mars 2021\n"
            "<!-- * X.1 - 3/10 i en kommentar -->\n"
            "* Y.1 - <nowiki>4/10</nowiki> i nowiki\n")
    assert has_goal_line(page, "T.1.1")
    assert not has_goal_line(page, "G.2.1")     # a date, no x/y
    assert not has_goal_line(page, "X.1") and not has_goal_line(page, "Y.1")
    assert not has_goal_line(page, "Z.9")
    for code in ("T.1.1", "G.2.1", "X.1", "Y.1"):
        changed = update_goals(page, {code: 7}) != page
        assert changed == has_goal_line(page, code), code
