"""Write a registry's Country cell in the table's language, with CLDR's country names (Babel).

Organizers write the country as they please: ``Sweden``, ``Sverige``,
``Brasil``, ``México``. A cell that is the CLDR name of a country in any
shipped or withdrawn language (case, accents and spacing aside) is shown under that
country's name in the table's language, so the Swedish table says
``Brasilien`` and the English one ``Brazil``; anything else (``Online``,
``Sweden / Norway``, a typo) is shown as it was written. A name that two
languages give to two different countries is left as written. Reads and
writes nothing.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale

from wikigap.i18n import read_in
from wikigap.write.messages import messages

#: CLDR territory codes of countries (two letters), not of regions such as 001 or 419.
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def country_name(text: str, language: str) -> str:
    """Give the country of ``text`` in ``language``, or ``text`` as written if it names none.

    The language is the one the table's words are in (``de`` without a message
    file writes English), so a row never mixes two languages.
    """
    code = _codes().get(_key(text))
    if code is None:
        return text
    return messages(language).locale.territories.get(code, text)


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Map every shipped or withdrawn language's country names (as keys) to their territory codes."""
    found: dict[str, set[str]] = {}
    for language in sorted(read_in()):
        for code, name in Locale.parse(language).territories.items():
            if _COUNTRY_CODE.fullmatch(code):
                found.setdefault(_key(name), set()).add(code)
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


def _key(text: str) -> str:
    """Fold a name for lookup: case, accents and runs of spaces do not matter."""
    bare = unicodedata.normalize("NFD", " ".join(str(text).split()).casefold())
    return "".join(c for c in bare if not unicodedata.combining(c))
