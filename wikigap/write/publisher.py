"""The one place where wiki writes happen: tasks plan writes, this applies them.

Page edits, new talk-page sections and uploads all pass one gate
(:meth:`Publisher._gate`): stop request, run page, opt-out, no change, dry run,
read-only wiki. It also owns reading before saving (so the wiki refuses a save
over a newer revision), retry on edit conflict with the change re-applied to
the fresh text, and the outcome of every write. A guard in one place cannot leak.
"""
from __future__ import annotations

import dataclasses
import difflib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wikigap.outcomes import Action, Kind, Outcome
from wikigap.wikis.errors import Blocked, EditConflict, Refused, WikiError, describe
from wikigap.write.regions import (
    RegionError,
    begin_marker,
    end_marker,
    read_region,
    replace_region,
)
from wikigap.write.render import same_but_time

if TYPE_CHECKING:  # the adapter's type only; this module never calls pywikibot
    from wikigap.wikis.wiki import Wiki

log = logging.getLogger(__name__)

RUN_WORDS = {"true", "yes", "run"}
#: The detail of a write refused because the bot's block on its wiki was said above.
BLOCKED_ABOVE = "not tried: the bot's account is blocked there (said above)"


@dataclass(frozen=True)
class PageEdit:
    """A planned change to a page: ``change`` maps the current text to the new one.

    ``change`` is called again on fresh text after an edit conflict, so it must
    be a pure function of the text. ``same`` decides whether a change is worth
    an edit (e.g. ignoring a new time stamp alone); by default, equal text.
    """

    wiki: str
    title: str
    change: Callable[[str | None], str]
    summary: str
    same: Callable[[str, str], bool] | None = None


@dataclass(frozen=True)
class Notice:
    """A planned new talk-page section; ``marker`` is its hidden once-only comment."""

    wiki: str
    title: str
    heading: str
    text: str
    marker: str
    summary: str
    kind: str = ""
    event: str = ""
    organizer: str = ""
    key: str = ""
    resend: bool = False   # staff asked for it again: posted even though its marker is there


@dataclass(frozen=True)
class FileUpload:
    """A planned file upload (the progress chart): skipped when the wiki has the same bytes."""

    wiki: str
    filename: str
    content: bytes
    summary: str


@dataclass
class Publisher:
    """Apply planned writes to the wikis named in the config.

    ``wikis`` maps a config wiki name to its adapter (:class:`wikigap.wikis.wiki.Wiki`).
    ``before_save`` lets a test act between the read and the save, as a human
    editing at that moment would; ``halt`` is the scheduler's stop request.
    """

    wikis: Callable[[str], Wiki]
    dry_run: bool = False
    run_page: tuple[str, str] | None = None
    echo: Callable[[str], None] = print
    before_save: Callable[[PageEdit], None] | None = None
    halt: Callable[[], bool] | None = None
    conflict_retries: int = 3
    outcomes: list[Outcome] = field(default_factory=list)
    _stopped: str | None = field(default=None, init=False)
    _read_only: dict[str, str | None] = field(default_factory=dict, init=False)
    _blocks: dict[str, Blocked | None] = field(default_factory=dict, init=False)
    _blocks_said: set[str] = field(default_factory=set, init=False)
    _checked_run_page: bool = field(default=False, init=False)
    run_page_missing: bool = field(default=False, init=False)

    def stopped(self) -> str | None:
        """Say why writing is stopped by the run page, or None when it may write.

        A page that says anything but a run word is a deliberate stop; a
        page that does not exist is a mistake (a typo in ``run_page``), so
        ``run_page_missing`` makes every refused write a failure, not a skip.
        """
        if self.run_page and not self._checked_run_page:
            wiki, title = self.run_page
            text = self.wikis(wiki).read_page(title)
            word = (text or "").strip().lower()
            if text is None:
                self.run_page_missing = True
                self._stopped = (f"the run page [[{title}]] on {wiki} does not exist; create "
                                 f"[[{title}]] with the word true to let the bot write "
                                 "(or correct run_page in the config)")
            elif word not in RUN_WORDS:
                shown = text.strip()[:40] or "empty"
                self._stopped = (f"the run page [[{title}]] on {wiki} says '{shown}'; "
                                 f"write 'true' there to let the bot write")
            self._checked_run_page = True
        return self._stopped

    def _refusal(self) -> str | None:
        """Say why no write may start now: the run page, or a stop request (SIGTERM).

        A dry run writes nothing anyway, so it shows its diffs even while the
        run page says stop: that is when staff try the bot first.
        """
        if self.halt and self.halt():
            return "stopping: the bot was asked to stop; the next run will do this"
        reason = None if self.dry_run else self.stopped()
        return f"stopped: {reason}" if reason else None

    # The three write paths

    def edit(self, plan: PageEdit) -> Outcome:
        """Apply one planned page edit and record its outcome."""
        return self._write(Action.EDIT, plan.wiki, plan.title, lambda: self._edit(plan))

    def notice(self, notice: Notice) -> Outcome:
        """Post a notice once: never twice, never past {{nobots}}."""
        return self._write(Action.NOTICE, notice.wiki, notice.title, lambda: self._notice(notice),
                           notice_label(notice))

    def upload(self, plan: FileUpload) -> Outcome:
        """Upload a file under the same guards as page edits."""
        return self._write(Action.UPLOAD, plan.wiki, f"File:{plan.filename}",
                           lambda: self._upload(plan))

    def _write(self, action: Action, wiki: str, title: str,
               attempt: Callable[[], Outcome], label: str = "") -> Outcome:
        """Run one write path under the run-wide refusal; any error ends this write only."""
        refusal = self._refusal()
        if refusal:
            kind = Kind.FAILED if self.run_page_missing and not self.dry_run else Kind.SKIPPED
            return self._record(Outcome(kind, wiki, title, refusal, action, label))
        blocked = self._blocked(wiki, title)
        if blocked is not None:
            return self._record(dataclasses.replace(blocked, action=action, label=label),
                                quiet=blocked.detail == BLOCKED_ABOVE)
        try:
            outcome = attempt()
        except RegionError as err:
            outcome = Outcome(Kind.FAILED, wiki, title, str(err))
        except Refused as err:   # the wiki said no: its reason in words, no traceback
            outcome = self._refused(wiki, title, err)
        except Exception as err:  # a wiki error (or a bug) ends this write, never the run
            log.debug("%s failed", action, exc_info=True)
            outcome = Outcome(Kind.FAILED, wiki, title, self._describe(wiki, err))
        return self._record(dataclasses.replace(outcome, action=action, label=label))

    def _blocked(self, wiki: str, title: str) -> Outcome | None:
        """Refuse a write to a wiki where the bot's account is blocked from editing at all.

        The login's user info carries the block (no request of its own); the
        first refused write says it, with who, why and until when; the others
        are kept as refused without a line each. A partial block refuses only
        its pages, when the wiki answers so.
        """
        if self.dry_run:
            return None
        if wiki not in self._blocks:
            try:
                self._blocks[wiki] = self.wikis(wiki).account_block()
            except WikiError:   # the write itself meets (and reports) the same failure
                self._blocks[wiki] = None
        block = self._blocks[wiki]
        if block is None or not block.sitewide:
            return None
        if wiki in self._blocks_said:
            return Outcome(Kind.REFUSED, wiki, title, BLOCKED_ABOVE)
        self._blocks_said.add(wiki)
        return Outcome(Kind.REFUSED, wiki, title, self._nothing_more(wiki, block))

    def _refused(self, wiki: str, title: str, err: Refused) -> Outcome:
        """The wiki's no as an outcome; a sitewide block stops every later write to that wiki."""
        if isinstance(err, Blocked) and err.sitewide:
            self._blocks[wiki] = err
            self._blocks_said.add(wiki)
            return Outcome(Kind.REFUSED, wiki, title, self._nothing_more(wiki, err))
        return Outcome(Kind.REFUSED, wiki, title, str(err), of_text=err.of_text)

    @staticmethod
    def _nothing_more(wiki: str, block: Blocked) -> str:
        return f"{block}; nothing more is written to {wiki} in this run"

    def _gate(self, wiki: str, title: str, opt_out: str | None, unchanged: bool,
              show: Callable[[], str]) -> Outcome | None:
        """Decide whether a write may go ahead; the Outcome that ends it if not.

        In order: the page opts out (as the adapter read it: pywikibot's rule),
        nothing would change, dry run (show what would be written), the wiki is
        read-only.
        """
        if opt_out:
            return Outcome(Kind.SKIPPED, wiki, title, opt_out)
        if unchanged:
            return Outcome(Kind.UNCHANGED, wiki, title)
        if self.dry_run:
            self.echo(show())
            return Outcome(Kind.DRY_RUN, wiki, title)
        if self.read_only(wiki):
            return Outcome(Kind.FAILED, wiki, title, self._locked(wiki))
        return None

    def _edit(self, plan: PageEdit) -> Outcome:
        """Read, change, save; after a conflict or a merge, again on the fresh text.

        When someone saved in between, MediaWiki merges the two edits if it
        can. A line they put inside the region would then stand beside the
        bot's rendering, so a merged save (the new revision's parent is not the
        one read) is checked on the fresh text and corrected until the region
        is exactly what the bot rendered; everything outside stays theirs.
        """
        wiki, merged, attempt = self.wikis(plan.wiki), False, 0
        while attempt < self.conflict_retries or merged:   # a merged save is always checked
            attempt += 1
            result = self._try_edit(wiki, plan, merged, attempt)
            if isinstance(result, Outcome):
                return result
            merged = result
            if attempt > self.conflict_retries:             # the check itself met an edit
                break
        return Outcome(Kind.CONFLICT, plan.wiki, plan.title, self._conflict_detail(merged))

    def _try_edit(self, wiki: Wiki, plan: PageEdit, merged: bool, attempt: int) -> Outcome | bool:
        """Read, change and save once: an Outcome ends the edit; True the wiki merged, False refused."""
        loaded = wiki.load_for_edit(plan.title)
        old, new = loaded.text, plan.change(loaded.text)
        if merged and new == old:
            return Outcome(Kind.SAVED, plan.wiki, plan.title)
        same = old is not None and (new == old or (plan.same is not None and plan.same(old, new)))
        blocked = self._gate(plan.wiki, plan.title, loaded.opt_out, same,
                             lambda: unified_diff(plan.wiki, plan.title, old or "", new))
        if blocked:
            return Outcome(Kind.SAVED, plan.wiki, plan.title) if merged and same else blocked
        if self.before_save:
            self.before_save(plan)
        try:
            saved = wiki.save(loaded, new, plan.summary)
        except EditConflict:
            log.warning("edit conflict on [[%s]] (attempt %d); re-reading", plan.title, attempt)
            time.sleep(0.5 * attempt)
            return False
        if loaded.revid is None or saved.parent == loaded.revid:
            return Outcome(Kind.SAVED, plan.wiki, plan.title)
        log.warning("[[%s]]: the wiki merged the bot's edit with another (attempt %d); "
                    "checking the region on the fresh text", plan.title, attempt)
        return True

    def _conflict_detail(self, merged: bool) -> str:
        """Say what happened after the last try and what staff can do."""
        state = ("the last save was merged with their edit, so their text may stand inside the "
                 "bot's region" if merged else "the page is as they last saved it")
        return (f"someone edited the page before each of {self.conflict_retries} saves "
                f"(conflict_retries); {state}. Run the task again when they are done.")

    def _notice(self, notice: Notice) -> Outcome:
        wiki = self.wikis(notice.wiki)
        talk = wiki.resolve_talk_page(notice.title)
        title = talk.title
        if title is None:
            return Outcome(Kind.SKIPPED, notice.wiki, notice.title,
                           talk.reason or "no such user talk page")
        if talk.text is not None and notice.marker in talk.text and not notice.resend:
            return Outcome(Kind.UNCHANGED, notice.wiki, title, "already on the page")
        blocked = self._gate(notice.wiki, title, talk.opt_out, False,
                             lambda: f"--- notice to [[{title}]] on {notice.wiki}: "
                                     f"== {notice.heading} ==\n{notice.text}\n")
        if blocked:
            return blocked
        wiki.add_section(title, notice.heading, notice.text, notice.summary)
        return Outcome(Kind.SAVED, notice.wiki, title, f"posted on [[{title}]]")

    def _upload(self, plan: FileUpload) -> Outcome:
        title = f"File:{plan.filename}"
        blocked = self._gate(plan.wiki, title, None, False,
                             lambda: f"--- would upload [[{title}]] on {plan.wiki} "
                                     f"({len(plan.content)} bytes)")
        if blocked:
            return blocked
        changed = self.wikis(plan.wiki).upload_file(plan.filename, plan.content, plan.summary)
        return Outcome(Kind.SAVED if changed else Kind.UNCHANGED, plan.wiki, title)

    # Wiki state and records

    def read_only(self, wiki: str) -> str | None:
        """Ask once per run whether a wiki is read-only.

        pywikibot retries a read-only wiki for many minutes before it gives
        up without saying why; asking first turns that into a clear failure.
        """
        if wiki not in self._read_only:
            self._read_only[wiki] = self.wikis(wiki).read_only_reason()
        return self._read_only[wiki]

    def _locked(self, wiki: str) -> str:
        return (f"{wiki} is read-only ({self._read_only[wiki]}); nothing was changed, "
                "the next run will try again")

    def _describe(self, wiki: str, err: Exception) -> str:
        """Turn a wiki error into one line staff can act on, naming a read-only wiki."""
        self._read_only.pop(wiki, None)
        if self.read_only(wiki):
            return self._locked(wiki)
        return str(err) if isinstance(err, WikiError) else describe(err)

    def _record(self, outcome: Outcome, quiet: bool = False) -> Outcome:
        """Keep the outcome and print it, once, as it happens (the log file gets it too).

        ``quiet``: kept and logged, not printed (a write refused for a block
        already said).
        """
        self.outcomes.append(outcome)
        log.info("%s", outcome)
        if not quiet:
            self.echo(f"  {outcome}")
        return outcome


def notice_label(notice: Notice) -> str:
    """Name a notice as staff read it: ``results WikiGap/2021/Brazil → Ana Pereira``."""
    if not notice.kind:
        return ""
    return f"{notice.kind} {notice.event} → {notice.organizer}".strip()


def unified_diff(wiki: str, title: str, old: str, new: str) -> str:
    """Show a page change the way a reviewer reads it."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"{wiki}:{title} (now)", f"{wiki}:{title} (bot)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def region_edit(wiki: str, title: str, marker: str, content: str, summary: str,
                create: bool = False, where: str = "") -> PageEdit:
    """Plan the replacement of a marked region, skipped when only the update time changed.

    A page people own must exist with the markers they placed: a missing one
    is a RegionError naming the fix (``where`` says where the markers go). A
    page the bot owns (``create``: a leaderboard, a results draft) is made
    holding only the region.
    """
    def change(old: str | None) -> str:
        if old is None and create:
            old = f"{begin_marker(marker)}\n{end_marker(marker)}\n"
        if old is None:
            raise RegionError(marker, f"[[{title}]] does not exist; create it with the bot's "
                              f"'{marker}' markers" + (f" {where}" if where else ""))
        return replace_region(old, marker, content)

    def same(old: str, new: str) -> bool:
        return same_but_time(read_region(old, marker), read_region(new, marker))

    return PageEdit(wiki, title, change, summary, same)
