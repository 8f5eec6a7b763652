"""An umbrella Event: page as the registry: one event per linked child Event: page."""
from __future__ import annotations

from phrases import assert_written_in_every_language
from wikigap.read.umbrella import is_event_title, parse_umbrella
from wikigap.write.messages import english

UMBRELLA = """Celebrate Women 2026 runs in many places. [[Event:Celebrate Women 2026]] is this page.
== Events ==
* [[Event:Celebrate Women 2026/Delhi|Delhi]] (Hindi)
<div style="columns:2">
* [[Event:Celebrate_Women_2026/Mexico City]] [[Celebrate Women/FAQ]] [[User:Org]]
* Again: [[Event:Celebrate Women 2026/Delhi]]
</div>
* [[:Event:Celebrate Women 2026/Stockholm|Stockholm]] [[File:Logo.png]]
"""


def test_each_linked_child_is_one_event_in_page_order() -> None:
    registry = parse_umbrella(UMBRELLA, "Event:Celebrate Women 2026")
    assert [(e.page, e.label, e.row) for e in registry.events] == [
        ("Event:Celebrate Women 2026/Delhi", "Delhi", 3),
        ("Event:Celebrate Women 2026/Mexico City", "Celebrate Women 2026/Mexico City", 5),
        ("Event:Celebrate Women 2026/Stockholm", "Stockholm", 8)]
    assert registry.problems == ()
    assert all(e.is_event_page and e.first_day is None and e.wikis == () for e in registry.events)


def test_an_umbrella_without_children_is_a_page_problem() -> None:
    registry = parse_umbrella("Only [[Event:Lonely]] itself and [[Main Page]].", "Event:Lonely")
    assert registry.events == ()
    assert [p.code for p in registry.problems] == ["registry-no-table"]
    assert "Event:" in english(registry.problems[0].fix)
    assert_written_in_every_language(registry.problems[0])


def test_event_titles() -> None:
    assert is_event_title("Event:X") and is_event_title("event : X")
    assert not is_event_title("Event:") and not is_event_title("Events:X") and not is_event_title("X")
