"""The :class:`~wikigap.wikis.wiki.Wiki` reads: pages, users, contributions, items, revisions.

Batched as the API allows (50 titles, users or page ids a request, 500 where
the account has ``apihighlimits``); every failure leaves as a
:class:`~wikigap.wikis.errors.WikiError`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import pywikibot
from pywikibot import exceptions as pwb
from pywikibot.data import api

from wikigap.model import Namespaces, PageState, Revision
from wikigap.wikis._pwb import log
from wikigap.wikis._pwb.errors import translated_errors
from wikigap.wikis._pwb.refusals import edit_refusals_from
from wikigap.wikis._pwb.site import SiteHandle
from wikigap.wikis.apidata import (
    api_time,
    chunks,
    entity_ids,
    link_names_from,
    namespaces_from,
    page_state_from,
    registration_from,
    revision_from,
    revision_texts_from,
)
from wikigap.wikis.errors import WikiError


class Reads(SiteHandle):
    """What the bot reads from a wiki through its action API."""

    def read_pages(self, titles: Iterable[str]) -> dict[str, str | None]:
        """Read many pages' text, 50 (or 500) titles a request; None for missing pages.

        A page that was moved (a redirect) is read at its new title, in one more
        batch: organizers move sign-up pages and the registry keeps the old link.
        """
        titles = list(dict.fromkeys(titles))
        with translated_errors():
            pages = dict(self._valid_pages(titles))
            self._preload(pages.values())
            moved = {t: p.getRedirectTarget() for t, p in pages.items()
                     if p.exists() and p.isRedirectPage()}
            self._preload(moved.values())
            texts: dict[str, str | None] = dict.fromkeys(titles)   # an invalid title: missing
            for title, page in pages.items():
                final = moved.get(title, page)
                texts[title] = final.text if final.exists() and not final.isRedirectPage() else None
                via = f" (moved to [[{final.title()}]])" if title in moved else ""
                log.info("read [[%s]]%s%s", title, via, "" if texts[title] is not None else " (missing)")
        return texts

    def _valid_pages(self, titles: list[str]) -> Iterator[tuple[str, pywikibot.Page]]:
        """Give a Page for each title MediaWiki could hold; a title it could not (a link of
        hostile wikitext: control or replacement characters, ``<``, ``[``) is read as missing."""
        for title in titles:
            try:
                page = pywikibot.Page(self._site, title)
                page.title()   # pywikibot parses some titles only when first asked
            except pwb.InvalidTitleError as err:
                log.info("read [[%s]] (not a valid title: %s)", title, err)
                continue
            yield title, page

    def _preload(self, pages: Iterable[pywikibot.Page]) -> None:
        """Fetch texts into the Page objects, many a request (pywikibot keeps them on the page)."""
        pages = list(pages)
        if pages:
            for _ in self._site.preloadpages(pages, groupsize=self.batch_size()):
                pass

    def read_page(self, title: str) -> str | None:
        """Read one page's current text (None when missing), following a move."""
        return self.read_pages([title])[title]

    def namespaces(self) -> Namespaces:
        """Collect the names this wiki accepts for User:, User talk: and Special:Contributions."""
        with translated_errors():
            spaces, aliases = self._site.namespaces, self._site.siteinfo.get("specialpagealiases", [])
        return namespaces_from(spaces, aliases)

    def registered_users(self, names: Iterable[str]) -> dict[str, datetime | None]:
        """Map which of ``names`` are registered accounts to their registration time.

        50 (or 500) names a request; the date comes in the same request
        (``usprop=registration``; see :func:`wikigap.wikis.apidata.registration_from`).
        """
        names = list(dict.fromkeys(names))
        found: dict[str, datetime | None] = {}
        with translated_errors():
            for batch in chunks(names, self.batch_size()):
                request = self._site.simple_request(action="query", list="users", ususers=batch,
                                                    usprop="registration")
                for user in request.submit()["query"]["users"]:
                    if "missing" not in user and "invalid" not in user:
                        found[user["name"]] = registration_from(user)
        return found

    def user_contributions(self, wiki: str, users: Iterable[str], start: datetime,
                           end: datetime) -> list[Revision]:
        """List article (ns 0) edits of ``users`` between start and end, many users a request."""
        users = sorted(set(users))
        found: list[Revision] = []
        with translated_errors():
            for batch in chunks(users, self.batch_size()):
                gen = api.ListGenerator("usercontribs", site=self._site, parameters={
                    "ucuser": batch, "ucnamespace": 0, "ucstart": api_time(start), "ucend": api_time(end),
                    "ucdir": "newer", "ucprop": "ids|title|timestamp|sizediff|flags|tags"})
                found.extend(revision_from(wiki, item) for item in gen)
        return found

    def page_states(self, wiki: str, pageids: Iterable[int]) -> dict[int, PageState]:
        """Look up existence, redirect status and Wikidata item of pages by id, 50 (or 500) a request.

        Looked up by page id, a page moved since the edit is found at its new
        title, with the item of the article it now is.
        """
        ids = sorted(set(pageids))
        states: dict[int, PageState] = {}
        with translated_errors():
            for batch in chunks(ids, self.batch_size()):
                request = self._site.simple_request(action="query", prop="info|pageprops",
                                                    ppprop="wikibase_item", pageids=batch)
                for page in request.submit()["query"].get("pages", {}).values():
                    state = page_state_from(wiki, page)
                    if state is not None:
                        states[state.pageid] = state
        return states

    def entities(self, ids: Iterable[str], sitelinks: bool = False,
                 labels: tuple[str, ...] = ()) -> dict[str, object]:
        """Read Wikidata items' claims with ``wbgetentities``, 50 (or 500) ids a request.

        Returns each requested id's entity JSON as Wikibase gives it (a missing
        item has ``missing``); the gender rules are :mod:`wikigap.count.wikidata`'s.
        ``sitelinks`` asks for the sitelinks (with their badges) in the same
        requests (``props=claims|sitelinks``): the Challenge's badge rule;
        ``labels`` for the labels in those languages (the bonus list's names).
        """
        found: dict[str, object] = {}
        props = "claims|sitelinks" if sitelinks else "claims"
        extra = {"languages": "|".join(labels)} if labels else {}
        props += "|labels" if labels else ""
        with translated_errors():
            for batch in chunks(sorted(set(ids)), self.batch_size()):
                answer = self._site.simple_request(action="wbgetentities", ids=batch,
                                                   props=props, **extra).submit()
                try:
                    found.update(entity_ids(answer))
                except ValueError as err:
                    raise WikiError(f"{self}: {err}") from None
        return found

    def revision_texts(self, revids: Iterable[int]) -> dict[int, str | None]:
        """Read revisions' wikitext by id, 50 a request (the API's limit for content).

        A deleted or hidden revision maps to None. When an answer reaches the
        API's result size, MediaWiki leaves the batch's rest out (with a
        ``continue``); those are asked for in the next request. The Challenge
        keeps what it read in the state (wikigap.challenge.store.challengestore), so no
        revision is read twice.
        """
        found: dict[int, str | None] = {}
        pending = sorted(set(revids))
        with translated_errors():
            while pending:
                batch = pending[:50]
                answer = self._site.simple_request(action="query", prop="revisions",
                                                   revids=batch, rvprop="ids|content",
                                                   rvslots="main").submit()
                texts = revision_texts_from(answer)
                if not texts:   # nothing came back: never ask again in a loop
                    texts = dict.fromkeys(batch)
                found.update(texts)
                # a full answer (result size) leaves the rest for the next request
                pending = [r for r in pending if r not in found]
        return found

    def global_account(self, user: str) -> dict:
        """Read one user's global account (``meta=globaluserinfo&guiprop=merged``), as answered.

        CentralAuth takes one user a request; the caller reads each
        contestant once a day (wikigap.apidata.wikipedias_from reads the answer).
        """
        with translated_errors():
            answer = self._site.simple_request(action="query", meta="globaluserinfo",
                                               guiuser=user, guiprop="merged").submit()
        return answer.get("query", {}).get("globaluserinfo", {"missing": ""})

    def link_names(self) -> dict[str, frozenset[str] | None]:
        """Give this wiki's own namespace and interwiki names (for counting links and words)."""
        with translated_errors():
            answer = self._site.simple_request(action="query", meta="siteinfo",
                                               siprop="interwikimap").submit()
            return link_names_from(self._site.namespaces,
                                   answer["query"].get("interwikimap", []))

    def read_only_reason(self) -> str | None:
        """Ask the wiki (not a cache) whether it is read-only, and why."""
        try:
            with translated_errors():
                general = self._site.simple_request(action="query", meta="siteinfo",
                                                    siprop="general").submit()
        except WikiError:
            return None
        info = general["query"]["general"]
        return (info.get("readonlyreason") or "read-only") if "readonly" in info else None

    def edit_refusals(self, titles: Iterable[str]) -> dict[str, list[str]]:
        """Ask whether the bot may edit each page, and why not (``check --online``).

        One request a batch (``prop=info&intestactions=edit&intestactionsdetail=full``)
        answers for protection, cascading, blocks and title lists at once; each
        reason is said as a refused write would say it (:mod:`.refusals`).
        """
        found: dict[str, list[str]] = {}
        with translated_errors():
            for batch in chunks(list(dict.fromkeys(titles)), self.batch_size()):
                answer = self._site.simple_request(
                    action="query", prop="info", inprop="protection", intestactions="edit",
                    intestactionsdetail="full", titles=batch).submit()
                found.update(edit_refusals_from(answer))
        return found

    def rename_log(self, name: str) -> list[dict]:
        """Read the rename log entries about one account name, as answered (newest first).

        A local rename (Renameuser) is logged at ``User:NAME``, a global one
        (CentralAuth, on Meta) at ``Special:CentralAuth/NAME``; asking by title
        needs no log type the wiki may not know. The caller follows chains and
        asks each name once a run (:mod:`wikigap.count.renames`).
        """
        if name in self._rename_logs:   # each name asked once in this object's life (a run)
            return self._rename_logs[name]
        entries: list[dict] = []
        with translated_errors():
            for title in (f"User:{name}", f"Special:CentralAuth/{name}"):
                try:
                    answer = self._site.simple_request(
                        action="query", list="logevents", letitle=title, lelimit=50,
                        leprop="type|details|timestamp|title").submit()
                except pwb.APIError as err:
                    if err.code != "invalidtitle":
                        raise
                    break   # no account can have such a name (hostile text): never renamed
                entries += answer.get("query", {}).get("logevents", [])
        log.info("read the rename log of '%s' on %s (%d entries)", name, self, len(entries))
        self._rename_logs[name] = entries
        return entries
