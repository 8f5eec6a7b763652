"""Record an invented edit history, page by page, ready to import into sandbox wikis.

Both recipes (:mod:`sandbox.synthetic.activity` for the demo,
:mod:`sandbox.synthetic.scaled` for the benchmark) write through one
:class:`History`, so the rules an import needs hold for both: a page never
has two revisions in the same second (the importer would skip one), and a
revision meant to follow the page's latest one really does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sandbox.dump import ImportedRevision

#: How far a revision is moved when its time is taken: a person's next edit
#: comes minutes later; a clash of two invented times needs only a second.
AFTER_PREVIOUS = timedelta(minutes=1)
DISTINCT = timedelta(seconds=1)


@dataclass
class SyntheticRevision:
    """One invented revision; ``size`` is what the recipe meant, ``text`` may come later."""

    wiki: str
    title: str
    user: str
    timestamp: datetime
    text: str = ""
    comment: str = ""
    size: int = 0


@dataclass
class History:
    """Invented revisions in the order a recipe made them, with each page's latest."""

    revisions: list[SyntheticRevision] = field(default_factory=list)
    latest: dict[tuple[str, str], SyntheticRevision] = field(default_factory=dict)
    last_time: dict[tuple[str, str], datetime] = field(default_factory=dict)
    taken: set[tuple[str, str, datetime]] = field(default_factory=set)

    def append(self, wiki: str, title: str, user: str, when: datetime, text: str = "",
               comment: str = "") -> SyntheticRevision:
        """Add a revision after the page's latest one (a minute later if ``when`` is not)."""
        before = self.last_time.get((wiki, title))
        if before is not None and when <= before:
            when = before + AFTER_PREVIOUS
        return self._record(SyntheticRevision(wiki, title, user, when, text, comment, len(text)))

    def insert(self, wiki: str, title: str, user: str, when: datetime,
               size: int = 0) -> SyntheticRevision:
        """Add a revision at its own time, anywhere in the page's history (a second later if taken)."""
        while (wiki, title, when) in self.taken:
            when += DISTINCT
        return self._record(SyntheticRevision(wiki, title, user, when, size=size))

    def _record(self, rev: SyntheticRevision) -> SyntheticRevision:
        page = (rev.wiki, rev.title)
        self.revisions.append(rev)
        self.latest[page] = rev
        self.taken.add((rev.wiki, rev.title, rev.timestamp))
        if page not in self.last_time or rev.timestamp > self.last_time[page]:
            self.last_time[page] = rev.timestamp
        return rev

    def count(self) -> int:
        """Give the number of revisions recorded."""
        return len(self.revisions)

    def by_wiki(self) -> dict[str, list[ImportedRevision]]:
        """Give the revisions per wiki as the sandbox imports them, in recorded order."""
        out: dict[str, list[ImportedRevision]] = {}
        for r in self.revisions:
            out.setdefault(r.wiki, []).append(
                ImportedRevision(r.title, r.text, r.user, r.timestamp, r.comment))
        return out
