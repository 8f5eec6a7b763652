"""Throw-away local MediaWiki wikis for tests, the demo and the benchmark.

The bot reads Meta, a chapter wiki and several Wikipedias; testing it against
the real sites is slow, rude and not repeatable.  A :class:`Sandbox` installs
real MediaWiki 1.39 wikis (SQLite, one folder each) from the Debian package,
serves each with ``php -S`` on a free loopback port, and offers the few
operations tests need: users in bulk, pages now, revisions in the past
(through ``importDump.php``), deletion and read-only mode.

Typical use::

    with Sandbox(tmp_path) as sb:
        sb.add('meta'); sb.add('pt')
        sb.start()
        pt = sb['pt']
        pt.create_users(['Ana', 'Bruno'])
        pt.import_revisions([ImportedRevision('Lisboa', 'text', 'Ana',
                                              datetime(2021, 3, 8))])

Everything here is for throw-away wikis only: settings trade durability and
security for speed (``synchronous=OFF``, rate limits off, known passwords).
This package is developer tooling, not part of the bot (``wikigap/``).

Modules: ``config`` (paths, accounts, presets), ``process`` (running PHP,
ports), ``dump`` (revisions as an XML export), ``server``/``writes``/``reads``
(the three halves of one :class:`SandboxWiki`), ``wiki``, ``farm`` (the
:class:`Sandbox`), ``pywikibot_dir`` (pywikibot's folder for these wikis),
``synthetic`` (invented campaign histories), ``pageviews`` (a local double of
the Wikimedia pageviews API); ``php/`` holds the PHP that runs
inside the wikis, ``extensions/`` the test-only MediaWiki extensions (the
``wikidata`` wiki's WikibaseDouble, a stand-in for Wikibase's wbgetentities).
"""
from sandbox.config import ADMIN_PASSWORD, ADMIN_USER, BOT_PASSWORD, BOT_USER, PRESETS
from sandbox.dump import ImportedRevision, export_xml, normalize_user
from sandbox.farm import Sandbox
from sandbox.process import SandboxError, free_port
from sandbox.pywikibot_dir import SANDBOX_PYWIKIBOT, use_pywikibot_dir
from sandbox.wiki import SandboxWiki

__all__ = ["ADMIN_PASSWORD", "ADMIN_USER", "BOT_PASSWORD", "BOT_USER", "PRESETS",
           "ImportedRevision", "SANDBOX_PYWIKIBOT", "Sandbox", "SandboxError", "SandboxWiki",
           "export_xml", "free_port", "normalize_user", "use_pywikibot_dir"]
