"""`bot.py check` against the sandbox, as staff run it before a campaign year.

The pages are the demo's own (demo/meta, demo/se) under this test's titles:
the registry, the English and Swedish status pages, the project page with its
goal lines and the run page. Each test runs the real command line in a
subprocess and reads what it printed.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sandbox_campaign import campaign_yaml

from demo.campaign import DATA
from sandbox.dashboard import DashboardDouble

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "T20check"
STATUS, STATS = f"{PREFIX}/Status", f"Projekt:{PREFIX}/Statistik"
PROJECT, RUN_PAGE = f"Projekt:{PREFIX}", f"User:WikiGapBot/{PREFIX} run"


def bot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run bot.py as staff do, with the tests' pywikibot folder (the sandbox bot's password)."""
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=ROOT,
                          env=env or dict(os.environ), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)


def demo_page(path: str) -> str:
    return (DATA / path).read_text(encoding="utf-8")


@pytest.fixture
def campaign(sandbox, tmp_path) -> Iterator[Path]:
    """Load the demo's pages under this test's titles; write the campaign YAML naming them.

    The demo registry's Accra row names a Dashboard course: a Dashboard double serves it.
    """
    meta, se = sandbox["meta"], sandbox["se"]
    cairo = ("|-\n| Egypt || Cairo || 8 March 2021 || [[User:Layla]] || – || ar || "
             "[[WikiGap/2021/Cairo]]\n|}")
    meta.load_page(f"{PREFIX}/Events", demo_page("meta/registry.wiki").replace("|}", cairo, 1))
    meta.load_page(STATUS, demo_page("meta/status.wiki"))
    meta.load_page(RUN_PAGE, demo_page("meta/run.wiki"))
    se.load_page(STATS, demo_page("se/statistik.wiki"))
    se.load_page(PROJECT, demo_page("se/project.wiki"))
    with DashboardDouble() as dashboard:
        yield campaign_yaml(
            sandbox, tmp_path, f"{PREFIX}/Events", name="Check test",
            dashboard={"url": dashboard.url},
            status_tables=[{"wiki": "meta", "page": STATUS, "marker": "status", "language": "en"},
                           {"wiki": "se", "page": STATS, "marker": "status", "language": "sv"}],
            progress_report={"wiki": "se", "page": PROJECT, "template": "Lägesrapport",
                             "updated_param": "uppdaterad", "marker": "wikigapbot",
                             "goals": {"G.2.1": "active_participants",
                                       "T.1.1": "articles_created"}},
            notify={"wiki": "meta"}, run_page={"wiki": "meta", "page": RUN_PAGE})


def items(output: str) -> list[str]:
    """The ✓/✗ lines, without the closing count."""
    return [line for line in output.splitlines() if line[:1] in "✓✗"]


def test_check_online_against_demo_pages_is_all_ticks(campaign):
    proc = bot("check", "--online", "--config", str(campaign))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = items(proc.stdout)
    assert lines and all(line.startswith("✓") for line in lines), proc.stdout
    for expected in ("✓ config ", "✓ password file ", "✓ templates parse",
                     "✓ message files", "✓ login to meta as WikiGapBot", "✓ login to se as WikiGapBot",
                     f"✓ registry [[{PREFIX}/Events]] on meta", f"✓ status table [[{STATUS}]] on meta",
                     f"✓ status table [[{STATS}]] on se", f"✓ progress report [[{PROJECT}]] on se",
                     f"✓ goal G.2.1 (active_participants) in [[{PROJECT}]] on se",
                     f"✓ goal T.1.1 (articles_created) in [[{PROJECT}]] on se",
                     f"✓ run page [[{RUN_PAGE}]] on meta",
                     "✓ language ar: withdrawn until withdrawn/ar.json is complete and reviewed, "
                     "so 1 event(s) get English throughout: WikiGap/2021/Cairo"):
        assert any(line.startswith(expected) for line in lines), (expected, proc.stdout)
    assert proc.stdout.splitlines()[-1] == f"all {len(lines)} checks passed"
    assert proc.stderr == ""


def test_a_removed_marker_is_one_cross_naming_the_page_and_the_fix(sandbox, campaign):
    text = demo_page("meta/status.wiki").replace("<!-- wikigapbot:end status -->\n", "")
    sandbox["meta"].load_page(STATUS, text)
    project = demo_page("se/project.wiki").replace("* G.2.1 - Redigering från 412/600 unika "
                                                   "underrepresenterade användare.\n", "")
    sandbox["se"].load_page(PROJECT, project)
    sandbox["meta"].load_page(RUN_PAGE, "false")
    proc = bot("check", "--online", "--config", str(campaign))
    assert proc.returncode == 1, proc.stdout
    crosses = [line for line in items(proc.stdout) if line.startswith("✗")]
    # each line names the page's address on its wiki, so nobody fixes it on the wrong one
    assert crosses[0].endswith(f"/index.php?title={STATUS}>")
    assert urlsplit(sandbox["meta"].api_url).netloc in crosses[0]
    assert [re.sub(r" <[^>]*>$", "", line) for line in crosses] == [
        f"✗ status table [[{STATUS}]] on meta: region 'status': no 'end' marker found; put "
        "exactly one line '<!-- wikigapbot:begin status -->' and, below it, exactly one line "
        "'<!-- wikigapbot:end status -->' on the page, each on a line of its own",
        f"✗ goal G.2.1 (active_participants) in [[{PROJECT}]] on se: no line 'G.2.1 - … x/y …' "
        "with a goal number; add one, e.g. '* G.2.1 - 0/100 …', or fix progress_report.goals.G.2.1",
        f"✗ run page [[{RUN_PAGE}]] on meta: says 'false', so the bot writes nothing; write true "
        "there when it may write",
    ], proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("3 of ")


def test_a_missing_page_names_the_config_key(sandbox, campaign, tmp_path):
    text = campaign.read_text(encoding="utf-8").replace(STATUS, f"{PREFIX}/No such page")
    campaign.write_text(text, encoding="utf-8")
    proc = bot("check", "--online", "--config", str(campaign))
    assert proc.returncode == 1
    assert (f"✗ status table [[{PREFIX}/No such page]] on meta: does not exist; create it with "
            "the lines '<!-- wikigapbot:begin status -->' and '<!-- wikigapbot:end status -->' "
            "where the table should go, or fix status_tables[0].page") in proc.stdout


def test_a_missing_password_file_is_one_line_and_exit_2(campaign, tmp_path):
    env = {**os.environ, "WIKIGAPBOT_PASSWORD_FILE": str(tmp_path / "nowhere.password")}
    for command in (["run", "all"], ["run", "tally"], ["schedule"]):
        proc = bot(*command, "--config", str(campaign), env=env)
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == ""
        assert proc.stderr.splitlines() == [
            f"✗ password file: {tmp_path / 'nowhere.password'} does not exist; create it (mode "
            "0600) with the line ('WikiGapBot', BotPassword('wikigapbot', 'THE-GENERATED-SECRET')), "
            "or point WIKIGAPBOT_PASSWORD_FILE at yours"], proc.stderr
    checked = bot("check", "--online", "--config", str(campaign), env=env)
    assert checked.returncode == 2 and "✗ password file: " in checked.stdout
    assert "login to" not in checked.stdout and "the wikis were not asked" in checked.stdout


def test_a_password_file_others_can_read_is_refused(campaign, tmp_path):
    loose = tmp_path / "loose.password"
    loose.write_text("('WikiGapBot', 'not-the-password')\n", encoding="utf-8")
    loose.chmod(0o644)
    env = {**os.environ, "WIKIGAPBOT_PASSWORD_FILE": str(loose)}
    proc = bot("run", "tally", "--config", str(campaign), env=env)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"✗ password file: {loose} has mode 0644, so others may "
                                        f"read it; run: chmod 600 {loose}"]
    assert "not-the-password" not in proc.stderr


def test_a_password_in_the_environment_is_used_and_named_never_shown(campaign, tmp_path):
    from sandbox import BOT_PASSWORD
    env = {**os.environ, "WIKIGAPBOT_PASSWORD_FILE": str(tmp_path / "nowhere.password"),
           "WIKIGAPBOT_PASSWORD": BOT_PASSWORD}          # a Toolforge job: no file, an envvar
    proc = bot("check", "--online", "--config", str(campaign), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = items(proc.stdout)
    assert "✓ bot password from the environment (WIKIGAPBOT_PASSWORD, the account's own " \
           "password): for WikiGapBot" in lines
    assert any(line.startswith("✓ login to meta as WikiGapBot <http") for line in lines)
    assert BOT_PASSWORD not in proc.stdout + proc.stderr
    named = bot("check", "--config", str(campaign), env={
        **env, "WIKIGAPBOT_BOTPASSWORD_NAME": "wikigapbot"})
    assert ("✓ bot password from the environment (WIKIGAPBOT_PASSWORD, BotPassword "
            "'wikigapbot'): for WikiGapBot") in items(named.stdout)
    alone = bot("check", "--config", str(campaign), env={
        **os.environ, "WIKIGAPBOT_BOTPASSWORD_NAME": "wikigapbot"})
    assert alone.returncode == 2
    assert ("✗ bot password: WIKIGAPBOT_BOTPASSWORD_NAME is set but WIKIGAPBOT_PASSWORD is not; "
            "run: toolforge envvars create WIKIGAPBOT_PASSWORD (it asks for the value)"
            ) in alone.stdout
