"""Build the benchmark's sandbox, load the campaign into it and run the measured phases.

Each phase runs in a child process (:mod:`bench.phases`) with a pywikibot
folder of its own, so every phase pays the same start-up costs and its peak
memory is its own.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from bench.generate import Campaign, page_items
from sandbox import ADMIN_USER, ImportedRevision, Sandbox, SandboxWiki, use_pywikibot_dir
from sandbox.synthetic.scaled import GRACE_DAYS, REGISTRY
from sandbox.synthetic.wikidata import synthetic_claims

ROOT = Path(__file__).resolve().parent.parent
#: Entity JSON is stored for this many items; the others answer "missing", which costs the
#: same requests (the count depends on ids asked, not on what Wikidata holds).
STORED_ITEMS = 300


def build_sandbox(camp: Campaign, root: Path, timings: dict) -> Sandbox:
    """Boot Meta, Wikidata + one Wikipedia per language and load the campaign into them."""
    sb = Sandbox(root)
    sb.add("meta")
    sb.add("wikidata")
    for code in camp.langs:
        sb.add(code)
    timings["boot"] = _timed(sb.start)
    wikis = list(sb)
    accounts = camp.participants + camp.others
    timings["users"] = _timed(lambda: _each(lambda w: w.create_users(accounts), wikis))
    timings["meta_pages"] = _timed(lambda: sb["meta"].load_pages(
        [(REGISTRY, camp.registry_text), *camp.signup_texts.items()]))
    by_wiki: dict[str, list[ImportedRevision]] = defaultdict(list)
    for r in camp.revisions:
        by_wiki[r.wiki].append(ImportedRevision(r.title, r.text, r.user, r.timestamp))
    import_times: dict[str, float] = {}
    items = page_items(camp)

    def load(code: str) -> None:
        import_times[code] = _timed(lambda: _import(sb[code], by_wiki[code], camp.deleted, items))

    sb["wikidata"].load_entities({q: synthetic_claims(q)
                                  for q in sorted(set(items.values()))[:STORED_ITEMS]})
    timings["import"] = _timed(lambda: _each(load, camp.langs))
    timings["import_per_wiki"] = import_times
    return sb


def _timed(step: Callable[[], object]) -> float:
    """Run a step; give its wall seconds."""
    t = time.perf_counter()
    step()
    return time.perf_counter() - t


def _each(fn: Callable, items: Iterable) -> None:
    """Apply fn to every item, one thread per CPU (PHP imports are CPU-bound)."""
    items = list(items)
    with ThreadPoolExecutor(max(1, min(len(items), os.cpu_count() or 1))) as pool:
        list(pool.map(fn, items))


def _import(wiki: SandboxWiki, revisions: list[ImportedRevision],
            deleted: set[tuple[str, str]], items: dict[tuple[str, str], str]) -> None:
    """Import one wiki's revisions, delete its pages the campaign marks deleted, give the
    live articles their items (last: the import's link refresh rewrites page properties)."""
    wiki.import_revisions(revisions)
    gone = sorted(title for w, title in deleted if w == wiki.name)
    if gone:
        listing = wiki.dir / "bench-delete.txt"
        listing.write_text("\n".join(gone) + "\n", encoding="utf-8")
        wiki.maintenance("deleteBatch.php", "-u", ADMIN_USER, "-r", "bench", str(listing))
    wiki.set_items({title: q for (w, title), q in items.items() if w == wiki.name})


def write_spec(sb: Sandbox, camp: Campaign, folder: Path) -> Path:
    """Write the campaign YAML and the phases' spec (what to read, where); give the spec's path."""
    data = {"name": "WikiGap tally benchmark", "account": "WikiGapBot",
            "wikis": {"meta": sb["meta"].api_url},
            "content_wikis": {code: sb[code].api_url for code in camp.langs},
            "wikidata": sb["wikidata"].api_url,
            "events": {"wiki": "meta", "page": REGISTRY, "grace_days": GRACE_DAYS},
            "state": str(folder / "state.sqlite")}
    config = folder / "campaign.yaml"
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    spec = {"config": str(config), "registry": REGISTRY, "grace_days": GRACE_DAYS,
            "account": "WikiGapBot", "meta": sb["meta"].api_url,
            "content": {code: sb[code].api_url for code in camp.langs}}
    path = folder / "spec.json"
    path.write_text(json.dumps(spec))
    return path


def run_child(phase: str, spec_path: Path, work: Path, label: str | None = None,
              fresh: bool = True) -> dict:
    """Run one phase in a fresh interpreter with its own pywikibot folder.

    ``fresh=False`` reuses the folder of an earlier child (its login cookies
    and API cache), as the next scheduled run of the bot would.
    """
    pwb = work / f"pwb-{phase}"
    if fresh:
        shutil.rmtree(pwb, ignore_errors=True)
    env = dict(os.environ)
    use_pywikibot_dir(pwb, "bench/run.py", env=env)
    out = work / f"{label or phase}.json"
    subprocess.run([sys.executable, "-m", "bench.phases", phase, str(spec_path), str(out)],
                   check=True, env=env, cwd=ROOT)
    return json.loads(out.read_text())


def run_phases(spec_path: Path, work: Path) -> tuple[dict, dict, dict]:
    """Run the real tally, the same again with its pywikibot folder kept, and the baseline."""
    print("bench: real tally ...", flush=True)
    real = run_child("real", spec_path, work)
    print(f"bench: real tally: {real['requests']} requests, {real['wall']:.1f} s "
          f"(exit status {real['status']})", flush=True)
    for line in real["echo"]:
        print("   | " + line)
    print("bench: real tally again (next run: pywikibot folder kept) ...", flush=True)
    warm = run_child("real", spec_path, work, label="real-warm", fresh=False)
    print(f"bench: next run: {warm['requests']} requests, {warm['wall']:.1f} s", flush=True)
    print("bench: naive baseline (one request per page, name, participant-event-wiki, "
          "page id) ...", flush=True)
    base = run_child("baseline", spec_path, work)
    print(f"bench: baseline: {base['requests']:,} requests, {base['wall']:.1f} s", flush=True)
    return real, warm, base
