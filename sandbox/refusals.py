"""The ways a wiki says no, made with MediaWiki's own machinery: blocks, protection, abuse
filters, spam and title lists, lost sessions and renamed accounts.

A mixin of :class:`sandbox.wiki.SandboxWiki` (it needs ``maintenance``, ``load_page``,
``db_path``). The abuse filter, spam and title list helpers need the wiki to load those
extensions (``Sandbox.add(name, bundled=...)``); blocks, protection and sessions are core.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sandbox.config import ADMIN_USER, MW_DIR

RENAME_USER = MW_DIR / 'extensions/Renameuser/maintenance/renameUser.php'


class WikiRefusals:
    """Make this wiki refuse the bot (and undo it), as an administrator would."""

    if TYPE_CHECKING:  # given by sandbox.wiki.SandboxWiki and its writing half
        @property
        def db_path(self) -> Path: ...
        def maintenance(self, script: str, *args: str, input: str | None = None,
                        timeout: float | None = None) -> str: ...
        def load_page(self, title: str, text: str, summary: str = '',
                      user: str | None = None) -> int: ...

    def block(self, user: str, reason: str, expiry: str = 'infinite') -> None:
        """Block ``user`` from editing the whole wiki (blockUsers.php, by the admin)."""
        self.maintenance('blockUsers.php', '--performer', ADMIN_USER, '--reason', reason,
                         '--expiry', expiry, input=user + '\n')

    def unblock(self, user: str) -> None:
        self.maintenance('blockUsers.php', '--performer', ADMIN_USER, '--unblock',
                         '--reason', 'sandbox', input=user + '\n')

    def protect(self, title: str, reason: str = 'sandbox') -> None:
        """Protect a page for administrators only, with no expiry (protect.php)."""
        self.maintenance('protect.php', '--user', ADMIN_USER, '--reason', reason, title)

    def unprotect(self, title: str) -> None:
        self.maintenance('protect.php', '--user', ADMIN_USER, '--unprotect', title)

    def invalidate_sessions(self, user: str) -> None:
        """Throw away every session of ``user`` (invalidateUserSessions.php)."""
        self.maintenance('invalidateUserSessions.php', '--user', user)

    def rename_user(self, old: str, new: str) -> None:
        """Rename an account, logged as ``renameuser`` (Renameuser's renameUser.php)."""
        self.maintenance(str(RENAME_USER), '--oldname', old, '--newname', new,
                         '--performer', ADMIN_USER, '--reason', 'sandbox rename')

    def add_abuse_filter(self, pattern: str, description: str) -> int:
        """Write a disallowing filter into AbuseFilter's tables (it has no API to make one)."""
        with sqlite3.connect(self.db_path) as db:
            cursor = db.execute(
                "INSERT INTO abuse_filter (af_pattern, af_user, af_user_text, af_timestamp, "
                "af_enabled, af_comments, af_public_comments, af_hidden, af_hit_count, "
                "af_throttled, af_deleted, af_actions, af_global, af_group) "
                "VALUES (?, 1, ?, '20200101000000', 1, '', ?, 0, 0, 0, 0, 'disallow', 0, "
                "'default')", (pattern, ADMIN_USER, description))
            number = int(cursor.lastrowid or 0)
            db.execute("INSERT INTO abuse_filter_action (afa_filter, afa_consequence, "
                       "afa_parameters) VALUES (?, 'disallow', '')", (number,))
        return number

    def disable_abuse_filter(self, number: int) -> None:
        with sqlite3.connect(self.db_path) as db:
            db.execute("UPDATE abuse_filter SET af_enabled = 0 WHERE af_id = ?", (number,))

    def spam_blacklist(self, *patterns: str) -> None:
        """Write the local spam blacklist (MediaWiki:Spam-blacklist), one regex a line."""
        self.load_page('MediaWiki:Spam-blacklist', '\n'.join(patterns) + '\n')

    def block_pages(self, user: str, titles: list[str], reason: str) -> None:
        """Block ``user`` from editing these main-namespace pages only (a partial block).

        blockUsers.php blocks sitewide; the block is then narrowed as MediaWiki
        stores a partial one: ``ipb_sitewide = 0`` and a page restriction
        (``ir_type`` 1) per page id in ``ipblocks_restrictions``.
        """
        self.block(user, reason)
        with sqlite3.connect(self.db_path) as db:
            (block_id,) = db.execute(
                "SELECT ipb_id FROM ipblocks JOIN user ON ipb_user = user_id "
                "WHERE user_name = ?", (user,)).fetchone()
            db.execute("UPDATE ipblocks SET ipb_sitewide = 0 WHERE ipb_id = ?", (block_id,))
            for title in titles:
                (page_id,) = db.execute(
                    "SELECT page_id FROM page WHERE page_namespace = 0 AND page_title = ?",
                    (title.replace(' ', '_'),)).fetchone()
                db.execute("INSERT INTO ipblocks_restrictions (ir_ipb_id, ir_type, ir_value) "
                           "VALUES (?, 1, ?)", (block_id, page_id))
