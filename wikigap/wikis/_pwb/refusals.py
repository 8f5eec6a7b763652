"""A wiki's no, in words: the API's refusal answer (code, info, details) to one line and its fix.

Pure: built from the answer's dicts as MediaWiki sends them (``blockinfo``,
``abusefilter``, ``spamblacklist``, a page's ``protection``), so it is tested
without a wiki. No exception class name, no dict and no site id reaches the
words; the wiki is named by the caller (the config's name).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wikigap.wikis.errors import Blocked, Refused

BLOCK_CODES = frozenset({"blocked", "autoblocked"})
PROTECTION_CODES = frozenset({"protectedpage", "cascadeprotected", "protectedtitle",
                              "protectednamespace", "protectednamespace-interface"})
FILTER_CODES = frozenset({"abusefilter-disallowed", "abusefilter-warning"})
OTHER_CODES = {
    "spamblacklist", "titleblacklist-forbidden", "contenttoobig", "filtered",
}
REFUSAL_CODES = BLOCK_CODES | PROTECTION_CODES | FILTER_CODES | OTHER_CODES


def refusal(code: str, info: str, other: Mapping[str, Any],
            protection: list[Mapping[str, Any]] | None = None) -> Refused:
    """Turn one refusal answer into the bot's error: the reason in words, then the fix."""
    if code in BLOCK_CODES:
        block = other.get("blockinfo") or {}
        return Blocked(block_words(block), sitewide=not partial(block), code=code)
    if code in PROTECTION_CODES:
        return Refused(protection_words(code, protection or []), code)
    if code in FILTER_CODES:
        return Refused(filter_words(other.get("abusefilter") or {}, info), code)
    if code == "spamblacklist":
        matches = (other.get("spamblacklist") or {}).get("matches") or []
        return Refused(spam_words(matches), code)
    if code == "titleblacklist-forbidden":
        return Refused("the title is on the wiki's title blacklist "
                       f"({_plain(info)}); choose another title in the config, or ask the "
                       "wiki's administrators to allow it", code)
    if code == "contenttoobig":
        return Refused(f"the page would be larger than the wiki allows ({_plain(info)}); "
                       "split the table (fewer events a page) or shorten it", code)
    return Refused(f"the wiki refused the edit ({_plain(info)}); see the wiki's edit rules", code)


def block_words(block: Mapping[str, Any]) -> str:
    """Say who blocked the bot's account, why and until when, and what to do."""
    who = _plain(block.get("blockedby") or "") or "an administrator"
    reason = _plain(block.get("blockreason") or "") or "no reason given"
    scope = "on some pages" if partial(block) else "from editing"
    return (f"the bot's account is blocked {scope} by {who} ({reason}), "
            f"{until(block.get('blockexpiry'))}; ask {who} or another administrator of the wiki "
            "to lift the block")


def partial(block: Mapping[str, Any]) -> bool:
    """Tell a partial block: ``blockpartial`` is True (formatversion 2), or present as ``""``
    (formatversion 1, where a false flag is left out)."""
    return "blockpartial" in block and block["blockpartial"] is not False


def until(expiry: Any) -> str:
    """Say an expiry as staff read it: a time in UTC, or never."""
    if not expiry or str(expiry) in ("infinite", "infinity", "indefinite", "never"):
        return "with no end date"
    return f"until {_plain(str(expiry)).replace('T', ' ').removesuffix('Z')} UTC"


def protection_words(code: str, protection: list[Mapping[str, Any]]) -> str:
    """Say the page's protection (level and expiry, or cascading) and what to do."""
    kinds = ("edit", "create") if code == "protectedtitle" else ("edit",)
    levels = [p for p in protection if p.get("type") in kinds] or list(protection)
    if code == "cascadeprotected" and not levels:
        said = "protected through a cascading protection of another page"
    elif levels:
        said = "protected (" + "; ".join(
            f"{_plain(p.get('type') or '')}: {_level(p.get('level'))}, {until(p.get('expiry'))}"
            for p in levels) + ")"
    else:
        said = "protected"
    return (f"the page is {said}; ask the wiki's administrators to lower the protection or "
            "give the bot's account the right, or point the config at a page the bot may edit")


def _level(level: Any) -> str:
    return {"sysop": "administrators only", "autoconfirmed": "autoconfirmed users only"}.get(
        str(level), f"'{_plain(str(level))}' only")


def filter_words(abusefilter: Mapping[str, Any], info: str) -> str:
    """Name the abuse filter by its public description, and what to do."""
    description = _plain(abusefilter.get("description") or "") or _plain(info)
    number = _plain(str(abusefilter.get("id") or ""))
    which = f"abuse filter {number}" if number else "an abuse filter"
    return (f"{which} (“{description}”) disallowed the text; ask the wiki's edit filter "
            "managers to let the bot's account pass, or change the text it matched")


def spam_words(matches: list[str]) -> str:
    """Name the links the spam blacklist matched, and what to do."""
    links = ", ".join(_plain(str(m)) for m in matches) or "a link"
    return (f"the text has a link on the wiki's spam blacklist ({links}); remove it from the "
            "page or registry row it came from")


def _plain(text: str) -> str:
    """One line of at most 200 characters (a reason may be long or hold line breaks)."""
    text = " ".join(str(text).split())
    return text if len(text) <= 200 else text[:199] + "…"


def edit_refusals_from(answer: Mapping[str, Any]) -> dict[str, list[str]]:
    """Read ``prop=info&intestactions=edit&intestactionsdetail=full``: each asked title (as
    given, before MediaWiki's normalisation) and why the bot may not edit it (empty: it may)."""
    query = answer.get("query") or {}
    asked = {n.get("to"): n.get("from") for n in query.get("normalized") or []}
    pages = query.get("pages") or {}
    found: dict[str, list[str]] = {}
    for page in pages.values() if isinstance(pages, Mapping) else pages:
        errors = (page.get("actions") or {}).get("edit") or []
        if not isinstance(errors, list):   # a plain yes/no: no reason given
            errors = [] if errors else [{"code": "permissiondenied", "info": ""}]
        reasons = [str(refusal(e.get("code", ""), e.get("text") or e.get("info") or
                               e.get("*") or "", e.get("data") or {},
                               page.get("protection") or []))
                   for e in errors if isinstance(e, Mapping)]
        title = page.get("title", "")
        found[asked.get(title, title)] = reasons
    return found
