"""A registration or a course down after a good run: kept like a wiki's outage (issue 26, item 1).

On the sandbox: an event whose participants come from an event registration
(CampaignEventsDouble on Meta), one from a Dashboard course (the Dashboard
double), one from a sign-up list. A first tally, the status tables (English
and Swedish) and notify run with every service up; then the registration
answers 503 (``fail_status``) and the Dashboard double is stopped (a closed
port), and the same tasks run again. Every number is summed by hand below.
"""
from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, timezone

import pytest
from sandbox_campaign import campaign_yaml

import bot
from sandbox import (
    EventOrganizer,
    EventParticipant,
    EventRegistration,
    ImportedRevision,
)
from sandbox.dashboard import Course, CourseUser, DashboardDouble
from tasks import TASKS
from wikigap.config import load_config
from wikigap.run import runner
from wikigap.store.state import State
from wikigap.write.messages import english

P = "DY"
UTC = timezone.utc
ORG = f"{P} Org"
REGISTRATION = EventRegistration(
    f"{P} Reg", f"Event:{P} Reg", datetime(2026, 3, 8, 9), datetime(2026, 3, 8, 18),
    wikis=("ptwiki",), id=701, organizers=(EventOrganizer(ORG, roles=("creator",)),),
    participants=(EventParticipant(f"{P} R1", datetime(2026, 2, 1, 12)),
                  EventParticipant(f"{P} R2", datetime(2026, 2, 1, 12))))
REGISTRY = f"""{{| class="wikitable"
! Event page !! Date !! Languages !! Organizers !! Dashboard
|-
| [[Event:{P} Reg]] || || || [[User:{ORG}]] ||
|-
| {P} Course || 8 March 2026 || pt || [[User:{ORG}]] || {P}/Course
|-
| [[{P}/List]] || 8 March 2026 || sv || [[User:{ORG}]] ||
|}}"""
# (wiki, title, user, size): each creates its article at noon UTC on 8 March 2026
EDITS = [("pt", "Reg One", "R1", 500), ("pt", "Course One", "C1", 300), ("sv", "List One", "L1", 400)]
STATUS = {"en": f"{P}/Status", "sv": f"{P}/Status sv"}
EMPTY = "<!-- wikigapbot:begin status -->\n<!-- wikigapbot:end status -->"
#: What only an error's own text would put in a table: no such words on a public page.
RAW = re.compile(r"HTTP|503|Errno|Error|Connection|refused|https?://|rest\.php|_GaveUp|\(outage")


@pytest.fixture(scope="module")
def outage(sandbox, tmp_path_factory):
    """Tally, tables and notify with everything up; again with the registration 503 and the
    Dashboard stopped."""
    meta = sandbox["meta"]
    people = [f"{P} {u}" for u in ("R1", "R2", "C1", "L1", "Org")]
    for code in ("meta", "pt", "sv"):
        sandbox[code].create_users(people)
    for code in ("pt", "sv"):
        sandbox[code].import_revisions([
            ImportedRevision(f"{P} {title}", "x" * size, f"{P} {user}", datetime(2026, 3, 8, 12, tzinfo=UTC))
            for wiki, title, user, size in EDITS if wiki == code])
    meta.add_registration(REGISTRATION)
    meta.load_pages([(f"{P}/Events", REGISTRY), (f"Event:{P} Reg", "The event."),
                     (f"{P}/List", f"== Participants ==\n# [[User:{P} L1]]\n"),
                     *[(page, EMPTY) for page in STATUS.values()]])
    dashboard = DashboardDouble()
    with dashboard:
        dashboard.add_course(Course(f"{P}/Course", datetime(2026, 3, 8, tzinfo=UTC),
                                    datetime(2026, 3, 8, 23, 59, 59, tzinfo=UTC),
                                    users=(CourseUser(f"{P} C1"),)))
        config = load_config(campaign_yaml(
            sandbox, tmp_path_factory.mktemp("dy"), f"{P}/Events", grace_days=0,
            dashboard={"url": dashboard.url},
            status_tables=[{"wiki": "meta", "page": page, "language": lang}
                           for lang, page in STATUS.items()],
            notify={"wiki": "meta", "after_end_days": 7, "max_per_run": 20}))
        good = runner.run_tasks(config, ["tally", "status-table", "notify"], TASKS,
                                hooks=runner.RunHooks(echo=print))
        with State(config.state_path) as state:
            before = state.latest_snapshot(config.name)
        talk_before = meta.page_text(f"User talk:{ORG}")
    meta.add_registration(dataclasses.replace(REGISTRATION, fail_status=503))
    out: list[str] = []
    down = runner.run_tasks(config, ["tally", "status-table", "notify"], TASKS,
                            hooks=runner.RunHooks(echo=out.append))
    with State(config.state_path) as state:
        after = state.latest_snapshot(config.name)
    return {"config": config, "good": good, "down": down, "before": before, "after": after,
            "out": out, "talk": (talk_before, meta.page_text(f"User talk:{ORG}")),
            "tables": {lang: meta.page_text(page) for lang, page in STATUS.items()}}


def by_key(snapshot) -> dict:
    return {r.event.key: r for r in snapshot.events}


REG, COURSE, LIST = f"Event:{P} Reg", f"Dashboard course {P}/Course", f"{P}/List"


def test_the_good_run_counts_every_source(outage):
    assert outage["good"].ok, outage["good"]
    events = by_key(outage["before"])
    # Reg: R1, R2 signed up, R1 created Reg One (500); Course: C1 created Course One (300);
    # List: L1 created List One (400)
    assert [(events[k].metrics.signed_up, events[k].metrics.bytes_added) for k in (REG, COURSE, LIST)] \
        == [(2, 500), (1, 300), (1, 400)]


def test_those_events_keep_their_numbers_and_time(outage):
    before, after = by_key(outage["before"]), by_key(outage["after"])
    for key, lost in ((REG, ("registration 701",)), (COURSE, (f"course {P}/Course",))):
        assert after[key].tallied, key
        assert after[key].metrics == before[key].metrics, key
        assert after[key].participants == before[key].participants, key
        assert after[key].stale_since == outage["before"].taken_at, key
        assert after[key].unread == lost, key
    # the registration had filled in the days and languages: kept with its numbers
    assert after[REG].event.wikis == ("pt",) and str(after[REG].event.first_day) == "2026-03-08"
    # the list's event is read now
    assert after[LIST].stale_since is None and after[LIST].metrics == before[LIST].metrics


def test_the_totals_are_unchanged_and_say_since_when(outage):
    before, after = outage["before"], outage["after"]
    m, b = after.metrics, before.metrics
    # 4 signed up (R1, R2, C1, L1), 3 active, 3 created, 1,200 bytes, 3 edits, pt and sv
    assert (m.signed_up, m.active_participants, m.articles_created, m.bytes_added, m.edits,
            m.languages) == (4, 3, 3, 1200, 3, ("pt", "sv"))
    assert m == b
    assert after.totals_stale_since == before.taken_at
    assert after.unread == ("registration 701", f"course {P}/Course")


def test_no_raw_error_in_any_table_and_the_footnote_names_the_sources(outage):
    for language, table in outage["tables"].items():
        assert not RAW.search(table), (language, RAW.search(table))
    assert "event registration 701" in outage["tables"]["en"]
    assert "Dashboard course DY/Course" in outage["tables"]["en"]
    assert "evenemangsanmälan 701" in outage["tables"]["sv"]
    assert outage["tables"]["en"].count("as of") >= 3     # two events and the campaign row


def test_no_problem_notice_for_our_outage(outage):
    talk_before, talk_after = outage["talk"]
    assert talk_after == talk_before
    assert "problem" not in (talk_after or "").lower()


def test_the_run_fails_naming_each_service_and_what_is_kept(outage):
    down = outage["down"]
    assert not down.ok
    [tally] = [t for t in down.tasks if t.name == "tally"]
    assert "could not read registration 701 (outage:" in tally.message
    assert f"could not read course {P}/Course (outage:" in tally.message
    assert "2 event(s) keep their last good numbers" in tally.message
    problems = [p for r in outage["after"].events for p in r.problems if p.code == "source-unreadable"]
    assert sorted(english(p.message).partition(" at this")[0] for p in problems) == [
        "Could not read Dashboard course DY/Course", "Could not read event registration 701"]


def test_export_gives_stale_since(outage, capsys):
    path = outage["config"].path
    assert bot.main(["export", "--config", str(path), "--what", "events", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {e["page"] or "": e for e in data["events"]}
    assert rows[REG]["stale_since"] == data["campaign"]["stale_since"] is not None
    assert rows[LIST]["stale_since"] is None and rows[REG]["stale_since"] != data["snapshot"]
