"""Read one sandbox wiki through api.php, as any client would, without logging in.

A mixin of :class:`sandbox.wiki.SandboxWiki`; tests use it to check what the
bot saved without going through the code under test.
"""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING


class WikiReads:
    """The reading half of a sandbox wiki."""

    if TYPE_CHECKING:  # given by sandbox.wiki.SandboxWiki
        @property
        def api_url(self) -> str: ...

    def api(self, **params: object) -> dict:
        """GET api.php (JSON, formatversion 2) without logging in."""
        query = {'format': 'json', 'formatversion': '2'}
        query.update({k: v if isinstance(v, str) else
                      '|'.join(map(str, v)) if isinstance(v, (list, tuple))
                      else str(v) for k, v in params.items()})
        url = self.api_url + '?' + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.load(resp)

    def page_text(self, title: str) -> str | None:
        """Current wikitext, None when the page does not exist."""
        data = self.api(action='query', prop='revisions', titles=title,
                        rvprop='content', rvslots='main')
        page = data['query']['pages'][0]
        if page.get('missing') or page.get('invalid'):
            return None
        return page['revisions'][0]['slots']['main']['content']

    def revision_count(self, title: str) -> int:
        """Live (undeleted) revisions of a page; 0 when missing."""
        count = 0
        cont: dict[str, str] = {}
        while True:
            data = self.api(action='query', prop='revisions', titles=title,
                            rvprop='ids', rvlimit='max', **cont)
            page = data['query']['pages'][0]
            count += len(page.get('revisions', []))
            if 'continue' not in data:
                return count
            cont = data['continue']
