"""Dataclasses that flow between the pipeline's steps: read -> tally -> write.

They are frozen so a step cannot change what an earlier one produced; every
module that needs to agree on shapes imports them from here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

#: A participant's source when found in the wikitext list of the event's sign-up page.
SIGNUP_LIST = "signup-list"

#: Change tags of reverted or reverting edits: such a revision counts for nothing.
REVERT_TAGS = ("mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert")


@dataclass(frozen=True)
class Phrase:
    """Words to be written later, in the language of whoever reads them.

    A reader cannot know who reads a problem (a Swedish notice, a Spanish
    table, the English console), so it names a message of ``i18n/`` and its
    ``$1``, ``$2``… values; :meth:`wikigap.write.messages.Messages.words` writes it
    in a language. A value that is a Phrase is written in the same language
    first; an ``int`` is a number (formatted, chooses ``{{PLURAL:}}``); a
    ``str`` goes in as it is: a title, a user name, a quoted cell, line numbers
    (words from the wiki, not the bot's).
    """

    key: str
    values: tuple[Phrase | int | str, ...] = ()


#: Phrase keys that name no message: a wiki named in prose, a list joined, a value quoted,
#: each in the reader's language (:meth:`wikigap.write.messages.Messages.words`).
WIKI, LIST = "@wiki", "@list"
QUOTE = "wikigapbot-quote"


def wiki_phrase(name: str) -> Phrase:
    """Name a wiki in a sentence: ``sv`` → "Swedish Wikipedia", "Wikipedia på svenska"."""
    return Phrase(WIKI, (name,))


def list_phrase(items: Iterable[Phrase | str]) -> Phrase:
    """Join words as a list in the reader's language: "a, b and c", "a, b och c"."""
    return Phrase(LIST, tuple(items))


def quoted(text: str) -> Phrase:
    """Put an organizer's words in the reader's quotation marks: “8 mars”, ”8 mars”, « 8 mars »."""
    return Phrase(QUOTE, (text,))


@dataclass(frozen=True)
class Problem:
    """Something the bot could not read, kept as data, never raised.

    ``code`` is a stable machine key (``date-unreadable``, ``signup-ip``, ...)
    so a notice can tell whether the set of problems changed; ``message``
    says what is wrong and ``fix`` how to mend it, as Phrases written in each
    table's and notice's language. A plain ``str`` (a snapshot stored before
    problems had message keys) is English and is shown as it stands.
    """

    code: str
    message: Phrase | str
    fix: Phrase | str
    event: str | None = None   # the event's key (Event.key) it belongs to
    page: str | None = None    # the page it was found on
    line: int | None = None    # 1-based line on that page
    subject: str = ""          # what it is about: the IP, the user name, the row's event

    @property
    def key(self) -> str:
        """Identify this very problem, as read in one snapshot."""
        return f"{self.code}|{self.page or ''}|{self.line or ''}|{self.message}"

    @property
    def identity(self) -> str:
        """Identify the problem across snapshots: lines move and wording changes, this does not."""
        return f"{self.code}|{self.page or self.event or ''}|{self.subject}"


@dataclass(frozen=True)
class Event:
    """One row of the event registry.

    ``page`` is the sign-up page title on Meta (None when the row links none),
    an ``Event:`` page when the row links one; ``wikis`` are language codes such
    as ``'pt'``; ``organizers`` are user names normalised as MediaWiki does.
    ``problems`` are the row's own (unreadable date, unknown language, no link);
    an event with any ``blocking`` problem cannot be tallied.

    Where the participants come from (:mod:`wikigap.read.registrations`):
    ``registration`` is the event registration id the row gives (its
    ``Registration`` column); ``course`` a Programs & Events Dashboard course
    slug (``School/Title``). ``timezone`` (an IANA name or ``+05:30``) is the
    event's own, from its registration: its window is its local days.
    ``country_code`` (ISO 3166) lets a table name the country in its language.
    """

    page: str | None
    label: str
    country: str = ""
    city: str = ""
    first_day: date | None = None
    last_day: date | None = None
    wikis: tuple[str, ...] = ()
    organizers: tuple[str, ...] = ()
    row: int = 0                # 1-based line of the row on the registry page
    problems: tuple[Problem, ...] = ()
    registration: int | None = None   # event registration id given by the row
    course: str | None = None         # Dashboard course slug, School/Title
    timezone: str | None = None       # the event's own zone (IANA or +05:30), None: UTC
    country_code: str | None = None   # ISO 3166, from a registration
    online: bool = False              # an online-only event, from a registration

    @property
    def key(self) -> str:
        """Name the event uniquely: its page, else its registration or course, else its line."""
        if self.page:
            return self.page
        if self.registration is not None:
            return f"Special:EventDetails/{self.registration}"
        return f"Dashboard course {self.course}" if self.course else f"registry line {self.row}"

    @property
    def is_event_page(self) -> bool:
        """Tell whether the row's link is an ``Event:`` page (a registration's home)."""
        return bool(self.page and self.page.partition(":")[0].strip().casefold() == "event")

    @property
    def tallyable(self) -> bool:
        """Tell whether the row has all a tally needs: a source, dates, a language."""
        source = self.page or self.registration is not None or self.course
        return bool(source and self.first_day and self.last_day and self.wikis)


@dataclass(frozen=True)
class Registry:
    """What the registry page yields: events in page order, and page-level problems."""

    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = ()


#: siteinfo's ``case`` of a namespace: its titles' first letter is upper-cased, or kept.
FIRST_LETTER, CASE_SENSITIVE = "first-letter", "case-sensitive"
#: What MediaWiki reads as one space in a title: underscores and Unicode's spaces.
_SPACES = re.compile(r"[\s_\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
#: The direction marks MediaWiki drops from a title (copy-pasted signatures carry them).
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def normalize_title(text: str, case: str = FIRST_LETTER) -> str:
    """Write a title as MediaWiki keys it: the one title normaliser of the bot.

    Direction marks dropped, underscores and runs of spaces one space, none
    at either end; on a ``first-letter`` wiki (siteinfo's ``case``, as every
    Wikipedia's articles) the first letter upper-cased, unless its capital is
    two letters (``ß``), which MediaWiki keeps as it is.
    """
    text = _SPACES.sub(" ", text.translate(_DIRECTION_MARKS)).strip()
    if case != FIRST_LETTER or not text:
        return text
    first = text[0].upper()
    return (first if len(first) == 1 else text[0]) + text[1:]


def normalize_user(name: str) -> str:
    """Write a user name as MediaWiki does: a title whose first letter is always upper case."""
    return normalize_title(name, FIRST_LETTER)


@dataclass(frozen=True)
class Namespaces:
    """Names (lower case, spaces not underscores) a wiki accepts for user links, and its case.

    ``user`` and ``user_talk`` hold canonical names, local names and aliases of
    namespaces 2 and 3; ``special`` those of namespace -1; ``contributions``
    the names of Special:Contributions (canonical and aliases); ``case`` is
    siteinfo's case of the main namespace (``first-letter`` or
    ``case-sensitive``), for :func:`normalize_title`.
    """

    user: frozenset[str] = frozenset({"user"})
    user_talk: frozenset[str] = frozenset({"user talk"})
    special: frozenset[str] = frozenset({"special"})
    contributions: frozenset[str] = frozenset({"contributions"})
    case: str = FIRST_LETTER


#: The canonical (English) names only: what the readers use when no wiki's names are given.
CANONICAL_NAMESPACES = Namespaces()


@dataclass(frozen=True)
class Signup:
    """The sign-up page read: participants (first appearance order) and problems.

    ``participants`` are normalised names, each once, withdrawn ones left out;
    whether they are registered users is checked later against the wiki.
    ``has_section`` is False when no sign-up heading was found.
    """

    participants: tuple[str, ...]
    participant_lines: dict[str, int] = field(default_factory=dict)
    withdrawn: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    has_section: bool = True


@dataclass(frozen=True)
class Revision:
    """One edit as ``list=usercontribs`` reports it, on wiki ``wiki`` (a language code)."""

    wiki: str
    revid: int
    pageid: int
    title: str
    user: str
    timestamp: datetime        # timezone-aware UTC
    sizediff: int
    new: bool                  # this revision created the page
    tags: tuple[str, ...] = () # change tags (mw-reverted, ...), read at tally time
    parentid: int = 0          # the revision before it on the page (0: it created the page)


@dataclass(frozen=True)
class PageState:
    """A page's state at tally time (``prop=info``): missing pages count nowhere."""

    wiki: str
    pageid: int
    title: str
    exists: bool
    redirect: bool
    item: str | None = None    # its Wikidata item (``wikibase_item`` page property), if any


@dataclass(frozen=True)
class Metrics:
    """The spec's metrics; None means "could not be computed", never zero."""

    signed_up: int | None = None
    active_participants: int | None = None
    articles_created: int | None = None
    articles_improved: int | None = None
    bytes_added: int | None = None
    edits: int | None = None
    languages: tuple[str, ...] | None = None
    views: int | None = None   # page views of the counted articles (wikigap.count.views)
    new_editors: int | None = None          # of signed_up: registered shortly before or during
    edits_reverted: int | None = None       # participants' in-window edits left out for tags
    created_about_women: int | None = None  # of articles_created
    improved_about_women: int | None = None # of articles_improved
    gender_unknown: int | None = None       # counted pages Wikidata cannot place

    NAMES = ("signed_up", "active_participants", "articles_created",
             "articles_improved", "bytes_added", "edits", "languages", "views",
             "new_editors", "edits_reverted", "created_about_women",
             "improved_about_women", "gender_unknown")

    @property
    def about_women(self) -> int | None:
        """Articles about women, created or improved; unknown when either is."""
        if self.created_about_women is None or self.improved_about_women is None:
            return None
        return self.created_about_women + self.improved_about_women


@dataclass(frozen=True)
class Article:
    """One (event, wiki, page) with counted revisions, for export and tables."""

    event: str                 # Event.key
    wiki: str
    title: str
    status: str                # 'created' or 'improved'
    edits: int
    bytes_added: int
    users: tuple[str, ...]     # participants who edited it, sorted
    creator: str | None = None # the participant who created it, when created
    views: int | None = None   # page views since the event's first day (wikigap.count.views)
    wikidata: str | None = None     # the page's Wikidata item id, when it has one
    about_woman: bool | None = None # None: gender unknown, or Wikidata not read


@dataclass(frozen=True)
class ParticipantResult:
    """One participant's counted work for one event (the event table's row)."""

    user: str
    articles_created: int
    articles_improved: int
    bytes_added: int
    edits: int
    wikis: tuple[str, ...]
    views: int | None = None   # page views of the articles they edited (wikigap.count.views)
    about_women: int | None = None   # of the pages they created or improved
    new_editor: bool | None = None
    sources: tuple[str, ...] = ()    # where they signed up: signup-list, registration N, course S/T
    renamed_from: str = ""           # the name they signed up with, when renamed since (shown)


@dataclass(frozen=True)
class EventResult:
    """An event's tally: metrics (all None when it could not be tallied) and detail.

    ``unread`` names what this event depends on that could not be read at
    this tally (wiki codes, ``wikidata``); ``stale_since`` is set when some of
    its numbers are an earlier snapshot's (wikigap.count.carry), read then.
    """

    event: Event
    metrics: Metrics
    per_wiki: dict[str, Metrics] = field(default_factory=dict)
    participants: tuple[ParticipantResult, ...] = ()
    problems: tuple[Problem, ...] = ()
    tallied: bool = True
    sources: tuple[str, ...] = ()    # where its participants came from (signup-list, registration N, ...)
    unnamed: int = 0                 # registered participants the registration does not name
    unread: tuple[str, ...] = ()
    stale_since: datetime | None = None


@dataclass(frozen=True)
class Snapshot:
    """A whole campaign's tally at one UTC time, as stored and published."""

    campaign: str
    taken_at: datetime         # timezone-aware UTC
    events: tuple[EventResult, ...]
    metrics: Metrics           # campaign row: distinct users, revisions, pages
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()   # registry-level problems (no event)
    unread: tuple[str, ...] = ()         # what could not be read at this tally (wikis, wikidata)
    totals_stale_since: datetime | None = None   # the campaign row holds numbers read then

    def find(self, title: str) -> EventResult | None:
        """Find an event by its page as staff type it (``WikiGap_2021/Brazil`` too), its key
        (``Dashboard course School/Title``) or its name as the tables show it (when only one
        event has that name), else None."""
        wanted, given = normalize_title(title), " ".join(title.split())
        found = next((r for r in self.events if r.event.key in (wanted, given)), None)
        if found is not None:
            return found
        named = [r for r in self.events
                 if " ".join((r.event.label or "").split()).casefold() == given.casefold()]
        return named[0] if len(named) == 1 else None




@dataclass(frozen=True)
class ArticleViews:
    """One article's last good read: daily views (ISO day -> views) over first..last day."""

    wiki: str
    title: str
    first_day: date
    last_day: date
    daily: dict[str, int]
    read_at: datetime

    def since(self, day: date) -> int | None:
        """Give the views from ``day`` on; None when the read does not reach back that far."""
        if day < self.first_day:
            return None
        start = day.isoformat()
        return sum(views for when, views in self.daily.items() if when >= start)


def utc_now() -> datetime:
    """Give the bot's one clock: now, as an aware UTC datetime.

    Every "now" in the bot comes from here (a task reads it through
    ``Context.now``, which a test may replace).
    """
    return datetime.now(timezone.utc)
