"""The one place where wiki writes happen: tasks plan edits, this applies them.

It owns the run-page switch, reading before saving (so the wiki refuses a
save over a newer revision), the no-change check, the dry-run guard, retry on
edit conflict with the change re-applied to the fresh text, ``{{nobots}}``,
and the outcome of every write. A guard in one place cannot leak.
"""
from __future__ import annotations

import difflib
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from wikigap import bots
from wikigap.regions import RegionError

log = logging.getLogger(__name__)

SAVED, UNCHANGED, DRY_RUN, SKIPPED, CONFLICT, FAILED = (
    "saved", "unchanged", "dry-run", "skipped", "conflict", "failed")
RUN_WORDS = {"true", "yes", "run"}


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


@dataclass(frozen=True)
class FileUpload:
    """A planned file upload (the progress chart): skipped when the wiki has the same bytes."""

    wiki: str
    filename: str
    content: bytes
    summary: str


@dataclass(frozen=True)
class Outcome:
    kind: str
    wiki: str
    title: str
    detail: str = ""

    def __str__(self) -> str:
        extra = f": {self.detail}" if self.detail else ""
        return f"{self.kind:9} {self.wiki}: [[{self.title}]]{extra}"


@dataclass
class Publisher:
    """Apply planned writes to the wikis named in the config.

    ``sites`` maps a config wiki name to a pywikibot site; ``edit_api`` is the
    module with load/save functions (wikigap.wiki), passed in so this module
    stays free of pywikibot imports. ``before_save`` lets a test act between
    the read and the save, as a human editing at that moment would.
    """

    sites: Callable[[str], object]
    edit_api: object
    account: str
    dry_run: bool = False
    run_page: tuple[str, str] | None = None
    echo: Callable[[str], None] = print
    before_save: Callable[[PageEdit], None] | None = None
    halt: Callable[[], bool] | None = None
    conflict_retries: int = 3
    outcomes: list[Outcome] = field(default_factory=list)
    _stopped: str | None = field(default=None, init=False)
    _read_only: dict[str, str | None] = field(default_factory=dict, init=False)
    _checked_run_page: bool = field(default=False, init=False)

    def stopped(self) -> str | None:
        """Say why writing is stopped by the run page, or None when it may write."""
        if self.run_page and not self._checked_run_page:
            wiki, title = self.run_page
            text = self.edit_api.read_page(self.sites(wiki), title)
            word = (text or "").strip().lower()
            if word not in RUN_WORDS:
                shown = (text or "").strip()[:40] or "missing or empty"
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

    def edit(self, plan: PageEdit) -> Outcome:
        """Apply one planned page edit and record its outcome."""
        refusal = self._refusal()
        if refusal:
            return self._record(Outcome(SKIPPED, plan.wiki, plan.title, refusal))
        try:
            return self._record(self._edit(plan))
        except RegionError as err:
            return self._record(Outcome(FAILED, plan.wiki, plan.title, str(err)))
        except Exception as err:  # a wiki error ends this write, never the run
            log.debug("write failed", exc_info=True)
            return self._record(Outcome(FAILED, plan.wiki, plan.title,
                                        self._describe(plan.wiki, err)))

    def _edit(self, plan: PageEdit) -> Outcome:
        site = self.sites(plan.wiki)
        for attempt in range(1, self.conflict_retries + 1):
            loaded = self.edit_api.load_for_edit(site, plan.title)
            old = loaded.text
            if old is not None and not bots.allowed(old, self.account):
                return Outcome(SKIPPED, plan.wiki, plan.title, "opted out ({{nobots}} or {{bots}})")
            new = plan.change(old)
            if old is not None and (new == old or (plan.same and plan.same(old, new))):
                return Outcome(UNCHANGED, plan.wiki, plan.title)
            if self.dry_run:
                self.echo(unified_diff(plan.wiki, plan.title, old or "", new))
                return Outcome(DRY_RUN, plan.wiki, plan.title)
            if self.read_only(plan.wiki):
                return Outcome(FAILED, plan.wiki, plan.title, self._locked(plan.wiki))
            if self.before_save:
                self.before_save(plan)
            try:
                self.edit_api.save(loaded, new, plan.summary)
                return Outcome(SAVED, plan.wiki, plan.title)
            except Exception as err:
                if not _is_conflict(err):
                    raise
                log.warning("edit conflict on [[%s]] (attempt %d); re-reading", plan.title, attempt)
                time.sleep(0.5 * attempt)
        return Outcome(CONFLICT, plan.wiki, plan.title,
                       f"edit conflict {self.conflict_retries} times; try again later")

    def notice(self, notice: Notice) -> Outcome:
        """Post a notice once: never twice, never past {{nobots}}."""
        refusal = self._refusal()
        if refusal:
            return self._record(Outcome(SKIPPED, notice.wiki, notice.title, refusal))
        try:
            return self._record(self._notice(notice))
        except Exception as err:
            log.debug("notice failed", exc_info=True)
            return self._record(Outcome(FAILED, notice.wiki, notice.title,
                                        self._describe(notice.wiki, err)))

    def _notice(self, notice: Notice) -> Outcome:
        site = self.sites(notice.wiki)
        title, text = self.edit_api.resolve_talk_page(site, notice.title)
        if title is None:
            return Outcome(SKIPPED, notice.wiki, notice.title, text or "no such user talk page")
        if text is not None and notice.marker in text:
            return Outcome(UNCHANGED, notice.wiki, title, "already posted")
        if text is not None and not bots.allowed(text, self.account):
            return Outcome(SKIPPED, notice.wiki, title, "opted out ({{nobots}} or {{bots}})")
        if self.dry_run:
            self.echo(f"--- notice to [[{title}]] on {notice.wiki}: == {notice.heading} ==\n"
                      f"{notice.text}\n")
            return Outcome(DRY_RUN, notice.wiki, title)
        self.edit_api.add_section(site, title, notice.heading, notice.text, notice.summary)
        return Outcome(SAVED, notice.wiki, title)

    def upload(self, plan: FileUpload) -> Outcome:
        """Upload a file under the same guards as page edits."""
        title = f"File:{plan.filename}"
        refusal = self._refusal()
        if refusal:
            return self._record(Outcome(SKIPPED, plan.wiki, title, refusal))
        if self.dry_run:
            self.echo(f"--- would upload [[{title}]] on {plan.wiki} ({len(plan.content)} bytes)")
            return self._record(Outcome(DRY_RUN, plan.wiki, title))
        try:
            changed = self.edit_api.upload_file(self.sites(plan.wiki), plan.filename,
                                                plan.content, plan.summary)
        except Exception as err:  # an upload error ends this write, never the run
            return self._record(Outcome(FAILED, plan.wiki, title, self._describe(plan.wiki, err)))
        return self._record(Outcome(SAVED if changed else UNCHANGED, plan.wiki, title))

    def read_only(self, wiki: str) -> str | None:
        """Ask once per run whether a wiki is read-only.

        pywikibot retries a read-only wiki for many minutes before it gives
        up without saying why; asking first turns that into a clear failure.
        """
        if wiki not in self._read_only:
            self._read_only[wiki] = self.edit_api.read_only_reason(self.sites(wiki))
        return self._read_only[wiki]

    def _locked(self, wiki: str) -> str:
        return (f"{wiki} is read-only ({self._read_only[wiki]}); nothing was changed, "
                "the next run will try again")

    def _describe(self, wiki: str, err: Exception) -> str:
        """Turn a wiki error into one line staff can act on, naming a read-only wiki."""
        self._read_only.pop(wiki, None)
        if self.read_only(wiki):
            return self._locked(wiki)
        return f"{type(err).__name__}: {' '.join(str(err).split())[:300]}"

    def _record(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        log.info("%s", outcome)
        return outcome

    def counts(self) -> Counter:
        return Counter(o.kind for o in self.outcomes)

    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind in (FAILED, CONFLICT)]


def unified_diff(wiki: str, title: str, old: str, new: str) -> str:
    """Show a page change the way a reviewer reads it."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"{wiki}:{title} (now)", f"{wiki}:{title} (bot)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _is_conflict(err: Exception) -> bool:
    """Recognise pywikibot's EditConflictError (and subclasses) without importing it."""
    return any(cls.__name__ == "EditConflictError" for cls in type(err).__mro__)
