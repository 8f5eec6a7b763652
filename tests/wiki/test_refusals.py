"""The wiki says no: a blocked bot, a protected page, an abuse filter, a lost session.

These tests boot their own wiki set (not the session's shared sandbox): its
Meta loads the extensions Debian's mediawiki package ships (AbuseFilter,
SpamBlacklist, TitleBlacklist, Renameuser; update.php makes their tables),
and blocking the bot there must not touch other tests. Everything is made
with MediaWiki's own machinery: blockUsers.php, protect.php,
invalidateUserSessions.php, a disallowing filter written into AbuseFilter's
tables as its schema has them.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sandbox_campaign import campaign_yaml

from sandbox import ImportedRevision, Sandbox
from sandbox.config import BOT_USER
from tasks import TASKS
from wikigap.config import Config, load_config
from wikigap.run import check, listing, runner
from wikigap.store.noticebook import NoticeBook
from wikigap.store.state import State
from wikigap.wikis.errors import Refused
from wikigap.wikis.wiki import Wiki

BUNDLED = ("AbuseFilter", "SpamBlacklist", "TitleBlacklist", "Renameuser")
STATUS = "<!-- wikigapbot:begin status -->\n<!-- wikigapbot:end status -->\n"
REPORT = "{{Lägesrapport\n|uppdaterad=\n}}\n* T.1.1 - 0/100 artiklar\n" \
         "<!-- wikigapbot:begin wikigapbot -->\n" \
         "<!-- wikigapbot:end wikigapbot -->\n"
TASK_NAMES = ["tally", "status-table", "progress-report", "notify"]
#: What the operator must never read: pywikibot's site id of a URL wiki, class names, dicts.
LEAKS = re.compile(r"\bu[0-9a-f]{10}\b|[A-Z][a-z]+(Error|Exception)\b|\{'|blockinfo")


@pytest.fixture(scope="module")
def refusing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A wiki set of its own: Meta with the bundled extensions, en with Renameuser, se and
    Wikidata plain (the campaign's events are English: no other Wikipedia is booted)."""
    sb = Sandbox(tmp_path_factory.mktemp("refusing"))
    sb.add("meta", bundled=BUNDLED)
    for name in ("se", "en", "wikidata"):   # the events are English: no pt, sv to boot
        sb.add(name, bundled=("Renameuser",) if name == "en" else ())
    with sb:
        sb.start()
        yield sb


class Campaign:
    """One test's campaign: an ended event with two organizers, a status table on Meta and
    the progress report on se."""

    def __init__(self, sb: Sandbox, folder: Path, prefix: str) -> None:
        self.sb, self.folder, self.prefix = sb, folder, prefix
        self.output: list[str] = []
        self.organizers = (f"{prefix} Ada", f"{prefix} Bea")
        self.status, self.report = f"{prefix}/Status", f"Projekt:{prefix}"

    def set_up(self) -> Config:
        writer = f"{self.prefix} Writer"
        for wiki in ("meta", "en"):
            self.sb[wiki].create_users([writer, *self.organizers])
        people = ", ".join(f"[[User:{o}|{o}]]" for o in self.organizers)
        self.sb["meta"].load_pages([
            (f"{self.prefix}/Events", "{| class=\"wikitable\"\n! Country !! City !! Date !! "
             "Organizer(s) !! Language(s) !! Event page\n|-\n| Sweden || Stockholm || "
             f"8 March 2021 || {people} || en || [[{self.prefix}/Stockholm]]\n|}}"),
            (f"{self.prefix}/Stockholm", f"== Participants ==\n# [[User:{writer}]]\n"),
            (self.status, STATUS)])
        self.sb["se"].load_page(self.report, REPORT)
        self.sb["en"].import_revisions([ImportedRevision(
            f"{self.prefix} Karin", "Karin was a Swedish painter. " * 5, writer,
            datetime(2021, 3, 8, 12, 0))])
        return self.set_up_config_only()

    def set_up_config_only(self) -> Config:
        """The campaign's config (state in this campaign's folder), its pages as they are."""
        wikis = {**self.sb.wikis, "pt": self.sb["en"], "sv": self.sb["en"]}   # never read
        return load_config(campaign_yaml(
            wikis, self.folder, f"{self.prefix}/Events", name=f"Refusals {self.prefix}",
            status_tables=[{"wiki": "meta", "page": self.status, "marker": "status",
                            "language": "en"}],
            progress_report={"wiki": "se", "page": self.report, "template": "Lägesrapport",
                             "updated_param": "uppdaterad", "marker": "wikigapbot",
                             "goals": {"T.1.1": "articles_created"}},
            notify={"wiki": "meta", "after_end_days": 7, "max_per_run": 20}))

    def run(self, config: Config) -> int:
        self.output.clear()
        return runner.run_tasks(config, TASK_NAMES, TASKS,
                                hooks=runner.RunHooks(echo=self.output.append)).status

    @property
    def printed(self) -> str:
        return "\n".join(self.output)

    def talk_revisions(self, organizer: str) -> int:
        return self.sb["meta"].revision_count(f"User talk:{organizer}")


@pytest.fixture
def campaign(refusing, tmp_path, request) -> Campaign:
    prefix = "Rf" + hashlib.sha1(request.node.name.encode()).hexdigest()[:6]
    return Campaign(refusing, tmp_path, prefix)


def test_blocked_on_meta_writes_se_and_nothing_on_meta_in_a_few_lines(campaign):
    config = campaign.set_up()
    meta = campaign.sb["meta"]
    meta.block(BOT_USER, "Testing the bot's refusals")
    try:
        status = campaign.run(config)
    finally:
        meta.unblock(BOT_USER)
    printed = campaign.printed
    assert status == 1
    assert "|uppdaterad=20" in campaign.sb["se"].page_text(campaign.report)   # se written
    assert meta.page_text(campaign.status).strip() == STATUS.strip()                         # Meta not
    assert all(campaign.talk_revisions(o) == 0 for o in campaign.organizers)
    said = [line for line in campaign.output if "blocked" in line]
    assert 1 <= len(said) <= 3, printed
    assert "Testing the bot's refusals" in said[0] and "Admin" in said[0]
    assert "with no end date" in said[0] and "meta" in said[0]
    assert not LEAKS.search(printed), printed
    with State(config.state_path) as state:
        assert NoticeBook(state).posted() == set() and NoticeBook(state).refused() == []
    assert campaign.run(config) == 0, campaign.printed    # lifted: written the same day
    assert all(campaign.talk_revisions(o) >= 1 for o in campaign.organizers)
    assert "Stockholm" in meta.page_text(campaign.status)


def test_a_protected_status_page_and_a_filtered_notice_are_named_then_written_once(campaign):
    config = campaign.set_up()
    meta = campaign.sb["meta"]
    ada, bea = campaign.organizers
    meta.protect(campaign.status)
    filter_id = meta.add_abuse_filter(
        f'page_namespace == 3 & page_title == "{bea}"', "No bot notices to Bea")
    assert campaign.run(config) == 1
    printed = campaign.printed
    assert re.search(rf"refused\s+meta: \[\[{campaign.status}\]\]: the page is protected "
                     r"\(edit: administrators only, with no end date\)", printed), printed
    assert f"abuse filter {filter_id} (“No bot notices to Bea”)" in printed, printed
    assert not LEAKS.search(printed), printed
    assert meta.page_text(campaign.status).strip() == STATUS.strip()
    each = campaign.talk_revisions(ada)          # Ada's notices, posted once each
    assert each >= 1 and campaign.talk_revisions(bea) == 0
    listed = listing.describe(config, ["notify"])
    assert f"→ {bea}: refused" in listed and "No bot notices to Bea" in listed

    assert campaign.run(config) == 1                      # the same day: not tried again
    assert "refused by meta today" in campaign.printed
    assert campaign.talk_revisions(ada) == each and campaign.talk_revisions(bea) == 0

    meta.unprotect(campaign.status)
    meta.disable_abuse_filter(filter_id)
    meta.invalidate_sessions(BOT_USER)
    _a_day_passes(config)
    assert campaign.run(config) == 0, campaign.printed
    assert "Stockholm" in meta.page_text(campaign.status)
    assert campaign.talk_revisions(ada) == each and campaign.talk_revisions(bea) == each
    with State(config.state_path) as state:
        book = NoticeBook(state)
        assert len(book.posted()) == 2 * each and book.refused() == []
    assert campaign.run(config) == 0                      # and never again
    assert campaign.talk_revisions(ada) == each and campaign.talk_revisions(bea) == each


def test_a_lost_session_is_logged_in_again(campaign):
    config = campaign.set_up()
    assert campaign.run(config) == 0, campaign.printed
    campaign.sb["meta"].invalidate_sessions(BOT_USER)
    campaign.sb["se"].invalidate_sessions(BOT_USER)
    campaign.sb["se"].load_page(campaign.report, REPORT)     # something to write again
    assert campaign.run(config) == 0, campaign.printed
    assert "|uppdaterad=20" in campaign.sb["se"].page_text(campaign.report)


def _a_day_passes(config: Config) -> None:
    """Move the notice record a day back, as if the refusal had been yesterday (UTC)."""
    with sqlite3.connect(config.state_path) as db:
        for row_id, posted_at in db.execute("SELECT id, posted_at FROM notices").fetchall():
            earlier = datetime.fromisoformat(posted_at) - timedelta(days=1)
            db.execute("UPDATE notices SET posted_at = ? WHERE id = ?",
                       (earlier.isoformat(), row_id))


def test_check_online_shows_a_block_and_a_protected_page_as_crosses(campaign):
    config = campaign.set_up()
    meta = campaign.sb["meta"]
    meta.protect(campaign.status)
    meta.block(BOT_USER, "Checking the bot", expiry="2099-01-01T00:00:00Z")
    try:
        checks = check.online(config)
    finally:
        meta.unblock(BOT_USER)
        meta.unprotect(campaign.status)
    crosses = [str(c) for c in checks if not c.ok]
    assert crosses[0] == ("✗ account on meta: the bot's account is blocked from editing by "
                          "Admin (Checking the bot), until 2099-01-01 00:00:00 UTC; ask Admin or "
                          "another administrator of the wiki to lift the block")
    assert any(c.startswith(f"✗ the bot may not edit status table [[{campaign.status}]] on meta: "
                            "the page is protected (edit: administrators only, with no end date)")
               for c in crosses), crosses
    assert not any("Projekt:" in c for c in crosses), "\n".join(crosses)     # se: it may edit
    assert not LEAKS.search("\n".join(crosses)), crosses


def _metrics(config: Config):
    with State(config.state_path) as state:
        snapshot = state.published_snapshot(config.name)
    [result] = snapshot.events
    m = result.metrics
    numbers = (m.signed_up, m.active_participants, m.edits, m.articles_created, m.bytes_added)
    return numbers, sorted(p.user for p in result.participants)


def test_a_participant_renamed_everywhere_after_signing_up_counts_as_if_not_renamed(
        campaign, tmp_path):
    config = campaign.set_up()
    writer, vera = f"{campaign.prefix} Writer", f"{campaign.prefix} Vera"
    for wiki in ("meta", "en"):
        campaign.sb[wiki].create_users([vera])
    campaign.sb["meta"].load_page(f"{campaign.prefix}/Stockholm",
                                  f"== Participants ==\n# [[User:{writer}]]\n# [[User:{vera}]]\n")
    campaign.sb["en"].import_revisions([
        ImportedRevision(f"{campaign.prefix} Signe", "Signe was a Swedish sculptor. " * 7, writer,
                         datetime(2021, 3, 8, 14, 0)),
        ImportedRevision(f"{campaign.prefix} Greta", "Greta was a Swedish poet. " * 6, vera,
                         datetime(2021, 3, 8, 15, 0))])
    assert runner.run_tasks(config, ["tally"], TASKS,
                            hooks=runner.RunHooks(echo=campaign.output.append)).ok
    before, people = _metrics(config)
    assert people == sorted([writer, vera]) and before[2] == 3 and before[3] == 3

    mid, new = f"{campaign.prefix} Writer Mid", f"{campaign.prefix} Writer New"
    vanished = f"Renamed user {campaign.prefix}"
    campaign.sb["meta"].rename_user(writer, mid)          # a chain on the events wiki
    campaign.sb["meta"].rename_user(mid, new)
    campaign.sb["en"].rename_user(writer, new)            # her edits move with her
    for wiki in ("meta", "en"):
        campaign.sb[wiki].rename_user(vera, vanished)     # the right to vanish
    fresh = tmp_path / "after"
    fresh.mkdir()
    again = Campaign(campaign.sb, fresh, campaign.prefix)
    config = again.set_up_config_only()
    assert again.run(config) == 0, again.printed
    after, people = _metrics(config)
    assert after == before and people == sorted([new, vanished])
    assert f"'{writer}' is now '{new}' (renamed)" in again.printed
    assert vera not in again.printed
    talk = campaign.sb["meta"].page_text(f"User talk:{campaign.organizers[0]}")
    assert "renamed after signing up" in talk and f"{writer} → {new}" in talk
    assert vera not in talk and "problem" not in talk.lower()


def test_a_partial_block_refuses_only_its_pages(campaign):
    config = campaign.set_up()
    meta = campaign.sb["meta"]
    meta.block_pages(BOT_USER, [campaign.status], "Not the status page, please")
    try:
        status = campaign.run(config)
    finally:
        meta.unblock(BOT_USER)
    printed = campaign.printed
    assert status == 1
    assert re.search(rf"refused\s+meta: \[\[{campaign.status}\]\]: the bot's account is blocked "
                     r"on some pages by Admin \(Not the status page, please\)", printed), printed
    assert "nothing more is written" not in printed
    assert meta.page_text(campaign.status).strip() == STATUS.strip()
    assert all(campaign.talk_revisions(o) >= 1 for o in campaign.organizers)   # notices went
    assert "|uppdaterad=20" in campaign.sb["se"].page_text(campaign.report)
    assert not LEAKS.search(printed), printed


def test_the_spam_and_title_lists_refuse_in_words(refusing):
    meta = refusing["meta"]
    meta.spam_blacklist(r"spam\.example\.org")
    meta.load_page("MediaWiki:Titleblacklist", "Rf.*Forbidden.*\n")
    adapter = Wiki(meta.api_url, "meta")
    with pytest.raises(Refused) as spam:
        adapter.add_section("User talk:Rf Spam", "Hello", "See http://spam.example.org/offer",
                            "test")
    assert str(spam.value).startswith("the text has a link on the wiki's spam blacklist "
                                      "(spam.example.org")
    with pytest.raises(Refused) as title:
        adapter.save(adapter.load_for_edit("Rf Forbidden page"), "text", "test")
    assert "title blacklist" in str(title.value)
    for said in (str(spam.value), str(title.value)):
        assert not LEAKS.search(said), said
    assert meta.page_text("Rf Forbidden page") is None
