"""`python bot.py demo` end to end, as a person runs it after the README's set-up.

One real run (a subprocess, with --dir so its folder survives), then its wikis
are served again from that folder so the tests can read what the bot saved:
one demo run (~30 s) serves every check. The generator tests are pure.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import mwparserfromhell
import pytest
import yaml

from demo import campaign, cli, report
from demo.views import NEVER_VIEWED, daily_views, demo_pageviews
from demo.wikis import reopen
from sandbox.synthetic.activity import accounts, generate_history
from tasks import RUN_ALL
from wikigap.wikis.pageviews import PageviewsClient, ViewsRequest
from wikigap.write.regions import read_region
from wikigap.store.state import State

ROOT = Path(__file__).resolve().parents[2]
PRIVATE_ENV = ("PYWIKIBOT_DIR", "WIKIGAPBOT_USER", "WIKIGAPBOT_PASSWORD_FILE", "WIKIGAPBOT_CONFIG")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run `bot.py demo --dir FOLDER` once, with none of the operator's settings."""
    folder = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
    proc = subprocess.run([sys.executable, str(ROOT / "bot.py"), "demo", "--dir", str(folder)],
                          capture_output=True, text=True, timeout=300, env=env, cwd=folder)
    return folder, proc


@pytest.fixture(scope="module")
def wikis(demo_run):
    """Serve the demo's wikis again, as the run left them."""
    folder, proc = demo_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    sandbox = reopen(folder)
    yield sandbox
    sandbox.stop()


def section(output: str, heading: str) -> list[str]:
    """Give the lines of one report section: from its heading to the next heading's blank line.

    A section may hold blank lines of its own (a table's footnotes are paragraphs); a
    heading is the line before a line of dashes.
    """
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading)) + 2
    end = next((i for i in range(start, len(lines) - 2) if not lines[i].strip()
                and lines[i + 1] and set(lines[i + 2]) == {"-"}), len(lines))
    return lines[start:end]


def campaign_numbers(table: list[str]) -> list[int]:
    """Read the campaign row's numbers from an English status table."""
    start = next(i for i, line in enumerate(table) if "All events (distinct)" in line)
    cells = [line.lstrip("!").strip() for line in table[start + 1:] if line.startswith("!")]
    return [int(c.replace(",", "")) for c in cells if re.fullmatch(r"[\d,]+", c)]


def event_views(table: str) -> dict[str, str]:
    """Read each event row's Views cell (its sort value) from a status table's wikitext."""
    views = {}
    for row in mwparserfromhell.parse(table).filter_tags(matches=lambda t: t.tag == "tr"):
        cells = [n for n in row.contents.nodes if getattr(n, "tag", None) == "td"]
        links = cells[0].contents.filter_wikilinks() if cells else []
        if links and len(cells) >= 13 and cells[12].has("data-sort-value"):
            views[str(links[0].title).lstrip(":")] = str(cells[12].get("data-sort-value").value)
    return views


def test_demo_exits_zero_and_quietly(demo_run):
    _, proc = demo_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr


def test_demo_prints_the_status_table_with_numbers(demo_run):
    _, proc = demo_run
    numbers = campaign_numbers(section(proc.stdout, "Status table on Meta"))
    # signed up, active, new editors, created, improved, about women, bytes, views
    assert len(numbers) == 8, numbers
    assert all(n > 0 for n in numbers), numbers
    assert numbers[0] >= 60


def test_demo_reads_views_and_its_status_table_shows_them(demo_run):
    """The demo runs `views` against its local double, so events show numbers, not unknown."""
    _, proc = demo_run
    assert "task views: ok" in proc.stdout
    views = event_views("\n".join(section(proc.stdout, "Status table on Meta")))
    assert {"WikiGap/2021/Stockholm", "WikiGap/2021/Mexico"} <= views.keys(), views
    assert all(v.isdigit() and int(v) > 0 for v in views.values()), views


def test_demo_prints_outcomes_diff_notices_and_urls(demo_run):
    _, proc = demo_run
    assert re.search(r"^writes: saved \d+", proc.stdout, re.M)
    assert "task notify: ok" in proc.stdout
    diff = section(proc.stdout, "Progress report: diff")
    assert any(line.startswith("+|uppdaterad=") for line in diff), diff
    notices = section(proc.stdout, "Notices to organizers")
    assert sum(line.startswith("posted") for line in notices) >= 10, notices
    assert any("Bruno Costa" in line and "opted out" in line for line in notices), notices
    assert "index.php?title=WikiGap/2021" in proc.stdout


def test_meta_shows_the_status_and_event_tables(wikis):
    status = read_region(wikis["meta"].page_text("WikiGap/2021"), "status")
    assert "All events (distinct)" in status and "Santiago" in status
    event = read_region(wikis["meta"].page_text("WikiGap/2021/Stockholm"), "event")
    assert "Alice Andersson" in event


def test_se_shows_the_swedish_table_and_progress_report(wikis):
    stats = read_region(wikis["se"].page_text(campaign.STATS_PAGE), "status")
    assert "Alla evenemang (utan dubbletter)" in stats
    project = wikis["se"].page_text(campaign.PROJECT_PAGE)
    assert "|uppdaterad=2021-07-14" not in project
    assert not re.search(r"T\.1\.1 - Berika projekten med 2/25 ", project)
    assert "Kampanjen WikiGap 2021" in read_region(project, "wikigapbot")
    assert re.search(r"Artiklarna har visats \d[\d\xa0 ]* gånger", project), project


def test_talk_pages_have_notices_except_nobots(wikis):
    eric = wikis["meta"].page_text("User talk:Eric Luth (WMSE)")
    assert eric.startswith("== Thanks for the WikiGap 2020 materials ==")
    assert eric.count("wikigapbot-notice:") >= 2
    original = (campaign.DATA / "meta" / "talk-bruno.wiki").read_text(encoding="utf-8")
    assert wikis["meta"].page_text("User talk:Bruno Costa").strip() == original.strip()


def test_the_bot_edited_as_itself(wikis):
    titles = {e["title"] for e in report.bot_edits(wikis["meta"])}
    assert {"WikiGap/2021", "WikiGap/2021/Stockholm"} <= titles


def test_the_chart_is_written(demo_run):
    folder, _ = demo_run
    svg = (folder / "wikigap-2021-progress.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "WikiGap 2021" in svg


def test_history_is_deterministic_and_big_enough():
    activity = yaml.safe_load((campaign.DATA / "activity.yaml").read_text(encoding="utf-8"))
    first, second = generate_history(activity), generate_history(activity)
    assert first == second
    in_2021 = [r for revs in first.values() for r in revs if r.timestamp.year == 2021]
    assert len(in_2021) >= 300
    assert len(activity["events"]) >= 10
    assert len({w for e in activity["events"] for w in e["wikis"]}) >= 4
    assert "Akinyi Odhiambo" not in accounts(activity)   # the unknown user stays unknown


def test_demo_runs_all_with_views_after_the_tally():
    assert [name for name in campaign.TASKS if name != "views"] == list(RUN_ALL)
    assert campaign.TASKS.index("views") == RUN_ALL.index("tally") + 1


def test_demo_views_are_the_same_every_run_and_one_article_has_none():
    """The double scripts any article from its title's hash; NEVER_VIEWED answers 404 (0)."""
    march = (dt.date(2021, 3, 8), dt.date(2021, 3, 14))
    with demo_pageviews() as api:
        client = PageviewsClient(api.url, "wikigapbot demo tests <demo@example.org>")
        read = client.fetch(ViewsRequest("sv", "Agnes Ekman", "sv.wikipedia", *march))
        never = client.fetch(ViewsRequest("en", "Carl Larsson", NEVER_VIEWED[0], *march))
    daily = daily_views("sv.wikipedia", "Agnes_Ekman")
    assert daily == daily_views("sv.wikipedia", "Agnes_Ekman")
    assert read.views == sum(v for day, v in daily.items() if march[0] <= day <= march[1]) > 0
    assert never.error is None and never.views == 0


def test_pages_listed_exist():
    pages = campaign.read_pages(campaign.DATA)
    assert campaign.REGISTRY in pages["meta"] and campaign.PROJECT_PAGE in pages["se"]
    assert "{{nobots}}" in pages["meta"]["User talk:Bruno Costa"]


def test_demo_refuses_a_folder_it_did_not_make(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert cli.main(folder=str(tmp_path)) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_notices_and_event_tables_speak_the_events_language(demo_run, wikis):
    _, proc = demo_run
    printed = section(proc.stdout, "Event table in Spanish")
    assert printed[1].startswith("! Participante !! Artículos creados !! Artículos mejorados")
    updated, views, impact = "\n".join(printed).split("|}\n", 1)[1].split("\n\n")  # paragraphs
    assert " !! Visitas !! " in printed[1] and views.startswith("Visitas: ")
    assert updated.startswith("Actualizado el ") and impact.startswith("Nuevos editores: ")
    assert "Participante" in read_region(wikis["meta"].page_text(campaign.SPANISH_EVENT), "event")
    portuguese = wikis["meta"].page_text("User talk:Ana Pereira")
    assert "Olá, Ana Pereira! Obrigado por organizar" in portuguese
    spanish = wikis["meta"].page_text("User talk:Lucía Hernández")
    assert "¡Hola, Lucía Hernández! Gracias por organizar" in spanish


def test_demo_shows_the_impact_metrics(demo_run):
    """The demo's new editor, reverted edit, man, unknown and item-less articles."""
    folder, _ = demo_run
    with State(folder / "state" / "wikigap-2021.sqlite") as state:
        snapshot = state.latest_snapshot("WikiGap 2021")
    stockholm = next(r for r in snapshot.events if r.event.key == "WikiGap/2021/Stockholm")
    assert (stockholm.metrics.new_editors, stockholm.metrics.edits_reverted) == (1, 1)
    articles = {(a.wiki, a.title): a for a in snapshot.articles}
    assert articles[("en", "Carl Larsson")].about_woman is False
    irene, elsa = articles[("en", "Irene Prescott")], articles[("sv", "Elsa Holmberg")]
    assert irene.wikidata and irene.about_woman is None
    assert elsa.wikidata is None and elsa.about_woman is None
    assert snapshot.metrics.gender_unknown == 2 and snapshot.metrics.created_about_women > 50


def test_demo_shows_the_registered_and_course_events_with_numbers(demo_run):
    """Manila (a registration in Asia/Manila), Accra (a Dashboard course), the umbrella campaign."""
    folder, proc = demo_run
    with State(folder / "state" / "wikigap-2021.sqlite") as state:
        events = {r.event.key: r for r in state.latest_snapshot("WikiGap 2021").events}
    manila = events["Event:WikiGap 2021 Manila"]
    accra = events["Dashboard course Embassy_of_Sweden_in_Accra/WikiGap_2021_Accra"]
    # Manila: five public registrations (Joy Mendoza's is private: never seen), days and
    # languages from the registration; Accra: three editors, the facilitator left out
    assert manila.tallied and manila.metrics.signed_up == 5 and manila.metrics.edits > 0
    assert (manila.event.timezone, manila.event.wikis) == ("Asia/Manila", ("en",))
    assert "Joy Mendoza" not in {p.user for p in manila.participants}
    assert accra.tallied and accra.metrics.signed_up == 3 and accra.metrics.edits > 0
    assert "Kwame Boateng" not in {p.user for p in accra.participants}
    status = "\n".join(section(proc.stdout, "Status table on Meta"))
    assert "WikiGap 2021 Manila" in status and "WikiGap 2021 Accra" in status
    assert status.count("registered privately") == 1
    umbrella = "\n".join(section(proc.stdout, "The second campaign"))
    assert "Filippinerna" in umbrella and "WikiGap 2021 Online Americas" in umbrella
    assert "registrations and courses: 1 courses, 1 page views, 2 participant pages" in proc.stdout


def test_demo_runs_a_small_challenge_and_prints_its_leaderboard(demo_run, wikis):
    _, proc = demo_run
    assert "task challenge: ok" in proc.stdout
    board = section(proc.stdout, "WikiGap Challenge leaderboard")
    assert board[0].startswith("Final ranking") and board[1].startswith('{| class="wikitable')
    rows = [line for line in board if line.startswith("| 1 || ")]
    assert rows, board                                   # someone is first, with points
    assert any(line.startswith("leaderboard: http") and "Leaderboard" in line for line in board)
    project = wikis["se"].page_text(campaign.PROJECT_PAGE)
    assert "tävlande" in read_region(project, "wikigapbot")   # the summary's Challenge sentence


def test_check_online_on_the_demos_umbrella_campaign_is_all_ticks(demo_run, wikis, tmp_path):
    """The second campaign's registry is an umbrella Event: page: read as the tally reads it.

    The wikis are served again on new ports, so the campaign's YAML is written afresh for them.
    """
    folder, _ = demo_run
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
    env["WIKIGAPBOT_PASSWORD_FILE"] = str(folder / "pywikibot" / "sandbox.password")
    config = campaign.write_umbrella_config(wikis, tmp_path)
    proc = subprocess.run([sys.executable, str(ROOT / "bot.py"), "check", "--online", "--config",
                           str(config)], capture_output=True, text=True, timeout=300, env=env,
                          cwd=folder)
    lines = [line for line in proc.stdout.splitlines() if line[:1] in "✓✗"]
    assert proc.returncode == 0 and all(line.startswith("✓") for line in lines), proc.stdout
    registry = next(line for line in lines if line.startswith("✓ registry [[Event:"))
    assert re.search(r"on meta: \d+ events <http://127\.0\.0\.1:\d+/index\.php\?title=Event:", registry)
    assert any(line.startswith("✓ event registration answers: registration ") for line in lines)
    assert sum(line.startswith("✓ content wiki ") for line in lines) >= 3
