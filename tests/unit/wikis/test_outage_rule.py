"""The one rule that tells a service's outage from an answer about what was asked (issue 26)."""
from __future__ import annotations

import pytest

from wikigap.wikis.campaignevents import RestRefused
from wikigap.wikis.errors import (
    BadAnswer,
    NotAllowed,
    Unreachable,
    WikiError,
    is_outage,
)


@pytest.mark.parametrize("err, outage", [
    (Unreachable("meta: connection refused"), True),          # refused, timeout, DNS, TLS
    (Unreachable("http://x could not be read: … max_run_minutes (3)"), True),   # given up
    (BadAnswer("registration 7: the answer is not JSON"), True),   # an HTML error page
    (RestRefused("HTTP 503", 503), True),
    (RestRefused("HTTP 500", 500), True),
    (RestRefused("HTTP 429", 429), True),
    (RestRefused("HTTP 404", 404, "campaignevents-rest-event-not-found"), False),
    (RestRefused("HTTP 403", 403), False),                    # about the event: the organizers'
    (RestRefused("HTTP 400", 400, "missingparam"), False),
    (WikiError("APIError: badvalue"), False),                 # the wiki answered about the request
    (NotAllowed("{{nobots}}"), False),
    (ValueError("not a service's error"), False),
])
def test_an_outage_is_the_services_trouble_not_an_answer(err, outage):
    assert is_outage(err) is outage
