"""The :class:`~wikigap.wikis.wiki.Wiki` writes: saves against a base revision, sections, uploads.

Each write is checked against pywikibot's simulate switch (a dry run) and
logged in one line; a page that opts out of this bot says so before any write.
"""
from __future__ import annotations

import hashlib
import os
import tempfile

import pywikibot

from wikigap.read import bots
from wikigap.wikis._pwb import log
from wikigap.wikis._pwb.errors import translated_errors
from wikigap.wikis._pwb.refusals import block_words, partial
from wikigap.wikis._pwb.site import SiteHandle
from wikigap.wikis.edits import Loaded, Saved, TalkPage
from wikigap.wikis.errors import Blocked, WikiError


def opt_out_reason(page: pywikibot.Page, text: str | None) -> str | None:
    """Say why a page refuses this bot, by pywikibot's rule first, then bots.py's additions.

    pywikibot's rule reads the templates written on the page: a text without
    ``{{`` has none, and is not parsed (the Challenge's leaderboard, megabytes
    of tables, cost a parse of 100+ MiB on every run). Its answer is kept on
    the page as pywikibot keeps its own (``_bot_may_edit``), so the save does
    not parse the new text for it either: the rule is the loaded page's, as
    before.
    """
    if text is None:
        return None
    if "{{" not in text:
        page._bot_may_edit = True
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


class Writes(SiteHandle):
    """What the bot writes to a wiki (the publisher and the notices decide what and whether)."""

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

    def account_block(self) -> Blocked | None:
        """Say whether the bot's account is blocked here, from the login's user info.

        pywikibot asks ``meta=userinfo&uiprop=blockinfo`` when it logs in and
        keeps the answer, so this costs no request per write; MediaWiki puts
        the block's fields (``blockid``, ``blockedby``, …) in the user info itself.
        pywikibot keeps a site (and that answer) for the process's life, so
        the scheduler's long-lived process would keep a lifted block: the answer
        is asked afresh once per ``Wiki`` object, that is once per run.
        """
        with translated_errors():
            if not self._userinfo_fresh:
                del self._site.userinfo   # asked again at the next line
                self._userinfo_fresh = True
            info = self._site.userinfo
        if not info.get("blockid"):
            return None
        return Blocked(block_words(info), sitewide=not partial(info))
