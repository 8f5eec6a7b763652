"""Keep secrets out of every log line: passwords, login tokens and session cookies.

pywikibot logs whole API requests at debug level (the login request carries
``lgpassword`` and ``lgtoken``) and some HTTP errors with their request. With
an operator's file logging on (``-log``, ``log = ['*']``, ``debug_log``),
that would write the BotPassword to disk. :func:`install` puts a redacting
step where every log record is made, for every logger and handler, so no
record can carry a secret, whatever its level, handler or formatter.
"""
from __future__ import annotations

import ast
import logging
import re
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "[redacted]"
#: Parameter names whose values are secrets wherever they appear (query strings, dicts, JSON).
SECRET_KEYS = ("lgpassword", "password", "lgtoken", "logintoken", "token", "csrftoken",
               "centralauthtoken", "cookie", "set-cookie")
_KEYS = "|".join(SECRET_KEYS)
_QUOTED = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_PATTERNS = (
    re.compile(rf"(?i)(['\"](?:{_KEYS})['\"]\s*:\s*\[?\s*){_QUOTED}"),    # 'a': 'b' or ['b']
    re.compile(rf"(?i)\b((?:{_KEYS})=)[^&\s'\"]+"),                       # a=b in a query
    re.compile(rf"(?i)\b((?:{_KEYS}):\s*)[^\r\n]+"),                     # Cookie: header
)
#: What each pattern puts where the value was (the first keeps the quotes of a Python literal).
_MASKS = (f"'{MASK}'", MASK, MASK)


class Redactor:
    """Replace known secret values and secret-named parameters by a mask."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self.sources: list[Callable[[], Iterable[str]]] = []

    def add(self, value: str) -> None:
        """Remember a secret, with the forms it takes in URLs and request bodies."""
        if value and len(value) >= 4:
            self.values |= {value, quote(value, safe=""), quote_plus(value)}

    def redact(self, text: str) -> str:
        for source in self.sources:
            for value in source():
                self.add(value)
        for pattern, mask in zip(_PATTERNS, _MASKS, strict=True):
            text = pattern.sub(partial(_masked, mask), text)
        for value in sorted(self.values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text


def _masked(mask: str, match: re.Match[str]) -> str:
    """Keep a secret's key (group 1) and put the mask where its value was."""
    return match.group(1) + mask


REDACTOR = Redactor()


def password_file_secrets(path: str | Path) -> list[str]:
    """Read the secrets of a pywikibot password file: the last string of each entry.

    Entries look like ``("User", "pass")`` or ``("User", BotPassword("suffix", "secret"))``;
    the file is parsed, never run.
    """
    secrets: list[str] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return secrets
    for line in lines:
        try:
            tree = ast.parse(line.strip())
        except SyntaxError:
            continue
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                   and isinstance(n.value, str)]
        if len(strings) >= 2:
            secrets.append(strings[-1])
    return secrets


def install(redactor: Redactor = REDACTOR) -> None:
    """Redact every log record as it is made (message, arguments and traceback)."""
    make = logging.getLogRecordFactory()
    if isinstance(make, _RedactingFactory):
        return
    logging.setLogRecordFactory(_RedactingFactory(make, redactor))


class _RedactingFactory:
    """A log record factory that redacts what the one it wraps makes."""

    def __init__(self, make: Callable[..., logging.LogRecord], redactor: Redactor) -> None:
        self.make, self.redactor = make, redactor

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.make(*args, **kwargs)
        try:
            record.msg, record.args = self.redactor.redact(record.getMessage()), ()
        except Exception:   # a record that cannot be formatted: keep none of its text
            record.msg, record.args = MASK, ()
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_text = self.redactor.redact(text).rstrip("\n")   # formatters print this
        return record
