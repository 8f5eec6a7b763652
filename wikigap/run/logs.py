"""Where log records go: a file under the state folder, else standard error; the console with ``-v``.

What a run did is printed by the runner, one line per outcome; the log is for
later: every page read, every pywikibot login, sleep and retry, and a failed
task's traceback, with UTC times, in ``logs/wikigapbot.log`` beside the state
file (rotated at 5 MB, five kept). A state in a database has no folder (a
Toolforge pod keeps no file): the log then goes to standard error, where
``toolforge jobs logs`` shows it (:func:`for_state`). ``bot.py schedule`` also
prints its job lines (the scheduler's own logger) on the console, as its output.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from pathlib import Path

from wikigap.wikis import wiki

LOG_FILE = "wikigapbot.log"
#: Loggers shown on the console without -v: the scheduler's job lines are its output.
CONSOLE_LOGGERS = ("wikigap.run.scheduler",)
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _Console(logging.StreamHandler):
    """Write to whatever ``sys.stderr`` is when a record comes, not what it was at set-up.

    A run started from Python (the tests, the demo) may swap ``sys.stderr``
    and close the old one; a handler holding it would then fail on every record.
    """

    wikigap_console = True

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class _ConsoleFilter(logging.Filter):
    """Without -v, let only the scheduler's lines through to the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name in CONSOLE_LOGGERS


def to_console(verbose: bool) -> None:
    """Set the console handler: everything at debug with -v, else only the scheduler's lines."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "wikigap_console", False):
            root.removeHandler(handler)
    handler = _Console()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        handler.addFilter(_ConsoleFilter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)             # other libraries' debug detail stays out
    logging.getLogger("wikigap").setLevel(logging.DEBUG if verbose else logging.INFO)


def for_state(config, verbose: bool) -> Path | None:
    """Log beside a state file, or to standard error when the state is a database; give the file."""
    if not config.state_in_database:
        return to_file(config.state_path.parent / "logs", verbose)
    to_stderr(verbose)
    return None


def to_stderr(verbose: bool) -> None:
    """Send the whole log (pywikibot's too) to standard error, UTC times: a pod's log."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "wikigap_pod_log", False):
            return
    if verbose:       # -v's console handler shows everything already
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.wikigap_pod_log = True   # type: ignore[attr-defined]
    formatter = logging.Formatter(_FORMAT, "%Y-%m-%d %H:%M:%S UTC")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    wiki.route_pywikibot_logs(handler, console=False)


def to_file(folder: Path, verbose: bool) -> Path:
    """Add the log file under ``folder`` (made if missing), pywikibot's records included."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=5 << 20, backupCount=5,
                                                   encoding="utf-8")
    formatter = logging.Formatter(_FORMAT, "%Y-%m-%d %H:%M:%S UTC")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.addHandler(handler)
    wiki.route_pywikibot_logs(handler, console=verbose)
    return path
