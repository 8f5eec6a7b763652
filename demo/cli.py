"""`python bot.py demo`: the whole bot on local wikis, with a sample campaign.

Boots throw-away MediaWiki wikis (Meta, se.wikimedia.org, five Wikipedias and
a stand-in for Wikidata)
from :mod:`sandbox`, loads the WikiGap 2021 sample from ``demo/`` (pages as
files, the Wikipedias' March 2021 history as a seeded recipe), writes a
campaign YAML and a pywikibot folder of its own next to the wikis, runs
``all`` with ``views`` (page views from a local double of the pageviews API)
and prints what happened and where to look.
"""
from __future__ import annotations

import logging
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from demo.campaign import WIKIS
from demo.report import report
from demo.run import DemoError, run_demo
from wikigap.config import ROOT


def serve_until_stopped(echo: Callable[[str], None] = print) -> None:
    """Block until Ctrl-C or SIGTERM, then return so the caller can stop the wikis."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    echo("Serving the wikis and the pageviews and Dashboard doubles; press Ctrl-C to stop them.")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    echo("Stopping the wikis and the doubles.")


def _quiet_logs() -> None:
    """Keep the per-page INFO lines off the screen unless -v asked for debug."""
    logger = logging.getLogger("wikigap")
    if not logger.isEnabledFor(logging.DEBUG):
        logger.setLevel(logging.WARNING)
    logging.getLogger("sandbox").setLevel(logger.getEffectiveLevel())   # the sandbox follows the bot


def main(serve: bool = False, folder: str | None = None) -> int:
    """Run the demo and print the report; return the run's exit status."""
    _quiet_logs()
    temporary = folder is None
    root = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="wikigap-demo-"))
    chart = ROOT / "demo-output" / "wikigap-2021-progress.svg" if temporary else None
    print(f"Booting {len(WIKIS)} local wikis in {root} and loading the sample campaign ...", flush=True)
    try:
        result = run_demo(root, chart)
        try:
            print(report(result, serving=serve, kept=not temporary), flush=True)
            if serve:
                serve_until_stopped()
        finally:
            result.stop()
    except DemoError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)
    return result.report.status
