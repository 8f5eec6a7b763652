"""Status tables and the progress report written to real wikis, safely.

Each test writes its own pages (a prefix from the test name) so tests can
share the session's sandbox; the campaign's pages and revisions are loaded
once for the module.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import mwparserfromhell
import pytest

from sandbox_campaign import campaign_yaml
from wikigap.config import load_config
from wikigap.write.regions import begin_marker, end_marker, read_region, replace_region
from running import run_tasks
from sandbox import ImportedRevision

P = "T4"
SAMPLES = Path(__file__).parents[1] / "data"
REGISTRY = f"""{{| class="wikitable"
! Event !! Country !! City !! Date !! Languages !! Organizers
|-
| [[{P}/Alpha]] || Sweden || Göteborg || 8 March 2021 || en || [[User:{P} Ann]]
|-
| [[{P}/Beta]] || Brazil || Online || 9–10 March 2021 || sv, pt || [[User:{P} Ben]]
|}}"""
ALPHA = f"""Alpha event.
<!-- wikigapbot:begin event -->
<!-- wikigapbot:end event -->
== Participants ==
# [[User:{P} Ann]]
# [[User:{P} Ben]]"""
BETA = f"== Participants ==\n# [[User:{P} Ben]]"
STATUS_PAGE = """{{Campaign header|year=2021}}
Intro text with trailing spaces   
<!-- a human comment -->

<!-- wikigapbot:begin status -->
old human text inside the region
<!-- wikigapbot:end status -->
\ttab-indented line, {{template|x=y}}
<!-- wikigapbot:begin other -->
another bot region stays as it is
<!-- wikigapbot:end other -->
[[Category:WikiGap]]"""


@pytest.fixture(scope="module")
def campaign(sandbox):
    """Two events with a handful of 2021 edits on en, sv and pt."""
    users = [f"{P} Ann", f"{P} Ben"]
    for name in ("meta", "se", "en", "pt", "sv"):
        sandbox[name].create_users(users)
    sandbox["meta"].load_pages([(f"{P}/Events", REGISTRY), (f"{P}/Alpha", ALPHA), (f"{P}/Beta", BETA)])
    day = datetime(2021, 3, 8, 10, tzinfo=timezone.utc)
    sandbox["en"].import_revisions([ImportedRevision(f"{P} Article", "a" * 1234, f"{P} Ann", day)])
    sandbox["sv"].import_revisions([ImportedRevision(f"{P} Artikel", "b" * 12345, f"{P} Ben",
                                                     day.replace(day=9))])
    return sandbox


@pytest.fixture
def setup(campaign, tmp_path, request):
    """Give a test its own status and project pages and a config writing to them."""
    name = f"{P} {request.node.name}".replace("[", " ").replace("]", "")[:120]
    meta_page, se_page = f"{name}/Status", f"Projekt:{name}"
    campaign["meta"].load_page(meta_page, STATUS_PAGE)
    campaign["se"].load_page(se_page, (SAMPLES / "se-project.wiki").read_text(encoding="utf-8"))

    def config(**extra):
        data = {"status_tables": [{"wiki": "meta", "page": meta_page, "marker": "status",
                                   "language": "en"}],
                "progress_report": {"wiki": "se", "page": se_page, "template": "Lägesrapport",
                                    "updated_param": "uppdaterad", "marker": "wikigapbot",
                                    "goals": {"G.2.1": "active_participants",
                                              "T.1.1": "articles_created",
                                              "T.2.2b": "edits"}}}
        data.update(extra)
        return load_config(campaign_yaml(campaign, tmp_path, f"{P}/Events", name=name, **data))

    return campaign, config, meta_page, se_page


def outside(text: str, name: str) -> tuple[str, str]:
    """Split a page into the text before and after a region."""
    return text[:text.index(begin_marker(name))], text[text.index(end_marker(name)):]


def test_first_run_writes_second_run_makes_no_edit(setup, capsys):
    sandbox, config, meta_page, se_page = setup
    assert run_tasks(config(), ["tally", "status-table", "progress-report"]) == 0
    table = read_region(sandbox["meta"].page_text(meta_page), "status")
    assert "1,234" in table and "12,345" in table and "Göteborg" in table
    se_text = sandbox["se"].page_text(se_page)
    assert "|uppdaterad=" + datetime.now(timezone.utc).date().isoformat() in se_text
    counts = (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page))
    assert run_tasks(config(), ["tally", "status-table", "progress-report"]) == 0
    assert (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page)) == counts
    assert "unchanged" in capsys.readouterr().out


def test_text_outside_the_markers_is_byte_identical(setup):
    sandbox, config, meta_page, _ = setup
    before = sandbox["meta"].page_text(meta_page)
    assert run_tasks(config(), ["tally", "status-table"]) == 0
    after = sandbox["meta"].page_text(meta_page)
    assert after != before
    assert outside(after, "status") == outside(before, "status")
    assert "old human text inside the region" not in after
    assert read_region(after, "other") == "another bot region stays as it is"


def human_edit_once(sandbox, page: str, edit):
    """A before_save hook: a human saves ``edit(text)`` once, between the bot's read and save."""
    done = []

    def hook(plan):
        if plan.title == page and not done:
            sandbox["meta"].load_page(page, edit(sandbox["meta"].page_text(page)), user=f"{P} Ann")
            done.append(True)

    hook.done = done
    return hook


def test_human_edit_between_read_and_save_survives(setup):
    sandbox, config, meta_page, _ = setup
    human = human_edit_once(sandbox, meta_page, lambda text: text + "\nA human added this line.")
    assert run_tasks(config(), ["tally", "status-table"], before_save=human) == 0
    after = sandbox["meta"].page_text(meta_page)
    assert human.done and after.endswith("A human added this line.")
    assert "1,234" in read_region(after, "status")


def test_human_edit_inside_the_region_is_replaced_but_others_kept(setup):
    sandbox, config, meta_page, _ = setup

    def edit(text):
        text = text.replace("<!-- wikigapbot:end status -->",
                            "Human inside\n<!-- wikigapbot:end status -->")
        return text.replace("Intro text", "Intro text (edited by a human)")

    human = human_edit_once(sandbox, meta_page, edit)
    assert run_tasks(config(), ["tally", "status-table"], before_save=human) == 0
    after = sandbox["meta"].page_text(meta_page)
    assert human.done
    assert "Intro text (edited by a human)" in after
    assert "Human inside" not in after and "1,234" in read_region(after, "status")


def test_dry_run_prints_diffs_and_changes_nothing(setup, capsys):
    sandbox, config, meta_page, se_page = setup
    cfg = config()
    counts = (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page))
    assert run_tasks(cfg, ["tally", "status-table", "progress-report"], dry_run=True) == 0
    out = capsys.readouterr().out
    assert f"+++ meta:{meta_page} (bot)" in out and f"+++ se:{se_page} (bot)" in out
    assert "+|uppdaterad=" in out
    assert (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page)) == counts
    assert not any(cfg.state_path.parent.glob("state.sqlite*"))   # no state, no lock file


def test_dry_run_leaves_an_existing_state_file_byte_identical(setup, capsys):
    sandbox, config, meta_page, _ = setup
    cfg = config()
    assert run_tasks(cfg, ["tally"]) == 0
    before = cfg.state_path.read_bytes()
    count = sandbox["meta"].revision_count(meta_page)
    assert run_tasks(cfg, ["tally", "status-table"], dry_run=True) == 0
    assert f"+++ meta:{meta_page} (bot)" in capsys.readouterr().out
    assert cfg.state_path.read_bytes() == before
    assert sandbox["meta"].revision_count(meta_page) == count


def test_run_page_false_writes_nothing_and_says_why(setup, capsys):
    sandbox, config, meta_page, se_page = setup
    run_page = f"{meta_page}/Run"
    sandbox["meta"].load_page(run_page, "false")
    counts = (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page))
    status = run_tasks(config(run_page={"wiki": "meta", "page": run_page}),
                       ["tally", "status-table", "progress-report"])
    out = capsys.readouterr().out
    assert status == 0
    assert "stopped" in out and run_page in out and "'false'" in out
    assert (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page)) == counts
    sandbox["meta"].load_page(run_page, "true")
    assert run_tasks(config(run_page={"wiki": "meta", "page": run_page}), ["status-table"]) == 0
    assert sandbox["meta"].revision_count(meta_page) == counts[0] + 1


def test_read_only_se_fails_progress_report_but_meta_is_updated(setup, capsys):
    sandbox, config, meta_page, se_page = setup
    cfg = config()
    assert run_tasks(cfg, ["tally"]) == 0
    se_count = sandbox["se"].revision_count(se_page)
    sandbox["se"].set_read_only("maintenance test")
    try:
        status = run_tasks(cfg, ["progress-report", "status-table"])
    finally:
        sandbox["se"].set_read_only(None)
    out = capsys.readouterr().out
    assert status == 1
    assert "task progress-report: FAILED" in out and "read-only" in out
    assert "task status-table: ok" in out
    assert "1,234" in read_region(sandbox["meta"].page_text(meta_page), "status")
    assert sandbox["se"].revision_count(se_page) == se_count


@pytest.mark.parametrize("broken", [
    "no markers at all",
    "<!-- wikigapbot:begin status -->\nonly the begin marker",
    "<!-- wikigapbot:end status -->\ntext\n<!-- wikigapbot:begin status -->",
    "<!-- wikigapbot:begin status -->\n<!-- wikigapbot:begin status -->\n<!-- wikigapbot:end status -->",
], ids=["none", "single", "reversed", "duplicated"])
def test_broken_markers_leave_the_page_untouched(setup, capsys, broken):
    sandbox, config, meta_page, _ = setup
    sandbox["meta"].load_page(meta_page, broken)
    count = sandbox["meta"].revision_count(meta_page)
    assert run_tasks(config(), ["tally", "status-table"]) == 1
    out = capsys.readouterr().out
    assert "task status-table: FAILED" in out and "status" in out
    assert sandbox["meta"].revision_count(meta_page) == count


def test_se_page_keeps_its_templates_and_parameters(setup):
    sandbox, config, _, se_page = setup
    before = sandbox["se"].page_text(se_page)
    assert run_tasks(config(), ["tally", "progress-report"]) == 0
    after = sandbox["se"].page_text(se_page)
    shape = lambda text: [(str(t.name).strip(), [str(p.name).strip() for p in t.params])  # noqa: E731
                          for t in mwparserfromhell.parse(text).filter_templates()]
    assert shape(after) == shape(before)
    assert "G.2.1 - Redigering från 2/600 unika" in after     # Ann and Ben active
    assert "T.1.1 - Berika projekten med 2/25 nya resurser" in after  # 2 created: as before
    assert "T.2.2b - 2/10 nya direktkontakter" in after      # 2 edits (was 3)
    assert "* T.1.1 - Projekten har berikats med 4 nya resurser." in after  # no x/y: untouched
    assert "2 evenemang" in read_region(after, "wikigapbot")
    emptied = replace_region(after, "wikigapbot", "")
    changed = [a for a, b in zip(before.splitlines(), emptied.splitlines(), strict=True) if a != b]
    assert [line.split("=")[0].split(" - ")[0] for line in changed] == \
        ["* T.2.2b", "* G.2.1", "|uppdaterad"]


def test_event_tables_only_on_pages_with_the_region(setup):
    sandbox, config, _, _ = setup
    beta_count = sandbox["meta"].revision_count(f"{P}/Beta")
    assert run_tasks(config(event_tables=True), ["tally", "status-table"]) == 0
    region = read_region(sandbox["meta"].page_text(f"{P}/Alpha"), "event")
    assert f"{P} Ann" in region and "1,234" in region
    assert sandbox["meta"].revision_count(f"{P}/Beta") == beta_count


HOSTILE = "}}{{subst:CURRENTYEAR}} [[x]] | ~~~~ __NOTOC__ <ref>r</ref> <!-- c"


def test_hostile_registry_values_render_as_plain_text(campaign, tmp_path):
    """A country and city full of markup leave the table's structure as with plain words."""
    def structure(text):
        code = mwparserfromhell.parse(text)
        return (len(code.filter_templates()), len(code.filter_wikilinks()),
                text.count("\n|"), text.count("\n!"), len(code.filter_comments()))

    tables = {}
    for label, value in (("plain", "Plainland"), ("hostile", HOSTILE)):
        # <nowiki> is how such text reaches a registry cell literally.
        registry = REGISTRY.replace("Sweden", f"<nowiki>!{value}</nowiki>") \
            .replace("Göteborg", f"<nowiki>-{value}</nowiki>")
        page, status = f"{P} hostile {label}/Events", f"{P} hostile {label}/Status"
        campaign["meta"].load_pages([(page, registry), (status, STATUS_PAGE)])
        folder = tmp_path / label
        folder.mkdir()
        cfg = load_config(campaign_yaml(campaign, folder, page, name=f"Hostile {label}",
                                        status_tables=[{"wiki": "meta", "page": status}]))
        assert run_tasks(cfg, ["tally", "status-table"]) == 0
        tables[label] = read_region(campaign["meta"].page_text(status), "status")
    assert structure(tables["hostile"]) == structure(tables["plain"])
    assert "CURRENTYEAR" in tables["hostile"] and "~~~~" not in tables["hostile"]


def test_a_stop_request_skips_the_writes_not_yet_started(setup, capsys):
    sandbox, config, meta_page, se_page = setup
    counts = (sandbox["meta"].revision_count(meta_page), sandbox["se"].revision_count(se_page))
    asked = []
    halt = lambda: bool(asked) or asked.append(True) or False  # noqa: E731  stop after one write
    assert run_tasks(config(), ["tally", "status-table", "progress-report"], halt=halt) == 0
    out = capsys.readouterr().out
    assert "saved     meta" in out and "skipped   se" in out and "stopping" in out
    assert sandbox["meta"].revision_count(meta_page) == counts[0] + 1
    assert sandbox["se"].revision_count(se_page) == counts[1]


def test_an_unreadable_wiki_makes_numbers_unknown_and_leaves_the_report(setup, capsys):
    """sv does not answer: its events' numbers are unknown, never 0, and the report waits."""
    sandbox, config, meta_page, se_page = setup
    dead = "http://127.0.0.1:9/api.php"     # the discard port: nothing answers
    cfg = config(content_wikis={"en": sandbox["en"].api_url, "pt": sandbox["pt"].api_url,
                                "sv": dead})
    se_count = sandbox["se"].revision_count(se_page)
    assert run_tasks(cfg, ["tally", "progress-report", "status-table"]) == 1
    out = capsys.readouterr().out
    assert "could not read contributions on sv" in out
    assert "task progress-report: FAILED: goals G.2.1, T.1.1, T.2.2b are unknown" in out
    assert sandbox["se"].revision_count(se_page) == se_count
    table = read_region(sandbox["meta"].page_text(meta_page), "status")
    beta = table[table.index(f"{P}/Beta"):table.index("sortbottom")]
    assert "unknown" in beta and "12,345" not in beta
    assert "1,234" in table                              # Alpha (en) is still counted


def test_a_missing_status_page_is_not_created(setup, capsys):
    sandbox, config, _, _ = setup
    missing = f"{P} no such status page"
    cfg = config(status_tables=[{"wiki": "meta", "page": missing}])
    assert run_tasks(cfg, ["tally", "status-table"]) == 1
    out = capsys.readouterr().out
    assert f"[[{missing}]] does not exist; create it with the bot's 'status' markers" in out
    assert sandbox["meta"].page_text(missing) is None


def test_dry_run_shows_diffs_while_the_run_page_says_stop(setup, capsys):
    sandbox, config, meta_page, _ = setup
    run_page = f"{meta_page}/Run"
    sandbox["meta"].load_page(run_page, "no")
    count = sandbox["meta"].revision_count(meta_page)
    cfg = config(run_page={"wiki": "meta", "page": run_page})
    assert run_tasks(cfg, ["tally", "status-table"], dry_run=True) == 0
    out = capsys.readouterr().out
    assert f"+++ meta:{meta_page} (bot)" in out
    assert "says 'no'" in out and "a real run would write nothing" in out
    assert sandbox["meta"].revision_count(meta_page) == count


def test_a_stale_snapshot_with_an_unreadable_wiki_is_still_published(setup, capsys):
    """status-table alone tallies first; sv failing marks its numbers unknown, the table is written."""
    sandbox, config, meta_page, _ = setup
    cfg = config(content_wikis={"en": sandbox["en"].api_url, "pt": sandbox["pt"].api_url,
                                "sv": "http://127.0.0.1:9/api.php"})
    count = sandbox["meta"].revision_count(meta_page)
    assert run_tasks(cfg, ["status-table"]) == 1
    out = capsys.readouterr().out
    assert "running tally first" in out and "could not read contributions on sv" in out
    assert "task status-table: FAILED: tally: could not read contributions on sv" in out
    assert sandbox["meta"].revision_count(meta_page) == count + 1
    assert "1,234" in read_region(sandbox["meta"].page_text(meta_page), "status")
