"""A confirmation is of one ranking: which ranking staff confirmed, and whether it still holds.

Pure. Every board has a short id, :func:`ranking_id`: a stable hash of its
ranked names, points and ranks, shown on the leaderboard. The first time the
bot reads "confirmed" on the confirm page (once the ranking is final), it
binds that confirmation to the ranking it sees, and the task records the
binding with the id (``store.challengestore``). From then on, awards go out
only while the board's ranking is a confirmed one:

- the same id as the last binding: the confirmation **holds**;
- another id: the ranking **changed** since staff confirmed it (an adjustment,
  a late revert, a bonus change). Award notices stop; the leaderboard and
  the run list who moved and which sent award notices no longer match, and
  wait until the confirm page cites the new id ("confirmed 3f9a12c0");
- the confirm page cites the new id: a **new confirmation**, recorded in turn.

Award notices go to winners who have none (never a second to anyone, never an
edit of a sent one: correcting those is for staff, with the list in hand).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from wikigap.challenge.count.scoring import Scoreboard
from wikigap.challenge.write.challenge_rules import shown

#: The confirm page has no "confirmed" on it: awards wait.
WAITING = "waiting"
#: The first confirmation, to be recorded with the ranking seen now.
BIND = "bind"
#: The ranking is the one staff confirmed last.
HOLDS = "holds"
#: The ranking differs from the confirmed one, and the page does not cite the new id.
CHANGED = "changed"
#: The confirm page cites the new ranking's id: a new confirmation, to be recorded.
REBIND = "rebind"
#: How many hex digits of the hash make a ranking's id.
ID_LENGTH = 8
_CITED = re.compile(rf"\b[0-9a-f]{{{ID_LENGTH}}}\b")


@dataclass(frozen=True)
class Place:
    """Where a contestant stood: rank (None: disqualified) and points, as the board shows them."""

    rank: int | None
    points: str


@dataclass(frozen=True)
class Binding:
    """A confirmation as recorded: the ranking's id, when, and everyone's place in it."""

    ranking: str
    at: datetime
    places: dict[str, Place]


@dataclass(frozen=True)
class Move:
    """A contestant whose place differs between two rankings (None: not on that board)."""

    user: str
    before: Place | None
    now: Place | None


@dataclass(frozen=True)
class Verdict:
    """Whether awards may go now, and what staff must be told."""

    state: str
    ranking: str                     # the board's ranking id now
    confirmed: str | None = None     # the id staff confirmed, when it differs (CHANGED)
    moved: tuple[Move, ...] = ()     # since the confirmed ranking (CHANGED)
    stale: tuple[Move, ...] = ()     # sent award notices that no longer match (before: sent)

    @property
    def awards(self) -> bool:
        """Tell whether award notices may go out in this run."""
        return self.state in (BIND, HOLDS, REBIND)

    @property
    def record(self) -> bool:
        """Tell whether this run makes a confirmation to record."""
        return self.state in (BIND, REBIND)


def places(board: Scoreboard) -> dict[str, Place]:
    """Give everyone's place on a board, in its order."""
    return {s.user: Place(s.rank, str(shown(s.points))) for s in board.standings}


def ranking_id(board: Scoreboard) -> str:
    """Give the board's ranking a short stable id: a hash of its names, points and ranks."""
    rows = [[user, place.rank, place.points] for user, place in places(board).items()]
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
    return digest[:ID_LENGTH]


def is_confirmed(text: str | None) -> bool:
    """Tell whether the confirm page holds the word ``confirmed``, in any case, as a word.

    "Confirmed", "CONFIRMED." and "confirmed by Staff" say yes; "unconfirmed"
    and "not yet" do not.
    """
    return text is not None and "confirmed" in re.findall(r"[^\W\d_]+", text.casefold())


def cited(text: str | None) -> set[str]:
    """Give the ranking ids the confirm page cites (words of exactly eight hex digits)."""
    return set(_CITED.findall((text or "").casefold()))


def decide(text: str | None, board: Scoreboard, bindings: list[Binding],
           awarded: dict[str, Place | None]) -> Verdict:
    """Judge the confirmation on the confirm page against the board and the recorded ones.

    ``bindings`` are the recorded confirmations, oldest first; ``awarded``
    gives each contestant with a sent award notice the place it told them
    (None: not known, sent before confirmations were recorded).
    """
    now, current = places(board), ranking_id(board)
    stale = tuple(Move(user, sent, now.get(user)) for user, sent in sorted(awarded.items())
                  if sent is not None and now.get(user) != sent)
    if not is_confirmed(text):
        return Verdict(WAITING, current, stale=stale)
    ids = cited(text)
    if not bindings:   # all digits: a date such as 20210409 more likely than an id
        other = sorted(i for i in ids - {current} if not i.isdigit())
        if other and current not in ids:   # staff cite a ranking the bot no longer shows
            return Verdict(CHANGED, current, other[0], stale=stale)
        return Verdict(BIND, current, stale=stale)
    last = bindings[-1]
    if last.ranking == current:
        return Verdict(HOLDS, current, stale=stale)
    if current in ids:
        return Verdict(REBIND, current, stale=stale)
    return Verdict(CHANGED, current, last.ranking, moves(last.places, now), stale)


def moves(before: dict[str, Place], now: dict[str, Place]) -> tuple[Move, ...]:
    """List who moved between two rankings: another rank or other points, or on one board only."""
    users = [*before, *(u for u in now if u not in before)]
    return tuple(Move(u, before.get(u), now.get(u)) for u in users if before.get(u) != now.get(u))


def sent_places(notices: list[tuple[str, datetime]],
                bindings: list[Binding]) -> dict[str, Place | None]:
    """Give what each sent award notice told its contestant: their place in the binding then.

    ``notices`` are (contestant, when posted); a notice went out under the
    last confirmation recorded at or before its time.
    """
    found: dict[str, Place | None] = {}
    for user, posted in notices:
        under = [b for b in bindings if b.at <= posted] or bindings[:1]
        found[user] = under[-1].places.get(user) if under else None
    return found


def to_json(found: dict[str, Place]) -> list:
    """Write places for the state file (the binding's record)."""
    return [[user, place.rank, place.points] for user, place in found.items()]


def from_json(rows: list) -> dict[str, Place]:
    """Read places written by :func:`to_json`."""
    return {user: Place(rank, points) for user, rank, points in rows}


def describe(verdict: Verdict, confirm_page: str) -> list[str]:
    """Say in English, for the run's output, why awards wait and what no longer matches."""
    lines = []
    if verdict.state == CHANGED:
        lines.append(f"the ranking changed since staff confirmed it (ranking {verdict.confirmed}, "
                     f"now {verdict.ranking}): award notices wait until [[{confirm_page}]] "
                     f"cites ranking {verdict.ranking}")
    if verdict.moved:
        lines.append("moved since the confirmation: " + ", ".join(
            f"{m.user} ({place_words(m.before)} → {place_words(m.now)})" for m in verdict.moved))
    if verdict.stale:
        lines.append("sent award notices that no longer match: " + ", ".join(
            f"{m.user} (the notice says {place_words(m.before)}; now {place_words(m.now)})"
            for m in verdict.stale) + "; the bot never changes a sent notice: correcting them "
            "is for staff")
    return lines


def place_words(place: Place | None) -> str:
    """Say a place in English: ``number 2, 3 points``, ``disqualified`` or ``not listed``."""
    if place is None:
        return "not listed"
    if place.rank is None:
        return "disqualified"
    return f"number {place.rank}, {place.points} points"
