"""An outage is said in words, never by an exception's class name (issue 25 item 1).

Built from the real exception types requests and urllib3 raise, with the texts they write.
"""
from __future__ import annotations

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from wikigap.wikis.deadline import short
from wikigap.wikis.errors import Unreachable, describe, in_words

CLASS_NAMES = ("ReadTimeout", "ConnectionError", "NewConnectionError", "MaxRetryError",
               "SSLError", "ServerError", "Unreachable", "HTTPConnectionPool", "object at 0x")


def refused() -> requests.exceptions.ConnectionError:
    inner = NewConnectionError(None, "<urllib3.connection.HTTPConnection object at 0x7f00aa>: "
                                     "Failed to establish a new connection: [Errno 111] "
                                     "Connection refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/w/api.php", inner))


def test_a_refused_connection_is_said_as_such():
    assert describe(refused()) == "could not connect: Connection refused"
    assert short(refused()) == "could not connect: Connection refused"


def test_a_timeout_and_a_failed_tls_are_said_in_words():
    slow = requests.exceptions.ReadTimeout(
        "HTTPConnectionPool(host='127.0.0.1', port=4000): Read timed out. (read timeout=5)")
    assert describe(slow) == "no answer in time: Read timed out. (read timeout=5)"
    assert describe(requests.exceptions.ConnectTimeout("slow")) == "could not connect in time: slow"
    assert describe(requests.exceptions.SSLError("bad handshake")).startswith(
        "the secure connection (TLS) failed")


def test_no_class_name_reaches_the_operator_for_an_outage_or_the_bots_own_error():
    for err in (refused(), requests.exceptions.ReadTimeout("Read timed out."),
                Unreachable("en: could not connect: Connection refused")):
        assert not any(name in describe(err) for name in CLASS_NAMES), describe(err)


def test_a_bug_keeps_its_class_name_and_is_no_outage():
    err = AttributeError("'dict' object has no attribute 'add'")
    assert in_words(err) is None
    assert describe(err) == "AttributeError: 'dict' object has no attribute 'add'"
