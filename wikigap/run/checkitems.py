"""What `bot.py check` reports: one checked item (✓ or ✗), and a configured page to look at.

Kept apart from :mod:`wikigap.run.check` so the online checks of the
services (:mod:`wikigap.run.services`) build the same lines without a circle.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wikigap.wikis.sites import Wikis


@dataclass(frozen=True)
class Check:
    """One checked item: ok or not, what it is, and (when not ok) what is wrong and the fix.

    ``url`` is what the check asked (a page's or a service's address), so staff
    see which wiki a page belongs on and which address a service was asked at.
    """

    ok: bool
    what: str
    detail: str = ""
    url: str = ""

    def __str__(self) -> str:
        text = f"{'✓' if self.ok else '✗'} {self.what}" + (f": {self.detail}" if self.detail else "")
        return text + (f" <{self.url}>" if self.url else "")


@dataclass(frozen=True)
class PageItem:
    """A configured page to look at: where, the config key that names it, and its judge.

    ``missing_ok``: a page that may be missing (a confirm page staff create at
    the end) is a ✓ with these words. ``note``: the words of a ✓ (the registry's
    events counted).
    """

    what: str
    wiki: str
    title: str
    key: str
    judge: Callable[[Wikis, str], list[str]]   # the page's text -> problems (with fixes)
    missing_fix: str = ""
    missing_ok: str = ""
    note: Callable[[Wikis, str], str] | None = None
    written: bool = False   # the bot edits it (so check asks whether it may)

    @property
    def label(self) -> str:
        return f"{self.what} [[{self.title}]] on {self.wiki}"
