"""Generate the benchmark's campaign and what a correct tally must count on it.

The campaign comes from :mod:`sandbox.synthetic.scaled` (the generator the
demo shares); the ground truth here applies the spec's counting rule to the
generator's own data, independently of the bot's code, so the real tally
and the naive baseline can both be checked against it.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sandbox.synthetic.history import SyntheticRevision
from sandbox.synthetic.scaled import UTC, Campaign, generate

__all__ = ["Campaign", "count_keys", "generate", "ground_truth", "iso", "metrics_of", "page_items"]

Windows = dict[str, tuple[str, str, tuple[str, ...], set[str]]]


def iso(ts: datetime) -> str:
    """Give a UTC timestamp as the API writes it (second precision, 'Z')."""
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_items(camp: Campaign) -> dict[tuple[str, str], str]:
    """Give every live article (not a talk page, redirect or deleted page) a Wikidata item."""
    titles = sorted({(r.wiki, r.title) for r in camp.revisions
                     if not r.title.startswith("Talk:")} - camp.redirects - camp.deleted)
    return {key: f"Q{1000 + i}" for i, key in enumerate(titles)}


def history_facts(camp: Campaign) -> dict[tuple[str, str, str, str], tuple[int, bool]]:
    """Map (wiki, title, user, ts-iso) -> (size diff, creates the page), by page history."""
    facts = {}
    by_page: dict[tuple[str, str], list[SyntheticRevision]] = defaultdict(list)
    for r in camp.revisions:
        by_page[(r.wiki, r.title)].append(r)
    for revs in by_page.values():
        revs.sort(key=lambda r: r.timestamp)
        prev = 0
        for n, r in enumerate(revs):
            facts[(r.wiki, r.title, r.user, iso(r.timestamp))] = (r.size - prev, n == 0)
            prev = r.size
    return facts


def count_keys(windows: Windows, revisions: list[dict],
               page_ok: dict[tuple[str, object], bool]) -> set[tuple]:
    """Apply the spec's rule: (event, wiki, title, user, ts) of every revision counted for an event.

    ``windows``: event -> (start iso, end iso, wikis, participants);
    ``revisions``: dicts with wiki, title, user, ts (iso), page (key into page_ok), ns;
    ``page_ok``: (wiki, page) -> exists and not a redirect.
    """
    by_user: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in revisions:
        by_user[(r["wiki"], r["user"])].append(r)
    seen: set[tuple] = set()
    for event, (start, end, wikis, users) in windows.items():
        for wiki in wikis:
            for user in users:
                for r in by_user.get((wiki, user), ()):
                    if (r.get("ns", 0) == 0 and start <= r["ts"] <= end
                            and page_ok.get((wiki, r["page"]), False)):
                        seen.add((event, wiki, r["title"], user, r["ts"]))
    return seen


def ground_truth(camp: Campaign) -> dict:
    """Give what a correct tally counts, from the generator's own data."""
    windows = {}
    for e in camp.events:
        if e.tallyable:
            s, t = e.window()
            windows[e.page] = (iso(s), iso(t), e.wikis, set(e.members))
    revs = [{"wiki": r.wiki, "title": r.title, "user": r.user, "ts": iso(r.timestamp),
             "page": r.title, "ns": 1 if r.title.startswith("Talk:") else 0}
            for r in camp.revisions]
    page_ok: dict[tuple[str, object], bool] = defaultdict(bool)
    for r in camp.revisions:
        key = (r.wiki, r.title)
        page_ok[key] = key not in camp.redirects and key not in camp.deleted
    counted = count_keys(windows, revs, page_ok)
    return {"windows": windows, "counted": counted, "facts": history_facts(camp)}


def metrics_of(counted: set[tuple], facts) -> dict[str, dict]:
    """Give per event and for the campaign: edits, bytes added, created, improved, active."""
    per: dict[str, list[tuple]] = defaultdict(list)
    for key in counted:
        per[key[0]].append(key)
    out = {event: _summarise(keys, facts) for event, keys in per.items()}
    out["(campaign)"] = _summarise(counted, facts)
    return out


def _summarise(keys, facts) -> dict:
    """Count one event's (or the campaign's) distinct revisions, pages and people."""
    uniq = {k[1:] for k in keys}
    created = {(w, t) for (w, t, u, ts) in uniq if facts[(w, t, u, ts)][1]}
    touched = {(w, t) for (w, t, u, ts) in uniq}
    return {"edits": len(uniq),
            "bytes_added": sum(max(facts[k][0], 0) for k in uniq),
            "articles_created": len(created),
            "articles_improved": len(touched - created),
            "active_participants": len({k[2] for k in uniq})}
