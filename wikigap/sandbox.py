"""Throw-away local MediaWiki wikis for tests and the ``demo`` command.

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
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

log = logging.getLogger(__name__)

MW_DIR = Path(os.environ.get('WIKIGAP_MW_DIR', '/usr/share/mediawiki'))
PHP = os.environ.get('WIKIGAP_PHP', 'php')

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
}

SERVER_WORKERS = 4          # php -S workers per wiki: pywikibot + test GETs
BOOT_TIMEOUT = 60.0         # seconds to wait for api.php to answer
SERVER_RETRIES = 5          # new ports tried when a port was taken meanwhile


class SandboxError(RuntimeError):
    """A MediaWiki maintenance step or server failed; carries its output."""


@dataclass(frozen=True)
class ImportedRevision:
    """One past revision to import, as an XML dump would carry it.

    ``user`` must be an existing local account (or an IP address);
    ``timestamp`` naive means UTC.  Revisions of one page may come in any
    order: they are sorted before import.
    """

    title: str
    text: str
    user: str
    timestamp: datetime
    comment: str = ''
    minor: bool = False


# --------------------------------------------------------------------------
# Settings appended to each LocalSettings.php.
# --------------------------------------------------------------------------

_EXTRA_SETTINGS = r"""
# ---- wikigap sandbox settings (appended by wikigap/sandbox.py) ----
# The port can change between boots (a port taken meanwhile), so it is read
# from a file rather than baked in by install.php.
$wgServer = "http://127.0.0.1:" . trim( file_get_contents( __DIR__ . '/port.txt' ) );
$wgCanonicalServer = $wgServer;

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
"""

# A maintenance script doing in one PHP process what would take thousands of
# createAndPromote.php / edit.php runs (each ~0.3 s of PHP start-up).
# Input: JSON lines on stdin.  Output: one JSON line per input line.
_TOOL_PHP = r"""<?php
$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

class WikiGapSandboxTool extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'wikigap sandbox bulk helper: users | edits | refresh' );
		$this->addArg( 'command', 'users, edits or refresh' );
	}

	public function execute() {
		$cmd = $this->getArg( 0 );
		if ( $cmd === 'users' ) {
			$this->users();
		} elseif ( $cmd === 'edits' ) {
			$this->edits();
		} elseif ( $cmd === 'refresh' ) {
			$this->refresh();
		} else {
			$this->fatalError( "unknown command $cmd" );
		}
	}

	private function lines() {
		while ( ( $line = fgets( STDIN ) ) !== false ) {
			$line = trim( $line );
			if ( $line !== '' ) {
				yield json_decode( $line, true );
			}
		}
	}

	private function users() {
		$services = MediaWikiServices::getInstance();
		$userFactory = $services->getUserFactory();
		$groupManager = $services->getUserGroupManager();
		$dbw = $this->getDB( DB_PRIMARY );
		$created = 0;
		$batch = 0;
		$this->beginTransaction( $dbw, __METHOD__ );
		foreach ( $this->lines() as $spec ) {
			$user = $userFactory->newFromName( $spec['name'], 'creatable' );
			if ( !$user ) {
				$this->fatalError( "invalid user name: {$spec['name']}" );
			}
			if ( $user->getId() === 0 ) {
				$user = User::createNew( $user->getName() );
				if ( !$user ) {
					$this->fatalError( "could not create user {$spec['name']}" );
				}
				$created++;
			}
			if ( $spec['groups'] ) {
				$groupManager->addUserToMultipleGroups( $user, $spec['groups'] );
			}
			if ( isset( $spec['password'] ) && $spec['password'] !== null ) {
				$status = $user->changeAuthenticationData( [
					'username' => $user->getName(),
					'password' => $spec['password'],
					'retype' => $spec['password'],
				] );
				if ( !$status->isGood() ) {
					$this->fatalError( "password for {$spec['name']}: " .
						$status->getMessage( false, false, 'en' )->text() );
				}
				$user->saveSettings();
			}
			$this->output( json_encode( [ 'name' => $user->getName(), 'id' => $user->getId() ] ) . "\n" );
			if ( ++$batch >= 1000 ) {
				$this->commitTransaction( $dbw, __METHOD__ );
				$this->beginTransaction( $dbw, __METHOD__ );
				$batch = 0;
			}
		}
		$this->commitTransaction( $dbw, __METHOD__ );
		if ( $created ) {
			SiteStatsUpdate::factory( [ 'users' => $created ] )->doUpdate();
		}
	}

	/**
	 * Links, categories and templates of the current revision of each page
	 * (one parse per page; importDump would parse every revision).
	 */
	private function refresh() {
		$pageFactory = MediaWikiServices::getInstance()->getWikiPageFactory();
		foreach ( $this->lines() as $spec ) {
			$title = Title::newFromText( $spec['title'] );
			if ( $title && $title->exists() ) {
				$pageFactory->newFromTitle( $title )->doSecondaryDataUpdates(
					[ 'recursive' => false, 'causeAction' => 'import' ] );
				DeferredUpdates::doUpdates();
			}
			$this->output( json_encode( [ 'title' => $spec['title'] ] ) . "\n" );
		}
	}

	private function edits() {
		$services = MediaWikiServices::getInstance();
		$userFactory = $services->getUserFactory();
		$pageFactory = $services->getWikiPageFactory();
		foreach ( $this->lines() as $spec ) {
			$user = $userFactory->newFromName( $spec['user'] );
			if ( !$user || $user->getId() === 0 ) {
				$this->fatalError( "no such user: {$spec['user']}" );
			}
			$title = Title::newFromText( $spec['title'] );
			if ( !$title ) {
				$this->fatalError( "invalid title: {$spec['title']}" );
			}
			$page = $pageFactory->newFromTitle( $title );
			$updater = $page->newPageUpdater( $user );
			$updater->setContent( SlotRecord::MAIN, ContentHandler::makeContent( $spec['text'], $title ) );
			$rev = $updater->saveRevision(
				CommentStoreComment::newUnsavedComment( $spec['summary'] ),
				( $spec['minor'] ? EDIT_MINOR : 0 ) | ( $spec['bot'] ? EDIT_FORCE_BOT : 0 )
			);
			$status = $updater->getStatus();
			if ( !$status->isOK() ) {
				$this->fatalError( "edit of {$spec['title']} failed: " .
					$status->getMessage( false, false, 'en' )->text() );
			}
			DeferredUpdates::doUpdates();
			$this->output( json_encode( [
				'title' => $title->getPrefixedText(),
				'revid' => $rev ? $rev->getId() : null,
			] ) . "\n" );
		}
	}
}

$maintClass = WikiGapSandboxTool::class;
require_once RUN_MAINTENANCE_IF_MAIN;
"""


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

# pywikibot settings FOR THE LOCAL SANDBOX ONLY (tests, demo, benchmark): no
# throttling and short retries. A real wiki must never see a bot set up so.
SANDBOX_PYWIKIBOT = {"put_throttle": 0, "minthrottle": 0, "maxthrottle": 1, "max_retries": 2,
                     "retry_wait": 1, "retry_max": 2, "write_maxlag": 0, "socket_timeout": 60}


def write_pywikibot_dir(path: Path, written_by: str) -> Path:
    """Write a pywikibot folder for the sandbox wikis; return its 0600 password file.

    pywikibot reads user-config.py from PYWIKIBOT_DIR when it is first
    imported, so callers point PYWIKIBOT_DIR here before that.
    """
    path.mkdir(parents=True, exist_ok=True)
    password = path / "sandbox.password"
    password.write_text(f"({BOT_USER!r}, {BOT_PASSWORD!r})\n", encoding="utf-8")
    password.chmod(0o600)
    settings = "".join(f"{key} = {value!r}\n" for key, value in SANDBOX_PYWIKIBOT.items())
    (path / "user-config.py").write_text(
        f"# Written by {written_by} for the local sandbox wikis only.\n"
        f"family = 'meta'\nmylang = 'meta'\nusernames['*']['*'] = {BOT_USER!r}\n"
        f"password_file = {str(password)!r}\n{settings}"
        "user_agent_description = 'wikigapbot (local sandbox)'\n", encoding="utf-8")
    return password


def free_port() -> int:
    """Ask the kernel for a free loopback port (a race remains; see start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _run(args: Sequence[str | os.PathLike[str]], *, input: str | None = None,
         env: dict[str, str] | None = None, timeout: float | None = None
         ) -> subprocess.CompletedProcess[str]:
    """Run a command; raise SandboxError with its output when it fails.

    Maintenance scripts print their reasons on stdout as often as on stderr,
    so both go into the error.
    """
    proc = subprocess.run([str(a) for a in args], input=input, text=True,
                          capture_output=True, env=env, timeout=timeout)
    if proc.returncode != 0:
        raise SandboxError(
            f"{' '.join(str(a) for a in args[:3])}... exited {proc.returncode}\n"
            f"stdout: {proc.stdout[-3000:]}\nstderr: {proc.stderr[-3000:]}")
    return proc


def _mw_timestamp(ts: datetime) -> str:
    """Format for an XML dump: UTC, second precision, 'Z'."""
    if ts.tzinfo is not None:
        ts = ts.astimezone(timezone.utc)
    return ts.strftime('%Y-%m-%dT%H:%M:%SZ')


_IP_RE = re.compile(r'^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)$')


def _is_ip(name: str) -> bool:
    """IP 'users' are anonymous edits: they need no account."""
    return bool(_IP_RE.match(name.strip()))


def normalize_user(name: str) -> str:
    """Normalise a user name as MediaWiki stores it (first letter upper)."""
    name = ' '.join(name.replace('_', ' ').split())
    return name[:1].upper() + name[1:]


def export_xml(revisions: Iterable[ImportedRevision], lang: str = 'en') -> str:
    """Build a MediaWiki export (schema 0.11) with pages in first-seen order.

    Revisions are sorted by timestamp within their page because the importer
    links each revision to the latest earlier one it already has.  No sha1 is
    written: with a sha1 the importer silently skips a revision whose page and
    timestamp match an existing one.
    """
    pages: dict[str, list[ImportedRevision]] = {}
    for rev in revisions:
        pages.setdefault(rev.title, []).append(rev)
    out = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ '
           'http://www.mediawiki.org/xml/export-0.11.xsd" '
           f'version="0.11" xml:lang={quoteattr(lang)}>\n']
    for title, revs in pages.items():
        out.append(f'  <page>\n    <title>{escape(title)}</title>\n')
        for rev in sorted(revs, key=lambda r: _mw_timestamp(r.timestamp)):
            who = (f'<ip>{escape(rev.user)}</ip>' if _is_ip(rev.user)
                   else f'<username>{escape(rev.user)}</username>')
            out.append(
                '    <revision>\n'
                f'      <timestamp>{_mw_timestamp(rev.timestamp)}</timestamp>\n'
                f'      <contributor>{who}</contributor>\n'
                + ('      <minor/>\n' if rev.minor else '')
                + f'      <comment>{escape(rev.comment)}</comment>\n'
                f'      <text xml:space="preserve" '
                f'bytes="{len(rev.text.encode())}">{escape(rev.text)}</text>\n'
                '    </revision>\n')
        out.append('  </page>\n')
    out.append('</mediawiki>\n')
    return ''.join(out)


# --------------------------------------------------------------------------
# One wiki
# --------------------------------------------------------------------------

class SandboxWiki:
    """One installed wiki: its folder, its server and test operations.

    Write operations go through PHP maintenance scripts (no login needed, and
    past timestamps are only possible that way); reads go through api.php
    like any client.
    """

    def __init__(self, root: Path, name: str, lang: str, sitename: str,
                 tool: Path) -> None:
        self.name = name
        self.lang = lang
        self.sitename = sitename
        self.dir = root / name
        self.dbname = 'wg_' + re.sub(r'[^a-z0-9]', '_', name.lower())
        self.port = 0
        self._tool = tool
        self._server: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f'<SandboxWiki {self.name} ({self.lang}) {self.api_url}>'

    # -- addresses ---------------------------------------------------------

    @property
    def api_url(self) -> str:
        """api.php, what pywikibot.Site(url=...) wants."""
        return f'http://127.0.0.1:{self.port}/api.php'

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

    # -- install / serve ---------------------------------------------------

    def _install_cmd(self) -> list[str]:
        """install.php for this wiki; the port is overridden by port.txt."""
        return [PHP, str(MW_DIR / 'maintenance/install.php'),
                '--dbtype=sqlite', f'--dbpath={self.dir}',
                f'--confpath={self.dir}', '--server=http://127.0.0.1',
                '--scriptpath=', f'--lang={self.lang}',
                f'--pass={ADMIN_PASSWORD}', f'--dbname={self.dbname}',
                self.sitename, ADMIN_USER]

    def _configure(self) -> None:
        """Append sandbox settings and switch the databases to WAL.

        WAL lets the php -S workers read while a maintenance script writes.
        """
        (self.dir / 'cache').mkdir(exist_ok=True)
        (self.dir / 'port.txt').write_text(str(self.port or free_port()))
        with self.settings.open('a') as f:
            f.write(_EXTRA_SETTINGS)
        for db in self.dir.glob('*.sqlite'):
            con = sqlite3.connect(db)
            try:
                con.execute('PRAGMA journal_mode=WAL')
            finally:
                con.close()

    def _spawn_server(self) -> subprocess.Popen[bytes]:
        """Start php -S in its own process group (workers die with it)."""
        self.port = free_port()
        (self.dir / 'port.txt').write_text(str(self.port))
        env = dict(os.environ, MW_CONFIG_FILE=str(self.settings),
                   PHP_CLI_SERVER_WORKERS=str(SERVER_WORKERS))
        logf = (self.dir / 'server.log').open('ab')
        try:
            return subprocess.Popen(
                [PHP, '-S', f'127.0.0.1:{self.port}', '-t', str(MW_DIR)],
                cwd=MW_DIR, env=env, stdin=subprocess.DEVNULL,
                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            logf.close()

    def _wait_until_up(self, proc: subprocess.Popen[bytes],
                       deadline: float) -> bool:
        """Poll api.php; False when the server died (port taken)."""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                data = self.api(action='query', meta='siteinfo')
                if 'query' in data:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        raise SandboxError(f'{self.name}: api.php did not answer in '
                           f'{BOOT_TIMEOUT:.0f}s; see {self.dir}/server.log')

    def serve(self) -> None:
        """Start the server on a free port, retrying if the port got taken."""
        deadline = time.monotonic() + BOOT_TIMEOUT
        for _ in range(SERVER_RETRIES):
            proc = self._spawn_server()
            self._server = proc
            if self._wait_until_up(proc, deadline):
                return
            self._server = None
        raise SandboxError(f'{self.name}: php -S failed {SERVER_RETRIES} '
                           f'times; see {self.dir}/server.log')

    def stop(self) -> None:
        """Kill this wiki's server and its workers (its process group)."""
        proc, self._server = self._server, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, 15)
        except ProcessLookupError:
            return
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(5)

    # -- maintenance scripts ------------------------------------------------

    def _env(self) -> dict[str, str]:
        return dict(os.environ, MW_INSTALL_PATH=str(MW_DIR))

    def maintenance(self, script: str, *args: str, input: str | None = None,
                    timeout: float | None = None) -> str:
        """Run maintenance/<script> against this wiki; return its stdout."""
        path = Path(script) if os.path.isabs(script) else MW_DIR / 'maintenance' / script
        return _run([PHP, path, '--conf', self.settings, *args], input=input,
                    env=self._env(), timeout=timeout).stdout

    def _tool_run(self, command: str, specs: Iterable[dict]) -> list[dict]:
        """Feed JSON lines to the bulk helper; return its JSON answers."""
        payload = ''.join(json.dumps(s) + '\n' for s in specs)
        out = self.maintenance(str(self._tool), command, input=payload)
        return [json.loads(line) for line in out.splitlines()
                if line.startswith('{')]

    # -- users ---------------------------------------------------------------

    def create_user(self, name: str, password: str | None = None,
                    bot: bool = False) -> int:
        """Create (or update) one account; return its user id."""
        spec = {'name': name, 'password': password,
                'groups': ['bot'] if bot else []}
        return self._tool_run('users', [spec])[0]['id']

    def create_users(self, names: Iterable[str]) -> dict[str, int]:
        """Create many password-less accounts in one PHP process.

        Existing accounts are kept.  Returns normalised name -> user id.
        """
        specs = [{'name': n, 'password': None, 'groups': []} for n in names]
        if not specs:
            return {}
        return {r['name']: r['id'] for r in self._tool_run('users', specs)}

    def existing_users(self, names: Iterable[str]) -> set[str]:
        """Which of these (normalised) names have a local account."""
        wanted = sorted({normalize_user(n) for n in names})
        found: set[str] = set()
        con = sqlite3.connect(f'file:{self.db_path}?mode=ro', uri=True,
                              timeout=30)
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                q = ('SELECT user_name FROM user WHERE user_name IN (%s)'
                     % ','.join('?' * len(chunk)))
                found.update(
                    (r[0].decode() if isinstance(r[0], bytes) else r[0])
                    for r in con.execute(q, chunk))
        finally:
            con.close()
        return found

    # -- pages -----------------------------------------------------------------

    def load_page(self, title: str, text: str, summary: str = '',
                  user: str | None = None) -> int:
        """Save a page now as ``user`` (default: the admin); return revid."""
        return self.load_pages([(title, text)], summary, user)[0]

    def load_pages(self, pages: Iterable[tuple[str, str]], summary: str = '',
                   user: str | None = None) -> list[int]:
        """Save many pages now in one PHP process; return their revids.

        A revid is None-equivalent (0) when the text was unchanged.
        """
        specs = [{'title': t, 'text': x, 'summary': summary,
                  'user': user or ADMIN_USER, 'minor': False, 'bot': False}
                 for t, x in pages]
        return [r['revid'] or 0 for r in self._tool_run('edits', specs)]

    def import_revisions(self, revs: Iterable[ImportedRevision], *,
                         link_updates: bool = True) -> None:
        """Import past revisions with their own timestamps and authors.

        Authors must already exist (else MediaWiki would file the edits
        under 'imported>Name'); this raises ValueError listing the missing
        ones.  Afterwards parent links, edit counts and site stats are
        recomputed so usercontribs' ``sizediff``/``new`` and
        ``list=users`` edit counts are right even when a page's history
        arrives over several imports or before an existing edit.
        importDump runs with ``--no-updates`` because its link updates
        parse every revision (5x slower); instead the current revision of
        each touched page is refreshed once.  ``link_updates=False`` skips
        even that (links, categories, templates stay empty; redirects and
        everything usercontribs shows are right regardless).  Throughput is
        about 1,000 revisions/s (40,000 in ~45-55 s on 2 cores).
        """
        revs = list(revs)
        if not revs:
            return
        names = {normalize_user(r.user) for r in revs if not _is_ip(r.user)}
        missing = names - self.existing_users(names)
        if missing:
            raise ValueError(f'{self.name}: create these users first: '
                             f'{sorted(missing)[:20]} ({len(missing)} missing)')
        t0 = time.monotonic()
        fd, tmp = tempfile.mkstemp(suffix='.xml', dir=self.dir)
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as f:
                f.write(export_xml(revs, self.lang))
            t1 = time.monotonic()
            self.maintenance('importDump.php', '--no-updates', tmp)
        finally:
            os.unlink(tmp)
        t2 = time.monotonic()
        self._fix_parents()
        t3 = time.monotonic()
        self.maintenance('initEditCount.php')
        self.maintenance('initSiteStats.php', '--update')
        if link_updates:
            self._tool_run('refresh', [{'title': t}
                                       for t in dict.fromkeys(r.title for r in revs)])
        log.debug('%s: import of %d revisions: xml %.1fs, importDump %.1fs, '
                  'parents %.1fs, counts and links %.1fs', self.name, len(revs),
                  t1 - t0, t2 - t1, t3 - t2, time.monotonic() - t3)

    def _fix_parents(self) -> None:
        """Point every revision at the one before it by timestamp.

        The importer only links to revisions it already has, so a history
        imported out of order (or older than a page's current edit) would
        show wrong ``new`` flags and size diffs.  No maintenance script
        repairs rev_parent_id, so this does it in SQL.
        """
        con = sqlite3.connect(self.db_path, timeout=60)
        try:
            with con:
                con.execute("""
                    UPDATE revision SET rev_parent_id = COALESCE((
                        SELECT p.rev_id FROM revision p
                        WHERE p.rev_page = revision.rev_page
                          AND (p.rev_timestamp < revision.rev_timestamp
                               OR (p.rev_timestamp = revision.rev_timestamp
                                   AND p.rev_id < revision.rev_id))
                        ORDER BY p.rev_timestamp DESC, p.rev_id DESC
                        LIMIT 1), 0)""")
        finally:
            con.close()

    def delete_page(self, title: str, reason: str = 'sandbox') -> None:
        """Delete a page; its revisions leave usercontribs (go to archive)."""
        fd, tmp = tempfile.mkstemp(suffix='.txt', dir=self.dir)
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as f:
                f.write(title + '\n')
            out = self.maintenance('deleteBatch.php', '-u', ADMIN_USER,
                                   '-r', reason, tmp)
        finally:
            os.unlink(tmp)
        if 'Deleted!' not in out:
            raise SandboxError(f'{self.name}: could not delete {title!r}: {out}')

    def set_read_only(self, reason: str | None) -> None:
        """Lock (reason given) or unlock (None) the wiki, server included."""
        path = self.dir / 'readonly.txt'
        if reason is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(reason or 'read-only')

    # -- reading -------------------------------------------------------------

    def api(self, **params: object) -> dict:
        """GET api.php (JSON, formatversion 2) without logging in."""
        query = {'format': 'json', 'formatversion': '2'}
        query.update({k: v if isinstance(v, str) else
                      '|'.join(map(str, v)) if isinstance(v, (list, tuple))
                      else str(v) for k, v in params.items()})
        url = self.api_url + '?' + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.load(resp)

    def page_text(self, title: str) -> str | None:
        """Current wikitext, None when the page does not exist."""
        data = self.api(action='query', prop='revisions', titles=title,
                        rvprop='content', rvslots='main')
        page = data['query']['pages'][0]
        if page.get('missing') or page.get('invalid'):
            return None
        return page['revisions'][0]['slots']['main']['content']

    def revision_count(self, title: str) -> int:
        """Live (undeleted) revisions of a page; 0 when missing."""
        count = 0
        cont: dict[str, str] = {}
        while True:
            data = self.api(action='query', prop='revisions', titles=title,
                            rvprop='ids', rvlimit='max', **cont)
            page = data['query']['pages'][0]
            count += len(page.get('revisions', []))
            if 'continue' not in data:
                return count
            cont = data['continue']


# --------------------------------------------------------------------------
# The set of wikis
# --------------------------------------------------------------------------

class Sandbox:
    """Several wikis under one root, booted together, stopped together."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.wikis: dict[str, SandboxWiki] = {}
        self._tool = self.root / '_sandbox_tool.php'
        self._started = False
        self._atexit_registered = False

    def add(self, name: str, lang: str | None = None,
            sitename: str | None = None) -> SandboxWiki:
        """Declare a wiki; presets fill language and site name.

        Any other name is a Wikipedia whose content language is its name
        (or ``lang`` when given).
        """
        if name in self.wikis:
            raise ValueError(f'wiki {name!r} already added')
        plang, psite = PRESETS.get(name, (name, 'Wikipedia'))
        wiki = SandboxWiki(self.root, name, lang or plang, sitename or psite,
                           self._tool)
        self.wikis[name] = wiki
        return wiki

    def __getitem__(self, name: str) -> SandboxWiki:
        return self.wikis[name]

    def __iter__(self):
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
        self._tool.write_text(_TOOL_PHP)
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        self._started = True
        try:
            t0 = time.monotonic()
            fresh = [w for w in self.wikis.values() if not w.settings.exists()]
            self._install(fresh)
            self._parallel(lambda w: w.create_user(BOT_USER, BOT_PASSWORD, bot=True),
                           fresh)
            self._parallel(SandboxWiki.serve, list(self.wikis.values()))
            for w in self.wikis.values():
                log.info('sandbox wiki %s (%s, %r) at %s', w.name, w.lang,
                         w.sitename, w.api_url)
            log.info('sandbox: %d wikis up in %.1fs', len(self.wikis),
                     time.monotonic() - t0)
        except BaseException:
            self.stop()
            raise

    def _install(self, wikis: list[SandboxWiki]) -> None:
        """Run install.php for all wikis at once, then configure each."""
        procs = []
        for w in wikis:
            if w.dir.exists():
                shutil.rmtree(w.dir)      # half-made by an interrupted run
            w.dir.mkdir(parents=True)
            procs.append((w, subprocess.Popen(
                w._install_cmd(), stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, env=w._env())))
        errors = []
        for w, p in procs:
            out, _ = p.communicate()
            if p.returncode != 0:
                errors.append(f'{w.name}: install.php exited {p.returncode}\n'
                              f'{out[-3000:]}')
        if errors:
            raise SandboxError('\n'.join(errors))
        for w in wikis:
            w._configure()

    @staticmethod
    def _parallel(fn, wikis: list[SandboxWiki]) -> None:
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

    def stop(self) -> None:
        """Stop every server this sandbox started; safe to call twice."""
        for w in self.wikis.values():
            try:
                w.stop()
            except Exception:   # noqa: BLE001 - stop the others regardless
                log.exception('sandbox: stopping %s failed', w.name)
        self._started = False
