"""Writes that stay safe when people edit at the same moment, opt out, or a dry run slips.

Real sandbox wikis; a ``before_save`` hook plays the person who saves between
the bot's read and its save, deterministically.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from running import run_tasks
from sandbox_campaign import campaign_yaml
from tasks import TASKS
from wikigap.run import runner
from wikigap.config import load_config
from wikigap.write.regions import read_region
from wikigap.write.render import render_status_table
from sandbox import ImportedRevision
from wikigap.store.state import State
from wikigap.wikis.wiki import site_for

P = "T10"
BEGIN, END = "<!-- wikigapbot:begin status -->", "<!-- wikigapbot:end status -->"
STATUS = f"Intro line.\n{BEGIN}\nold\n{END}\nMiddle line.\n\nOutro line."


@pytest.fixture(scope="module")
def campaign(sandbox):
    """One event with one 2021 article edit, and the templates the opt-out forms use."""
    sandbox["meta"].create_users([f"{P} Ann"])
    sandbox["en"].create_users([f"{P} Ann"])
    sandbox["meta"].load_pages([
        (f"{P}/Events", "{| class=\"wikitable\"\n! Event !! Date !! Languages\n|-\n"
                        f"| [[{P}/Alpha]] || 8 March 2021 || en\n|}}"),
        (f"{P}/Alpha", f"== Participants ==\n# [[User:{P} Ann]]"),
        ("Template:NoBotsAlias", "#REDIRECT [[Template:Nobots]]"),
        ("Template:Closed discussion", "This discussion is closed.{{nobots}}")])
    sandbox["en"].import_revisions([ImportedRevision(
        f"{P} Article", "x" * 321, f"{P} Ann", datetime(2021, 3, 8, 10, tzinfo=timezone.utc))])
    return sandbox


def config_for(sandbox, tmp_path, pages: list[str], **extra):
    targets = [{"wiki": "meta", "page": page, "marker": "status", "language": "en"} for page in pages]
    return load_config(campaign_yaml(sandbox, tmp_path, f"{P}/Events", name=f"{P} {tmp_path.name}",
                                     status_tables=targets, **extra))


def expected_region(config) -> str:
    """What the bot renders for the stored snapshot: the region must be exactly this."""
    with State(config.state_path) as state:   # as the task publishes it: views joined
        snapshot = state.published_snapshot(config.name)
    return render_status_table(snapshot, "en").strip("\n")


def human_saves(sandbox, page: str, edit, times: int = 1):
    """A before_save hook: a person saves ``edit(text)`` between the bot's read and save."""
    count = []

    def hook(plan):
        if plan.title == page and len(count) < times:
            sandbox["meta"].load_page(page, edit(sandbox["meta"].page_text(page)), user=f"{P} Ann")
            count.append(1)
    hook.count = count
    return hook


@pytest.mark.parametrize("retries", [3, 1])   # with 1, the merge happens on the last try
def test_a_merged_save_leaves_the_region_exact_and_keeps_the_other_line(campaign, tmp_path,
                                                                       retries):
    page = f"{P}/Merged {retries}"
    campaign["meta"].load_page(page, STATUS)
    config = config_for(campaign, tmp_path, [page], conflict_retries=retries)
    assert run_tasks(config, ["tally", "status-table"]) == 0     # the table is in place
    campaign["en"].import_revisions([ImportedRevision(          # new numbers for the next run
        f"{P} Merged article {retries}", "y" * 99, f"{P} Ann", datetime(2021, 3, 8, 11, tzinfo=timezone.utc))])

    def person(text):   # away from the rows that change, so MediaWiki merges the two edits
        text = text.replace(BEGIN + "\n", BEGIN + "\nA line a person slipped in.\n")
        return text.replace("Middle line.\n", "Middle line.\nA line a person added outside.\n")

    hook = human_saves(campaign, page, person)
    output: list[str] = []
    assert run_tasks(config, ["tally", "status-table"], before_save=hook, echo=output.append) == 0
    after = campaign["meta"].page_text(page)
    assert hook.count == [1]
    assert "A line a person added outside.\n" in after
    assert read_region(after, "status").strip("\n") == expected_region(config)
    assert "slipped in" not in after
    assert after.startswith("Intro line.\n") and after.endswith("Outro line.")
    assert any(line.strip().startswith("saved") and page in line for line in output), output
    history = campaign["meta"].api(action="query", prop="revisions", titles=page, rvlimit=10,
                                   rvprop="user|comment")["query"]["pages"]
    users = [r["user"] for r in history[0]["revisions"]]
    assert users[:3] == ["WikiGapBot", "WikiGapBot", f"{P} Ann"], users   # merged, then made exact


def test_a_conflict_that_never_ends_is_a_conflict_naming_the_page(campaign, tmp_path):
    page = f"{P}/Busy"
    campaign["meta"].load_page(page, STATUS)
    config = config_for(campaign, tmp_path, [page], conflict_retries=2)
    edits = iter(range(100))

    def person(text):   # rewrites the line inside the region before every save: no merge
        region = read_region(text, "status")
        return text.replace(region, f"\nperson's version {next(edits)}\n")

    hook = human_saves(campaign, page, person, times=100)
    output: list[str] = []
    status = run_tasks(config, ["tally", "status-table"], before_save=hook, echo=output.append)
    assert status == 1
    assert len(hook.count) == 2          # the configured retries, no more
    after = campaign["meta"].page_text(page)
    assert read_region(after, "status").strip() == "person's version 1"   # their last save, whole
    line = next(line for line in output if line.strip().startswith("conflict"))
    assert f"[[{page}]]" in line and "conflict_retries" in line and "again" in line


OPT_OUTS = {
    "nobots": "{{nobots}}",
    "template-prefix": "{{Template:Nobots}}",
    "redirect": "{{NoBotsAlias}}",
    "transcluded": "{{Closed discussion}}",
    "deny": "{{bots|deny=WikiGapBot}}",
    "allow-other": "{{bots|allow=SomeOtherBot}}",
    "optout": "{{bots|optout=all}}",
}


def test_every_opt_out_form_is_skipped_with_its_reason(campaign, tmp_path):
    pages = {form: f"{P}/Opt {form}" for form in OPT_OUTS}
    campaign["meta"].load_pages([(pages[f], f"{OPT_OUTS[f]}\n{STATUS}") for f in OPT_OUTS])
    config = config_for(campaign, tmp_path, list(pages.values()))
    output: list[str] = []
    assert run_tasks(config, ["tally", "status-table"], echo=output.append) == 0
    for form, page in pages.items():
        assert campaign["meta"].page_text(page) == f"{OPT_OUTS[form]}\n{STATUS}", form
        line = next((x for x in output if f"[[{page}]]" in x), "")
        assert line.strip().startswith("skipped") and "opted out" in line, (form, output)


def test_bots_allow_naming_the_bot_lets_it_write(campaign, tmp_path):
    page = f"{P}/Allowed"
    campaign["meta"].load_page(page, "{{bots|allow=WikiGapBot}}\n" + STATUS)
    config = config_for(campaign, tmp_path, [page])
    assert run_tasks(config, ["tally", "status-table"]) == 0
    after = campaign["meta"].page_text(page)
    assert read_region(after, "status").strip("\n") == expected_region(config)


def test_a_write_past_the_publisher_in_a_dry_run_is_blocked_by_pywikibot(campaign, tmp_path):
    page = f"{P}/Dry"
    campaign["meta"].load_page(page, STATUS)
    config = config_for(campaign, tmp_path, [page])
    tried: list[str] = []

    def rogue(ctx):   # a task that writes without the publisher
        meta = ctx.wikis.get("meta")
        writes = (lambda: meta.save(meta.load_for_edit(page), "vandalised", "rogue write"),
                  lambda: meta.add_section(f"User talk:{P} Ann", "Rogue", "rogue text", "rogue"),
                  lambda: meta.upload_file(f"{P} rogue.svg", b"<svg/>", "rogue"))
        for write in writes:
            try:
                write()
            except Exception as err:  # the adapter reports what pywikibot did
                tried.append(str(err))

    before = campaign["meta"].revision_count(page)
    report = runner.run_tasks(config, ["rogue"], {**TASKS, "rogue": rogue}, dry_run=True,
                              hooks=runner.RunHooks(echo=lambda line: None))
    assert report.status == 0
    assert campaign["meta"].page_text(page) == STATUS
    assert campaign["meta"].revision_count(page) == before
    assert campaign["meta"].page_text(f"User talk:{P} Ann") is None
    assert len(tried) == 3 and all("simulate" in message for message in tried), tried
    report = runner.run_tasks(config, ["tally", "status-table"], TASKS,
                              hooks=runner.RunHooks(echo=lambda line: None))
    assert report.status == 0 and campaign["meta"].page_text(page) != STATUS  # switched back off


@pytest.mark.parametrize("form", ["{{Archived discussion}}", "{{Archive wrapper}}"])
def test_the_familys_edit_restricted_templates_are_honoured(campaign, tmp_path, form):
    page = f"{P}/Restricted {form.strip('{}')}"
    campaign["meta"].load_pages([("Template:Archive wrapper", "{{Archived discussion}}"),
                                 (page, form + "\n" + STATUS)])
    config = config_for(campaign, tmp_path, [page])
    site = site_for(config.wikis["meta"])      # the family pywikibot made for this URL
    restricted = site.family.edit_restricted_templates
    restricted[site.code] = ("Archived discussion",)
    try:
        output: list[str] = []
        assert run_tasks(config, ["tally", "status-table"], echo=output.append) == 0
    finally:
        restricted.pop(site.code, None)
    assert campaign["meta"].page_text(page) == form + "\n" + STATUS
    line = next(x for x in output if f"[[{page}]]" in x)
    assert line.strip().startswith("skipped") and "opted out" in line, line
