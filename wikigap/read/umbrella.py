"""Read a campaign's umbrella ``Event:`` page as its registry: one event per linked child.

Campaigns run by the Foundation keep one umbrella ``Event:`` page (with its
own registration) that links a child ``Event:`` page per local event, each
with its own registration. The data model has no parent/child link, so the
bot follows the page's wikilinks into the Event namespace (1728): each
distinct child is one :class:`~wikigap.model.Event` whose name, days,
languages and country come later from its registration. Pure.
"""
from __future__ import annotations

from mwparserfromhell.nodes import Wikilink

from wikigap.model import Event, Namespaces, Phrase, Problem, Registry
from wikigap.read.registry import event_page, parse_registry
from wikigap.read.wikitext import LineIndex, parse, positioned, visible_text

EVENT_NAMESPACE = "event"


def read_registry(text: str, title: str, names: Namespaces) -> Registry:
    """Read the registry page as the tally does: its events tables, else (an ``Event:`` page)
    the events it links. ``check --online`` reads it through here too, so both agree."""
    registry = parse_registry(text, title, names)
    if not registry.events and is_event_title(title):
        return parse_umbrella(text, title)
    return registry


def is_event_title(title: str) -> bool:
    """Tell whether a title is in the Event namespace (``Event:Name``)."""
    prefix, colon, rest = title.partition(":")
    return bool(colon and rest.strip()) and prefix.strip().casefold() == EVENT_NAMESPACE


def parse_umbrella(text: str, title: str) -> Registry:
    """List the child events an umbrella page links, in page order, each once."""
    lines = LineIndex(text or "")
    code = parse(text or "")
    events: list[Event] = []
    seen = {title}
    for link, offset in positioned(code, 0, lambda tag: True):
        if not isinstance(link, Wikilink):
            continue
        page = event_page(str(link.title), title)
        if page is None or not is_event_title(page) or page in seen:
            continue
        seen.add(page)
        label = visible_text(link.text) if link.text is not None else ""
        events.append(Event(page=page, label=label or page.partition(":")[2].strip(),
                            row=lines.line(offset)))
    if events:
        return Registry(tuple(events))
    return Registry((), (Problem(
        "registry-no-table", Phrase("wikigapbot-problem-umbrella-no-events", (title,)),
        Phrase("wikigapbot-fix-umbrella-no-events", (title,)), page=title),))
