"""The two measured phases, each run in a fresh child process: the real tally and the naive baseline.

Run by :func:`bench.run.run_child` as ``python -m bench.phases PHASE SPEC OUT``
with PYWIKIBOT_DIR already pointing at the phase's own pywikibot folder, so
this module may import pywikibot (through ``wikigap.wikis.wiki``) at the top.
The result is a JSON file the parent reads.
"""
from __future__ import annotations

import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

from bench.generate import count_keys, iso
from bench.minimum import CONTRIB_LIMIT, LIST_LIMIT
from bench.requests import Recorder, peak_memory
from wikigap.count import gather   # wiki first: it imports pywikibot under PYWIKIBOT_DIR
from wikigap.wikis import wiki   # wiki first: it imports pywikibot under PYWIKIBOT_DIR
from tasks import TASKS
from wikigap.run import runner
from wikigap.wikis.apidata import namespaces_from
from wikigap.config import load_config
from wikigap.read.registry import parse_registry
from wikigap.read.signup import parse_signup
from wikigap.store.state import State
from wikigap.count.tally import event_window

import pywikibot  # noqa: E402,I001  (after wikigap.wikis.wiki, see above)
from pywikibot.comms import http  # noqa: E402


# --------------------------------------------------------------------------
# The real tally
# --------------------------------------------------------------------------

def phase_real(spec: dict) -> dict:
    """Run the bot's tally exactly as `bot.py run tally` would; capture what it read."""
    rss_start = peak_memory()
    rec = Recorder(http.session, spec["registry"])
    captured = _capture_gather()
    config = load_config(spec["config"])
    lines: list[str] = []
    before, kinds_before = wiki.REQUESTS.count, Counter(rec.kinds)
    t0 = time.perf_counter()
    status = runner.run_tasks(config, ["tally"], TASKS,
                              hooks=runner.RunHooks(echo=lines.append)).status
    wall = time.perf_counter() - t0
    total, kinds, rss = wiki.REQUESTS.count - before, rec.kinds - kinds_before, peak_memory()
    # the account's limits (sites are cached by pywikibot; counted requests are done)
    captured["high"] = {w: wiki.Wiki(config.content_site(w)).batch_size() >= 500
                        for w in captured.get("plan", {})}
    with State(config.state_ref) as state:
        snap = state.latest_snapshot(config.name)
    revs = [{"wiki": r.wiki, "title": r.title, "user": r.user, "ts": iso(r.timestamp),
             "page": r.pageid} for r in captured.get("revisions", [])]
    page_ok = {k: (s.exists and not s.redirect) for k, s in captured.get("pages", {}).items()}
    counted = count_keys(_snapshot_windows(snap, spec), revs, page_ok)
    metrics = {e.event.key: _metric_dict(e.metrics) for e in snap.events if e.tallied}
    metrics["(campaign)"] = _metric_dict(snap.metrics)
    return {"status": status, "wall": wall, "requests": total, "kinds": dict(kinds),
            "overhead": dict(rec.overhead),
            "rss_start": rss_start, "rss_peak": rss, "echo": lines,
            "counted": sorted(counted), "returned": dict(Counter(r["wiki"] for r in revs)),
            "plan_cost": _plan_cost(captured, revs),
            "high": captured.get("high", {}), "metrics": metrics,
            "tallied_events": sum(1 for e in snap.events if e.tallied),
            "events": len(snap.events)}


def _capture_gather() -> dict:
    """Wrap the gather step's two reads so the plan, revisions and page states are kept."""
    captured: dict = {}
    orig_contribs, orig_pages = gather.contributions, gather.page_states

    def contributions(sites, plan, echo):
        captured["plan"] = {w: (iso(s), iso(t), sorted(u)) for w, (s, t, u) in plan.items()}
        revisions, failed = orig_contribs(sites, plan, echo)
        captured["revisions"], captured["failed"] = revisions, sorted(failed)
        return revisions, failed

    def page_states(sites, revisions, failed):
        captured["pages"] = orig_pages(sites, revisions, failed)
        return captured["pages"]

    gather.contributions, gather.page_states = contributions, page_states
    return captured


def _plan_cost(captured: dict, revs: list[dict]) -> dict:
    """Give what the bot's own plan costs: per wiki, per batch of users, ceil(returned / limit)."""
    per_batch = {}
    for w, (s, t, users) in captured.get("plan", {}).items():
        high = captured["high"].get(w, False)
        L, C = LIST_LIMIT[high], CONTRIB_LIMIT[high]
        mine = Counter(r["user"] for r in revs if r["wiki"] == w)
        returned = [sum(mine[u] for u in users[i:i + L]) for i in range(0, len(users), L)]
        per_batch[w] = {"span": [s, t], "users": len(users), "returned_per_batch": returned,
                        "requests": sum(max(1, math.ceil(n / C)) for n in returned)}
    return per_batch


def _metric_dict(m) -> dict:
    """Give a snapshot's metrics as the ground truth writes them."""
    return {"edits": m.edits, "bytes_added": m.bytes_added,
            "articles_created": m.articles_created, "articles_improved": m.articles_improved,
            "active_participants": m.active_participants}


def _snapshot_windows(snap, spec) -> dict:
    """Give the windows of the tallied events, from the bot's own parse (dates, wikis, users)."""
    out = {}
    for result in snap.events:
        if not result.tallied:
            continue
        s, t = event_window(result.event, spec["grace_days"])
        out[result.event.key] = (iso(s), iso(t), tuple(result.event.wikis),
                                 {p.user for p in result.participants})
    return out


# --------------------------------------------------------------------------
# The naive baseline
# --------------------------------------------------------------------------

def phase_baseline(spec: dict) -> dict:
    """Do it the naive way: one request per page, per name, per participant-event-wiki, per page id."""
    rss_start = peak_memory()
    rec = Recorder(http.session, spec["registry"])
    before = wiki.REQUESTS.count
    t0 = time.perf_counter()
    meta, content = _login(spec)
    names = namespaces_from(meta.namespaces, meta.siteinfo.get("specialpagealiases", []))
    registry = parse_registry(pywikibot.Page(meta, spec["registry"]).text, spec["registry"], names)
    events = gather.with_known_wikis(registry.events, lambda c: c in content)
    participants = _participants_one_by_one(meta, events, names)
    windows, revs = _contributions_one_by_one(content, events, participants, spec["grace_days"])
    counted = count_keys(windows, revs, _page_info_one_by_one(content, revs))
    wall = time.perf_counter() - t0
    return {"wall": wall, "requests": wiki.REQUESTS.count - before, "kinds": dict(rec.kinds),
            "overhead": dict(rec.overhead),
            "rss_start": rss_start, "rss_peak": peak_memory(), "counted": sorted(counted),
            "returned": dict(Counter(r["wiki"] for r in revs)),
            "usercontribs_queries": sum(len(w[2]) * len(w[3]) for w in windows.values())}


def _login(spec: dict) -> tuple[object, dict[str, object]]:
    """Log in to Meta and every content wiki; give their pywikibot sites."""
    wiki.configure_account(spec["account"])
    meta = wiki.site_for(spec["meta"])
    meta.login()
    content = {}
    for code, url in spec["content"].items():
        content[code] = wiki.site_for(url)
        content[code].login()
    return meta, content


def _participants_one_by_one(meta, events, names) -> dict[str, list[str]]:
    """Read each sign-up page with its own request and check each name with its own."""
    participants: dict[str, list[str]] = {}
    known: dict[str, bool] = {}
    for event in events:
        if not event.page:
            continue
        text = pywikibot.Page(meta, event.page).text     # '' when the page is missing
        if not text:
            continue
        signup = parse_signup(text, event.page, event.key, names)
        if not signup.has_section:
            continue
        for user in signup.participants:
            if user not in known:
                known[user] = pywikibot.User(meta, user).isRegistered()
        participants[event.key] = [u for u in dict.fromkeys(signup.participants) if known[u]]
    return participants


def _contributions_one_by_one(content, events, participants,
                              grace_days: int) -> tuple[dict, list[dict]]:
    """Ask usercontribs once per participant per event per wiki, bounded by the event's window."""
    windows, revs = {}, []
    for event in events:
        if not event.tallyable or event.key not in participants:
            continue
        start, end = event_window(event, grace_days)
        windows[event.key] = (iso(start), iso(end), tuple(event.wikis), set(participants[event.key]))
        for code in event.wikis:
            for user in participants[event.key]:
                for item in content[code].usercontribs(
                        user=user, start=pywikibot.Timestamp.fromISOformat(iso(start)),
                        end=pywikibot.Timestamp.fromISOformat(iso(end)), reverse=True,
                        namespaces=[0], prop="ids|title|timestamp|sizediff|flags"):
                    revs.append({"wiki": code, "title": item["title"], "user": item["user"],
                                 "ts": item["timestamp"], "page": item["pageid"]})
    return windows, revs


def _page_info_one_by_one(content, revs: list[dict]) -> dict[tuple[str, object], bool]:
    """Ask prop=info once per page id: exists and is not a redirect."""
    page_ok = {}
    for code, pageid in sorted({(r["wiki"], r["page"]) for r in revs}):
        data = content[code].simple_request(action="query", prop="info", pageids=pageid).submit()
        info = next(iter(data["query"]["pages"].values()))
        page_ok[(code, pageid)] = "missing" not in info and "redirect" not in info
    return page_ok


PHASES = {"real": phase_real, "baseline": phase_baseline}


def main(argv: list[str]) -> int:
    """Run one phase: ``PHASE SPEC.json OUT.json``."""
    phase, spec_path, out = argv
    result = PHASES[phase](json.loads(Path(spec_path).read_text()))
    Path(out).write_text(json.dumps(result, default=list))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
