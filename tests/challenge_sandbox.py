"""Helpers for the Challenge's tests on the sandbox: article text, global accounts, contest pages.

Shared by tests/wiki/test_challenge_wikis.py (issue 18) and the later modules
(issue 26: outages, confirmations, trust) that need a small contest of their own.
"""
from __future__ import annotations


def article(size: int, refs: int = 3, links: int = 2) -> str:
    """Wikitext of exactly ``size`` bytes with ``refs`` references and ``links`` article links."""
    head = "".join(f"Fact {i}.<ref>Source {i}</ref> " for i in range(refs))
    head += " ".join(f"[[Place {i}]]" for i in range(links)) + "\n"
    assert len(head.encode()) < size
    return head + "x" * (size - len(head.encode()))


def account(home: str, *wikis: str) -> dict:
    """A global account in CentralAuth's shape (sandbox/extensions/CentralAuthDouble/README.md)."""
    merged = [{"wiki": f"{code}wiki", "url": f"https://{code}.wikipedia.org",
               "timestamp": "2020-01-01T00:00:00Z", "method": "login", "editcount": 5,
               "registration": "2020-01-01T00:00:00Z"} for code in wikis]
    merged.append({"wiki": "metawiki", "url": "https://meta.wikimedia.org", "editcount": 0,
                   "timestamp": "2020-01-01T00:00:00Z", "method": "login",
                   "registration": "2020-01-01T00:00:00Z"})
    return {"home": f"{home}wiki", "id": 1, "registration": "2020-01-01T00:00:00Z",
            "merged": merged}


def contest_page(users: list[str]) -> str:
    """A contest page with the rules box's markers and a Participants list of ``users``."""
    lines = "\n".join(f"# [[User:{u}]] 10:00, 1 March 2021 (UTC)" for u in users)
    return ("Write about women!\n<!-- wikigapbot:begin challenge-rules -->\n"
            f"<!-- wikigapbot:end challenge-rules -->\n== Participants ==\n{lines}\n")
