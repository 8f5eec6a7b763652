"""What a run did, as data: each write's outcome, each task's result, the run's report.

The runner, `bot.py`, the state's run history, the notice record and the demo
all read these objects; none of them parses text the bot printed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How one write ended. The values are the words staff see in the output."""

    SAVED = "saved"          # the wiki has the bot's change
    UNCHANGED = "unchanged"  # nothing to change (or the notice is already there)
    DRY_RUN = "dry-run"      # shown, not written
    SKIPPED = "skipped"      # not tried: opted out, run page says stop, no such user
    CONFLICT = "conflict"    # edit conflicts every time it was tried
    REFUSED = "refused"      # the wiki said no to this write (block, protection, filter, list)
    FAILED = "failed"        # the write broke or the wiki could not be reached

    @property
    def bad(self) -> bool:
        """Tell whether this outcome makes its task fail."""
        return self in (Kind.CONFLICT, Kind.REFUSED, Kind.FAILED)


class Action(StrEnum):
    """Which of the publisher's three write paths produced an outcome."""

    EDIT = "edit"
    NOTICE = "notice"
    UPLOAD = "upload"


@dataclass(frozen=True)
class Outcome:
    """One write's result: its kind, where, and (for anything but a save) why.

    ``label`` names what was written when a page alone does not say it: a
    notice is ``results WikiGap/2021/Brazil → Ana Pereira`` (several notices
    go to one talk page), and the printed line names it instead of the page.
    ``of_text`` marks a refusal of the text itself (an abuse filter, the spam or
    title list, a size limit): the same text meets the same no, so a refused
    notice waits a day; a block or a protection may be lifted before the next run.
    """

    kind: Kind
    wiki: str
    title: str
    detail: str = ""
    action: Action = Action.EDIT
    label: str = ""
    of_text: bool = False

    def __str__(self) -> str:
        extra = f": {self.detail}" if self.detail else ""
        where = self.label or f"{self.wiki}: [[{self.title}]]"
        return f"{self.kind:9} {where}{extra}"


@dataclass(frozen=True)
class TaskRun:
    """One task's result within a run: ok or not, why, its writes and how long it took."""

    name: str
    ok: bool
    message: str
    seconds: float
    outcomes: tuple[Outcome, ...] = ()
    requests: int = 0
    problems: int = 0
    skipped: bool = False   # not run: what it needs (a snapshot) an earlier task did not make

    def counts(self) -> dict[str, int]:
        """Count this task's writes by kind, for the run history."""
        return dict(Counter(str(o.kind) for o in self.outcomes))


@dataclass(frozen=True)
class RunReport:
    """A whole run: its tasks in order and why writing stopped, if it did."""

    tasks: tuple[TaskRun, ...] = ()
    stopped: str | None = None
    dry_run: bool = False

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """Every write of the run, in order (each was made by one of its tasks)."""
        return tuple(o for task in self.tasks for o in task.outcomes)

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tasks)

    @property
    def status(self) -> int:
        """The command's exit status: 0 when every task succeeded, else 1."""
        return 0 if self.ok else 1

    def counts(self) -> Counter:
        """Count every write of the run by kind."""
        return Counter(o.kind for o in self.outcomes)
