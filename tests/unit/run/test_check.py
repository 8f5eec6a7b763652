"""`bot.py check`'s offline part and its judges of page text, without a wiki."""
from __future__ import annotations

import bot
from tasks import TASKS
from wikigap.config import load_config
from wikigap.model import Event
from wikigap.outcomes import Kind, Outcome
from wikigap.run.check import (Check, can_go_online, exit_status, goal_problems, offline, pages, region_problems,
                               run_page_problems, withdrawn_notes)
from wikigap.run.runner import interrupted_text

CONFIG = """\
name: Check test
account: WikiGapBot
wikis: {{meta: meta:meta, se: wikimediachapter:se}}
events: {{wiki: meta, page: WikiGap/Test/Events}}
status_tables: [{{wiki: meta, page: WikiGap/Test, marker: status, language: en}}]
progress_report: {{wiki: se, page: "Projekt:Test", template: Lägesrapport,
                  goals: {{T.1.1: articles_created}}}}
run_page: {{wiki: meta, page: User:WikiGapBot/Run}}
state: {state}
"""


def write_config(tmp_path, text: str = CONFIG):
    path = tmp_path / "campaign.yaml"
    path.write_text(text.format(state=tmp_path / "state.sqlite"), encoding="utf-8")
    return path


def test_offline_checks_pass_for_a_good_setup(tmp_path, pwb_dir, monkeypatch):
    monkeypatch.setenv("WIKIGAPBOT_PASSWORD_FILE", str(pwb_dir / "sandbox.password"))
    config, checks = offline(write_config(tmp_path), TASKS)
    assert config is not None and config.name == "Check test"
    assert [str(c).split(" ")[:2] for c in checks] == [
        ["✓", "config"], ["✓", "password"], ["✓", "state"], ["✓", "templates"], ["✓", "message"]]
    assert exit_status(checks, []) == 0 and can_go_online(checks)


def test_a_missing_password_file_is_one_cross(tmp_path, pwb_dir, monkeypatch):
    monkeypatch.setenv("WIKIGAPBOT_PASSWORD_FILE", str(tmp_path / "none.password"))
    try:
        _, checks = offline(write_config(tmp_path), TASKS)
        assert [c.ok for c in checks] == [True, False, True, True, True]
        assert str(checks[1]).startswith(f"✗ password file: {tmp_path / 'none.password'} does not exist")
        assert exit_status(checks, [Check(True, "x")]) == 2
        assert not can_go_online(checks)
    finally:   # pywikibot keeps the file it was given: give it the good one back
        monkeypatch.setenv("WIKIGAPBOT_PASSWORD_FILE", str(pwb_dir / "sandbox.password"))
        offline(write_config(tmp_path), TASKS)


def test_a_bad_config_is_one_cross_and_nothing_that_needs_it(tmp_path):
    config, checks = offline(write_config(tmp_path, CONFIG.replace("account:", "acount:")), TASKS)
    assert config is None
    assert [c.ok for c in checks] == [False, True, True]
    assert "acount" in str(checks[0]) and str(checks[0]).startswith("✗ config: ")


def test_run_exits_2_with_one_line_when_the_password_file_is_missing(tmp_path, pwb_dir,
                                                                     monkeypatch, capsys):
    monkeypatch.setenv("WIKIGAPBOT_PASSWORD_FILE", str(tmp_path / "none.password"))
    try:
        assert bot.main(["run", "tally", "--config", str(write_config(tmp_path))]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and len(captured.err.splitlines()) == 1
        assert not (tmp_path / "state.sqlite").exists()
    finally:
        monkeypatch.setenv("WIKIGAPBOT_PASSWORD_FILE", str(pwb_dir / "sandbox.password"))
        offline(write_config(tmp_path), TASKS)


def test_pages_lists_each_configured_page_with_its_key(tmp_path):
    config = load_config(write_config(tmp_path), TASKS)
    assert [(p.label, p.key) for p in pages(config)] == [
        ("registry [[WikiGap/Test/Events]] on meta", "events.page"),
        ("status table [[WikiGap/Test]] on meta", "status_tables[0].page"),
        ("progress report [[Projekt:Test]] on se", "progress_report.page"),
        ("goal T.1.1 (articles_created) in [[Projekt:Test]] on se", "progress_report.page"),
        ("run page [[User:WikiGapBot/Run]] on meta", "run_page.page"),
    ]


def test_the_run_page_must_say_a_run_word():
    assert run_page_problems(" True\n") == [] and run_page_problems("yes") == []
    assert run_page_problems("false") == ["says 'false', so the bot writes nothing; write true "
                                          "there when it may write"]


def test_a_region_needs_both_markers():
    good = "a\n<!-- wikigapbot:begin status -->\n<!-- wikigapbot:end status -->\nb"
    assert region_problems(good, "status") == []
    [problem] = region_problems("a\n<!-- wikigapbot:begin status -->\nb", "status")
    assert problem.startswith("region 'status': no 'end' marker found; put exactly one line")


def test_a_goal_needs_its_line_with_numbers():
    assert goal_problems("* T.1.1 - Berika projekten med 2/25 nya resurser.", "T.1.1") == []
    assert goal_problems("* T.1.1 - Berika projekten.", "T.1.1") == [
        "no line 'T.1.1 - … x/y …' with a goal number; add one, e.g. '* T.1.1 - 0/100 …', "
        "or fix progress_report.goals.T.1.1"]


def test_exit_status_says_which_part_failed():
    ok, bad = Check(True, "a"), Check(False, "b", "fix it")
    assert str(bad) == "✗ b: fix it" and str(ok) == "✓ a"
    assert (exit_status([ok], [ok]), exit_status([ok], [bad]), exit_status([bad], [ok])) == (0, 1, 2)


def test_an_interrupt_says_how_far_the_task_got():
    saved = Outcome(Kind.SAVED, "meta", "User talk:Ana", label="results X → Ana")
    skipped = Outcome(Kind.SKIPPED, "meta", "User talk:Bo", "opted out")
    assert interrupted_text("notify", [saved, skipped], (2, "notices")) == "1 of 2 notices posted"
    assert interrupted_text("status-table", [saved], None) == "during status-table, 1 write(s) saved"
    assert interrupted_text("tally", [], None) == "during tally, nothing written"


def test_an_event_in_a_withdrawn_language_is_a_tick_saying_it_gets_english():
    """Arabic is withdrawn (i18n/withdrawn/ar.json): check says which events get English."""
    cairo = Event(page="WikiGap/2021/Cairo", label="WikiGap Cairo", wikis=("ar",))
    rabat = Event(page="WikiGap/2021/Rabat", label="WikiGap Rabat", wikis=("ary", "en"))
    mixed = Event(page="WikiGap/2021/Paris", label="WikiGap Paris", wikis=("ar", "fr"))  # French
    [note] = withdrawn_notes([cairo, rabat, mixed], None)
    assert note.ok and str(note) == ("✓ language ar: withdrawn until withdrawn/ar.json is complete "
                                     "and reviewed, so 2 event(s) get English throughout: "
                                     "WikiGap Cairo, WikiGap Rabat")
    assert withdrawn_notes([mixed], None) == [] and withdrawn_notes([cairo], "sv") == []
    assert len(withdrawn_notes([mixed], "ar")) == 1
