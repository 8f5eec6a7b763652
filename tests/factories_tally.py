"""Small builders for tally, state and export tests: short calls, spec-shaped objects."""
from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import count

from wikigap.model import (Article, Event, EventResult, Metrics, PageState, ParticipantResult,
                           Phrase, Problem, Revision, Snapshot)
from wikigap.count.tally import TallyInput

_revids = count(1000)
TAKEN_AT = datetime(2021, 4, 1, 12, 0, 0, tzinfo=timezone.utc)


def event(page: str = "WikiGap/2021/Lisbon", first: date = date(2021, 3, 8),
          last: date | None = None, wikis: tuple[str, ...] = ("pt",), **extra) -> Event:
    """Build an event; one day long unless ``last`` is given."""
    return Event(page=page, label=page.rsplit("/", 1)[-1] if page else "", first_day=first,
                 last_day=last or first, wikis=wikis, **extra)


def at(*parts: int) -> datetime:
    """Build a UTC datetime: at(2021, 3, 8, 23, 59, 59)."""
    return datetime(*parts, tzinfo=timezone.utc)


def rev(user: str, when: datetime, pageid: int = 1, wiki: str = "pt", sizediff: int = 100,
        new: bool = False, revid: int | None = None, title: str | None = None,
        tags: tuple[str, ...] = ()) -> Revision:
    """Build a revision; each gets a fresh revid unless one is given."""
    return Revision(wiki=wiki, revid=next(_revids) if revid is None else revid, pageid=pageid,
                    title=title or f"Page {pageid}", user=user, timestamp=when,
                    sizediff=sizediff, new=new, tags=tags)


def page(pageid: int, wiki: str = "pt", exists: bool = True, redirect: bool = False,
         title: str | None = None, item: str | None = None) -> PageState:
    """Build a page state (an existing article by default)."""
    return PageState(wiki=wiki, pageid=pageid, title=title or f"Page {pageid}",
                     exists=exists, redirect=redirect, item=item)


def pages_for(revisions) -> dict[tuple[str, int], PageState]:
    """Give every revised page an existing, non-redirect state."""
    return {(r.wiki, r.pageid): page(r.pageid, r.wiki, title=r.title) for r in revisions}


def problem(code: str = "signup-ip", event_key: str | None = None, line: int | None = 3) -> Problem:
    """Build a problem with readable text."""
    return Problem(code=code, message=f"Problem {code}.", fix="Fix it.", event=event_key,
                   page=event_key, line=line)


def tally_input(events, participants, revisions, pages=None, **extra) -> TallyInput:
    """Bundle a tally's input, with page states for every revised page unless given."""
    revisions = tuple(revisions)
    return TallyInput(campaign=extra.pop("campaign", "WikiGap 2021"),
                      taken_at=extra.pop("taken_at", TAKEN_AT), events=tuple(events),
                      participants=participants, revisions=revisions,
                      pages=pages_for(revisions) if pages is None else pages, **extra)


#: Lisboa's (and the campaign's) numbers in rich_snapshot: every metric known but views.
LISBON_METRICS = Metrics(2, 1, 1, 0, 500, 1, ("pt",), new_editors=1, edits_reverted=2,
                         created_about_women=1, improved_about_women=0, gender_unknown=1)


#: A problem as the readers write it: message keys, nested Phrases, values that are text.
ON_LINE_9 = Phrase("wikigapbot-problem-event-on-line", ("9",))
BAD_DATE = Problem(
    "date-unreadable",
    Phrase("wikigapbot-problem-date", (ON_LINE_9, "9", "WikiGap/2021/Events",
                                       Phrase("wikigapbot-date-year", ('"8 March 3021"', "3021")))),
    Phrase("wikigapbot-fix-date", (Phrase("wikigapbot-date-example"), ON_LINE_9,
                                   "WikiGap/2021/Events")),
    event="registry line 9", page="WikiGap/2021/Events", line=9)


def rich_snapshot(campaign: str = "WikiGap 2021", taken_at=at(2021, 4, 1, 12)) -> Snapshot:
    """Build a snapshot with every kind of value: None, dates, dicts, problems, unicode."""
    lisbon = event("WikiGap/2021/Lisboa", date(2021, 3, 8), date(2021, 3, 9), ("pt", "en"),
                   country="Portugal", city="Lisboa", organizers=("Ana",), row=4,
                   problems=(problem("language-unknown", "WikiGap/2021/Lisboa"),))
    return Snapshot(
        campaign=campaign, taken_at=taken_at,
        events=(
            EventResult(lisbon, LISBON_METRICS,
                        per_wiki={"pt": LISBON_METRICS,
                                  "en": Metrics(signed_up=2)},
                        participants=(ParticipantResult("Ana", 1, 0, 500, 1, ("pt",),
                                                        about_women=1, new_editor=True),
                                      ParticipantResult("Bea", 0, 0, 0, 0, (), about_women=0,
                                                        new_editor=False)),
                        problems=(problem("signup-ip", lisbon.key, line=7),)),
            EventResult(event(None, row=9, first=None, wikis=()), Metrics(),
                        problems=(BAD_DATE,), tallied=False)),
        metrics=LISBON_METRICS,
        articles=(Article(lisbon.key, "pt", "Maria José — «Zé»", "created", 1, 500, ("Ana",),
                          "Ana", wikidata="Q1", about_woman=True),
                  Article(lisbon.key, "pt", "B", "improved", 2, 0, ("Ana", "Bea"), None)),
        problems=(problem("registry-no-table", None, None),))
