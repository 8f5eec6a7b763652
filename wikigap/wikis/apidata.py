"""The API's shapes turned into the bot's: timestamps, batches, contributions, namespaces,
registration dates, page states and Wikidata entities by requested id.

Pure functions over what MediaWiki's API returns, kept apart from the
adapter (:mod:`wikigap.wikis.wiki`) that makes the requests.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from wikigap.model import FIRST_LETTER, Namespaces, PageState, Revision

#: The registration time of an account MediaWiki keeps no date for (made before
#: late 2005): earlier than any event, so never a new editor.
NO_DATE = datetime.min.replace(tzinfo=timezone.utc)


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def namespaces_from(spaces, aliases: Iterable[dict]) -> Namespaces:
    """Collect the names a wiki accepts for User:, User talk: and Special:Contributions.

    ``spaces`` maps namespace numbers to objects with ``canonical_name``,
    ``custom_name`` and ``aliases`` (pywikibot's); ``aliases`` is siteinfo's
    ``specialpagealiases``.
    """
    def names(ns) -> frozenset[str]:
        found = {ns.canonical_name, ns.custom_name, *ns.aliases}
        return frozenset(n.replace("_", " ").lower() for n in found if n)

    contributions = {"contributions"}
    for entry in aliases:
        if entry.get("realname") == "Contributions":
            contributions |= {a.replace("_", " ").lower() for a in entry.get("aliases", [])}
    return Namespaces(user=names(spaces[2]), user_talk=names(spaces[3]),
                      special=names(spaces[-1]), contributions=frozenset(contributions),
                      case=getattr(spaces[0], "case", FIRST_LETTER))


def revision_from(wiki: str, item: dict) -> Revision:
    return Revision(
        wiki=wiki, revid=item["revid"], pageid=item["pageid"], title=item["title"],
        user=item["user"], timestamp=parse_api_time(item["timestamp"]),
        sizediff=item.get("sizediff", 0), new=item.get("new") not in (None, False),
        tags=tuple(item.get("tags", ())), parentid=int(item.get("parentid") or 0))


def registration_from(user: dict) -> datetime | None:
    """Read an account's registration time from ``list=users&usprop=registration``.

    NO_DATE when the wiki keeps none for the account (``registration`` empty);
    None when the answer has no such field at all (unknown).
    """
    if "registration" not in user:
        return None
    return parse_api_time(user["registration"]) if user["registration"] else NO_DATE


def page_state_from(wiki: str, page: dict) -> PageState | None:
    """Read one page of ``prop=info|pageprops&ppprop=wikibase_item``; None without a page id.

    The item is the ``wikibase_item`` page property Wikibase's client keeps
    on each article.
    """
    pageid = int(page.get("pageid", 0))
    if not pageid:
        return None
    item = page.get("pageprops", {}).get("wikibase_item")
    return PageState(wiki, pageid, page.get("title", ""), "missing" not in page,
                     "redirect" in page, item or None)


def api_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_api_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def entity_ids(response: Any) -> dict[str, Any]:
    """Map each requested id to its entity in a ``wbgetentities`` answer.

    Wikibase keys entities by the requested id; an id that was merged into
    another item comes back as the target with ``redirects: {from, to}``, so
    it is filed under ``from`` too.
    """
    entities = response.get("entities") if isinstance(response, dict) else None
    if not isinstance(entities, dict):
        raise ValueError("the wbgetentities answer has no 'entities' object")
    found: dict[str, Any] = {}
    for key, entity in entities.items():
        found[str(key)] = entity
        redirect = entity.get("redirects") if isinstance(entity, dict) else None
        if isinstance(redirect, dict) and isinstance(redirect.get("from"), str):
            found[redirect["from"]] = entity
    return found


@dataclass(frozen=True)
class HttpAnswer:
    """What a REST route or a web service answered: the status and the JSON body (None if none).

    A 4xx or 5xx is an answer, not an exception: the caller decides what it means.
    """

    status: int
    data: object = None
    url: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def revision_texts_from(response: Any) -> dict[int, str | None]:
    """Map each revision of a ``prop=revisions&rvprop=ids|content&rvslots=main`` answer to its text.

    Both answer formats are read (pages as a list or keyed by id, the text as
    ``content`` or ``*``); a revision whose text is hidden (``texthidden``) and
    every ``badrevids`` entry (deleted) map to None.
    """
    query = response.get("query", {}) if isinstance(response, dict) else {}
    pages = query.get("pages", [])
    found: dict[int, str | None] = {}
    for page in pages.values() if isinstance(pages, dict) else pages:
        for rev in page.get("revisions", []):
            main = rev.get("slots", {}).get("main", rev)
            text = main.get("content", main.get("*"))
            found[int(rev["revid"])] = text if isinstance(text, str) else None
    bad = query.get("badrevids", {})
    for key in bad.values() if isinstance(bad, dict) else bad:
        found[int(key.get("revid", 0))] = None
    return found


def wikipedias_from(info: Any) -> tuple[str, ...] | None:
    """Give the Wikipedia language codes a ``globaluserinfo&guiprop=merged`` answer shows edits on.

    ``info`` is ``query.globaluserinfo`` (CentralAuth's shape: see
    sandbox/extensions/CentralAuthDouble/README.md): an attached account counts
    when its ``editcount`` is above 0 and its ``url`` is a ``*.wikipedia.org``
    server; the language is the host's first label. None: no global account.
    """
    if not isinstance(info, dict) or "missing" in info:
        return None
    codes = []
    for account in info.get("merged", []):
        host = str(account.get("url", "")).split("//", 1)[-1].split("/", 1)[0].lower()
        code, _, rest = host.partition(".")
        if rest == "wikipedia.org" and int(account.get("editcount") or 0) > 0 and code:
            codes.append(code)
    return tuple(sorted(set(codes)))


def home_language(info: Any) -> str | None:
    """Give the language of a global account's home wiki (``svwiki`` -> ``sv``), if a Wikipedia."""
    home = info.get("home") if isinstance(info, dict) else None
    if isinstance(home, str) and home.endswith("wiki") and home not in (
            "metawiki", "commonswiki", "wikidatawiki", "specieswiki", "mediawikiwiki"):
        return home[:-len("wiki")].replace("_", "-")
    return None


def link_names_from(spaces, interwikis: Iterable[dict]) -> dict[str, frozenset[str] | None]:
    """Collect a wiki's own names for telling its links apart (count.words.WikiNames' fields).

    ``spaces`` are pywikibot's namespaces; ``interwikis`` siteinfo's
    ``interwikimap``. ``languages`` is None when the map names no language
    prefix (a wiki without a language map: any 2–3 letter code is one).
    """
    hidden, others = set(), set()
    for number, ns in spaces.items():
        names = {n.replace("_", " ").lower() for n in
                 (ns.canonical_name, ns.custom_name, *ns.aliases) if n}
        if number in (6, 14, -2):
            hidden |= names
        elif number != 0:
            others |= names
    languages = {e["prefix"].lower() for e in interwikis if e.get("language")}
    interwiki = {e["prefix"].lower() for e in interwikis if not e.get("language")}
    return {"hidden": frozenset(hidden), "namespaces": frozenset(others),
            "interwiki": frozenset(interwiki), "languages": frozenset(languages) or None}
