<?php
# wikigap sandbox settings: sandbox/server.py appends this file (without this
# opening tag) to each sandbox wiki's LocalSettings.php, so __DIR__ is the
# wiki's own folder. For throw-away wikis only.
# The port can change between boots (a port taken meanwhile), so it is read
# from a file rather than baked in by install.php.
$wgServer = "http://127.0.0.1:" . trim( file_get_contents( __DIR__ . '/port.txt' ) );
$wgCanonicalServer = $wgServer;
# Cookies ignore the port: two sandbox wikis of one name (the shared set's wikidata and a
# test's own set's) would overwrite each other's session cookie on 127.0.0.1 and log the bot
# out of the other. Each served wiki's cookies carry its port.
$wgCookiePrefix = $wgDBname . '_' . trim( file_get_contents( __DIR__ . '/port.txt' ) );

# SQLite tuned for a throw-away wiki: no fsync.  (WAL is set on the file.)
$wgDBservers = [ [
	'host' => '', 'dbname' => $wgDBname, 'user' => '', 'password' => '',
	'type' => 'sqlite', 'load' => 1, 'flags' => DBO_DEFAULT,
	'variables' => [ 'synchronous' => 'OFF' ],
] ];

# Caches must be shared by the CLI maintenance scripts and the php -S
# workers, or one would serve what the other already changed.  APCu is
# per-process (and off in the CLI), so everything goes to the SQLite
# object cache that install.php set up.
$wgMainCacheType = CACHE_DB;
$wgSessionCacheType = CACHE_DB;
$wgParserCacheType = CACHE_DB;
$wgMessageCacheType = CACHE_DB;
$wgCacheDirectory = __DIR__ . '/cache';
$wgUseFileCache = false;

# Tests hammer the wiki as one user: no throttles of any kind.
$wgRateLimits = [];
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgGroupPermissions['*']['createaccount'] = false;
$wgUseInstantCommons = false;

# Uploads (the bot's progress chart) go to this wiki's own folder.
$wgEnableUploads = true;
$wgFileExtensions[] = 'svg';
$wgUploadDirectory = __DIR__ . '/images';
$wgUploadPath = '/images-not-served';
$wgSVGConverter = false;

# Jobs never run on their own (link tables are refreshed after imports), so a web
# request never competes with a maintenance script for the SQLite lock.
$wgJobRunRate = 0;

# Read-only is toggled at run time by writing/removing this file
# (MediaWiki's own $wgReadOnlyFile: non-empty file = read-only, content is
# the reason).  Read per request, so no restart is needed.
$wgReadOnlyFile = __DIR__ . '/readonly.txt';

$wgShowExceptionDetails = true;
$wgDebugLogGroups = [];
