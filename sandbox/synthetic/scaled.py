"""The benchmark's recipe: a WikiGap campaign of a given size, with the noise real ones have.

``generate(events, participants, revisions, langs, seed)`` makes a registry
(dates in the spec's formats, languages as codes or English names), sign-up
pages (struck lines, IPs, duplicates, names that are no accounts), one
untallyable event of each kind, and exactly ``revisions`` revisions: a 2020
pool of articles by non-participants, participants' edits inside their
windows (first and last second included), edits just or well outside them,
on a wiki not the event's, on talk pages, by non-participants, and articles
later made redirects or deleted.  Same arguments, same campaign.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sandbox.synthetic.history import History, SyntheticRevision

UTC = timezone.utc
GRACE_DAYS = 7
REGISTRY = "WikiGap Bench/Events"
SIGNUP_PREFIX = "WikiGap Bench/Event "
LANG_NAMES = {"en": "English", "pt": "Portuguese", "sv": "Swedish", "es": "Spanish",
              "fr": "French", "de": "German", "it": "Italian"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FILLER = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
          "incididunt ut labore et dolore magna aliqua. ") * 80


@dataclass
class SyntheticEvent:
    """One registry row as generated, with what the bot should make of it."""

    index: int
    page: str
    first: date
    last: date
    wikis: tuple[str, ...]
    members: list[str] = field(default_factory=list)
    tallyable: bool = True
    page_exists: bool = True
    date_text: str = ""

    def window(self) -> tuple[datetime, datetime]:
        """Give the spec's window: first day 00:00 to last day + grace 23:59:59, UTC."""
        start = datetime.combine(self.first, datetime.min.time(), tzinfo=UTC)
        end = datetime.combine(self.last + timedelta(days=GRACE_DAYS),
                               datetime.min.time(), tzinfo=UTC).replace(hour=23, minute=59, second=59)
        return start, end


@dataclass
class Campaign:
    """A generated campaign: its pages' texts, its accounts and its history."""

    langs: list[str]
    events: list[SyntheticEvent]
    participants: list[str]          # registered participant accounts
    others: list[str]                # registered non-participants
    ghosts: list[str]                # names on sign-up pages that are not accounts
    revisions: list[SyntheticRevision]
    redirects: set[tuple[str, str]]  # (wiki, title) whose current revision is a redirect
    deleted: set[tuple[str, str]]    # (wiki, title) deleted after the import
    registry_text: str = ""
    signup_texts: dict[str, str] = field(default_factory=dict)


def generate(n_events: int, n_participants: int, n_revisions: int, langs: list[str],
             seed: int) -> Campaign:
    """Build the campaign: events, sign-ups and exactly ``n_revisions`` revisions."""
    rng = random.Random(seed)
    participants = [f"Bench P{i:05d}" for i in range(n_participants)]
    others = [f"Bench Other {i:04d}" for i in range(max(10, n_participants // 40))]
    ghosts: list[str] = []
    events = _events(rng, n_events, langs)
    _assign_members(rng, events, participants)
    registry_text = _registry_text(rng, events, participants)
    signup_texts = {e.page: _signup_text(rng, e, participants, ghosts)
                    for e in events if e.page_exists}
    edits = _Edits(rng, langs, others)
    redirects, deleted = edits.make(events, n_revisions)
    revisions = edits.history.revisions
    assert len(revisions) == n_revisions, (len(revisions), n_revisions)
    return Campaign(langs, events, participants, others, ghosts, revisions, redirects, deleted,
                    registry_text, signup_texts)


# --------------------------------------------------------------------------
# Events, sign-ups, the registry
# --------------------------------------------------------------------------

def _events(rng: random.Random, n_events: int, langs: list[str]) -> list[SyntheticEvent]:
    """Make March-April 2021 events of 1-2 languages; the last two cannot be tallied."""
    events: list[SyntheticEvent] = []
    march1 = date(2021, 3, 1)
    for i in range(n_events):
        first = march1 + timedelta(days=rng.randint(0, 55))
        kind = rng.random()
        length = 0 if kind < 0.6 else rng.randint(1, 6) if kind < 0.9 else rng.randint(13, 34)
        last = min(first + timedelta(days=length), date(2021, 4, 30))
        k = 1 if rng.random() < 0.6 or len(langs) == 1 else 2
        wikis = tuple(rng.sample(langs, k))
        events.append(SyntheticEvent(i, f"{SIGNUP_PREFIX}{i + 1:03d}", first, last, wikis))
    for e in events:
        e.date_text = _date_text(rng, e.first, e.last)
    if n_events >= 10:   # two events the bot cannot tally, as in real registries
        events[-1].page_exists = False
        events[-1].tallyable = False
        events[-2].date_text = "04/03/2021"     # 4 March or 3 April?
        events[-2].tallyable = False    # ambiguous date: a problem, never a guess
    return events


def _date_text(rng: random.Random, first: date, last: date) -> str:
    """Write an event's dates in one of the registry formats the spec lists."""
    dash = rng.choice(["–", "-", "—"])
    if first == last:
        return rng.choice([f"{first.day} {MONTHS[first.month - 1]} {first.year}",
                           f"{MONTHS[first.month - 1]} {first.day}, {first.year}",
                           first.isoformat()])
    if rng.random() < 0.3:
        return f"{first.isoformat()} {dash} {last.isoformat()}"
    if first.month == last.month:
        return f"{first.day}{dash}{last.day} {MONTHS[first.month - 1]} {first.year}"
    return (f"{first.day} {MONTHS[first.month - 1]} {dash} "
            f"{last.day} {MONTHS[last.month - 1]} {last.year}")


def _assign_members(rng: random.Random, events: list[SyntheticEvent],
                    participants: list[str]) -> None:
    """Put everyone in one event and a tenth of them in a second."""
    order = participants[:]
    rng.shuffle(order)
    for j, user in enumerate(order):
        events[j % len(events)].members.append(user)
    for user in rng.sample(participants, len(participants) // 10):
        e = rng.choice(events)
        if user not in e.members:
            e.members.append(user)


def _registry_text(rng: random.Random, events: list[SyntheticEvent], participants: list[str]) -> str:
    """Write the registry: one wikitable, languages as codes or (15 %) English names."""
    rows = ["Synthetic WikiGap campaign for the tally benchmark.", "",
            '{| class="wikitable sortable"',
            "! Event page !! Country !! City !! Dates !! Languages !! Organizer(s)"]
    for e in events:
        if rng.random() < 0.15:
            lang_cell = " / ".join(LANG_NAMES.get(w, w) for w in e.wikis)
        else:
            lang_cell = ", ".join(e.wikis)
        organizer = e.members[0] if e.members else participants[0]
        rows += ["|-", f"| [[{e.page}]] || Country {e.index % 37} || City {e.index} || "
                       f"{e.date_text} || {lang_cell} || [[User:{organizer}]]"]
    rows.append("|}")
    return "\n".join(rows) + "\n"


def _signup_text(rng: random.Random, e: SyntheticEvent, participants: list[str],
                 ghosts: list[str]) -> str:
    """Write a sign-up page with the usual noise: struck lines, IPs, typos, duplicates."""
    lines = [f"'''{e.page}''' sign-up page.", "", "== Participants =="]
    for n, user in enumerate(e.members):
        stamp = f"{10 + n % 10}:{n % 60:02d}, 1 March 2021 (UTC)"
        style = rng.random()
        if style < 0.5:
            lines.append(f"# [[User:{user}|{user}]] ([[User talk:{user}|talk]]) {stamp}")
        elif style < 0.8:
            lines.append(f"# [[User:{user}]] {stamp}")
        else:
            lines.append(f"* [[User talk:{user}|{user.split()[-1]}]]")
        if rng.random() < 0.03:
            lines.append(f"# [[User:{user}|again]] {stamp}")
    if rng.random() < 0.3:
        struck = rng.choice(participants)
        if struck not in e.members:
            lines.append(f"# <s>[[User:{struck}]] 09:00, 2 March 2021 (UTC)</s>")
    if rng.random() < 0.2:
        lines.append(f"# [[Special:Contributions/203.0.113.{e.index % 250}|203.0.113.{e.index % 250}]]")
    if rng.random() < 0.2:
        ghost = f"Bench Ghost {e.index:03d}"
        ghosts.append(ghost)
        lines.append(f"# [[User:{ghost}]] 11:11, 3 March 2021 (UTC)")
    lines += ["", "== Articles ==", "* to be written"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Revisions
# --------------------------------------------------------------------------

def _text(serial: int, title: str, size: int) -> str:
    """Give a revision text of ``size`` bytes, unique by its serial number."""
    head = f"<!-- r{serial} -->'''{title}''' "
    body = FILLER * (size // len(FILLER) + 1)
    return (head + body)[:max(size, len(head))]


def _mix(n_revisions: int, n_langs: int) -> dict[str, int]:
    """Split the revisions into the kinds the counting rules must tell apart."""
    mix = {"old": n_revisions * 5 // 100,          # 2020 articles by others (improvement pool)
           "outside": n_revisions * 8 // 100,      # participants, outside their windows
           "wrong_wiki": n_revisions // 100,       # participants, in window, wiki not of the event
           "talk": n_revisions * 2 // 100,         # participants, in window, talk namespace
           "nonpart": n_revisions * 4 // 100,      # non-participants on the same pages, 2021
           "redirects": max(n_langs, n_revisions // 400)}
    mix["inside"] = n_revisions - sum(mix.values())
    return mix


class _Edits:
    """The revisions of one campaign, invented kind by kind into one History."""

    def __init__(self, rng: random.Random, langs: list[str], others: list[str]) -> None:
        self.rng, self.langs, self.others = rng, langs, others
        self.history = History()
        self.pool: dict[str, list[str]] = {w: [] for w in langs}   # existing ns0 pages per wiki
        self.own: dict[tuple[str, str], list[str]] = defaultdict(list)   # (wiki, user) -> titles

    def make(self, events: list[SyntheticEvent],
             n_revisions: int) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """Invent every kind in turn; return the pages made redirects and the pages deleted."""
        mix = _mix(n_revisions, len(self.langs))
        self._old(mix["old"])
        memberships = [(e, u) for e in events for u in e.members]
        self.rng.shuffle(memberships)
        self._inside(memberships, mix["inside"])
        self._outside(memberships, mix["outside"])
        self._wrong_wiki(memberships, mix["wrong_wiki"])
        self._talk(memberships, mix["talk"])
        self._nonparticipants(mix["nonpart"])
        redirects, deleted = self._redirects_and_deletions(mix["redirects"])
        for n, r in enumerate(self.history.revisions):
            if not r.text:
                r.text = _text(n, r.title, r.size)
        return redirects, deleted

    def add(self, wiki: str, title: str, user: str, ts: datetime,
            size: int | None = None) -> SyntheticRevision:
        """Record a revision; its size grows (or shrinks a little) from the page's last one."""
        if size is None:
            previous = self.history.latest.get((wiki, title))
            old = previous.size if previous else 0
            size = max(120, old + (self.rng.randint(-80, 900) if old else self.rng.randint(300, 3000)))
        return self.history.insert(wiki, title, user, ts, size)

    def new_title(self, wiki: str) -> str:
        """Give the next article title on a wiki and add it to the pool."""
        title = f"Bench Article {wiki.upper()} {len(self.pool[wiki]) + 1:05d}"
        self.pool[wiki].append(title)
        return title

    def moment(self, start: datetime, end: datetime) -> datetime:
        """Pick a second between start and end, both included."""
        return start + timedelta(seconds=self.rng.randint(0, int((end - start).total_seconds())))

    def _old(self, count: int) -> None:
        """Write the 2020 articles by non-participants that participants later improve."""
        for i in range(count):
            wiki = self.langs[i % len(self.langs)]
            self.add(wiki, self.new_title(wiki), self.rng.choice(self.others),
                     self.moment(datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 12, 31, tzinfo=UTC)))

    def _inside(self, memberships: list[tuple[SyntheticEvent, str]], count: int) -> None:
        """Spread ``count`` edits over the memberships, each inside its event's window."""
        rng = self.rng
        per = [count // len(memberships)] * len(memberships)
        for k in rng.sample(range(len(memberships)), count % len(memberships)):
            per[k] += 1
        for (e, user), budget in zip(memberships, per):
            start, end = e.window()
            for _ in range(budget):
                wiki = rng.choice(e.wikis)
                title = self._inside_title(wiki, user)
                edge = rng.random()
                ts = start if edge < 0.004 else end if edge < 0.008 else self.moment(start, end)
                self.add(wiki, title, user, ts)

    def _inside_title(self, wiki: str, user: str) -> str:
        """Pick a participant's page: a new one or one from the pool, else one of their own."""
        mine = self.own[(wiki, user)]
        draw = self.rng.random()
        if not mine or (draw < 0.25 and len(mine) < 4):
            fresh = self.rng.random() < 0.6 or not self.pool[wiki]
            title = self.new_title(wiki) if fresh else self.rng.choice(self.pool[wiki])
            mine.append(title)
            return title
        return self.rng.choice(mine)

    def _outside(self, memberships: list[tuple[SyntheticEvent, str]], count: int) -> None:
        """Write participants' edits just (one second) or well (hours to weeks) outside their window."""
        rng = self.rng
        for _ in range(count):
            e, user = rng.choice(memberships)
            start, end = e.window()
            wiki = rng.choice(e.wikis)
            title = rng.choice(self.own[(wiki, user)] or self.pool[wiki])
            r = rng.random()
            if r < 0.05:
                ts = start - timedelta(seconds=1)
            elif r < 0.10:
                ts = end + timedelta(seconds=1)
            elif r < 0.55:
                ts = start - timedelta(seconds=rng.randint(3600, 20 * 86400))
            else:
                ts = end + timedelta(seconds=rng.randint(3600, 20 * 86400))
            self.add(wiki, title, user, ts)

    def _wrong_wiki(self, memberships: list[tuple[SyntheticEvent, str]], count: int) -> None:
        """Write participants' in-window edits on a wiki that is not their event's."""
        for _ in range(count):
            e, user = self.rng.choice(memberships)
            wiki = self.rng.choice([w for w in self.langs if w not in e.wikis] or self.langs)
            self.add(wiki, self.rng.choice(self.pool[wiki]), user, self.moment(*e.window()))

    def _talk(self, memberships: list[tuple[SyntheticEvent, str]], count: int) -> None:
        """Write participants' in-window edits on talk pages (namespace 1 never counts)."""
        for _ in range(count):
            e, user = self.rng.choice(memberships)
            wiki = self.rng.choice(e.wikis)
            title = "Talk:" + self.rng.choice(self.own[(wiki, user)] or self.pool[wiki])
            self.add(wiki, title, user, self.moment(*e.window()))

    def _nonparticipants(self, count: int) -> None:
        """Write 2021 edits by people who did not sign up, on the same pages."""
        for _ in range(count):
            wiki = self.rng.choice(self.langs)
            self.add(wiki, self.rng.choice(self.pool[wiki]), self.rng.choice(self.others),
                     self.moment(datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 5, 20, tzinfo=UTC)))

    def _redirects_and_deletions(self, count: int) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """Turn ``count`` edited articles into redirects in June 2021, and mark a few for deletion."""
        redirects: set[tuple[str, str]] = set()
        edited = sorted({(r.wiki, r.title) for r in self.history.revisions
                         if not r.title.startswith("Talk:")})
        for wiki, title in self.rng.sample(edited, count):
            target = f"#REDIRECT [[{self.pool[wiki][0]}]]"
            rev = self.add(wiki, title, self.rng.choice(self.others),
                           datetime(2021, 6, 1, 12, tzinfo=UTC), size=len(target))
            rev.text = target
            redirects.add((wiki, title))
        candidates = [p for p in edited if p not in redirects]
        deleted = set(self.rng.sample(candidates, max(len(self.langs), len(candidates) // 300)))
        return redirects, deleted
