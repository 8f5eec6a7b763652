"""The bot's own wiki errors: the wiki adapter turns pywikibot's exceptions into these.

Code outside the adapter (:mod:`wikigap.wikis.wiki`) matches these types, never pywikibot's class
names, so it needs no pywikibot import and a pywikibot upgrade changes one module.
:func:`is_outage` is the one rule that tells a service's outage from an answer
about what was asked.
"""
from __future__ import annotations

import re

from wikigap.wikis.redact import REDACTOR

#: pywikibot's site id of a wiki given by URL (``u952a27809a:``, as family and code): staff
#: know the wiki by the config's name, which the caller says; the id is dropped.
_SITE = re.compile(r"\bu([0-9a-f]{10}):u\1\b")
_SITE_PREFIX = re.compile(r"(\[\[)u[0-9a-f]{10}:")


def describe(err: BaseException) -> str:
    """Say an error on one line (at most 300 characters of it), secrets masked, without
    pywikibot's internal site id.

    An outage or a wiki's answer is said in words (:func:`in_words`), with no
    exception class name: the operator reads what happened, not which class
    raised it. Anything else is a bug, named by its class (its traceback is in
    the log file).
    """
    text = _clean(str(err))
    words = in_words(err)
    if words is not None:
        return words[:300]
    if isinstance(err, WikiError):
        return text[:300]
    return f"{type(err).__name__}: {text[:300]}"


#: An outage's kind in words, by the names of the exception's classes (requests, urllib3,
#: pywikibot, the standard library: matched by name, as only the adapter imports pywikibot).
#: The first match wins, so a connect timeout is not said as a timeout after connecting.
_KINDS = (
    ({"NewConnectionError"}, "could not connect"),   # urllib3 files it under ConnectTimeoutError
    ({"ConnectTimeout", "ConnectTimeoutError"}, "could not connect in time"),
    ({"SSLError"}, "the secure connection (TLS) failed"),
    ({"ReadTimeout", "ReadTimeoutError", "ApiTimeoutError", "Timeout", "TimeoutError"},
     "no answer in time"),
    ({"ConnectionError", "MaxRetryError", "ConnectionRefusedError",
      "ConnectionResetError", "ChunkedEncodingError", "RemoteDisconnected"}, "could not connect"),
    ({"ServerError", "FatalServerError"}, "the server answered with an error"),
)
#: The operating system's reason inside a connection error's text: ``[Errno 111] Connection
#: refused``, ``[Errno -2] Name or service not known``.
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")
#: What urllib3 writes around it: object addresses and the pool's retry wrapper.
_NOISE = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>: |\(Caused by \w+\(|\w+Pool\(host=[^)]*\): ")


def in_words(err: BaseException) -> str | None:
    """Say an outage in words (``could not connect: Connection refused``), or None if ``err``
    is not one of the outage kinds."""
    names = {cls.__name__ for cls in type(err).__mro__}
    for kinds, words in _KINDS:
        if names & kinds:
            text = _clean(str(err))
            reason = _ERRNO.search(text)
            if reason:
                return f"{words}: {reason.group(1).strip()}"
            detail = _NOISE.sub("", text).strip(" '\"")
            return f"{words}: {detail}" if detail else words
    return None


def _clean(text: str) -> str:
    """One line, secrets masked, pywikibot's site ids dropped."""
    text = REDACTOR.redact(" ".join(text.split()))
    return _SITE_PREFIX.sub(r"\1", _SITE.sub("the wiki", text))


class WikiError(Exception):
    """A wiki refused a request or could not be reached; the message says which and why."""


class EditConflict(WikiError):
    """Someone saved the page after the bot read it, and the wiki could not merge."""


class ReadOnly(WikiError):
    """The wiki is read-only (maintenance, replication lag); nothing was written."""


class Unreachable(WikiError):
    """The wiki did not answer (connection, timeout, server error) after pywikibot's retries."""


class BadAnswer(Unreachable):
    """A service answered, but not in its API's shape (an HTML error page, a proxy's page, a
    cut body): the service is in trouble, not the event it was asked about."""


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


def outage_status(status: int | None) -> bool:
    """Tell whether an HTTP status means the service is down or busy (429, 5xx)."""
    return status is not None and (status == 429 or status >= 500)


def is_outage(err: BaseException) -> bool:
    """Tell an outage of a service (ours to wait out) from an answer about the thing asked.

    An outage: no answer (refused, timeout, DNS, TLS), a service given up by the
    run's bound (``max_run_minutes``), a 429 or 5xx, an answer that is not the
    API's JSON. Not an outage: a 404, a 403 or any other 4xx (the organizers'
    page, id or course, or our account), and a wiki's API error about the request.
    Every source's reader (registrations, courses, the Challenge's global accounts)
    decides with this one function, so an outage is kept like a wiki's outage
    (the last good numbers with their time) and never told to organizers as theirs.
    """
    if isinstance(err, Unreachable):
        return True
    return outage_status(getattr(err, "status", None))
