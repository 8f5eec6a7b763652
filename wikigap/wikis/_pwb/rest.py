"""The web beside the action API: JSON services, REST routes and pages as readers see them.

Through pywikibot's HTTP session (the bot's User-Agent, every request counted);
any HTTP status is an answer for the caller to judge, only no answer raises.
"""
from __future__ import annotations

from typing import Any

from pywikibot.comms import http

from wikigap.wikis import redact
from wikigap.wikis._pwb.errors import GaveUp
from wikigap.wikis._pwb.site import SiteHandle
from wikigap.wikis.apidata import HttpAnswer
from wikigap.wikis.errors import Unreachable, describe


def get_json(url: str, params: dict | None = None) -> HttpAnswer:
    """GET a JSON web service through pywikibot's session, with the bot's User-Agent.

    Counted in :data:`REQUESTS` like every wiki request. Any HTTP status is an
    answer (a 404 or a 5xx is the caller's to judge); only no answer at all
    (connection, timeout) raises :class:`~wikigap.wikis.errors.Unreachable`.
    """
    response = http.fetch(url, params=params, default_error_handling=False,
                          headers={"accept": "application/json"})
    return _answer(response, url)


def _answer(response: Any, url: str) -> HttpAnswer:
    """Turn pywikibot's fetch result (a response or the exception it caught) into an answer."""
    if isinstance(response, GaveUp):   # the run's bound: its whole message says what to do
        raise Unreachable(str(response.gave_up))
    if isinstance(response, Exception):
        raise Unreachable(f"{redact.REDACTOR.redact(url)}: {describe(response)}")
    try:
        data = response.json()
    except ValueError:   # not JSON: an HTML error page, an empty body
        data = None
    return HttpAnswer(response.status_code, data, response.url)


class Rest(SiteHandle):
    """A wiki's REST routes and rendered pages."""

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
        if isinstance(response, Exception):
            raise Unreachable(f"{self}: [[{title}]]: {describe(response)}")
        if response.status_code >= 500:
            raise Unreachable(f"{self}: [[{title}]] answered {response.status_code}")
        return response.text if response.status_code == 200 else None
