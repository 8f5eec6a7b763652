"""Shared fixtures: local MediaWiki wikis and a pywikibot config for them.

pywikibot reads its config (user-config.py under PYWIKIBOT_DIR) once, when it
is first imported.  So this module writes a test-only pywikibot folder and
points PYWIKIBOT_DIR at it *at import time*, before any test module can
import pywikibot; the ``pwb_dir`` fixture just hands that folder out.

Fixtures:

``sandbox``
    Session-scoped :class:`sandbox.Sandbox` with the wikis ``meta``,
    ``se`` (Swedish), ``en``, ``pt`` and ``sv`` running, each with the bot
    account ``BOT_USER``/``BOT_PASSWORD``.  Booted once (~2-3 s), stopped at
    session end even when tests fail.  Tests share it: use page titles and
    user names unique to your test.
``pwb_dir``
    The pywikibot folder (user-config.py + 0600 password file).  Request it
    before importing pywikibot inside a test, or just rely on this module
    having set PYWIKIBOT_DIR.  Connect with
    ``pywikibot.Site(url=wiki.api_url, fam='sbx' + wiki.name)``.
"""
from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import Sandbox, use_pywikibot_dir

SANDBOX_WIKIS = ('meta', 'se', 'en', 'pt', 'sv')


# Must run before anything imports pywikibot (see module docstring).
if 'pywikibot' in sys.modules:
    raise RuntimeError('pywikibot was imported before tests/conftest.py '
                       'could point PYWIKIBOT_DIR at the test config')
_PWB_DIR = Path(tempfile.mkdtemp(prefix='wikigap-pwb-'))
use_pywikibot_dir(_PWB_DIR, 'tests/conftest.py')


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the pywikibot folder (logs, throttle file) after the run."""
    shutil.rmtree(_PWB_DIR, ignore_errors=True)


@pytest.fixture(scope='session')
def pwb_dir() -> Path:
    """The test pywikibot folder PYWIKIBOT_DIR points at."""
    return _PWB_DIR


@pytest.fixture(scope='session')
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """Boot meta, se, en, pt and sv once per session; stop them at the end."""
    logging.getLogger('sandbox').setLevel(logging.INFO)
    sb = Sandbox(tmp_path_factory.mktemp('wikis'))
    for name in SANDBOX_WIKIS:
        sb.add(name)
    with sb:
        sb.start()
        yield sb
