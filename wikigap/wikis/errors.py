"""The bot's own wiki errors: the wiki adapter turns pywikibot's exceptions into these.

Code outside the adapter (:mod:`wikigap.wikis.wiki`) matches these types, never pywikibot's class
names, so it needs no pywikibot import and a pywikibot upgrade changes one module.
"""
from __future__ import annotations

from wikigap.wikis.redact import REDACTOR


def describe(err: Exception) -> str:
    """Name an error and its message on one line (at most 300 characters of it), secrets masked."""
    return f"{type(err).__name__}: {REDACTOR.redact(' '.join(str(err).split()))[:300]}"


class WikiError(Exception):
    """A wiki refused a request or could not be reached; the message says which and why."""


class EditConflict(WikiError):
    """Someone saved the page after the bot read it, and the wiki could not merge."""


class ReadOnly(WikiError):
    """The wiki is read-only (maintenance, replication lag); nothing was written."""


class Unreachable(WikiError):
    """The wiki did not answer (connection, timeout, server error) after pywikibot's retries."""


class NotAllowed(WikiError):
    """The page opts out of this bot ({{nobots}}, {{bots|deny=…}}, …), as pywikibot reads it."""
