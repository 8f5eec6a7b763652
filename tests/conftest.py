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

``mariadb``
    A throw-away MariaDB server (sandbox.mariadb, standing in for ToolsDB),
    started on first use in the session (about 2 s), stopped at its end.

``state_at``
    Where a fresh state goes, once per backend: a SQLite path, then an
    empty MariaDB database's URL (its password in the environment). The
    state's tests take it, so each runs on both.
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


#: Handed out first under xdist (``make test``): the file that waits longest, then the wiki tier;
#: the unit tier's many short files fill the end, so no long file runs alone at the end.
FIRST = ('tests/wiki/test_outage.py',)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, order the files longest first (the outage file, the wiki tier, the
    unit tier); ``--no-loadscope-reorder`` keeps that order instead of xdist's by test count,
    which put the outage file (8 tests, the longest wait) last. One process keeps pytest's order."""
    if hasattr(config, 'workerinput'):
        items.sort(key=_start_order)


def _start_order(item: pytest.Item) -> int:
    path = item.nodeid.split('::')[0]
    return 0 if path in FIRST else 1 if path.startswith('tests/wiki/') else 2


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


@pytest.fixture(scope='session')
def mariadb(tmp_path_factory: pytest.TempPathFactory):
    """A throw-away MariaDB server (sandbox.mariadb), started on first use, stopped at the end.

    It stands in for ToolsDB: a user with a password over TCP on loopback, a
    case-insensitive server collation (as ToolsDB's default).
    """
    from sandbox.mariadb import MariaDB
    with MariaDB(tmp_path_factory.mktemp('mariadb')) as server:
        yield server


_DATABASES = iter(range(1, 1 << 30))


@pytest.fixture(params=['sqlite', 'mariadb'])
def state_at(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Where a fresh state goes, on each backend: a SQLite path, or an empty database's URL.

    For MariaDB the password is in the environment, as a Toolforge job has it.
    """
    if request.param == 'sqlite':
        return tmp_path / 'state.sqlite'
    server = request.getfixturevalue('mariadb')
    monkeypatch.setenv('WIKIGAPBOT_STATE_PASSWORD', server.password)
    return server.database(f's55123__t{next(_DATABASES)}')
