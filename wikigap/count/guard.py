"""Refuse to publish a tally that is plainly wrong: no event at all, or far fewer than before.

Pure. A registry page that is not the registry (an event's sign-up page put
in ``events.page`` by mistake) yields no event; published, it would turn
every status table into a row of zeros. A registry that suddenly yields
fewer than half the events of the last published snapshot is more likely
a broken table or a wrong page than a campaign that lost half its events,
so it waits for staff to confirm (``bot.py run … --accept-fewer-events``).
The tally asks :func:`refusal` before it reads anything else.
"""
from __future__ import annotations

from collections.abc import Callable

from wikigap.model import Phrase, Problem, Registry, Snapshot

ACCEPT_FLAG = "--accept-fewer-events"


def fewer_by_half(count: int, before: int) -> bool:
    """Tell whether ``count`` fell by more than half against ``before``."""
    return before > 0 and count * 2 < before


def refusal(registry: Registry, page: str, wiki: str, last: Snapshot | None,
            accept_fewer: bool, words: Callable[[Phrase | str], str]) -> str | None:
    """Say why this registry must not make a snapshot, or None when it may.

    The message names the page, what was found, that nothing is published
    and what to do; the registry's own page problems are quoted (written by
    ``words``: staff read English), as they usually say what is wrong with the page.
    """
    count = len(registry.events)
    if count == 0:
        return (f"the registry page [[{page}]] on {wiki} yields no event"
                f"{_reasons(registry.problems, words)}; nothing is stored or published. Check events.page "
                "in the config: it must be the page whose table has Event page, Date and "
                "Languages columns")
    if last is not None and fewer_by_half(count, len(last.events)) and not accept_fewer:
        taken = last.taken_at.strftime("%Y-%m-%d %H:%M UTC")
        return (f"the registry page [[{page}]] on {wiki} yields {count} events, fewer than half "
                f"of the {len(last.events)} in the last published snapshot ({taken}); nothing is "
                f"stored or published. If the events were really removed, run the tally again "
                f"with {ACCEPT_FLAG} (bot.py run tally {ACCEPT_FLAG}); else check the registry "
                "page and events.page in the config")
    return None


def _reasons(problems: tuple[Problem, ...], words: Callable[[Phrase | str], str]) -> str:
    """Quote the registry's page problems after the refusal, when it has any."""
    if not problems:
        return ""
    return " (" + "; ".join(words(p.message) for p in problems) + ")"
