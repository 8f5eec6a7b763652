"""Several sandbox wikis under one root folder, booted together, stopped together."""
from __future__ import annotations

import atexit
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sandbox.config import BOT_PASSWORD, BOT_USER, PRESETS
from sandbox.process import SandboxError
from sandbox.wiki import SandboxWiki

log = logging.getLogger(__name__)


class Sandbox:
    """Several wikis under one root, booted together, stopped together."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.wikis: dict[str, SandboxWiki] = {}
        self._started = False
        self._atexit_registered = False

    def add(self, name: str, lang: str | None = None, sitename: str | None = None,
            bundled: tuple[str, ...] = ()) -> SandboxWiki:
        """Declare a wiki; presets fill language and site name.

        Any other name is a Wikipedia whose content language is its name
        (or ``lang`` when given). ``bundled`` names extensions Debian ships
        (AbuseFilter, SpamBlacklist, TitleBlacklist, Renameuser) this wiki loads:
        only the wiki sets of the tests that need them, since update.php costs time.
        """
        if name in self.wikis:
            raise ValueError(f'wiki {name!r} already added')
        plang, psite = PRESETS.get(name, (name, 'Wikipedia'))
        wiki = SandboxWiki(self.root, name, lang or plang, sitename or psite, bundled)
        self.wikis[name] = wiki
        return wiki

    def __getitem__(self, name: str) -> SandboxWiki:
        return self.wikis[name]

    def __iter__(self) -> Iterator[SandboxWiki]:
        return iter(self.wikis.values())

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Install (if needed), configure and serve every declared wiki.

        Installs run in parallel (~0.5 s each); a wiki folder that already
        holds a LocalSettings.php is reused as it is.  On any failure every
        server already started is stopped before the error propagates.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        self._started = True
        try:
            t0 = time.monotonic()
            fresh = [w for w in self.wikis.values() if not w.settings.exists()]
            _install(fresh)
            _parallel(lambda w: w.create_user(BOT_USER, BOT_PASSWORD, bot=True), fresh)
            _parallel(SandboxWiki.serve, list(self.wikis.values()))
            for w in self.wikis.values():
                log.info('sandbox wiki %s (%s, %r) at %s', w.name, w.lang, w.sitename, w.api_url)
            log.info('sandbox: %d wikis up in %.1fs', len(self.wikis), time.monotonic() - t0)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop every server this sandbox started; safe to call twice."""
        for w in self.wikis.values():
            try:
                w.stop()
            except Exception:   # noqa: BLE001 - stop the others regardless
                log.exception('sandbox: stopping %s failed', w.name)
        self._started = False


def _install(wikis: list[SandboxWiki]) -> None:
    """Run install.php for all wikis at once, then configure each."""
    procs = []
    for w in wikis:
        if w.dir.exists():
            shutil.rmtree(w.dir)      # half-made by an interrupted run
        w.dir.mkdir(parents=True)
        procs.append((w, subprocess.Popen(
            w.install_command(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=w.env())))
    errors = []
    for w, p in procs:
        out, _ = p.communicate()
        if p.returncode != 0:
            errors.append(f'{w.name}: install.php exited {p.returncode}\n{out[-3000:]}')
    if errors:
        raise SandboxError('\n'.join(errors))
    for w in wikis:
        w.configure()


def _parallel(fn: Callable[[SandboxWiki], object], wikis: list[SandboxWiki]) -> None:
    """Apply fn to each wiki in a thread; re-raise the first error."""
    errors: list[BaseException] = []

    def call(w: SandboxWiki) -> None:
        try:
            fn(w)
        except BaseException as e:   # noqa: BLE001 - re-raised below
            errors.append(e)

    threads = [threading.Thread(target=call, args=(w,)) for w in wikis]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
