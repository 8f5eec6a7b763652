"""Check that a problem is words of the message files, written in every language the bot ships.

Readers record problems as Phrases (message key and values); these helpers
write one in each language, as a notice or table would, and refuse a problem
whose words come from the code instead (a ``str``), a placeholder left
unfilled, or a translated language that shows the English sentence.
"""
from __future__ import annotations

import html
import re

from wikigap.write.messages import english, messages
from wikigap.model import Phrase, Problem

TRANSLATED = ("sv", "es", "pt", "fr")
_UNFILLED = re.compile(r"\$[0-9]")


def assert_written_in_every_language(problem: Problem) -> None:
    """Assert the problem's message and fix are Phrases, complete and translated."""
    for phrase in (problem.message, problem.fix):
        assert isinstance(phrase, Phrase), f"{problem.code}: words from the code, not i18n/"
        in_english = english(phrase)
        assert in_english and not _UNFILLED.search(in_english), in_english
        for language in TRANSLATED:
            text = messages(language).words(phrase)
            assert text and not _UNFILLED.search(text), (language, text)
            assert text != in_english, f"{problem.code}: {language} shows English: {text}"


#: English words that no sentence of sv, es, pt or fr uses ("be", "a", "no", "date", "page",
#: "link" are words there too, so they are not listed).
ENGLISH_ONLY = frozenset({
    "the", "of", "and", "with", "cannot", "which", "only", "has", "names", "could", "this",
    "that", "not", "was", "are", "does", "from", "how", "fix", "write", "row",
    "counted", "there", "is", "its", "ask", "sign", "add", "remove", "line", "user", "name",
})
_LINK = re.compile(r"\[\[[^\]]*\]\]")
_QUOTED = re.compile(r'"[^"]*"|[“”][^“”]*”|«[^»]*»|<!--.*?-->')
_WORD = re.compile(r"[^\W\d_]+")


def english_words(text: str) -> list[str]:
    """List the English-only words of a rendered notice or table, outside links and quotes.

    Links hold titles and user names and quotes hold the organizers' own cells:
    their words are the wiki's, not the bot's.
    """
    plain = _QUOTED.sub(" ", _LINK.sub(" ", html.unescape(text)))
    return sorted({word for word in _WORD.findall(plain.casefold()) if word in ENGLISH_ONLY})
