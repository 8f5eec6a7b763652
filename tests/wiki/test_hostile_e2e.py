"""Hostile and broken pages, end to end: `run tally status-table` against the sandbox.

A property test with ``EXAMPLES`` = 15 examples (kept small for CI: each one
saves its pages and runs both tasks on the real wikis, about a second each).
Every example draws a registry whose rows mix valid events with hostile cells,
sign-up pages with hostile lines (some pages missing) and a status page with
hostile text around and inside the markers (tests/strategies.py), writes them
under a prefix of its own on the sandbox's meta wiki and runs the two tasks in
process. It checks:

- the run succeeds (exit status 0). The sandbox wikis are healthy, so no wiki
  error is expected: bad input must become problems in the table, never a
  failed task, and an exception (a crash) always fails a task;
- the status page outside the markers is byte-identical to the text the wiki
  stored before the run (MediaWiki's own save-time changes, such as trimmed
  trailing whitespace, are in that text already);
- the region is exactly the rendering of the stored snapshot (or, when the
  page opted out, the page is untouched), and in that rendering every value
  read from the wikis is shown as text: one table row per event, cells holding
  only text and character references (the event cell one link to its page),
  no template, link, comment or tag made from a value, and each value reading
  back as the reader gave it.
"""
from __future__ import annotations

import itertools
import re
from datetime import datetime, timezone

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import HTMLEntity, Tag, Text, Wikilink

from sandbox_campaign import campaign_yaml
from strategies import BEGIN, END, GOOD_USERS, LANGUAGES, campaign
from tasks import TASKS
from decoding import mw_decode, normalised
from wikigap.run import runner
from wikigap.config import load_config
from wikigap.write.messages import messages
from wikigap.outcomes import Kind
from wikigap.write.regions import read_region
from wikigap.write.countries import country_name
from wikigap.write.messages import format_dates
from wikigap.write.render import problem_text, render_status_table
from sandbox import ImportedRevision
from wikigap.store.state import State

EXAMPLES = 15
PREFIXES = (f"HX{n}" for n in itertools.count())
TABLE_TAGS = {"table", "tr", "td", "th"}


@pytest.fixture(scope="module")
def wikis(sandbox):
    """The good participants, with one 2021 article edit each on every content wiki."""
    for name in ("meta", *LANGUAGES):
        sandbox[name].create_users(GOOD_USERS)
    for code in LANGUAGES:
        sandbox[code].import_revisions([
            ImportedRevision(f"HX article {i}", "x" * (100 + i), user,
                             datetime(2021, 3, 8, 10 + i, tzinfo=timezone.utc))
            for i, user in enumerate(GOOD_USERS)])
    return sandbox


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_pages_never_crash_never_touch_outside_and_show_as_text(
        wikis, tmp_path_factory, data):
    prefix = next(PREFIXES)
    drawn = data.draw(campaign(prefix), label="pages")
    meta, status_title = wikis["meta"], f"{prefix}/Status"
    meta.load_pages(drawn.titled(prefix))
    stored = meta.page_text(status_title)
    folder = tmp_path_factory.mktemp(prefix)
    config = load_config(campaign_yaml(
        wikis, folder, f"{prefix}/Events", name=prefix,
        status_tables=[{"wiki": "meta", "page": status_title, "marker": "status",
                        "language": "en"}]))
    output: list[str] = []
    report = runner.run_tasks(config, ["tally", "status-table"], TASKS,
                              hooks=runner.RunHooks(echo=output.append))
    after = meta.page_text(status_title)
    if any("yields no event" in line for line in output):
        # hostile markup can swallow the whole table (an unclosed {{template): the tally
        # refuses it (issue 20) and nothing is published, the page untouched
        event("registry yields no event")
        assert report.status == 1 and after == stored, "\n".join(output)
        return
    assert report.status == 0, "\n".join(output)
    assert outside(after) == outside(stored)
    with State(config.state_path) as state:   # as the task publishes it: views joined
        snapshot = state.published_snapshot(config.name)
    rendered = render_status_table(snapshot, "en")
    (outcome,) = report.outcomes
    event(f"status page {outcome.kind}")
    event(f"{sum(r.tallied for r in snapshot.events)} of {len(snapshot.events)} events tallied")
    if outcome.kind is Kind.SKIPPED:
        assert "opted out" in outcome.detail and after == stored
    else:
        assert outcome.kind is Kind.SAVED, outcome
        assert read_region(after, "status") == rendered.strip("\n")
    assert_shown_as_text(rendered, snapshot)


def outside(text: str) -> tuple[str, str]:
    """The page up to and including the begin marker, and from the end marker on."""
    return text[:text.index(BEGIN) + len(BEGIN)], text[text.index(END):]


def assert_shown_as_text(rendered: str, snapshot) -> None:
    """One row per event, each value in its cell as text only, nothing else made of values."""
    code = mwparserfromhell.parse(rendered)
    assert not code.filter_templates() and not code.filter_comments()
    assert not code.filter_external_links() and not code.filter_arguments()
    tags = [str(tag.tag) for tag in code.filter_tags()]
    assert set(tags) <= TABLE_TAGS | {"span"} and tags.count("span") == 1, tags
    (table,) = [node for node in code.nodes if isinstance(node, Tag) and node.tag == "table"]
    rows = [node for node in table.contents.nodes if isinstance(node, Tag) and node.tag == "tr"]
    event_rows = [row for row in rows if not row.has("class")]
    assert len(event_rows) == len(snapshot.events), rendered
    headers = [n for n in table.contents.nodes if isinstance(n, Tag) and n.tag == "th"]
    metrics = len(headers) - 5    # after Event, Country, City, Dates, Wikis: what a problem spans
    shown = sorted(row_values(row, metrics) for row in event_rows)
    assert shown == sorted(expected_values(result) for result in snapshot.events)


def row_values(row: Tag, metrics: int) -> tuple[str, ...]:
    """Read a row's cells back as a reader would see them: decoded text, link targets."""
    cells = [node for node in row.contents.nodes if isinstance(node, Tag) and node.tag == "td"]
    first, *rest = cells
    nodes = first.contents.nodes
    links = [node for node in nodes if isinstance(node, Wikilink)]
    if links:
        assert len(links) == 1 and not "".join(str(n) for n in nodes if n is not links[0]).strip()
        target, label = str(links[0].title), links[0].text.nodes
    else:
        target, label = "", nodes
    values = [text_of(label)] + [text_of(cell.contents.nodes) for cell in rest[:4]]
    problem = rest[4] if len(rest) == 5 else None
    if problem is not None:
        assert problem.get("colspan").value.strip() == str(metrics)
        values.append(text_of(problem.contents.nodes))
    return (target, *values)


def text_of(nodes) -> str:
    """Decode a cell that must hold nothing but text and character references."""
    assert all(isinstance(node, (Text, HTMLEntity)) for node in nodes), nodes
    return mw_decode("".join(str(node) for node in nodes)).strip()


def expected_values(result) -> tuple[str, ...]:
    """What a row must read as: the values the tally read, normalised to one line."""
    event = result.event
    label = event.label or event.page or event.key
    target = f":{re.sub('[ _]+', ' ', event.page).strip()}" if event.page else ""
    country = country_name(event.country or "", "en")
    cells = [normalised(label), normalised(country), normalised(event.city or "")]
    values = [target, *cells]
    if not result.tallied:
        words = messages("en")
        problem = problem_text(result, "en") or words.text("wikigapbot-unknown")
        return (*values, *row_tail(result),
                normalised(words.text("wikigapbot-table-not-counted").replace("$1", problem)))
    return (*values, *row_tail(result))


def row_tail(result) -> list[str]:
    """The dates and wikis cells, as rendered from the event (they hold no wiki text)."""
    event = result.event
    return [format_dates(event.first_day, event.last_day, "en"), ", ".join(event.wikis)]
