"""pywikibot's (and the HTTP layer's) exceptions turned into the bot's own (wikigap.wikis.errors)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests
from pywikibot import exceptions as pwb

from wikigap.wikis import deadline
from wikigap.wikis.errors import (
    EditConflict,
    ReadOnly,
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

    The message keeps pywikibot's class name, so what staff read is unchanged.
    """
    try:
        yield
    except WikiError:
        raise
    except GaveUp as err:
        raise Unreachable(str(err.gave_up)) from err
    except pwb.EditConflictError as err:
        raise EditConflict(describe(err)) from err
    except pwb.APIError as err:
        kind = ReadOnly if err.code == "readonly" else WikiError
        raise kind(describe(err)) from err
    except UNREACHABLE as err:
        raise Unreachable(describe(err)) from err
    except pwb.Error as err:
        raise WikiError(describe(err)) from err
