"""The bot exclusion convention beyond what pywikibot's own check reads.

pywikibot's ``Page.botMayEdit`` is the rule (the adapter asks it for every
page the bot writes, with the family's ``edit_restricted_templates``), but it
only sees ``{{bots}}``/``{{nobots}}`` written on the page itself. Two more
forms opt a page out here, so a person's opt-out is never missed:

- ``{{nobots}}`` reached through a redirect or inside another template: the
  wiki lists ``Template:Nobots`` among the page's transcluded templates;
- ``{{bots|optout=…}}`` naming ``all`` or this bot's message kind, the
  convention's way to refuse talk-page messages (pywikibot ignores it).

See https://en.wikipedia.org/wiki/Template:Bots for the convention.
"""
from __future__ import annotations

from collections.abc import Iterable

import mwparserfromhell

#: The message kind a page names in {{bots|optout=…}} to refuse this bot's notices.
MESSAGE_KIND = "wikigapbot"


def transcludes_nobots(template_titles: Iterable[str]) -> bool:
    """Tell whether the wiki reports ``Template:Nobots`` among a page's templates.

    Titles come without namespace, as MediaWiki normalises them (first letter
    upper case), so ``{{NoBots}}`` redirecting there shows up as ``Nobots`` too.
    """
    return any(title.replace("_", " ").strip() == "Nobots" for title in template_titles)


def optout_reason(text: str) -> str | None:
    """Say why ``{{bots|optout=…}}`` refuses this bot's messages, or None.

    A text without the letters ``bots`` and ``optout`` holds no such template
    (its name, lower-cased, must be ``bots``): it is not parsed. The bot's own
    pages are large (the Challenge's leaderboard: megabytes of tables), and
    parsing one whole took most of a run's memory and time.
    """
    lowered = text.lower()
    if "bots" not in lowered or "optout" not in lowered:
        return None
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        name = str(template.name).strip().replace("_", " ")
        name = name.split(":", 1)[1].strip() if name.lower().startswith("template:") else name
        if name.lower() != "bots" or not template.has("optout"):
            continue
        kinds = {k.strip().lower() for k in str(template.get("optout").value).split(",")}
        if kinds & {"all", MESSAGE_KIND}:
            return f"opted out ({{{{bots|optout={', '.join(sorted(kinds))}}}}})"
    return None
