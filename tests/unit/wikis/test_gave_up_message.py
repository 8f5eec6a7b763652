"""A web service given up for the run (the Dashboard, a registration) is reported in full words.

The fresh-clone trial saw ``_GaveUp: …`` cut off mid-sentence: the whole
message of the run's bound names the service, how long it was tried and what
to do, so it must reach staff as it is.
"""
from __future__ import annotations

import pytest

from wikigap.wikis import deadline, wiki  # noqa: F401  (sets pywikibot up first)
from wikigap.wikis._pwb import errors, rest
from wikigap.wikis.errors import Unreachable

MESSAGE = ("http://127.0.0.1:9/courses could not be read: tried 3 time(s) over 15 s, then gave up "
           "because it refused every connection; the next run tries again; if it lasts, check "
           "the service's status and this machine's network")


def test_a_service_given_up_is_unreachable_with_the_bounds_whole_message():
    given_up = errors.GaveUp(deadline.GaveUp("http://127.0.0.1:9", MESSAGE))
    with pytest.raises(Unreachable) as raised:
        rest._answer(given_up, "http://127.0.0.1:9/courses/A/B/users.json")
    assert str(raised.value) == MESSAGE
