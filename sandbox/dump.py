"""Past revisions as a MediaWiki XML export, the form importDump.php reads.

Only an import can give a revision a past timestamp and another author, so
tests and the demo describe history as :class:`ImportedRevision` rows and
this module writes them out.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr


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


_IP_RE = re.compile(r'^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)$')

_HEAD = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ '
         'http://www.mediawiki.org/xml/export-0.11.xsd" '
         'version="0.11" xml:lang={lang}>\n')


def is_ip(name: str) -> bool:
    """IP 'users' are anonymous edits: they need no account."""
    return bool(_IP_RE.match(name.strip()))


def normalize_user(name: str) -> str:
    """Normalise a user name as MediaWiki stores it (first letter upper)."""
    name = ' '.join(name.replace('_', ' ').split())
    return name[:1].upper() + name[1:]


def mw_timestamp(ts: datetime) -> str:
    """Format for an XML dump: UTC, second precision, 'Z'."""
    if ts.tzinfo is not None:
        ts = ts.astimezone(timezone.utc)
    return ts.strftime('%Y-%m-%dT%H:%M:%SZ')


def mw_compact(ts: datetime) -> str:
    """Format as MediaWiki's database timestamps: UTC, YYYYMMDDHHMMSS."""
    return mw_timestamp(ts).translate(str.maketrans('', '', '-:TZ'))


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
    out = [_HEAD.format(lang=quoteattr(lang))]
    for title, revs in pages.items():
        out.append(f'  <page>\n    <title>{escape(title)}</title>\n')
        out += [_revision_xml(rev) for rev in sorted(revs, key=lambda r: mw_timestamp(r.timestamp))]
        out.append('  </page>\n')
    out.append('</mediawiki>\n')
    return ''.join(out)


def _revision_xml(rev: ImportedRevision) -> str:
    """Write one <revision> element; an IP author is an <ip>, anyone else a <username>."""
    who = (f'<ip>{escape(rev.user)}</ip>' if is_ip(rev.user)
           else f'<username>{escape(rev.user)}</username>')
    return ('    <revision>\n'
            f'      <timestamp>{mw_timestamp(rev.timestamp)}</timestamp>\n'
            f'      <contributor>{who}</contributor>\n'
            + ('      <minor/>\n' if rev.minor else '')
            + f'      <comment>{escape(rev.comment)}</comment>\n'
            f'      <text xml:space="preserve" '
            f'bytes="{len(rev.text.encode())}">{escape(rev.text)}</text>\n'
            '    </revision>\n')
