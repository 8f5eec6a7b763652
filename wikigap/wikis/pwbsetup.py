"""What the wiki adapter sets up around pywikibot, without importing it.

pywikibot's folder must be chosen before its import (:func:`prepare_pywikibot`),
and its HTTP requests are counted, in all and per host, by a hook on its
session (:class:`RequestCounter`): runs report their share, the benchmark and
the impact tests tell Wikidata's requests from the Wikipedias'.
"""
from __future__ import annotations

import os
import urllib.parse
from collections import Counter

from wikigap.config import ROOT


def prepare_pywikibot() -> None:
    """Point pywikibot at .pywikibot/ (git-ignored) before it is imported.

    pywikibot reads user-config.py from its base folder at import time and
    writes cookies, throttle and logs there; the committed user-config.py is
    linked into that folder so the repo stays free of those files. The
    sandbox tooling (tests, demo, bench) sets PYWIKIBOT_DIR itself first.
    """
    if "PYWIKIBOT_DIR" in os.environ:
        return
    workdir = ROOT / ".pywikibot"
    workdir.mkdir(exist_ok=True)
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
