"""Write to one sandbox wiki through PHP maintenance scripts.

A mixin of :class:`sandbox.wiki.SandboxWiki` (``env`` comes from its server half).  Writes go around the API on
purpose: no login is needed, and past timestamps and other authors are only
possible through an import.  The bulk helper ``sandbox/php/tool.php`` does in
one PHP process what would otherwise take a script run per user or page.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sandbox.config import ADMIN_USER, IMPACT_SEED_PHP, MW_DIR, PHP, TOOL_PHP
from sandbox.dump import ImportedRevision, export_xml, is_ip, mw_compact, normalize_user
from sandbox.process import SandboxError, run

log = logging.getLogger(__name__)

#: Point every revision at the one before it by timestamp (see _fix_parents).
_RELINK_PARENTS = """
    UPDATE revision SET rev_parent_id = COALESCE((
        SELECT p.rev_id FROM revision p
        WHERE p.rev_page = revision.rev_page
          AND (p.rev_timestamp < revision.rev_timestamp
               OR (p.rev_timestamp = revision.rev_timestamp
                   AND p.rev_id < revision.rev_id))
        ORDER BY p.rev_timestamp DESC, p.rev_id DESC
        LIMIT 1), 0)"""


class WikiWrites:
    """The writing half of a sandbox wiki: users, pages, imports, deletion, read-only."""

    name: str
    lang: str
    dir: Path

    if TYPE_CHECKING:  # given by sandbox.wiki.SandboxWiki and its server half
        @property
        def settings(self) -> Path: ...
        @property
        def db_path(self) -> Path: ...
        def env(self) -> dict[str, str]: ...

    # -- maintenance scripts ------------------------------------------------

    def maintenance(self, script: str, *args: str, input: str | None = None,
                    timeout: float | None = None) -> str:
        """Run maintenance/<script> (or a script by absolute path) against this wiki; return stdout."""
        path = Path(script) if os.path.isabs(script) else MW_DIR / 'maintenance' / script
        return run([PHP, path, '--conf', self.settings, *args], input=input,
                   env=self.env(), timeout=timeout).stdout

    def _tool_run(self, command: str, specs: Iterable[dict], script: Path = TOOL_PHP) -> list[dict]:
        """Feed JSON lines to the bulk helper (or another JSON-lines script); return its answers."""
        payload = ''.join(json.dumps(s) + '\n' for s in specs)
        out = self.maintenance(str(script), command, input=payload)
        return [json.loads(line) for line in out.splitlines() if line.startswith('{')]

    # -- users ---------------------------------------------------------------

    def create_user(self, name: str, password: str | None = None, bot: bool = False) -> int:
        """Create (or update) one account; return its user id."""
        spec = {'name': name, 'password': password, 'groups': ['bot'] if bot else []}
        return self._tool_run('users', [spec])[0]['id']

    def create_users(self, names: Iterable[str]) -> dict[str, int]:
        """Create many password-less accounts in one PHP process.

        Existing accounts are kept.  Returns normalised name -> user id.
        """
        specs: list[dict] = [{'name': n, 'password': None, 'groups': []} for n in names]
        if not specs:
            return {}
        return {r['name']: r['id'] for r in self._tool_run('users', specs)}

    def existing_users(self, names: Iterable[str]) -> set[str]:
        """Which of these (normalised) names have a local account."""
        wanted = sorted({normalize_user(n) for n in names})
        found: set[str] = set()
        con = sqlite3.connect(f'file:{self.db_path}?mode=ro', uri=True, timeout=30)
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                q = ('SELECT user_name FROM user WHERE user_name IN (%s)'
                     % ','.join('?' * len(chunk)))
                found.update((r[0].decode() if isinstance(r[0], bytes) else r[0])
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
        self._check_authors(revs)
        t0 = time.monotonic()
        self._import_dump(revs)
        t1 = time.monotonic()
        self._fix_parents()
        self.maintenance('initEditCount.php')
        self.maintenance('initSiteStats.php', '--update')
        if link_updates:
            self._tool_run('refresh', [{'title': t} for t in dict.fromkeys(r.title for r in revs)])
        log.debug('%s: import of %d revisions: importDump %.1fs, parents, counts and links %.1fs',
                  self.name, len(revs), t1 - t0, time.monotonic() - t1)

    def _check_authors(self, revs: list[ImportedRevision]) -> None:
        """Refuse an import whose authors have no account here, naming them."""
        names = {normalize_user(r.user) for r in revs if not is_ip(r.user)}
        missing = names - self.existing_users(names)
        if missing:
            raise ValueError(f'{self.name}: create these users first: '
                             f'{sorted(missing)[:20]} ({len(missing)} missing)')

    def _import_dump(self, revs: list[ImportedRevision]) -> None:
        """Write the revisions as an XML dump beside the wiki and run importDump.php on it."""
        fd, tmp = tempfile.mkstemp(suffix='.xml', dir=self.dir)
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as f:
                f.write(export_xml(revs, self.lang))
            self.maintenance('importDump.php', '--no-updates', tmp)
        finally:
            os.unlink(tmp)

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
                con.execute(_RELINK_PARENTS)
        finally:
            con.close()

    def delete_page(self, title: str, reason: str = 'sandbox') -> None:
        """Delete a page; its revisions leave usercontribs (go to archive)."""
        fd, tmp = tempfile.mkstemp(suffix='.txt', dir=self.dir)
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as f:
                f.write(title + '\n')
            out = self.maintenance('deleteBatch.php', '-u', ADMIN_USER, '-r', reason, tmp)
        finally:
            os.unlink(tmp)
        if 'Deleted!' not in out:
            raise SandboxError(f'{self.name}: could not delete {title!r}: {out}')

    def move_page(self, old: str, new: str) -> None:
        """Move a page as the admin, leaving a redirect at the old title."""
        fd, tmp = tempfile.mkstemp(suffix='.txt', dir=self.dir)
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as f:
                f.write(f'{old}|{new}\n')
            self.maintenance('moveBatch.php', '--u', ADMIN_USER, tmp)
        finally:
            os.unlink(tmp)

    def set_read_only(self, reason: str | None) -> None:
        """Lock (reason given) or unlock (None) the wiki, server included."""
        path = self.dir / 'readonly.txt'
        if reason is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(reason or 'read-only')

    # -- impact: Wikidata items, registration dates, change tags ---------------

    def _seed(self, command: str, specs: list[dict]) -> list[dict]:
        """Run sandbox/php/impactSeed.php with JSON lines; return its answers."""
        return self._tool_run(command, specs, IMPACT_SEED_PHP) if specs else []

    def set_items(self, items: Mapping[str, str | None]) -> None:
        """Give pages their ``wikibase_item`` page property (None removes it).

        Do it after the pages' last edit or import: a links update rewrites
        page properties from the parser, which knows no Wikibase here.
        """
        self._seed('pageprops', [{'title': t, 'name': 'wikibase_item', 'value': q}
                                 for t, q in items.items()])

    def set_registrations(self, dates: Mapping[str, datetime | None]) -> None:
        """Set accounts' registration times (None: no date recorded, as for pre-2005 accounts)."""
        self._seed('registration', [
            {'name': n, 'timestamp': None if d is None else mw_compact(d)}
            for n, d in dates.items()])

    def tag_revisions(self, tagged: Iterable[tuple[str, datetime, Sequence[str]]]) -> None:
        """Add change tags to the revisions of (title, timestamp), as MediaWiki stores them."""
        self._seed('tags', [{'title': t, 'timestamp': mw_compact(w), 'tags': list(g)}
                            for t, w, g in tagged])

    def load_entities(self, claims: dict[str, dict],
                      sitelinks: dict[str, dict] | None = None,
                      labels: dict[str, dict[str, str]] | None = None) -> None:
        """Store Wikidata items (id -> claims, and id -> sitelinks) for the WikibaseDouble.

        A page per id, JSON text; ``sitelinks`` in Wikibase's shape,
        ``{"enwiki": {"site": "enwiki", "title": "…", "badges": ["Q17437796"]}}``;
        ``labels`` as id -> language -> label, stored in Wikibase's shape
        (``{"sv": {"language": "sv", "value": "…"}}``).
        """
        sitelinks, labels = sitelinks or {}, labels or {}

        def entity(qid: str, found: dict) -> dict:
            data = {'type': 'item', 'id': qid, 'claims': found}
            if qid in sitelinks:
                data['sitelinks'] = sitelinks[qid]
            if qid in labels:
                data['labels'] = {lang: {'language': lang, 'value': value}
                                  for lang, value in labels[qid].items()}
            return data
        self.load_pages([(qid, json.dumps(entity(qid, found))) for qid, found in claims.items()])

    def load_global_accounts(self, accounts: dict[str, dict]) -> None:
        """Store global accounts (user -> globaluserinfo JSON) for the CentralAuthDouble on meta."""
        self.load_pages([(f'CentralAuthDouble/{name}', json.dumps(data))
                         for name, data in accounts.items()])
