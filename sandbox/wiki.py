"""One sandbox wiki: its name, language, folder and addresses.

The work is in parts mixed in here: :mod:`sandbox.server` (install
and serve), :mod:`sandbox.writes` (users, pages, imports through maintenance
scripts), :mod:`sandbox.reads` (api.php) and :mod:`sandbox.campaignevents`
(event registrations for the CampaignEventsDouble).
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from sandbox.campaignevents import WikiRegistrations
from sandbox.reads import WikiReads
from sandbox.refusals import WikiRefusals
from sandbox.server import WikiServer
from sandbox.writes import WikiWrites


class SandboxWiki(WikiServer, WikiWrites, WikiReads, WikiRegistrations, WikiRefusals):
    """One installed wiki: its folder, its server and test operations.

    Write operations go through PHP maintenance scripts (no login needed, and
    past timestamps are only possible that way); reads go through api.php
    like any client.
    """

    def __init__(self, root: Path, name: str, lang: str, sitename: str,
                 bundled: tuple[str, ...] = ()) -> None:
        self.name = name
        self.bundled = bundled   # Debian's extensions this wiki loads (config.BUNDLED_SETTINGS)
        self.lang = lang
        self.sitename = sitename
        self.dir = root / name
        self.dbname = 'wg_' + re.sub(r'[^a-z0-9]', '_', name.lower())
        self.port = 0
        self._server: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f'<SandboxWiki {self.name} ({self.lang}) {self.api_url}>'

    @property
    def api_url(self) -> str:
        """api.php, what pywikibot.Site(url=...) wants."""
        return f'http://127.0.0.1:{self.port}/api.php'

    @property
    def rest_url(self) -> str:
        """rest.php, the base of REST routes such as ``/campaignevents/v0/...``
        (``…/w/rest.php`` on Wikimedia's wikis)."""
        return f'http://127.0.0.1:{self.port}/rest.php'

    @property
    def index_url(self) -> str:
        """index.php, for links and raw page views."""
        return f'http://127.0.0.1:{self.port}/index.php'

    @property
    def settings(self) -> Path:
        """This wiki's LocalSettings.php (the --conf of every script)."""
        return self.dir / 'LocalSettings.php'

    @property
    def db_path(self) -> Path:
        """The main SQLite file, for fixes no maintenance script makes."""
        return self.dir / f'{self.dbname}.sqlite'
