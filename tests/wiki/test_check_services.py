"""`check --online` sees everything the config names (issue 26, item 4), on the sandbox.

A campaign with every part: a registry naming an event registration (the
CampaignEventsDouble on Meta) and a Dashboard course (its double), the
pageviews double, Wikidata, the content wikis, and a Challenge with its
bonus, adjustments and confirm pages. All ✓ first; then each source at a
closed port in turn gives its own ✗ line; then the Challenge's pages broken
give theirs. The checks run in-process (`wikigap.run.check.online`, what
`bot.py check --online` prints); one test runs the command line itself.
"""
from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from sandbox_campaign import campaign_yaml

from sandbox import EventOrganizer, EventParticipant, EventRegistration
from sandbox.dashboard import Course, CourseUser, DashboardDouble
from sandbox.pageviews import PageviewsDouble
from sandbox.process import free_port
from wikigap.config import load_config
from wikigap.run import check

ROOT = Path(__file__).resolve().parents[2]
P = "CK"
CHALLENGE, BOARD, BONUS = f"{P} Challenge", f"{P} Challenge/Leaderboard", f"{P} Challenge/Bonus"
ADJUST, CONFIRM = f"{P} Challenge/Adjustments", f"{P} Challenge/Confirm"
REGISTRY = f"""{{| class="wikitable"
! Event page !! Date !! Languages !! Organizers !! Dashboard
|-
| [[Event:{P} Reg]] || || || [[User:{P} Org]] ||
|-
| {P} Course || 8 March 2026 || pt || [[User:{P} Org]] || {P}/Course
|}}"""
CONTEST = f"""The {P} contest.
<!-- wikigapbot:begin challenge-rules -->
<!-- wikigapbot:end challenge-rules -->

== Participants ==
# [[User:{P} Org]]
"""
REGISTRATIONS = [EventRegistration(
    f"{P} {name}", f"Event:{P} {name}", datetime(2026, 3, 8, 9), datetime(2026, 3, 8, 18),
    wikis=("ptwiki",), id=rid, organizers=(EventOrganizer(f"{P} Org", roles=("creator",)),),
    participants=(EventParticipant(f"{P} Org", datetime(2026, 2, 1)),))
    for rid, name in ((801, "Reg"), (802, "Two"))]
UMBRELLA = f"""The {P} umbrella. [[Event:{P} Umbrella]]
* [[Event:{P} Reg]]
* [[Event:{P} Two]]
"""


@pytest.fixture(scope="module")
def setup(sandbox, tmp_path_factory):
    """Seed the pages, the registrations and the doubles; give the config's data and a writer."""
    meta = sandbox["meta"]
    for registration in REGISTRATIONS:
        meta.add_registration(registration)
    meta.create_users([f"{P} Org"])
    meta.load_pages([(f"{P}/Events", REGISTRY), (f"Event:{P} Reg", "Reg."), (f"Event:{P} Two", "Two."),
                     (f"Event:{P} Umbrella", UMBRELLA), (CHALLENGE, CONTEST),
                     (BOARD, "<!-- wikigapbot:begin leaderboard -->\n<!-- wikigapbot:end leaderboard -->"),
                     (BONUS, "* Q1\n* Q2\n"), (ADJUST, "")])
    folder = tmp_path_factory.mktemp("ck")
    with PageviewsDouble() as views, DashboardDouble() as dashboard:
        dashboard.add_course(Course(f"{P}/Course", datetime(2026, 3, 8, tzinfo=timezone.utc),
                                    datetime(2026, 3, 8, tzinfo=timezone.utc),
                                    users=(CourseUser(f"{P} Org"),)))
        path = campaign_yaml(
            sandbox, folder, f"{P}/Events", name=f"{P} campaign",
            pageviews={"api": views.url, "contact": "test@example.org"},
            dashboard={"url": dashboard.url},
            challenge={"name": f"{P} Challenge", "wiki": "meta", "page": CHALLENGE,
                       "first_day": "2026-03-08", "last_day": "2026-04-08", "wikis": "any",
                       "rules": [{"kind": "created", "points": 1}],
                       "leaderboard": {"page": BOARD},
                       "bonus": {"page": BONUS, "mode": "add", "points": 1},
                       "adjustments": {"page": ADJUST},
                       "awards": {"top": 3, "confirm_page": CONFIRM}})
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield {"sandbox": sandbox, "data": data, "path": path, "folder": folder}


def online(setup, change=None) -> list[str]:
    """Run `check --online`'s checks on the config, changed by ``change(data)``; give the lines."""
    data = copy.deepcopy(setup["data"])
    if change:
        change(data)
    path = setup["folder"] / "changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [str(c) for c in check.online(load_config(path))]


def closed() -> str:
    """A loopback address nothing listens on (a service that is down)."""
    return f"http://127.0.0.1:{free_port()}"


def line(lines: list[str], start: str) -> str:
    found = [x for x in lines if x.startswith(start)]
    assert len(found) == 1, (start, lines)
    return found[0]


def test_everything_the_config_names_is_checked_and_answers(setup):
    lines = online(setup)
    assert all(x.startswith("✓") for x in lines), "\n".join(lines)
    sandbox, data = setup["sandbox"], setup["data"]
    for code in ("en", "pt", "sv"):
        assert line(lines, f"✓ content wiki {code} answers").endswith(f"<{sandbox[code].api_url}>")
    assert line(lines, "✓ Wikidata answers").endswith(f"<{sandbox['wikidata'].api_url}>")
    assert f"<{data['pageviews']['api']}/metrics/pageviews/per-article/" in \
        line(lines, "✓ pageviews API answers")
    assert line(lines, "✓ Dashboard answers: HTTP 200").endswith(f"/courses/{P}/Course/course.json>")
    assert "registration 801: HTTP 200" in line(lines, "✓ event registration answers")
    assert line(lines, f"✓ registry [[{P}/Events]] on meta: 2 events")
    meta_host = sandbox["meta"].api_url.rsplit("/", 1)[0]
    assert line(lines, f"✓ Challenge page [[{CHALLENGE}]] on meta").endswith(
        f"<{meta_host}/index.php?title={CHALLENGE.replace(' ', '_')}>")
    assert line(lines, f"✓ Challenge leaderboard [[{BOARD}]] on meta")
    assert line(lines, f"✓ Challenge bonus list [[{BONUS}]] on meta: 2 items")
    assert line(lines, f"✓ Challenge adjustments [[{ADJUST}]] on meta: 0 adjustments")
    assert line(lines, f"✓ Challenge confirm page [[{CONFIRM}]] on meta: missing: awards will "
                       "wait until staff confirm the ranking there")


@pytest.mark.parametrize("source, change, cross", [
    ("a content wiki", lambda d: d["content_wikis"].update(en=closed() + "/api.php"),
     "✗ content wiki en answers: it does not: "),
    ("Wikidata", lambda d: d.update(wikidata=closed() + "/api.php"), "✗ Wikidata answers: it does not: "),
    ("the pageviews API", lambda d: d["pageviews"].update(api=closed()),
     "✗ pageviews API answers: it does not: "),
    ("the Dashboard", lambda d: d["dashboard"].update(url=closed()), "✗ Dashboard answers: it does not: "),
])
def test_a_source_at_a_closed_port_is_its_own_cross(setup, source, change, cross):
    lines = online(setup, change)
    crosses = [x for x in lines if x.startswith("✗")]
    assert len(crosses) == 1 and crosses[0].startswith(cross), (source, crosses)
    assert "refused every connection" in crosses[0] and "_GaveUp" not in crosses[0]
    assert "<http://127.0.0.1:" in crosses[0]      # the address it asked


def test_a_registration_route_in_trouble_is_its_cross(setup):
    meta = setup["sandbox"]["meta"]
    meta.add_registration(dataclasses.replace(REGISTRATIONS[0], fail_status=503))
    try:
        lines = online(setup)
    finally:
        meta.add_registration(REGISTRATIONS[0])
    crosses = [x for x in lines if x.startswith("✗")]
    assert len(crosses) == 1 and crosses[0].startswith(
        "✗ event registration answers: HTTP 503 for registration 801: the service is down or busy"), crosses
    assert "/campaignevents/v0/event_registration/801" in crosses[0]


def test_a_wiki_that_cannot_be_reached_says_how_many_checks_it_skipped(setup):
    def se_down(data):
        data["wikis"]["se"] = closed() + "/api.php"
        data["challenge"]["wiki"] = "se"
    lines = online(setup, se_down)
    assert line(lines, "✗ login to se")
    # the Challenge's five pages are on se: not asked, and one line says so
    assert line(lines, "✗ 5 checks on se skipped: se could not be reached")
    assert not any("Challenge" in x for x in lines)


def test_the_challenges_broken_pages_are_crosses(setup):
    sandbox = setup["sandbox"]
    sandbox["meta"].load_page(CHALLENGE, CONTEST.replace("<!-- wikigapbot:end challenge-rules -->\n", ""))
    try:
        lines = online(setup, lambda d: d["challenge"]["bonus"].update(page=f"{P} Challenge/Bonsu"))
    finally:
        sandbox["meta"].load_page(CHALLENGE, CONTEST)
    crosses = [x for x in lines if x.startswith("✗")]
    assert len(crosses) == 2, crosses
    assert crosses[0].startswith(f"✗ Challenge page [[{CHALLENGE}]] on meta: region "
                                 "'challenge-rules': no 'end' marker found")
    assert crosses[1].startswith(f"✗ Challenge bonus list [[{P} Challenge/Bonsu]] on meta: does "
                                 "not exist; create it with one Wikidata id (Q…) a line, or fix "
                                 "challenge.bonus.page")


def test_an_umbrella_registry_is_read_as_the_tally_reads_it(setup):
    def umbrella(data):
        data["events"]["page"] = f"Event:{P} Umbrella"
    lines = online(setup, umbrella)
    assert all(x.startswith("✓") for x in lines), "\n".join(lines)
    assert line(lines, f"✓ registry [[Event:{P} Umbrella]] on meta: 2 events")
    assert "registration 801: HTTP 200" in line(lines, "✓ event registration answers")


def test_the_command_prints_the_lines_and_counts_them(setup):
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, str(ROOT / "bot.py"), "check", "--online", "--config",
                           str(setup["path"])], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ Dashboard answers: HTTP 200" in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("all ") and proc.stderr == ""
