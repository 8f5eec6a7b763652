"""The fewest API requests a tally of the generated campaign could make, term by term.

See bench/README.md ("What the figures mean") for each term's formula.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from bench.generate import Campaign, iso, page_items

CONTRIB_LIMIT = {True: 5000, False: 500}     # usercontribs items a request (highlimits?)
LIST_LIMIT = {True: 500, False: 50}          # titles / users / page ids a request
PARTICIPANTS_PAGE = 20                       # event registration participants a page


def registration_terms(listed: list[int], ids_not_given: int, courses: int) -> dict[str, int]:
    """Give the fewest requests registrations and courses need, term by term.

    ``listed``: per registration, the participants its list holds (hidden
    ones too: they take a place on a page); one ``GET`` per registration,
    ⌈listed/20⌉ + 1 participant pages (the last one empty: the 1.39 branch's
    short pages are not the end), one page view per event whose registration
    id the registry does not give, one ``users.json`` per course.
    """
    return {"registrations": len(listed),
            "participant_pages": sum(math.ceil(n / PARTICIPANTS_PAGE) + 1 for n in listed),
            "page_views": ids_not_given, "courses": courses}


def minimum(camp: Campaign, high: bool, n_logged_in: int, registration_sizes: list[int] = ()) -> dict:
    """Give the fewest requests the API allows for this data, term by term, with the inputs.

    ``registration_sizes``: the participants of each event registration the
    registry names by id (``--registrations``), which add their own terms.
    """
    L, C = LIST_LIMIT[high], CONTRIB_LIMIT[high]
    signup_pages = [e.page for e in camp.events]
    names = {u for e in camp.events if e.page_exists for u in e.members} | set(camp.ghosts)
    users_w = _users_per_wiki(camp)
    need_revs, need_pages = _needed(camp)
    terms = {
        "registry": 1,
        "signup_pages": math.ceil(len(signup_pages) / L),
        "user_check": math.ceil(len(names) / L),
        "contribs": sum(max(math.ceil(len(users_w[w]) / L), math.ceil(need_revs[w] / C))
                        for w in users_w),
        "page_info": sum(math.ceil(len(need_pages[w]) / L) for w in need_pages),
    }
    items = page_items(camp)
    need_items = {items[(w, t)] for w in need_pages for t in need_pages[w] if (w, t) in items}
    terms["wikidata"] = math.ceil(len(need_items) / L)
    terms.update({k: v for k, v in registration_terms(list(registration_sizes), 0, 0).items()
                  if v})
    terms["data"] = sum(terms.values())
    terms["overhead"] = 2 * n_logged_in
    terms["total"] = terms["data"] + terms["overhead"]
    detail = {
        "L": L, "C": C, "S": len(signup_pages), "N": len(names), "I": len(need_items),
        "registrations": list(registration_sizes),
        "per_wiki": {w: {"U": len(users_w[w]), "R": need_revs[w], "P": len(need_pages[w])}
                     for w in sorted(users_w)},
    }
    return {"terms": terms, "detail": detail}


def _users_per_wiki(camp: Campaign) -> dict[str, set[str]]:
    """Give the participants of tallyable events on each wiki: each must be named in a request."""
    users_w: dict[str, set[str]] = defaultdict(set)
    for e in camp.events:
        if e.tallyable:
            for w in e.wikis:
                users_w[w] |= set(e.members)
    return users_w


def _needed(camp: Campaign) -> tuple[Counter, dict[str, set[str]]]:
    """Count the revisions usercontribs must return per wiki, and their distinct pages.

    A participant's namespace-0 edits on a live (or redirect) page inside any
    window of their tallyable events on that wiki.
    """
    wins: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for e in camp.events:
        if e.tallyable:
            s, t = e.window()
            for w in e.wikis:
                for u in e.members:
                    wins[(w, u)].append((iso(s), iso(t)))
    need_revs: Counter = Counter()
    need_pages: dict[str, set[str]] = defaultdict(set)
    for r in camp.revisions:
        if r.title.startswith("Talk:") or (r.wiki, r.title) in camp.deleted:
            continue
        ts = iso(r.timestamp)
        if any(s <= ts <= t for s, t in wins.get((r.wiki, r.user), ())):
            need_revs[r.wiki] += 1
            need_pages[r.wiki].add(r.title)
    return need_revs, need_pages
