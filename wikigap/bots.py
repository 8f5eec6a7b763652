"""The bot exclusion convention: {{nobots}} and {{bots|allow=…|deny=…}}.

Read with mwparserfromhell so a mention in a comment or nowiki does not count
as an opt-out, and a real one is never missed. See
https://en.wikipedia.org/wiki/Template:Bots for the convention.
"""
from __future__ import annotations

import mwparserfromhell


def allowed(text: str, account: str) -> bool:
    """Tell whether a page lets ``account`` edit it."""
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        name = str(template.name).strip().lower()
        if name == "nobots":
            return False
        if name == "bots" and not _bots_allows(template, account):
            return False
    return True


def _bots_allows(template, account: str) -> bool:
    me = account.replace("_", " ").strip().lower()
    for param, default in (("allow", True), ("deny", False)):
        if template.has(param):
            names = {n.strip().replace("_", " ").lower()
                     for n in str(template.get(param).value).split(",")}
            if param == "allow":
                return "all" in names or me in names
            return not ("all" in names or me in names)
    return True
