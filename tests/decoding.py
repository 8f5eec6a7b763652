"""Read rendered wikitext back as MediaWiki shows it: shared by the escaping and end-to-end tests."""
from __future__ import annotations

import html
import re


def mw_decode(text: str) -> str:
    """Decode character references the way MediaWiki does (only complete ``&…;`` ones)."""
    return re.sub(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
                  lambda m: html.unescape(m.group(0)), text)


def normalised(text: str) -> str:
    """Give the text a value should read as: one line, trimmed."""
    return re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x85]+", " ", text).strip()
