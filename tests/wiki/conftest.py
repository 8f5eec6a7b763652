"""Fixtures of the real-wiki tier: the session's local MediaWiki wikis.

Loaded only for tests under tests/wiki, so ``pytest tests/unit`` boots none.
The pywikibot folder these tests log in with is set up by tests/conftest.py.

``sandbox``
    Session-scoped :class:`sandbox.Sandbox` with the wikis ``meta``,
    ``se`` (Swedish), ``en``, ``pt``, ``sv`` and ``wikidata`` (the Wikibase
    double, ``wbgetentities`` only) running, each with the bot
    account ``BOT_USER``/``BOT_PASSWORD``; ``meta`` and ``sv`` have the
    CampaignEvents double (``wiki.add_registration``, ``wiki.rest_url``; one
    registrations store for the session).  Booted once (~2-3 s), stopped at
    session end even when tests fail.  Tests share it: use page titles and
    user names unique to your test.  Under ``make test`` (pytest-xdist) each
    worker is a session of its own: its own wikis, ports and temporary folder.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from sandbox import Sandbox

SANDBOX_WIKIS = ('meta', 'se', 'en', 'pt', 'sv', 'wikidata')


@pytest.fixture(scope='session')
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """Boot meta, se, en, pt, sv and wikidata once per session; stop them at the end."""
    logging.getLogger('sandbox').setLevel(logging.INFO)
    sb = Sandbox(tmp_path_factory.mktemp('wikis'))
    for name in SANDBOX_WIKIS:
        sb.add(name)
    with sb:
        sb.start()
        yield sb
