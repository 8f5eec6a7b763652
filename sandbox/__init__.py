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
ports), ``dump`` (revisions as an XML export), ``server``/``writes``/``reads``/
``campaignevents`` (the parts of one :class:`SandboxWiki`), ``wiki``, ``farm`` (the
:class:`Sandbox`), ``pywikibot_dir`` (pywikibot's folder for these wikis),
``synthetic`` (invented campaign histories), ``pageviews`` (a local double of
the Wikimedia pageviews API), ``dashboard`` (a local double of the Programs &
Events Dashboard's course JSON); ``php/`` holds the PHP that runs
inside the wikis, ``extensions/`` the test-only MediaWiki extensions (the
``wikidata`` wiki's WikibaseDouble, a stand-in for Wikibase's wbgetentities;
the CampaignEventsDouble of ``meta`` and ``sv``, below).

Event registrations (Meta's CampaignEvents, read over REST only)::

    from sandbox import EventRegistration, EventParticipant, EventOrganizer
    rid = sb['meta'].add_registration(EventRegistration(
        'WikiGap Kolkata', 'Event:WikiGap Kolkata', datetime(2027, 3, 8, 10),
        datetime(2027, 3, 8, 17), timezone='Asia/Kolkata', wikis=('svwiki',),
        participants=(EventParticipant('Ana', datetime(2027, 2, 1)),
                      EventParticipant('Gone', datetime(2027, 2, 1), not_found=True)),
        organizers=(EventOrganizer('Org', roles=('creator',)),)))
    requests.get(f"{sb['meta'].rest_url}/campaignevents/v0/event_registration/{rid}")

``meta`` and ``sv`` load ``extensions/CampaignEventsDouble`` (config.EXTENSIONS): the
``Event`` namespace (1728/1729); ``GET /campaignevents/v0/event_registration/{id}``,
``…/{id}/participants`` and ``…/{id}/organizers`` in Meta's shape (or the REL1_39
branch's: per registration ``shape=REL1_39``, per sandbox
``wiki.event_store.set_shape(REL1_39)``); ``wgCampaignEventsEventID`` on a viewed event
page. ``add_registration`` (on the wiki holding the event page) creates the people's
accounts there and returns the id; an ``id`` already stored is replaced (a re-registered
user keeps their participant id); ``deleted=True`` and ``fail_status=5xx`` script the
failures. All wikis of a sandbox share one store (``campaignevents.json`` beside their
folders), as Wikimedia's share one events database. ``wiki.rest_url`` is the REST base,
``wiki.wiki_id`` the ``event_page_wiki`` value. Dashboard courses:
``with DashboardDouble() as d: d.add_course(Course('School/Title', start, end,
users=(CourseUser('Ana'), CourseUser('Org', FACILITATOR))))``, then ``d.url``.
"""
from sandbox.campaignevents import REL1_39, EventOrganizer, EventParticipant, EventRegistration
from sandbox.config import ADMIN_PASSWORD, ADMIN_USER, BOT_PASSWORD, BOT_USER, PRESETS
from sandbox.dump import ImportedRevision, export_xml, normalize_user
from sandbox.farm import Sandbox
from sandbox.process import SandboxError, free_port
from sandbox.pywikibot_dir import SANDBOX_PYWIKIBOT, use_pywikibot_dir
from sandbox.wiki import SandboxWiki

__all__ = ["ADMIN_PASSWORD", "ADMIN_USER", "BOT_PASSWORD", "BOT_USER", "PRESETS", "REL1_39",
           "EventOrganizer", "EventParticipant", "EventRegistration", "ImportedRevision",
           "SANDBOX_PYWIKIBOT", "Sandbox", "SandboxError", "SandboxWiki",
           "export_xml", "free_port", "normalize_user", "use_pywikibot_dir"]
