"""Task `notify` against the sandbox wikis: real talk pages, real state, real opt-outs.

Each test builds its own small campaign (registry, sign-up pages, organizers)
on the shared sandbox Meta under a prefix made from the test's name, runs
`tally` and `notify` through the runner, and checks the talk pages' text and
revision counts as a reader of the wiki would see them.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pytest

from sandbox_campaign import campaign_yaml
from tasks import TASKS
from wikigap.run import runner
from wikigap.config import Config, load_config
from sandbox import ImportedRevision
from wikigap.store.state import State

NEXT_YEAR = date.today().year + 1
# kind | campaign | event | key (the campaign left out in the earlier form)
MARKER = re.compile(r"<!-- wikigapbot-notice: (\w+) \| (?:[^|]* \| )?([^|]*) \| (\w+) -->")


@dataclass
class Campaign:
    """One test's campaign on the sandbox: pages under ``prefix``, state in ``folder``."""

    sandbox: object
    folder: Path
    prefix: str
    output: list[str] = field(default_factory=list)

    @property
    def meta(self):
        return self.sandbox["meta"]

    def user(self, name: str) -> str:
        """Give a user name unique to this test."""
        return f"{self.prefix} {name}"

    def event_page(self, name: str) -> str:
        return f"{self.prefix}/{name}"

    def config(self, **notify) -> Config:
        """Write the campaign YAML pointing at the sandbox wikis and load it."""
        return load_config(campaign_yaml(
            self.sandbox, self.folder, f"{self.prefix}/Events", name=f"Notify test {self.prefix}",
            status_tables=[{"wiki": "meta", "page": f"{self.prefix}/Status",
                            "marker": "status", "language": "en"}],
            notify={"wiki": "meta", "after_end_days": 7, "max_per_run": 20, **notify}))

    def registry(self, *rows: tuple[str, str, tuple[str, ...]]) -> None:
        """Write the registry: rows of (event name, date text, organizer names)."""
        lines = ["{| class=\"wikitable\"",
                 "! Country !! City !! Date !! Organizer(s) !! Language(s) !! Event page"]
        for name, when, organizers in rows:
            people = ", ".join(f"[[User:{o}|{o}]]" for o in organizers)
            lines += ["|-", f"| Sweden || {name} || {when} || {people} || en || "
                            f"[[{self.event_page(name)}]]"]
        self.meta.load_page(f"{self.prefix}/Events", "\n".join(lines + ["|}"]))

    def signup(self, name: str, *lines: str) -> None:
        """Write an event's sign-up page with these participant lines."""
        body = "\n".join(f"# {line}" for line in lines)
        self.meta.load_page(self.event_page(name), f"About the event.\n\n== Participants ==\n{body}\n")

    def people(self, *names: str) -> None:
        """Create accounts on Meta and the English Wikipedia."""
        for wiki in ("meta", "en"):
            self.sandbox[wiki].create_users(names)

    def run(self, config: Config, *tasks: str, dry_run: bool = False) -> int:
        """Run tasks through the runner, keeping what it prints."""
        self.output.clear()
        return runner.run_tasks(config, list(tasks or ("tally", "notify")), TASKS,
                                dry_run=dry_run,
                                hooks=runner.RunHooks(echo=self.output.append)).status

    def talk(self, user: str) -> str | None:
        return self.meta.page_text(f"User talk:{user}")

    def revisions(self, user: str) -> int:
        return self.meta.revision_count(f"User talk:{user}")

    def notices(self, config: Config) -> list[dict]:
        with State(config.state_path) as state:
            return state.notices()

    @property
    def printed(self) -> str:
        return "\n".join(self.output)


@pytest.fixture
def campaign(sandbox, tmp_path, request) -> Campaign:
    """Give a test its own campaign; the prefix keeps its pages and users apart."""
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:6]
    return Campaign(sandbox, tmp_path, f"Nt{digest}")


def markers(text: str | None) -> list[tuple[str, str, str]]:
    return MARKER.findall(text or "")


def ended_event(c: Campaign, organizers: tuple[str, ...], name: str = "Stockholm") -> None:
    """Set up one event of March 2021 with one participant who created one article."""
    writer = c.user("Writer")
    c.people(writer, *organizers)
    c.registry((name, "8 March 2021", organizers))
    c.signup(name, f"[[User:{writer}]] 10:00, 1 March 2021 (UTC)")
    c.sandbox["en"].import_revisions([ImportedRevision(
        f"{c.prefix} Karin Larsdotter", "Karin Larsdotter was a Swedish painter." * 5, writer,
        datetime(2021, 3, 8, 12, 0))])


def test_each_organizer_gets_one_results_notice_and_a_second_run_posts_nothing(campaign):
    c = campaign
    ana, bo = c.user("Ana"), c.user("Bo")
    ended_event(c, (ana, bo))
    config = c.config()
    assert c.run(config) == 0, c.printed
    for organizer in (ana, bo):
        text = c.talk(organizer)
        assert markers(text) == [("results", c.event_page("Stockholm"), "results")]
        assert "Signed up: '''1'''" in text and "Articles created: '''1'''" in text
        assert f"[[:{c.prefix}/Status|" in text and "Check the numbers" in text
        assert c.revisions(organizer) == 1
    assert c.run(config) == 0, c.printed
    assert [c.revisions(o) for o in (ana, bo)] == [1, 1]
    assert "2 already posted, 0 posted" in c.printed
    rows = c.notices(config)
    assert [(r["kind"], r["organizer"], r["outcome"]) for r in rows] == [
        ("results", ana, "saved"), ("results", bo, "saved")]


def test_with_the_state_lost_nothing_is_posted_twice(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    config = c.config()
    assert c.run(config) == 0, c.printed
    before = c.talk(ana)
    config.state_path.unlink()
    assert c.run(config) == 0, c.printed
    assert c.talk(ana) == before and c.revisions(ana) == 1
    assert "already posted" in c.printed
    [row] = c.notices(config)
    assert (row["outcome"], row["detail"]) == ("unchanged", "already on the page")
    assert c.run(config) == 0 and "1 already posted" in c.printed   # the state knows again


def test_opted_out_organizers_are_not_posted_to_and_are_reported(campaign):
    c = campaign
    no, deny, allow = c.user("Nobots"), c.user("Deny"), c.user("Allow")
    ended_event(c, (no, deny, allow))
    pages = {no: "Hi.\n{{nobots}}", deny: "{{bots|deny=all}}\nHello.",
             allow: "{{bots|allow=SomeOtherBot}}\nHello."}
    for user, text in pages.items():
        c.meta.load_page(f"User talk:{user}", text)
    config = c.config()
    assert c.run(config) == 0, c.printed
    for user, text in pages.items():
        assert c.talk(user) == text and c.revisions(user) == 1
        assert re.search(rf"skipped   results {re.escape(c.event_page('Stockholm'))} → "
                         rf"{re.escape(user)}: opted out", c.printed)
    outcomes = [(r["outcome"], r["detail"]) for r in c.notices(config)]
    assert len(outcomes) == 3 and all(kind == "skipped" and detail.startswith("opted out")
                                      for kind, detail in outcomes)


def test_problems_notice_names_both_problems_and_a_new_set_is_a_new_notice(campaign):
    c = campaign
    org, member = c.user("Org"), c.user("Member")
    c.people(org, member)
    c.registry(("Gothenburg", "sometime in spring", (org,)))
    c.signup("Gothenburg", f"[[User:{member}]] 10:00, 1 March 2021 (UTC)",
             "192.0.2.44 10:05, 1 March 2021 (UTC)")
    config = c.config()
    assert c.run(config) == 0, c.printed
    text = c.talk(org)
    assert [m[0] for m in markers(text)] == ["problems"] and c.revisions(org) == 1
    assert "sometime in spring" in text and "192.0.2.44" in text and "line 5" in text
    assert "How to fix" in text and "2 problems" in text

    assert c.run(config) == 0 and c.revisions(org) == 1, c.printed    # same set: silent

    c.registry(("Gothenburg", f"8 March {NEXT_YEAR}", (org,)))
    c.signup("Gothenburg", f"[[User:{member}]] 10:00, 1 March 2021 (UTC)",
             f"[[User:{c.user('Nobody such')}]] 10:05, 1 March 2021 (UTC)")
    assert c.run(config) == 0, c.printed
    text = c.talk(org)
    assert [m[0] for m in markers(text)] == ["problems", "problems"] and c.revisions(org) == 2
    newest = text.split("== ")[-1]
    assert "Nobody such" in newest and "192.0.2.44" not in newest and "1 problem" in newest

    c.signup("Gothenburg", f"[[User:{member}]] 10:00, 1 March 2021 (UTC)")
    assert c.run(config) == 0 and c.revisions(org) == 2, c.printed   # all fixed: silent


def test_max_per_run_spreads_notices_over_runs(campaign):
    c = campaign
    organizers = tuple(c.user(f"Org{i}") for i in range(5))
    ended_event(c, organizers)
    config = c.config(max_per_run=2)
    posted = []
    for _ in range(4):
        assert c.run(config) == 0, c.printed
        posted.append(sum(1 for o in organizers if c.talk(o) is not None))
    assert posted == [2, 4, 5, 5]
    assert all(c.revisions(o) == 1 for o in organizers)


def test_a_talk_page_keeps_everything_else_byte_for_byte(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    old = ("{{Archive box|[[/Archive 1]]}}\n"
           "== Welcome ==\nWelcome to Meta! --[[User:Admin|Admin]] 10:00, 1 January 2021 (UTC)\n\n"
           "== Notify test: the results of Earlier ==\n"
           f"<!-- wikigapbot-notice: results | {c.prefix}/Earlier | results -->\n"
           "Earlier numbers. [[User:WikiGapBot|WikiGapBot]] 09:00, 1 June 2020 (UTC)\n\n"
           "== A question ==\nCan you help? ~~~ <!-- a comment -->\n:Reply. ''x'' __NOTOC__")
    c.meta.load_page(f"User talk:{ana}", old)
    before = c.talk(ana)    # as saved: a person's ~~~ became their signature
    config = c.config()
    assert c.run(config) == 0, c.printed
    new = c.talk(ana)
    assert new.startswith(before) and c.revisions(ana) == 2
    added = new[len(before):]
    assert added.lstrip("\n").startswith("== ") and markers(added) == [
        ("results", c.event_page("Stockholm"), "results")]
    assert "WikiGapBot" in added   # the signature was expanded


def test_dry_run_prints_each_notice_and_posts_nothing(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    c.registry(("Stockholm", "8 March 2021", (ana,)), ("Lund", "9 March 2021", ()))
    config = c.config()
    assert c.run(config, dry_run=True) == 0, c.printed
    assert f"problems notice for [[{c.event_page('Lund')}]] not sent: its registry row names " \
           "no organizer" in c.printed
    assert c.talk(ana) is None
    assert f"notice to [[User talk:{ana}]]" in c.printed
    assert "<!-- wikigapbot-notice: results" in c.printed and "~~~~" in c.printed
    assert c.notices(config) == []


def test_redirected_talk_page_is_followed_and_a_missing_user_is_skipped(campaign):
    c = campaign
    old, new, ghost = c.user("Old name"), c.user("New name"), c.user("Ghost")
    away, twice = c.user("Away"), c.user("Twice")
    ended_event(c, (old, new, away, twice))
    c.registry(("Stockholm", "8 March 2021", (old, ghost, away, twice)))
    redirects = {old: f"#REDIRECT [[User talk:{new}]]", away: f"#REDIRECT [[{c.prefix} Away]]",
                 twice: f"#REDIRECT [[User talk:{old}]]"}
    c.meta.load_pages([(f"User talk:{user}", text) for user, text in redirects.items()])
    config = c.config()
    assert c.run(config) == 0, c.printed
    assert [c.talk(user) for user in redirects] == list(redirects.values())
    assert [m[0] for m in markers(c.talk(new))] == ["problems", "results"]   # the ghost's row
    assert f"the organizer “{ghost}” has no account on Meta-Wiki" in c.talk(new).replace(
        "The organizer", "the organizer")
    assert c.talk(ghost) is None and ghost not in {r["organizer"] for r in c.notices(config)}
    assert re.search(rf"skipped .*{re.escape(away)}\]\] redirects to .*not a user talk page",
                     c.printed)
    assert re.search(rf"skipped .*{re.escape(twice)}\]\] redirects to .*a redirect", c.printed)


def test_export_shows_the_record_of_notices(campaign, capsys):
    import json

    import bot
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    config = c.config()
    assert c.run(config) == 0, c.printed
    assert bot.main(["export", "--config", config.path, "--what", "notices", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["organizer"], r["outcome"], r["target"]) for r in rows] == [
        ("results", ana, "saved", f"meta:User talk:{ana}")]
    assert bot.main(["export", "--config", config.path, "--what", "notices"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "kind,event,name,country,organizer,key,posted_at,outcome,target"
    # the event by its key, its name and its country, as in every export
    page = c.event_page('Stockholm')   # the row has no name of its own: its page names it
    assert lines[1].startswith(f"results,{page},{page},Sweden,{ana},")


def test_the_marker_names_the_campaign_so_a_second_campaign_listing_the_event_tells_too(campaign,
                                                                                         tmp_path):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    first = c.config()
    assert c.run(first) == 0, c.printed
    assert f"<!-- wikigapbot-notice: results | Notify test {c.prefix} | {c.event_page('Stockholm')}" \
        " | results -->" in c.talk(ana)
    other = replace(c, folder=tmp_path / "second", output=[])
    other.folder.mkdir()
    second = load_config(campaign_yaml(
        c.sandbox, other.folder, f"{c.prefix}/Events", name=f"Second campaign {c.prefix}",
        notify={"wiki": "meta", "after_end_days": 7, "max_per_run": 20}))
    assert other.run(second) == 0, other.printed
    assert c.revisions(ana) == 2 and c.talk(ana).count("wikigapbot-notice: results") == 2
    assert other.run(second) == 0 and c.revisions(ana) == 2      # each campaign once


def test_a_notice_already_posted_in_the_earlier_marker_form_is_not_posted_again(campaign):
    c = campaign
    ana = c.user("Ana")
    ended_event(c, (ana,))
    old = (f"== Notify test: the results of Stockholm ==\n"
           f"<!-- wikigapbot-notice: results | {c.event_page('Stockholm')} | results -->\n"
           "Numbers. [[User:WikiGapBot|WikiGapBot]] 09:00, 1 June 2021 (UTC)\n")
    c.meta.load_page(f"User talk:{ana}", old)
    config = c.config()
    assert c.run(config) == 0, c.printed
    assert c.revisions(ana) == 1                   # the upgrade posts nothing again
    assert [(r["kind"], r["outcome"]) for r in c.notices(config)] == [("results", "unchanged")]
