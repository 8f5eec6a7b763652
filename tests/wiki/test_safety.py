"""Issue 20 on the sandbox: plausible mistakes refused, held notices, one event, resends, exports.

Each test builds its own small campaign on the shared sandbox Meta (the
``Campaign`` helper of test_notify: pages and users under a prefix from the
test's name), runs the real tasks through the runner or ``bot.main`` and
checks the pages as a reader of the wiki sees them and the state file.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import bot
from sandbox.pageviews import PageviewsDouble
from sandbox_campaign import campaign_yaml
from tasks import TASKS
from test_notify import Campaign, campaign, ended_event, markers  # noqa: F401 (fixture)
from wikigap.config import load_config
from wikigap.run import listing, runner
from wikigap.run.context import Resend, RunOptions
from wikigap.store.state import State

STATUS = "Above.\n<!-- wikigapbot:begin status -->\n<!-- wikigapbot:end status -->\nBelow."   # as saved
EVENT_REGION = "<!-- wikigapbot:begin event -->\n<!-- wikigapbot:end event -->"
SITE_ID = re.compile(r"\bu[0-9a-f]{10}:u[0-9a-f]{10}\b")


def config_of(c: Campaign, registry: str | None = None, **extra):
    """Load a campaign YAML on the sandbox with a status table (and ``extra`` keys)."""
    extra.setdefault("notify", {"wiki": "meta", "after_end_days": 7, "max_per_run": 20})
    return load_config(campaign_yaml(
        c.sandbox, c.folder, registry or f"{c.prefix}/Events", name=f"Safety {c.prefix}",
        status_tables=[{"wiki": "meta", "page": f"{c.prefix}/Status", "marker": "status",
                        "language": "en"}], **extra))


def run(c: Campaign, config, *tasks: str, **options) -> int:
    """Run tasks with run options, keeping the output in ``c.output``."""
    c.output.clear()
    return runner.run_tasks(config, list(tasks), TASKS, options=RunOptions(**options),
                            hooks=runner.RunHooks(echo=c.output.append)).status


def snapshots(config) -> int:
    if not config.state_path.exists():
        return 0
    with State(config.state_path) as state:
        return len(state.snapshots(config.name))


def status_page(c: Campaign) -> str:
    return c.meta.page_text(f"{c.prefix}/Status")


# Item 1: refuse to publish what is plainly wrong

def test_an_events_page_that_is_not_the_registry_publishes_nothing_and_exits_1(campaign):
    c = campaign
    ended_event(c, (c.user("Ana"),))
    c.meta.load_page(f"{c.prefix}/Status", STATUS)
    config = config_of(c, registry=c.event_page("Stockholm"))    # a sign-up page by mistake
    assert run(c, config, "tally", "status-table") == 1
    assert status_page(c) == STATUS and snapshots(config) == 0
    assert f"the registry page [[{c.event_page('Stockholm')}]] on meta yields no event" in c.printed
    assert "has no table" in c.printed and "nothing is stored or published" in c.printed
    assert "task tally: FAILED" in c.printed and "task status-table: skipped (no snapshot" in c.printed


def three_events(c: Campaign) -> None:
    ana = c.user("Ana")
    c.people(ana)
    c.registry(*[(city, "8 March 2021", (ana,)) for city in ("Lund", "Umeå", "Visby")])
    for city in ("Lund", "Umeå", "Visby"):
        c.signup(city, f"[[User:{ana}]] 10:00, 1 March 2021 (UTC)")


def test_a_registry_that_lost_more_than_half_its_events_waits_for_staff(campaign):
    c = campaign
    three_events(c)
    c.meta.load_page(f"{c.prefix}/Status", STATUS)
    config = config_of(c)
    assert run(c, config, "tally", "status-table") == 0, c.printed
    before = status_page(c)
    assert all(city in before for city in ("Lund", "Umeå", "Visby"))

    c.registry(("Lund", "8 March 2021", (c.user("Ana"),)))           # two rows gone
    assert run(c, config, "tally", "status-table") == 1
    assert "yields 1 events, fewer than half of the 3" in c.printed
    assert "--accept-fewer-events" in c.printed
    assert status_page(c) == before and snapshots(config) == 1

    assert run(c, config, "tally", "status-table", accept_fewer_events=True) == 0, c.printed
    after = status_page(c)
    assert "Lund" in after and "Visby" not in after and snapshots(config) == 2
    assert run(c, config, "tally") == 0, c.printed          # 1 against 1: nothing to confirm


def test_a_missing_run_page_is_an_error_and_false_stays_a_deliberate_stop(campaign):
    c = campaign
    ended_event(c, (c.user("Ana"),))
    c.meta.load_page(f"{c.prefix}/Status", STATUS)
    run_page = f"{c.prefix}/Run"          # not created: a typo in run_page
    config = config_of(c, run_page={"wiki": "meta", "page": run_page})
    assert run(c, config, "tally", "status-table", "notify") == 1
    assert f"create [[{run_page}]] with the word true" in c.printed
    assert "task status-table: FAILED" in c.printed and "task notify: FAILED" in c.printed
    assert status_page(c) == STATUS and c.talk(c.user("Ana")) is None

    c.meta.load_page(run_page, "false")
    assert run(c, config, "tally", "status-table", "notify") == 0, c.printed
    assert f"the run page [[{run_page}]] on meta says 'false'" in c.printed
    assert status_page(c) == STATUS and c.talk(c.user("Ana")) is None


# Item 5: an organizer who is not a registered user

def test_an_unregistered_organizer_is_a_row_problem_in_the_table_and_sent_to_the_others(campaign):
    c = campaign
    ana, ghost = c.user("Ana"), c.user("Anan")       # "Anan" has no account anywhere
    ended_event(c, (ana,))
    c.registry(("Stockholm", "8 March 2021", (ana, ghost)))
    c.meta.load_page(f"{c.prefix}/Status", STATUS)
    config = config_of(c)
    assert run(c, config, "tally", "status-table", "notify") == 0, c.printed
    problem = f"the organizer “{ghost}” has no account on Meta-Wiki"
    assert f"<small>Problem: {problem}, so no notice can reach them</small>" in status_page(c)
    assert re.search(rf"problem: \[{c.prefix}/Events, line \d+\] {re.escape(problem)}", c.printed)
    talk = c.talk(ana)
    assert sorted(m[0] for m in markers(talk)) == ["problems", "results"]
    assert f"The {problem[4:]}" in talk and f"(on [[:{c.prefix}/Events|" in talk, talk
    assert c.talk(ghost) is None and ghost not in "".join(
        r["organizer"] for r in c.notices(config))
    assert not SITE_ID.search(c.printed), c.printed


def test_an_event_whose_only_organizer_is_unregistered_is_named_in_the_output(campaign):
    c = campaign
    ghost = c.user("Nobody")
    ended_event(c, ())
    c.registry(("Stockholm", "8 March 2021", (ghost,)))
    config = config_of(c)
    assert run(c, config, "tally", "notify") == 0, c.printed
    assert "names no organizer who is a registered user" in c.printed
    assert c.notices(config) == [] and not SITE_ID.search(c.printed)


# Item 6: a results notice waits for its numbers

def test_a_results_notice_waits_for_the_views_then_is_sent_with_them(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    with PageviewsDouble() as api:
        api.article("en.wikipedia", f"{c.prefix} Karin Larsdotter",
                    daily={date(2021, 3, 8): 100, date(2021, 3, 9): 23})
        # The event is of 2021; a wait of 20,000 days keeps its notice waiting today.
        config = config_of(c, pageviews={"api": api.url, "contact": "ops <ops@example.org>"},
                           notify={"wiki": "meta", "wait_for_views_days": 20_000})
        assert run(c, config, "tally", "notify") == 0, c.printed
        assert c.talk(ana) is None
        held = f"results [[{c.event_page('Stockholm')}]] → {ana}: held until its page views"
        assert held in c.printed
        listed = listing.describe(config, TASKS)
        assert "held notices (waiting for page views; run views):" in listed
        assert f"results [[{c.event_page('Stockholm')}]] → {ana}: sent without views from" in listed

        assert run(c, config, "views") == 0, c.printed
        assert run(c, config, "notify") == 0, c.printed
    talk = c.talk(ana)
    assert [m[0] for m in markers(talk)] == ["results"] and "since the event began: '''123'''" in talk
    assert "held" not in c.printed
    assert "held notices" not in listing.describe(config, TASKS)


def test_a_results_notice_waits_no_longer_than_wait_for_views_days(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    with PageviewsDouble() as api:      # views never read: the 2021 event's wait is long over
        config = config_of(c, pageviews={"api": api.url, "contact": "ops <ops@example.org>"})
        assert config.notify.wait_for_views_days == 14
        assert run(c, config, "tally", "notify") == 0, c.printed
    assert "since the event began: '''unknown'''" in c.talk(ana)


# Item 9: one event's writes, a notice again on purpose, participants, Excel

def test_run_with_event_writes_only_that_events_table_and_notices(campaign):
    c = campaign
    ana, writer = c.user("Ana"), c.user("Writer")
    c.people(ana, writer)
    c.registry(("Lund", "8 March 2021", (ana,)), ("Visby", "8 March 2021", (ana,)))
    for city in ("Lund", "Visby"):
        c.meta.load_page(c.event_page(city), f"== Participants ==\n# [[User:{writer}]]\n\n"
                         f"{EVENT_REGION}\n")
    c.meta.load_page(f"{c.prefix}/Status", STATUS)
    config = config_of(c, event_tables=True)
    assert run(c, config, "tally") == 0, c.printed
    assert run(c, config, "status-table", "progress-report", "notify",
               event=c.event_page("Lund").replace(" ", "_")) == 0, c.printed
    assert "Total" in c.meta.page_text(c.event_page("Lund"))
    assert c.meta.page_text(c.event_page("Visby")).endswith(EVENT_REGION)
    assert status_page(c) == STATUS
    assert {r["event"] for r in c.notices(config)} == {c.event_page("Lund")}
    assert run(c, config, "status-table", event=f"{c.prefix}/Nowhere") == 1
    assert f"--event: no event [[{c.prefix}/Nowhere]]" in c.printed


def test_resend_posts_the_notice_again_recorded_as_a_resend_and_never_otherwise(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    config = config_of(c)
    assert run(c, config, "tally", "notify") == 0, c.printed
    assert c.revisions(ana) == 1
    page = c.event_page("Stockholm")
    assert run(c, config, "notify", resend=Resend(page, "results")) == 0, c.printed
    talk = c.talk(ana)
    assert markers(talk) == [("results", page, "results")] * 2 and c.revisions(ana) == 2
    assert "Sent again on" in talk.split("== ")[-1]
    rows = [(r["kind"], r["outcome"], r["detail"]) for r in c.notices(config)]
    assert rows == [("results", "saved", ""), ("results", "saved", "resend")]
    assert run(c, config, "notify") == 0 and c.revisions(ana) == 2, c.printed
    assert run(c, config, "notify", resend=Resend(page, "problems")) == 1
    assert "has no problems to send" in c.printed and c.revisions(ana) == 2


def test_resend_needs_notify_and_a_kind(campaign, capsys):
    c = campaign
    path = config_of(c).path
    assert bot.main(["run", "tally", "--resend", "X", "--kind", "results", "--config", path]) == 2
    assert bot.main(["run", "notify", "--resend", "X", "--config", path]) == 2
    assert "usage error: --resend PAGE and --kind" in capsys.readouterr().err


def test_export_participants_and_excel_csv(campaign, capsys):
    c = campaign
    ana, idle = c.user("Ana"), c.user("Idle")
    ended_event(c, (ana,))
    c.people(idle)
    c.signup("Stockholm", f"[[User:{c.user('Writer')}]] 10:00, 1 March 2021 (UTC)",
             f"[[User:{idle}]] 10:05, 1 March 2021 (UTC)")
    config = config_of(c)
    assert run(c, config, "tally") == 0, c.printed
    capsys.readouterr()
    assert bot.main(["export", "--what", "participants", "--config", config.path]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    page = c.event_page("Stockholm")
    assert [(r["user"], r["event"], r["source"], r["active"], r["articles"]) for r in rows] == [
        (idle, page, "signup-list", "false", "0"), (c.user("Writer"), page, "signup-list",
                                                    "true", "1")]
    assert int(rows[1]["bytes"]) > 0
    out = c.folder / "participants.csv"
    assert bot.main(["export", "--what", "participants", "--excel", "--out", str(out),
                     "--config", config.path]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfuser;event;name;country;source;active;articles;bytes\r\n")
    assert list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                               delimiter=";")) == rows
    assert bot.main(["export", "--excel", "--format", "json", "--config", config.path]) == 2


def test_run_page_word_true_lets_the_bot_write(campaign):
    """The fix the error names works: a run page created with the word true."""
    c = campaign
    ended_event(c, (c.user("Ana"),))
    c.meta.load_page(f"{c.prefix}/Status", STATUS)
    c.meta.load_page(f"{c.prefix}/Run", "true")
    config = config_of(c, run_page={"wiki": "meta", "page": f"{c.prefix}/Run"})
    assert run(c, config, "tally", "status-table") == 0, c.printed
    assert status_page(c) != STATUS
