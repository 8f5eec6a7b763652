"""The pywikibot adapter's face: one :class:`Wiki` per wiki the bot uses, and the set-up calls.

Tasks, the gather step and the publisher call a :class:`Wiki`'s methods with
titles, user names and text, and get the bot's dataclasses back; they never
hold a pywikibot object. Reads are batched as the API allows (50 titles, users
or page ids a request, 500 where the account has ``apihighlimits``), every
HTTP request is counted (:data:`REQUESTS`), and pywikibot's exceptions are
turned into the bot's own (:mod:`wikigap.wikis.errors`), so callers match types.

The parts live in :mod:`wikigap.wikis._pwb`, split along pywikibot's own seams
(site set-up, errors, reads, writes, REST); only that folder imports pywikibot,
and callers import this module, never the folder.
"""
from __future__ import annotations

from wikigap.wikis._pwb.errors import translated_errors
from wikigap.wikis._pwb.reads import Reads
from wikigap.wikis._pwb.rest import Rest, get_json
from wikigap.wikis._pwb.site import (
    REQUESTS,
    check_reachable,
    configure_account,
    is_known_site,
    password_file,
    password_source,
    quick_retries,
    route_pywikibot_logs,
    simulated,
    site_for,
)
from wikigap.wikis._pwb.writes import Writes, opt_out_reason

__all__ = ["REQUESTS", "Wiki", "check_reachable", "configure_account", "get_json",
           "is_known_site", "opt_out_reason", "password_file", "password_source", "quick_retries",
           "route_pywikibot_logs", "simulated", "site_for", "translated_errors"]


class Wiki(Reads, Writes, Rest):
    """One wiki as the bot uses it: batched reads, saves, sections, uploads and REST routes.

    The pywikibot site is made, and logged in to, on first use, so a wiki the
    run never touches costs nothing. Every method raises only
    :class:`~wikigap.wikis.errors.WikiError` and its kinds for wiki failures.
    """
