"""Give some of the benchmark's events an event registration too, as organizers do today.

``--registrations K`` picks the first K events that have a sign-up page and
gives each a registration on the sandbox Meta's CampaignEventsDouble holding
the same people as its list, named in a new Registration column of the
registry: the union of the two sources is the list, so the ground truth and
the baseline stay as they are, and the tally pays for the registrations only
in requests (one ``GET`` each and ⌈people/20⌉ + 1 participant pages), which
:func:`bench.minimum.registration_terms` counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from sandbox import EventParticipant, EventRegistration, Sandbox
from sandbox.synthetic.scaled import Campaign, SyntheticEvent

FIRST_ID = 9001
SIGNED_UP = datetime(2021, 2, 1, 12, 0)


@dataclass
class Registered:
    """The events given a registration, by their registration ids."""

    events: dict[int, SyntheticEvent] = field(default_factory=dict)

    @property
    def sizes(self) -> list[int]:
        """Give each registration's number of listed participants."""
        return [len(e.members) for e in self.events.values()]


def add_registrations(camp: Campaign, count: int) -> Registered:
    """Choose ``count`` tallyable events with sign-up pages; add their ids to the registry's rows."""
    chosen = [e for e in camp.events if e.tallyable and e.page_exists and e.members][:count]
    registered = Registered({FIRST_ID + i: e for i, e in enumerate(chosen)})
    ids = {e.page: rid for rid, e in registered.events.items()}
    lines = []
    for line in camp.registry_text.split("\n"):
        if line.startswith("! Event page"):
            line += " !! Registration"
        elif line.startswith("| [["):
            page = line[4:line.index("]]")]
            line += f" || {ids.get(page, '')}"
        lines.append(line)
    camp.registry_text = "\n".join(lines)
    return registered


def load_registrations(sb: Sandbox, registered: Registered) -> None:
    """Store the registrations on the sandbox's Meta, each event's days, its list's people."""
    for rid, event in registered.events.items():
        sb["meta"].add_registration(EventRegistration(
            event.page, f"Event:{event.page}", datetime.combine(event.first, time(9)),
            datetime.combine(event.last, time(17)), timezone="UTC", id=rid,
            participants=tuple(EventParticipant(name, SIGNED_UP) for name in event.members)))
