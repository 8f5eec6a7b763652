"""The bot's own wiki errors: the wiki adapter turns pywikibot's exceptions into these.

Code outside the adapter (:mod:`wikigap.wikis.wiki`) matches these types, never pywikibot's class
names, so it needs no pywikibot import and a pywikibot upgrade changes one module.
"""
from __future__ import annotations

import re

from wikigap.wikis.redact import REDACTOR

#: pywikibot's site id of a wiki given by URL (``u952a27809a:``, as family and code): staff
#: know the wiki by the config's name, which the caller says; the id is dropped.
_SITE = re.compile(r"\bu([0-9a-f]{10}):u\1\b")
_SITE_PREFIX = re.compile(r"(\[\[)u[0-9a-f]{10}:")


def describe(err: Exception) -> str:
    """Name an error and its message on one line (at most 300 characters of it), secrets masked,
    without pywikibot's internal site id."""
    text = REDACTOR.redact(" ".join(str(err).split()))
    text = _SITE_PREFIX.sub(r"\1", _SITE.sub("the wiki", text))
    return f"{type(err).__name__}: {text[:300]}"


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


#: The API codes of a refusal of the text itself, not of the account or the page.
TEXT_REFUSALS = frozenset({"abusefilter-disallowed", "abusefilter-warning", "spamblacklist",
                           "titleblacklist-forbidden", "contenttoobig", "filtered"})


class Refused(WikiError):
    """The wiki said no to this write (a block, a protection, an abuse filter, the spam or title
    list, a page too large): the message is the reason in words and the fix, on one line.

    ``code`` is the API's error code (``blocked``, ``protectedpage``, …), for the caller's
    decisions, never for staff to read.
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    @property
    def of_text(self) -> bool:
        """Tell a refusal of the text itself (filters, lists, size): the same text meets it again."""
        return self.code in TEXT_REFUSALS


class Blocked(Refused):
    """The bot's account is blocked on the wiki: everywhere (``sitewide``) or on some pages."""

    def __init__(self, message: str, sitewide: bool = True, code: str = "blocked") -> None:
        super().__init__(message, code)
        self.sitewide = sitewide
