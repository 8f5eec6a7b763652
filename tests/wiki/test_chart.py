"""The progress chart: daily cumulative counts from snapshots, a stable SVG, a guarded upload."""
from __future__ import annotations

import difflib
import hashlib
import os
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from wikigap.write import chart
from wikigap.config import load_config
from wikigap.model import Metrics, Snapshot
from running import run_tasks
from sandbox import ImportedRevision
from wikigap.store.state import State

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
UPDATE = os.environ.get("WIKIGAP_UPDATE_GOLDEN") == "1"
SVG = "{http://www.w3.org/2000/svg}"


def snap(day: int, hour: int, created: int | None, improved: int | None) -> Snapshot:
    return Snapshot(campaign="WikiGap 2021", taken_at=datetime(2021, 3, day, hour, tzinfo=timezone.utc),
                    events=(), metrics=Metrics(articles_created=created, articles_improved=improved))


CAMPAIGN = [snap(8, 9, 0, 2), snap(8, 23, 4, 9), snap(9, 12, 11, 20), snap(10, 6, None, None),
            snap(12, 18, 30, 41), snap(14, 23, 1234, 2345)]


def test_series_keeps_each_days_last_snapshot_and_skips_unknowns():
    shuffled = [CAMPAIGN[3], CAMPAIGN[1], CAMPAIGN[5], CAMPAIGN[0], CAMPAIGN[4], CAMPAIGN[2]]
    assert chart.cumulative_series(shuffled) == [
        (date(2021, 3, 8), 4, 9), (date(2021, 3, 9), 11, 20), (date(2021, 3, 12), 30, 41),
        (date(2021, 3, 14), 1234, 2345)]


def test_series_of_nothing_is_empty():
    assert chart.cumulative_series([]) == []


@pytest.mark.parametrize("highest, top, step", [
    (0, 1, 1), (4, 4, 1), (5, 5, 1), (9, 10, 2), (41, 50, 10), (2345, 2500, 500), (100, 100, 20),
    (1100, 1500, 500)])
def test_axis_scale_is_round(highest, top, step):
    assert chart.nice_scale(highest) == (top, step)


def test_svg_is_well_formed_labelled_and_escaped():
    svg = chart.render_svg(chart.cumulative_series(CAMPAIGN), 'WikiGap <2021> & "friends"')
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}title").text == 'WikiGap <2021> & "friends"'
    assert "articles created" in texts and "articles improved" in texts
    assert "1,234 created" in texts and "2,345 improved" in texts
    assert {"8 Mar", "14 Mar"} <= set(texts)
    assert len(root.findall(f"{SVG}polyline")) == 2


def test_svg_is_deterministic_and_matches_the_golden_file():
    svg = chart.campaign_svg("WikiGap 2021", CAMPAIGN)
    ET.fromstring(svg)
    assert svg == chart.campaign_svg("WikiGap 2021", list(reversed(CAMPAIGN)))
    check_golden("chart.svg", svg)


def test_empty_and_single_day_charts_still_draw():
    empty = ET.fromstring(chart.render_svg([], "Nothing yet"))
    assert any("No numbers yet" in (t.text or "") for t in empty.iter(f"{SVG}text"))
    one = ET.fromstring(chart.render_svg([(date(2021, 3, 8), 3, 5)], "One day"))
    assert len(one.findall(f"{SVG}circle")) == 2


def test_many_days_get_at_most_seven_date_labels():
    series = [(date(2021, 3, 1 + i), i, 2 * i) for i in range(30)]
    root = ET.fromstring(chart.render_svg(series, "A month"))
    dates = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith(" Mar")]
    assert len(dates) == 7 and dates[0] == "1 Mar" and dates[-1] == "30 Mar"


def test_write_chart_writes_the_file(tmp_path):
    path = chart.write_chart(tmp_path / "out" / "chart.svg", "WikiGap 2021", CAMPAIGN)
    assert path.read_text(encoding="utf-8") == chart.campaign_svg("WikiGap 2021", CAMPAIGN)


@pytest.fixture(scope="module")
def chart_wikis(sandbox):
    """A one-event campaign on the sandbox, loaded once for this module."""
    sandbox["meta"].create_users(["T6 Writer"])
    sandbox["en"].create_users(["T6 Writer"])
    sandbox["meta"].load_pages([
        ("T6/Events", "{| class=wikitable\n! Event !! Date !! Language\n|-\n"
                      "| [[T6/A]] || 8 March 2021 || en\n|}"),
        ("T6/A", "== Participants ==\n# [[User:T6 Writer]]"), ("T6/Run", "true")])
    sandbox["en"].import_revisions([ImportedRevision("T6 Article", "x" * 300, "T6 Writer",
                                                     datetime(2021, 3, 8, 12, tzinfo=timezone.utc))])
    return sandbox


@pytest.fixture
def chart_campaign(chart_wikis, tmp_path):
    """Give a test a config that uploads the chart to a file of its own on Meta."""
    from sandbox_campaign import campaign_yaml

    def config(filename, language="en"):
        return load_config(campaign_yaml(chart_wikis, tmp_path, "T6/Events", name="Chart test",
                                         chart={"wiki": "meta", "file": filename,
                                                "language": language},
                                         run_page={"wiki": "meta", "page": "T6/Run"}))
    return chart_wikis, config


def file_sha1(sandbox, filename):
    pages = sandbox["meta"].api(action="query", titles=f"File:{filename}", prop="imageinfo",
                                iiprop="sha1")["query"]["pages"]
    info = pages[0].get("imageinfo")
    return info[0]["sha1"] if info else None


def test_chart_uploaded_to_the_wiki_once_then_unchanged(chart_campaign, capsys):
    sandbox, config = chart_campaign
    cfg = config("T6 progress.svg")
    assert run_tasks(cfg, ["tally", "status-table"], dry_run=True) == 0
    assert "would upload [[File:T6 progress.svg]]" in capsys.readouterr().out
    assert file_sha1(sandbox, "T6 progress.svg") is None
    assert run_tasks(cfg, ["tally", "status-table"]) == 0
    with State(cfg.state_path) as state:
        svg = chart.campaign_svg("Chart test", state.snapshots("Chart test"))
    assert file_sha1(sandbox, "T6 progress.svg") == hashlib.sha1(svg.encode()).hexdigest()
    capsys.readouterr()
    assert run_tasks(cfg, ["status-table"]) == 0
    assert "unchanged meta: [[File:T6 progress.svg]]" in " ".join(capsys.readouterr().out.split())


def test_a_swedish_chart_is_uploaded_with_a_swedish_summary_and_description(chart_campaign):
    """chart.language: the picture, its upload summary and its file page are in Swedish."""
    sandbox, config = chart_campaign
    cfg = config("T6 sv.svg", "sv")
    assert run_tasks(cfg, ["tally", "status-table"]) == 0
    with State(cfg.state_path) as state:
        svg = chart.campaign_svg("Chart test", state.snapshots("Chart test"), language="sv")
    assert "Chart test: nya och förbättrade artiklar" in svg
    assert file_sha1(sandbox, "T6 sv.svg") == hashlib.sha1(svg.encode()).hexdigest()
    pages = sandbox["meta"].api(action="query", titles="File:T6 sv.svg", prop="imageinfo|revisions",
                                iiprop="comment", rvprop="content", rvslots="main")["query"]["pages"]
    assert pages[0]["imageinfo"][0]["comment"] == "Bot: uppdaterar lägesdiagrammet för Chart test"
    assert pages[0]["revisions"][0]["slots"]["main"]["content"] == \
        "Bot: uppdaterar lägesdiagrammet för Chart test"


def test_chart_not_uploaded_while_the_run_page_says_stop(chart_campaign, capsys):
    sandbox, config = chart_campaign
    sandbox["meta"].load_page("T6/Run", "no")
    try:
        assert run_tasks(config("T6 stopped.svg"), ["tally", "status-table"]) == 0
    finally:
        sandbox["meta"].load_page("T6/Run", "true")
    assert "skipped   meta: [[File:T6 stopped.svg]]: stopped" in capsys.readouterr().out
    assert file_sha1(sandbox, "T6 stopped.svg") is None


def check_golden(name: str, text: str) -> None:
    """Compare with tests/data/golden/NAME, showing a unified diff on failure."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with WIKIGAP_UPDATE_GOLDEN=1 and review it"
    diff = "".join(difflib.unified_diff(path.read_text(encoding="utf-8").splitlines(True),
                                        text.splitlines(True), f"golden/{name}", "rendered"))
    assert not diff, f"chart differs from golden file (WIKIGAP_UPDATE_GOLDEN=1 rewrites it):\n{diff}"


VIEWS = {date(2021, 3, 8): 1200, date(2021, 3, 10): 30000, date(2021, 3, 15): 500}


def test_views_accumulate_over_every_day():
    assert chart.cumulative_views(VIEWS)[:4] == [
        (date(2021, 3, 8), 1200), (date(2021, 3, 9), 1200), (date(2021, 3, 10), 31200),
        (date(2021, 3, 11), 31200)]
    assert chart.cumulative_views(VIEWS)[-1] == (date(2021, 3, 15), 31700)
    assert chart.cumulative_views(None) == [] and chart.cumulative_views({}) == []


@pytest.mark.parametrize("highest, steps, step", [(31700, 5, 10000), (31700, 3, 20000),
                                                  (0, 4, 1), (1, 1, 1), (42_000_000, 5, 10_000_000)])
def test_views_step_is_round_and_reaches_the_top(highest, steps, step):
    assert chart.nice_step(highest, steps) == step


def test_views_line_on_its_own_labelled_scale_and_golden():
    svg = chart.campaign_svg("WikiGap 2021", CAMPAIGN, VIEWS)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert len(root.findall(f"{SVG}polyline")) == 3
    assert "31,700 views" in texts and "page views (right-hand numbers)" in texts
    assert {"10K", "20K", "30K", "40K", "50K"} <= set(texts)   # articles axis: 5 steps of 500
    assert "15 Mar" in texts                                  # the views run past the last snapshot
    check_golden("chart-views.svg", svg)


def test_without_known_views_the_chart_has_no_views_line():
    assert chart.campaign_svg("WikiGap 2021", CAMPAIGN, None) == \
        chart.campaign_svg("WikiGap 2021", CAMPAIGN)


def test_a_swedish_chart_has_no_english_word_and_swedish_months_and_numbers():
    """chart.language: sv gives every word from sv.json, "8 mars", "1 234" and "10 tn"."""
    svg = chart.campaign_svg("WikiGap 2021", CAMPAIGN, VIEWS, language="sv")
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert texts[0] == "WikiGap 2021: nya och förbättrade artiklar"
    assert {"8 mars", "15 mars", "1\u00a0234 nya", "2\u00a0345 förbättrade", "31\u00a0700 visningar",
            "nya artiklar", "förbättrade artiklar", "sidvisningar (siffrorna till höger)",
            "artiklar (sammanlagt)", "dag (UTC), 2021", "2\u00a0500"} <= set(texts)
    for english in ("created", "improved", "views", "articles", "day", "Mar", "No numbers"):
        assert not any(english in text for text in texts), english
    check_golden("chart-views.sv.svg", svg)
    assert chart.upload_summary("WikiGap 2021", "sv") == \
        "Bot: uppdaterar lägesdiagrammet för WikiGap 2021"


@pytest.mark.parametrize("language, created, day", [
    ("es", "1.234 creados", "8 mar"), ("pt", "1.234 criados", "8 mar."), ("fr", "1\u00a0234 créés", "8 mars")])
def test_the_chart_speaks_each_shipped_language(language, created, day):
    texts = [t.text for t in ET.fromstring(chart.campaign_svg("W", CAMPAIGN, language=language))
             .iter(f"{SVG}text")]
    assert created in texts and day in texts, texts
