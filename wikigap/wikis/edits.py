"""What the wiki adapter hands back around a write: the page as read, the save, the talk page.

Plain data, so the publisher can decide with them without holding a
pywikibot object.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Loaded:
    """A page as read before an edit: its text and the revision an edit is based on."""

    title: str
    text: str | None
    revid: int | None
    opt_out: str | None = None   # why the page refuses this bot, as pywikibot and bots.py read it


@dataclass(frozen=True)
class TalkPage:
    """Where a notice goes: the page (after a rename redirect) and its text, or why nowhere."""

    title: str | None
    text: str | None = None
    opt_out: str | None = None
    reason: str | None = None    # why there is no page to post on


@dataclass(frozen=True)
class Saved:
    """A saved edit: the new revision and its parent (not the base when the wiki merged)."""

    revid: int
    parent: int | None
