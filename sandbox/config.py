"""Where MediaWiki and PHP are, the sandbox's accounts and wiki presets.

Everything here is for throw-away wikis only: known passwords, no limits.
``WIKIGAP_MW_DIR`` and ``WIKIGAP_PHP`` point at another MediaWiki or PHP.
"""
from __future__ import annotations

import os
from pathlib import Path

MW_DIR = Path(os.environ.get('WIKIGAP_MW_DIR', '/usr/share/mediawiki'))
PHP = os.environ.get('WIKIGAP_PHP', 'php')

#: The PHP that runs inside the wikis: settings appended to LocalSettings.php
#: and the bulk maintenance helper.
PHP_DIR = Path(__file__).resolve().parent / 'php'
SETTINGS_PHP = PHP_DIR / 'settings.php'
TOOL_PHP = PHP_DIR / 'tool.php'
#: What Wikibase, time and patrollers leave behind (page props, registration
#: dates, change tags), written the way MediaWiki stores them.
IMPACT_SEED_PHP = PHP_DIR / 'impactSeed.php'

#: Test-only MediaWiki extensions beside this package, loaded per wiki name:
#: 'wikidata' plays Wikidata with a double of Wikibase's wbgetentities; 'meta' and
#: 'sv' (an event page on a Wikipedia) have Meta's event registration (CampaignEvents);
#: 'meta' also plays CentralAuth's meta=globaluserinfo (the Challenge's contestants' wikis).
EXTENSIONS_DIR = Path(__file__).resolve().parent / 'extensions'
EXTENSIONS: dict[str, tuple[str, ...]] = {
    'wikidata': ('WikibaseDouble',),
    'meta': ('CampaignEventsDouble', 'CentralAuthDouble'),
    'sv': ('CampaignEventsDouble',),
}
#: LocalSettings lines an extension needs after its loading (``__DIR__`` is the wiki's
#: folder): the CampaignEventsDouble wikis of a sandbox share one registrations file
#: beside their folders (sandbox/campaignevents.py writes it).
EXTENSION_SETTINGS: dict[str, str] = {
    'CampaignEventsDouble':
        "$wgCampaignEventsDoubleDataFile = dirname( __DIR__ ) . '/campaignevents.json';\n",
}

#: Extensions Debian's mediawiki package ships, loaded only in a wiki set that asks for them
#: (``Sandbox.add(name, bundled=...)``; then update.php makes their tables), with the lines
#: they need: SpamBlacklist and TitleBlacklist read local lists only (the tests have no
#: internet), AbuseFilter's filters are written into its tables by the tests themselves.
BUNDLED_SETTINGS: dict[str, str] = {
    'AbuseFilter': "$wgAbuseFilterActions['disallow'] = true;\n"
                   "$wgGroupPermissions['sysop']['abusefilter-modify'] = true;\n",
    'SpamBlacklist': "$wgBlacklistSettings = [ 'spam' => [ 'files' => [] ] ];\n",
    'TitleBlacklist': "$wgTitleBlacklistSources = [];\n",
    'Renameuser': '',
}

BOT_USER = 'WikiGapBot'
BOT_PASSWORD = 'sandbox-bot-secret-0451'
ADMIN_USER = 'Admin'
ADMIN_PASSWORD = 'sandbox-admin-secret-0451'

#: name -> (content language, site name).  Site names matter: MediaWiki makes
#: the project namespace from them ("Wikipedia:", "Meta:").
PRESETS: dict[str, tuple[str, str]] = {
    'meta': ('en', 'Meta'),
    'se': ('sv', 'Wikimedia Sverige'),
    'en': ('en', 'Wikipedia'),
    'pt': ('pt', 'Wikipedia'),
    'sv': ('sv', 'Wikipedia'),
    'wikidata': ('en', 'Wikidata'),
}

SERVER_WORKERS = 4          # php -S workers per wiki: pywikibot + test GETs
BOOT_TIMEOUT = 60.0         # seconds to wait for api.php to answer
SERVER_RETRIES = 5          # new ports tried when a port was taken meanwhile
