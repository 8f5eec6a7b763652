"""The demo's event registrations and Dashboard course: seeded from demo/registrations.yaml.

Registrations go to the sandbox Meta's CampaignEventsDouble (the bot reads them over
REST, as on Meta); the course is served by a Dashboard double on a loopback port for
the run's length, as the pageviews double is.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import yaml

from sandbox import EventOrganizer, EventParticipant, EventRegistration, Sandbox
from sandbox.dashboard import FACILITATOR, PARTICIPANT, Course, CourseUser, DashboardDouble

SIGNED_UP = datetime(2021, 2, 20, 12, 0)    # when the demo's people registered (UTC)


def read_recipe(data: Path) -> dict:
    """Read demo/registrations.yaml."""
    return yaml.safe_load((data / "registrations.yaml").read_text(encoding="utf-8"))


def registration(spec: dict) -> EventRegistration:
    """Build one registration of the recipe (public and private participants, organizers)."""
    people = [EventParticipant(name, SIGNED_UP) for name in spec["participants"]]
    people += [EventParticipant(name, SIGNED_UP, private=True) for name in spec.get("private", [])]
    return EventRegistration(
        spec["name"], spec["event_page"], _naive(spec["start"]), _naive(spec["end"]),
        timezone=str(spec["timezone"]), wikis=tuple(spec["wikis"]),
        participants=tuple(people),
        organizers=tuple(EventOrganizer(name, roles=("creator",)) for name in spec["organizers"]),
        online=spec.get("online", True), in_person=spec.get("in_person", False),
        meeting_country_code=spec.get("country"), meeting_address=spec.get("address"))


def load_registrations(sandbox: Sandbox, recipe: dict) -> list[int]:
    """Store the recipe's registrations on the sandbox's Meta; return their ids."""
    return [sandbox["meta"].add_registration(registration(spec)) for spec in recipe["registrations"]]


def demo_dashboard(recipe: dict) -> DashboardDouble:
    """Make the demo's Dashboard double with its courses (use it as ``with ... as dashboard:``)."""
    dashboard = DashboardDouble()
    for spec in recipe["courses"]:
        users = [CourseUser(name, PARTICIPANT) for name in spec["editors"]]
        users += [CourseUser(name, FACILITATOR) for name in spec.get("facilitators", [])]
        dashboard.add_course(Course(spec["slug"], _utc(spec["start"]), _utc(spec["end"]),
                                    users=tuple(users), home_wiki=tuple(spec["home_wiki"])))
    return dashboard


def _naive(value: datetime | str) -> datetime:
    """A wall time as the registration form takes it (YAML gives a datetime already)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _utc(value: datetime | str) -> datetime:
    return _naive(value).replace(tzinfo=timezone.utc)
