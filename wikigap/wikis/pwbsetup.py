"""What the wiki adapter sets up around pywikibot, without importing it.

pywikibot's folder must be chosen before its import (:func:`prepare_pywikibot`),
and its HTTP requests are counted, in all and per host, by a hook on its
session (:class:`RequestCounter`): runs report their share, the benchmark and
the impact tests tell Wikidata's requests from the Wikipedias'.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import urllib.parse
from collections import Counter
from pathlib import Path

from wikigap.config import ROOT


def prepare_pywikibot() -> None:
    """Give pywikibot a folder of its own, outside the code, before it is imported.

    pywikibot reads user-config.py from its base folder at import time and
    writes cookies, the throttle file, its API cache and logs there. A
    Build Service pod must write nothing in the code folder, so the folder is
    ``$WIKIGAPBOT_WORK_DIR`` when set (a checkout that keeps its cookies),
    else a temporary folder removed when the bot exits. The committed
    user-config.py is linked into it. The sandbox tooling (tests, demo,
    bench) sets PYWIKIBOT_DIR itself first.
    """
    if "PYWIKIBOT_DIR" in os.environ:
        return
    given = os.environ.get("WIKIGAPBOT_WORK_DIR")
    if given:
        workdir = Path(given)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="wikigapbot-pwb-"))
        atexit.register(shutil.rmtree, workdir, True)   # after pywikibot's own exit hooks
    link = workdir / "user-config.py"
    if not link.exists():
        link.symlink_to(ROOT / "user-config.py")
    os.environ["PYWIKIBOT_DIR"] = str(workdir)


class RequestCounter:
    """Count HTTP requests made through a requests session, in all and per host."""

    def __init__(self, session) -> None:
        self.count = 0
        self.by_host: Counter[str] = Counter()
        session.hooks.setdefault("response", []).append(self._hook)

    def _hook(self, response, *args, **kwargs):
        self.count += 1
        self.by_host[urllib.parse.urlsplit(response.url).netloc] += 1
        return response
