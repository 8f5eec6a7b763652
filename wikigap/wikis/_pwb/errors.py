"""pywikibot's (and the HTTP layer's) exceptions turned into the bot's own (wikigap.wikis.errors)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pywikibot
import requests
from pywikibot import exceptions as pwb

from wikigap.wikis import deadline
from wikigap.wikis._pwb.refusals import PROTECTION_CODES, REFUSAL_CODES, refusal
from wikigap.wikis.errors import (
    EditConflict,
    ReadOnly,
    Refused,
    Unreachable,
    WikiError,
    describe,
)

#: Exceptions that mean "the wiki did not answer", whatever layer raised them.
UNREACHABLE = (pwb.ServerError, pwb.ApiTimeoutError, pwb.ClientError,
               requests.exceptions.RequestException, OSError)


class GaveUp(pwb.FatalServerError):
    """deadline.GaveUp dressed so pywikibot's request loop raises it at once.

    pywikibot waits and retries any other exception from its HTTP layer; a
    FatalServerError it passes straight up to the caller.
    """

    def __init__(self, err: deadline.GaveUp) -> None:
        super().__init__(str(err))
        self.gave_up = err


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn pywikibot's (and the HTTP layer's) exceptions into the bot's own.

    A refusal (block, protection, abuse filter, lists) becomes :class:`Refused`
    in words; other messages keep pywikibot's class name, as before.
    """
    try:
        yield
    except WikiError:
        raise
    except (pwb.Error, *UNREACHABLE) as err:
        raise translated(err) from err


def translated(err: Exception) -> WikiError:
    """Give the bot's kind of one pywikibot (or HTTP layer) error."""
    refused = refused_by(err)
    if refused is not None:
        return refused
    if isinstance(err, GaveUp):
        return Unreachable(str(err.gave_up))
    if isinstance(err, pwb.EditConflictError):
        return EditConflict(describe(err))
    if isinstance(err, pwb.APIError):
        return (ReadOnly if err.code == "readonly" else WikiError)(describe(err))
    if isinstance(err, UNREACHABLE):
        return Unreachable(describe(err))
    return WikiError(describe(err))


def refused_by(err: BaseException) -> Refused | None:
    """Find the wiki's refusal answer in a pywikibot error, as the bot's Refused; None if none.

    pywikibot hides the answer: a save wraps it (``OtherPageSaveError.reason``),
    its own refusal classes replace it (the answer stays their ``__context__``).
    A protection's level and expiry are asked from the wiki (one request, only
    when refused).
    """
    api = _api_error(err)
    if api is None or api.code not in REFUSAL_CODES:
        return None
    protection = None
    page = getattr(err, "page", None)
    if api.code in PROTECTION_CODES and isinstance(page, pywikibot.Page):
        protection = _protection(page)
    return refusal(api.code, api.info, api.other, protection)


def _api_error(err: BaseException | None, depth: int = 0) -> pwb.APIError | None:
    """The API's error answer inside ``err`` (itself, its reason, or what it replaced)."""
    if err is None or depth > 4:
        return None
    if isinstance(err, pwb.APIError):
        return err
    reason = getattr(err, "reason", None)
    inner = reason if isinstance(reason, BaseException) else err.__context__
    return _api_error(inner, depth + 1)


def _protection(page: pywikibot.Page) -> list[Mapping[str, Any]]:
    """Ask the wiki for a page's protections (type, level, expiry); empty if it does not say."""
    try:
        answer = page.site.simple_request(action="query", prop="info", inprop="protection",
                                          titles=[page.title()]).submit()
    except pwb.Error:
        return []
    for info in answer.get("query", {}).get("pages", {}).values():
        return list(info.get("protection", []))
    return []
