"""The log redactor: secrets by value and by parameter name never survive."""
from __future__ import annotations

import logging

from hypothesis import given, strategies as st

from wikigap.wikis.redact import MASK, Redactor, install, password_file_secrets

SECRET = st.text(st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters="'\"\\&"),
                 min_size=6, max_size=30)


@given(SECRET)
def test_a_known_secret_is_masked_in_every_form(secret):
    redactor = Redactor()
    redactor.add(secret)
    from urllib.parse import quote, quote_plus
    for form in (secret, quote(secret, safe=""), quote_plus(secret)):
        assert secret not in redactor.redact(f"Body: 'a=1&x={form}&b=2'").replace(MASK, "")


@given(SECRET)
def test_secret_parameters_are_masked_whatever_their_value(value):
    value = "Z9" + value   # never a piece of the parameter names themselves
    text = (f"Body: 'action=clientlogin&password={value}&logintoken={value}' "
            f"{{'lgpassword': ['{value}'], 'lgtoken': '{value}'}} Cookie: s={value}")
    assert value not in Redactor().redact(text)


def test_password_file_entries_give_their_last_string():
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".password", delete=False) as f:
        f.write("('WikiGapBot', BotPassword('wikigapbot', 'bp-secret-1'))\n('Other', 'plain-2')\n")
    assert password_file_secrets(f.name) == ["bp-secret-1", "plain-2"]


def test_installed_redaction_covers_every_logger_and_traceback(caplog):
    install()
    from wikigap.wikis.redact import REDACTOR
    REDACTOR.add("very-secret-77")
    try:
        raise RuntimeError("login failed with lgpassword=very-secret-77")
    except RuntimeError:
        logging.getLogger("wikigap.any").exception("request %s", {"lgtoken": "tok+\\"})
    assert "very-secret-77" not in caplog.text and "tok+" not in caplog.text
