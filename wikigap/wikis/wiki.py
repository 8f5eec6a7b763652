"""The only module that imports pywikibot: one adapter object per wiki the bot uses.

Tasks, the gather step and the publisher call a :class:`Wiki`'s methods with
titles, user names and text, and get the bot's dataclasses back; they never
hold a pywikibot object. Reads are batched as the API allows (50 titles, users
or page ids a request, 500 where the account has ``apihighlimits``), every
HTTP request is counted (:data:`REQUESTS`), and pywikibot's exceptions are
turned into the bot's own (:mod:`wikigap.wikis.errors`) here, so callers match types.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from wikigap.config import Config, ConfigError
from wikigap.model import Namespaces, PageState, Revision
from wikigap.read import bots
from wikigap.wikis import deadline, redact
from wikigap.wikis.apidata import (
    HttpAnswer,
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
from wikigap.wikis.edits import Loaded, Saved, TalkPage
from wikigap.wikis.errors import (
    EditConflict,
    ReadOnly,
    Unreachable,
    WikiError,
    describe,
)
from wikigap.wikis.pwbsetup import RequestCounter, prepare_pywikibot

log = logging.getLogger(__name__)
prepare_pywikibot()
redact.install()   # before pywikibot logs anything

import pywikibot  # noqa: E402  (needs PYWIKIBOT_DIR set first)
import requests  # noqa: E402
from pywikibot import exceptions as pwb  # noqa: E402
from pywikibot.comms import http  # noqa: E402
from pywikibot.data import api  # noqa: E402

#: Exceptions that mean "the wiki did not answer", whatever layer raised them.
_UNREACHABLE = (pwb.ServerError, pwb.ApiTimeoutError, pwb.ClientError,
                requests.exceptions.RequestException, OSError)
REQUESTS = RequestCounter(http.session)
redact.REDACTOR.sources.append(
    lambda: [c.value for c in http.session.cookies
             if c.value and c.name.lower().endswith(("session", "token"))])


class _GaveUp(pwb.FatalServerError):
    """deadline.GaveUp dressed so pywikibot's request loop raises it at once.

    pywikibot waits and retries any other exception from its HTTP layer; a
    FatalServerError it passes straight up to the caller.
    """

    def __init__(self, err: deadline.GaveUp) -> None:
        super().__init__(str(err))
        self.gave_up = err


deadline.mount(http.session, deadline.current, wrap=_GaveUp)   # every wiki, the run's bound


def configure_account(account: str) -> str:
    """Set the bot account for every site; $WIKIGAPBOT_USER and its password file win."""
    user = os.environ.get("WIKIGAPBOT_USER") or account
    pywikibot.config.usernames["*"]["*"] = user
    password_file = os.environ.get("WIKIGAPBOT_PASSWORD_FILE")
    if password_file:
        pywikibot.config.password_file = password_file
    if pywikibot.config.password_file:
        path = Path(pywikibot.config.base_dir, pywikibot.config.password_file)
        for secret in redact.password_file_secrets(path):
            redact.REDACTOR.add(secret)
    return user


def password_file() -> Path | None:
    """Give the password file pywikibot will read (after :func:`configure_account`), or None.

    pywikibot takes a relative name from its base folder, then as given.
    """
    name = pywikibot.config.password_file
    if not name:
        return None
    inside = Path(pywikibot.config.base_dir, name)
    return inside if inside.is_file() else Path(name)


def route_pywikibot_logs(handler: logging.Handler, console: bool) -> None:
    """Send pywikibot's records (logins, sleeps, retries) to ``handler``; to the terminal too
    only when ``console`` (``-v``).

    pywikibot keeps its own logger tree (``pywiki``, not propagated) and sets up its
    terminal handlers on first output; they are set up here first, then muted.
    """
    import pywikibot.bot
    pywikibot.bot.init_handlers()
    root = logging.getLogger("pywiki")
    if not console:
        for existing in root.handlers:
            if not isinstance(existing, logging.FileHandler):
                existing.setLevel(logging.CRITICAL + 1)
    if handler not in root.handlers:
        root.addHandler(handler)
    warnings = logging.getLogger("py.warnings")
    if handler not in warnings.handlers:
        warnings.addHandler(handler)
    warnings.propagate = console


def site_for(spec: str) -> pywikibot.site.BaseSite:
    """Get the pywikibot site for ``family:code`` or an ``api.php`` URL."""
    if spec.startswith(("http://", "https://")):
        name = "u" + hashlib.sha1(spec.encode()).hexdigest()[:10]
        return pywikibot.Site(url=spec, fam=name)
    family, sep, code = spec.partition(":")
    if not sep:
        raise ValueError(f"'{spec}' is neither family:code nor an api.php URL")
    return pywikibot.Site(code, family)


def is_known_site(spec: str) -> bool:
    """Tell whether a site spec names a wiki that exists, whether or not it answers now.

    A wiki that does not answer is known: its numbers become unknown, never
    zero; only pywikibot's unknown family or code means there is no such wiki.
    """
    try:
        site_for(spec)
    except (pwb.UnknownSiteError, pwb.UnknownFamilyError, ValueError):
        return False
    except Exception:  # unreachable now: the tally records it as a failed wiki
        return True
    return True


def check_reachable(config: Config, retries: int = 2) -> None:
    """Ask each configured wiki for its site info before a run.

    A spec pywikibot cannot name (an unknown family or code, neither
    ``family:code`` nor a URL) raises ConfigError naming the key (exit 2). A
    well-formed address that does not answer raises :class:`Unreachable`: an
    unreachable wiki, not a mistake in the config, worded whole (the run's
    give-up message as it is, never an internal class name). pywikibot retries
    an unreachable wiki for many minutes, which suits a run in progress but not
    a start-up check; here a few quick tries decide.
    """
    with quick_retries(retries), deadline.bounded(deadline.Patience(None)):
        for name, spec in config.wikis.items():
            try:
                site_for(spec).simple_request(action="query", meta="siteinfo").submit()
            except (pwb.UnknownSiteError, pwb.UnknownFamilyError, ValueError) as err:
                raise ConfigError(config.path, f"wikis.{name}",
                                  f"'{spec}' names no wiki pywikibot knows ({describe(err)}); "
                                  "give family:code or the wiki's api.php URL") from None
            except Exception as err:  # any other failure: the wiki did not answer
                raise Unreachable(f"wikis.{name} ({spec}) did not answer: {unreachable_why(err)}. "
                                  f"Nothing was read or written. If the address in {config.path} "
                                  "is right, the wiki or this machine's network is down: "
                                  "run again later") from None


def unreachable_why(err: BaseException) -> str:
    """Say why a wiki did not answer, in whole words: the run's give-up message as it is."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, _GaveUp):
            return str(seen.gave_up).rstrip(".")
        seen = seen.__cause__ or seen.__context__
    return redact.REDACTOR.redact(" ".join(str(err).split())) or type(err).__name__


@contextmanager
def quick_retries(retries: int = 2) -> Iterator[None]:
    """Let pywikibot try a few times, a second apart, instead of for many minutes (start checks)."""
    saved = pywikibot.config.max_retries, pywikibot.config.retry_wait
    pywikibot.config.max_retries, pywikibot.config.retry_wait = retries, 1
    try:
        yield
    finally:
        pywikibot.config.max_retries, pywikibot.config.retry_wait = saved


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn pywikibot's (and the HTTP layer's) exceptions into the bot's own.

    The message keeps pywikibot's class name, so what staff read is unchanged.
    """
    try:
        yield
    except WikiError:
        raise
    except _GaveUp as err:
        raise Unreachable(str(err.gave_up)) from err
    except pwb.EditConflictError as err:
        raise EditConflict(describe(err)) from err
    except pwb.APIError as err:
        kind = ReadOnly if err.code == "readonly" else WikiError
        raise kind(describe(err)) from err
    except _UNREACHABLE as err:
        raise Unreachable(describe(err)) from err
    except pwb.Error as err:
        raise WikiError(describe(err)) from err



def get_json(url: str, params: dict | None = None) -> HttpAnswer:
    """GET a JSON web service through pywikibot's session, with the bot's User-Agent.

    Counted in :data:`REQUESTS` like every wiki request. Any HTTP status is an
    answer (a 404 or a 5xx is the caller's to judge); only no answer at all
    (connection, timeout) raises :class:`~wikigap.wikis.errors.Unreachable`.
    """
    response = http.fetch(url, params=params, default_error_handling=False,
                          headers={"accept": "application/json"})
    return _answer(response, url)


def _answer(response: object, url: str) -> HttpAnswer:
    """Turn pywikibot's fetch result (a response or the exception it caught) into an answer."""
    if isinstance(response, _GaveUp):   # the run's bound: its whole message says what to do
        raise Unreachable(str(response.gave_up))
    if isinstance(response, Exception):
        raise Unreachable(f"{redact.REDACTOR.redact(url)}: {describe(response)}")
    try:
        data = response.json()
    except ValueError:   # not JSON: an HTML error page, an empty body
        data = None
    return HttpAnswer(response.status_code, data, response.url)


@contextmanager
def simulated(on: bool) -> Iterator[None]:
    """Turn on pywikibot's own simulate switch for a dry run, so even a write that
    bypassed the publisher is blocked by pywikibot before it reaches a wiki."""
    saved = pywikibot.config.simulate
    pywikibot.config.simulate = True if on else saved
    try:
        yield
    finally:
        pywikibot.config.simulate = saved


def opt_out_reason(page: pywikibot.Page, text: str | None) -> str | None:
    """Say why a page refuses this bot, by pywikibot's rule first, then bots.py's additions."""
    if text is None:
        return None
    if not page.botMayEdit():
        return "opted out ({{nobots}} or {{bots}}, as pywikibot reads the page)"
    transcluded = {t.title(with_ns=False) for t in page.templates()}
    if bots.transcludes_nobots(transcluded) or \
            transcluded & set(page.site.get_edit_restricted_templates()):
        return "opted out ({{nobots}} or a restricted template, through another template)"
    return bots.optout_reason(text)


def _simulated(what: str) -> None:
    """Say so when pywikibot only simulated a write (a dry run): nothing reached the wiki."""
    if pywikibot.config.simulate:
        raise WikiError(f"pywikibot blocked {what}: simulate is on (a dry run)")


class Wiki:
    """One wiki as the bot uses it: batched reads, saves, sections and uploads.

    The pywikibot site is made, and logged in to, on first use, so a wiki the
    run never touches costs nothing. Every method raises only
    :class:`~wikigap.wikis.errors.WikiError` and its kinds for wiki failures.
    """

    def __init__(self, spec: str, name: str | None = None) -> None:
        """``name`` is how staff know the wiki (the config's ``wikis`` key, or a language code).

        Messages say it rather than pywikibot's site id, which for an
        ``api.php`` URL is an internal code such as ``u9a549c4320:u9a549c4320``.
        """
        self.spec = spec
        self.name = name
        self._site_object = None
        self._pages: dict[str, pywikibot.Page] = {}

    def __str__(self) -> str:
        if self.name:
            return self.name
        return str(self._site_object) if self._site_object is not None else self.spec

    @property
    def _site(self) -> pywikibot.site.APISite:
        if self._site_object is None:
            with translated_errors():
                site = site_for(self.spec)
                site.login()
            self._site_object = site
        return self._site_object

    def logged_in_as(self) -> str:
        """Log in (once) and give the user name the wiki knows the bot by; raise WikiError if not."""
        with translated_errors():
            site = self._site
            if not site.logged_in():
                raise WikiError(f"{self} did not accept the login of '{site.username()}'")
            return site.user()

    def answers(self) -> str:
        """Ask the wiki for its name (site info, no login, never cached): proof that it answers."""
        with translated_errors():
            answer = self._site.simple_request(action="query", meta="siteinfo").submit()
        return str(answer.get("query", {}).get("general", {}).get("sitename", ""))

    def api_url(self) -> str:
        """Give the ``api.php`` address this wiki's requests go to (a check names it)."""
        if self.spec.startswith(("http://", "https://")):
            return self.spec
        with translated_errors():
            return self._site.base_url(self._site.apipath())

    def page_url(self, title: str) -> str:
        """Give a page's address on this wiki, so staff see which wiki a page belongs on."""
        with translated_errors():
            site = self._site
            return site.base_url(f"{site.scriptpath()}/index.php?title="
                                 f"{quote(title.replace(' ', '_'), safe='/:')}")

    def batch_size(self) -> int:
        """Give how many titles, users or ids one request may carry for this account."""
        try:
            return 500 if self._site.logged_in() and self._site.has_right("apihighlimits") else 50
        except Exception:
            return 50

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

    def rest_get(self, path: str, params: dict | None = None) -> HttpAnswer:
        """GET a REST route beside this wiki's api.php (``…/rest.php`` + ``path``), logged in.

        ``/w/rest.php`` on Wikimedia's wikis, ``/rest.php`` on a plain install:
        both sit where api.php does. Never raises on a 4xx or 5xx; see :func:`get_json`.
        """
        site = self._site
        url = site.base_url(f"{site.scriptpath()}/rest.php{path}")
        response = http.fetch(url, params=params, default_error_handling=False,
                              headers={"accept": "application/json",
                                       "user-agent": http.user_agent(site)})
        return _answer(response, url)

    def view_html(self, title: str) -> str | None:
        """Read a page as a reader views it (index.php's HTML); None when it does not exist."""
        site = self._site
        url = site.base_url(f"{site.scriptpath()}/index.php")
        response = http.fetch(url, params={"title": title}, default_error_handling=False,
                              headers={"user-agent": http.user_agent(site)})
        if isinstance(response, _GaveUp):   # the run's bound: its whole message says what to do
            raise Unreachable(str(response.gave_up))
        if isinstance(response, Exception):
            raise Unreachable(f"{self}: [[{title}]]: {describe(response)}")
        if response.status_code >= 500:
            raise Unreachable(f"{self}: [[{title}]] answered {response.status_code}")
        return response.text if response.status_code == 200 else None

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

    def entities(self, ids: Iterable[str], sitelinks: bool = False) -> dict[str, object]:
        """Read Wikidata items' claims with ``wbgetentities``, 50 (or 500) ids a request.

        Returns each requested id's entity JSON as Wikibase gives it (a missing
        item has ``missing``); the gender rules are :mod:`wikigap.count.wikidata`'s.
        ``sitelinks`` asks for the sitelinks (with their badges) in the same
        requests (``props=claims|sitelinks``): the Challenge's badge rule.
        """
        found: dict[str, object] = {}
        props = "claims|sitelinks" if sitelinks else "claims"
        with translated_errors():
            for batch in chunks(sorted(set(ids)), self.batch_size()):
                answer = self._site.simple_request(action="wbgetentities", ids=batch,
                                                   props=props).submit()
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
        keeps what it read in the state (wikigap.store.challengestore), so no
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

    def load_for_edit(self, title: str) -> Loaded:
        """Read a page so that a later save is checked against this revision."""
        with translated_errors():
            page = pywikibot.Page(self._site, title)
            text = page.get(get_redirect=True) if page.exists() else None
            revid = page.latest_revision_id if text is not None else None
            opt_out = opt_out_reason(page, text)
        self._pages[title] = page
        return Loaded(title, text, revid, opt_out)

    def save(self, loaded: Loaded, text: str, summary: str) -> Saved:
        """Save ``text`` over ``loaded`` as a bot edit; a refused conflict raises EditConflict.

        The edit names its base revision by id. pywikibot would send the base
        revision's timestamp, and MediaWiki then treats any newer revision in the
        same second as the bot's own ("userWasLastToEdit" compares seconds) and
        overwrites it; with ``baserevid`` alone (``basetimestamp`` left out: None
        makes pywikibot drop it) a human edit always counts as a conflict, merged
        by the wiki when it can and refused otherwise. The new revision's parent
        tells the caller whether the wiki merged.
        """
        page = self._pages.get(loaded.title) or pywikibot.Page(self._site, loaded.title)
        base = {"baserevid": loaded.revid, "basetimestamp": None} if loaded.text is not None else {}
        with translated_errors():
            page.text = text
            page.save(summary=summary, bot=True, minor=False, force=False, quiet=True, **base)
            _simulated(f"the save of [[{loaded.title}]]")
            revid = page.latest_revision_id
            parent = self._parent_of(revid)
        log.info("saved [[%s]] on %s", loaded.title, self)
        return Saved(revid, parent)

    def _parent_of(self, revid: int) -> int | None:
        """Ask the wiki for a revision's parent (0 or None for a page's first revision)."""
        request = self._site.simple_request(action="query", prop="revisions", revids=[revid],
                                            rvprop="ids")
        for page in request.submit()["query"].get("pages", {}).values():
            for rev in page.get("revisions", []):
                return rev.get("parentid") or None
        return None

    def resolve_talk_page(self, title: str) -> TalkPage:
        """Find where a notice to ``User talk:NAME`` should go, its text and any opt-out.

        A redirect to another user talk page is followed (people rename accounts);
        a redirect elsewhere, or a user who does not exist, gives no page and the reason.
        """
        with translated_errors():
            page = pywikibot.Page(self._site, title)
            user = pywikibot.User(self._site, page.title(with_ns=False).split("/")[0])
            if not user.isRegistered():
                return TalkPage(None, reason=f"user '{user.username}' does not exist on {self}")
            if page.exists() and page.isRedirectPage():
                target = page.getRedirectTarget()
                if target.namespace() != 3:
                    return TalkPage(None, reason=f"[[{title}]] redirects to [[{target.title()}]], "
                                                 "not a user talk page")
                if target.isRedirectPage():
                    return TalkPage(None, reason=f"[[{title}]] redirects to [[{target.title()}]], "
                                                 "itself a redirect")
                page = target
            text = page.get() if page.exists() else None
            opt_out = opt_out_reason(page, text)
        log.info("read [[%s]] on %s%s", page.title(), self, "" if text is not None else " (new page)")
        return TalkPage(page.title(), text, opt_out)

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

    def add_section(self, title: str, heading: str, text: str, summary: str) -> None:
        """Post a new section at the end of a talk page, as a bot edit."""
        with translated_errors():
            page = pywikibot.Page(self._site, title)
            self._site.editpage(page, summary=summary, minor=False, bot=True, section="new",
                                sectiontitle=heading, text=text)
            _simulated(f"the new section on [[{title}]]")
        log.info("posted a section on [[%s]] on %s", title, self)

    def upload_file(self, filename: str, content: bytes, comment: str) -> bool:
        """Upload ``content`` as ``File:filename``; False when the wiki already has these bytes.

        ``ignore_warnings`` lets a new version replace the old one (the 'exists'
        warning); the SHA-1 check first keeps an unchanged chart from a new version.
        """
        with translated_errors():
            page = pywikibot.FilePage(self._site, filename)
            if page.exists() and page.latest_file_info.sha1 == hashlib.sha1(content).hexdigest():
                return False
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, filename.replace("/", "_"))
                with open(path, "wb") as file:
                    file.write(content)
                if not self._site.upload(page, source_filename=path, summary=comment, text=comment,
                                         ignore_warnings=True):
                    raise WikiError(f"the upload of [[File:{filename}]] to {self} was refused")
                _simulated(f"the upload of [[File:{filename}]]")
        log.info("uploaded [[File:%s]] to %s", filename, self)
        return True
