"""Fixtures and set-up shared by both tiers (tests/unit and tests/wiki).

pywikibot reads its config (user-config.py under PYWIKIBOT_DIR) once, when it
is first imported.  So this module writes a test-only pywikibot folder and
points PYWIKIBOT_DIR at it *at import time*, before any test module can
import pywikibot; the ``pwb_dir`` fixture just hands that folder out.  It
boots no wiki: the sandbox wikis are tests/wiki/conftest.py's, so
``pytest tests/unit`` never starts one.

Helpers both tiers import (``pytest.ini`` puts tests/ on the path):
``factories`` and ``factories_tally`` (model objects for pure tests),
``sandbox_campaign`` (a campaign YAML pointing at the sandbox wikis).

Time: every test process and the bots it starts run with
``WIKIGAPBOT_TIME_SCALE`` at :data:`TIME_SCALE` (``wikigap/wikis/deadline.py``):
a refused connection is tried 1.25 and 2.5 s apart instead of 5 and 10, and a
run's ``max_run_minutes`` lasts a quarter of its minutes, through the same
code; so a test that meets a dead port costs seconds, not 15 s. A test of the
production values unsets it (``tests/unit/wikis/test_deadline.py``).

Fixtures:

``pwb_dir``
    The pywikibot folder (user-config.py + 0600 password file).  Request it
    before importing pywikibot inside a test, or just rely on this module
    having set PYWIKIBOT_DIR.  Connect with
    ``pywikibot.Site(url=wiki.api_url, fam='sbx' + wiki.name)``.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from sandbox import use_pywikibot_dir
from wikigap.wikis.deadline import SCALE_VARIABLE

# Must run before anything imports pywikibot (see module docstring).
if 'pywikibot' in sys.modules:
    raise RuntimeError('pywikibot was imported before tests/conftest.py '
                       'could point PYWIKIBOT_DIR at the test config')
_PWB_DIR = Path(tempfile.mkdtemp(prefix='wikigap-pwb-'))
use_pywikibot_dir(_PWB_DIR, 'tests/conftest.py')
TIME_SCALE = '0.25'
os.environ[SCALE_VARIABLE] = TIME_SCALE     # inherited by every bot process a test starts


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the pywikibot folder (logs, throttle file) after the run."""
    shutil.rmtree(_PWB_DIR, ignore_errors=True)


@pytest.fixture(scope='session')
def pwb_dir() -> Path:
    """The test pywikibot folder PYWIKIBOT_DIR points at."""
    return _PWB_DIR


_LOGGERS = ("", "wikigap", "pywiki", "py.warnings")
#: Their levels and propagation before any test (and before pywikibot's first output).
_PRISTINE = {name: (logging.getLogger(name).level, logging.getLogger(name).propagate)
             for name in _LOGGERS}


@pytest.fixture(autouse=True)
def _logging_as_it_was():
    """Start each test with logging as before any test, and put it back after the test.

    ``bot.main`` run in-process adds console and file handlers (and levels) to the root,
    pywikibot's and the warnings loggers, and they would outlive the test's captured streams
    and temporary folders. And pywikibot, the first time it writes anything, gives its
    ``pywiki`` logger terminal handlers and turns its propagation off: when that first time
    falls in a module or session fixture (which runs before this one), every later test would
    start so, and ``caplog`` would see none of pywikibot's records: a failure that depends on
    which file runs first (under xdist, on each worker). So the start is reset too."""
    for name in ("pywiki", "py.warnings"):
        for handler in list(logging.getLogger(name).handlers):
            logging.getLogger(name).removeHandler(handler)
    for name, (level, propagate) in _PRISTINE.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).propagate = propagate
    saved = {n: (list(logging.getLogger(n).handlers), logging.getLogger(n).level,
                 logging.getLogger(n).propagate) for n in _LOGGERS}
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if h not in handlers]:
            logger.removeHandler(handler)
            if isinstance(handler, logging.FileHandler):
                handler.close()
        logger.setLevel(level)
        logger.propagate = propagate
