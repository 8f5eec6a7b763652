"""Rename log entries followed: chains, the newest entry, vanished names and hidden entries."""
from __future__ import annotations

from wikigap.count.renames import Rename, follow, next_name


def entry(old: str, new: str, when: str = "2026-03-01T00:00:00Z", kind: str = "renameuser",
          **flags) -> dict:
    return {"type": kind, "timestamp": when, "params": {"olduser": old, "newuser": new}, **flags}


class Logs:
    """A wiki whose rename log is given, counting what is asked (each name once a run)."""

    def __init__(self, **by_name: list[dict]) -> None:
        self.by_name, self.asked = by_name, []

    def rename_log(self, name: str) -> list[dict]:
        self.asked.append(name)
        return self.by_name.get(name.replace(" ", "_"), [])


def test_the_newest_rename_of_the_name_is_followed():
    entries = [entry("Ana", "Ana B", "2025-01-01T00:00:00Z"), entry("Ana", "Ana C")]
    assert next_name("Ana", entries) == ("Ana C", True)
    assert next_name("Bo", entries) is None


def test_a_vanished_name_or_a_hidden_entry_is_followed_but_not_shown():
    assert next_name("Ana", [entry("Ana", "Renamed user 8d2f", kind="gblrename")]) == (
        "Renamed user 8d2f", False)
    assert next_name("Ana", [entry("Ana", "Ana B", suppressed="")]) == ("Ana B", False)
    assert next_name("Ana", [entry("Ana", "Ana B", actionhidden="")]) is None


def test_chains_are_followed_and_each_name_asked_once():
    wiki = Logs(Ana=[entry("Ana", "Ana M")], Ana_M=[entry("Ana M", "Ana N")])
    logs: dict = {}
    assert follow(wiki, ["Ana", "Bo"], logs) == {"Ana": Rename("Ana", "Ana N", True)}
    assert follow(wiki, ["Ana"], logs) == {"Ana": Rename("Ana", "Ana N", True)}
    assert wiki.asked == ["Ana", "Ana M", "Ana N", "Bo"]


def test_a_rename_loop_ends():
    wiki = Logs(A=[entry("A", "B")], B=[entry("B", "A")])
    assert follow(wiki, ["A"]) == {"A": Rename("A", "B", True)}
