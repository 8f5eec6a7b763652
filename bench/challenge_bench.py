"""The Challenge benchmark: a synthetic contest on the sandbox, requests against the minimum.

    .venv/bin/python bench/challenge_bench.py            # 300 contestants, 20,000 revisions, 5 Wikipedias
    .venv/bin/python bench/challenge_bench.py --small    # 30 contestants, 2,000 revisions (writes no file)

Generates the contest (bench/challenge_generate.py), boots Meta (with the
CentralAuth double), Wikidata and five Wikipedias, loads accounts, global
accounts, the contest page and the revisions, and runs the `challenge` task
twice in fresh child processes (bench/challenge_phase.py): the first run
against the minimum the issue sets, global info + contributions +
⌈content revisions/50⌉ + ⌈items/500⌉ (plus the few reads every run makes);
the second run, one hour later in the contest, must read no revision content
and no global account. Prints the table and writes it to bench/RESULTS.md
(its own section). Exit status 0 when both runs succeeded and the second read
no content.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.challenge_generate import OTHER, PAGE, WIKIS, contest_page, generate  # noqa: E402
from bench.report import CHALLENGE_MARK, machine  # noqa: E402
from bench.run import _each, _timed  # noqa: E402
from sandbox import ImportedRevision, Sandbox, use_pywikibot_dir  # noqa: E402
from sandbox.synthetic.wikidata import synthetic_claims  # noqa: E402

STORED_ITEMS = 300
RULES = [{"kind": "bytes_at_least", "bytes": 2000, "points": 1},
         {"kind": "sources_and_links", "refs": 3, "links": 1, "points": 1},
         {"kind": "words_at_least", "words": 200, "points": 1}]


def build(contest, root: Path, timings: dict) -> Sandbox:
    """Boot the wikis and load the contest into them."""
    sb = Sandbox(root)
    for name in ("meta", "wikidata", *WIKIS):
        sb.add(name)
    timings["boot"] = _timed(sb.start)
    users = [*contest.contestants, OTHER]
    timings["users"] = _timed(lambda: _each(lambda w: w.create_users(users), list(sb)))
    timings["meta"] = _timed(lambda: (sb["meta"].load_pages([(PAGE, contest_page(contest))]),
                                      sb["meta"].load_global_accounts(contest.accounts)))
    by_wiki = defaultdict(list)
    for r in contest.revisions:
        by_wiki[r.wiki].append(ImportedRevision(r.title, r.text, r.user, r.timestamp))
    items = {key: f"Q{800000 + i}" for i, key in enumerate(sorted(contest.articles))}

    def load(code: str) -> None:
        sb[code].import_revisions(by_wiki[code], link_updates=False)
        sb[code].set_items({t: q for (w, t), q in items.items() if w == code})
    sb["wikidata"].load_entities({q: synthetic_claims(q)
                                  for q in sorted(items.values())[:STORED_ITEMS]})
    timings["import"] = _timed(lambda: _each(load, WIKIS))
    return sb


def write_config(sb: Sandbox, folder: Path) -> Path:
    data = {"name": "WikiGap Challenge benchmark", "account": "WikiGapBot",
            "wikis": {"meta": sb["meta"].api_url},
            "content_wikis": {code: sb[code].api_url for code in WIKIS},
            "wikidata": sb["wikidata"].api_url,
            "events": {"wiki": "meta", "page": "Bench/Events"},
            "state": str(folder / "state.sqlite"),
            "challenge": {"name": "WikiGap Challenge Bench", "wiki": "meta", "page": PAGE,
                          "first_day": "2021-03-08", "last_day": "2021-04-08", "wikis": "any",
                          "rules": RULES,
                          "leaderboard": {"page": f"{PAGE}/Leaderboard"}}}
    path = folder / "campaign.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def run_phase(config: Path, work: Path, label: str, fresh: bool) -> dict:
    """Run the challenge task once in a new interpreter (``fresh``: a new pywikibot folder)."""
    pwb = work / "pwb"
    env = dict(os.environ)
    if fresh and pwb.exists():
        import shutil
        shutil.rmtree(pwb)
    use_pywikibot_dir(pwb, "bench/challenge_bench.py", env=env)
    out = work / f"{label}.json"
    subprocess.run([sys.executable, "-m", "bench.challenge_phase", str(config), str(out)],
                   check=True, env=env, cwd=ROOT)
    return json.loads(out.read_text())


def minimum(contest) -> dict:
    """The issue's minimum: global info + contributions + ⌈contents/50⌉ + ⌈items/500⌉, per term."""
    mine = contest.contestant_revisions()
    users = defaultdict(set)
    revs = defaultdict(int)
    for r in mine:
        users[r.wiki].add(r.user)
        revs[r.wiki] += 1
    contents = defaultdict(set)      # words need every counted revision and its parent
    by_page = defaultdict(list)
    for r in contest.revisions:
        by_page[(r.wiki, r.title)].append(r)
    for (wiki, _), page in by_page.items():
        for i, r in enumerate(page):
            if r.user != OTHER:
                contents[wiki] |= {(r.title, i)} | ({(r.title, i - 1)} if i else set())
    return {"global_info": len(contest.contestants),
            "contribs": sum(max(math.ceil(len(users[w]) / 500), math.ceil(revs[w] / 5000))
                            for w in users),
            "contents": sum(math.ceil(len(c) / 50) for c in contents.values()),
            "contents_revisions": sum(len(c) for c in contents.values()),
            "wikidata": math.ceil(len(contest.articles) / 500),
            "items": len(contest.articles)}


ROWS = (("global accounts (`globaluserinfo`, one user a request)", "global_info"),
        ("contributions (`usercontribs`, 500 users a request)", "contribs"),
        ("revision contents (50 a request)", "contents"),
        ("items with sitelinks (`wbgetentities`)", "wikidata"))
OTHER_ROWS = (("contest pages, user check, page info, wiki names", (
    "contest_pages", "user_check", "page_info", "wiki_names")),
              ("the leaderboard and rules box saved (with the merge check)", (
                  "save_check", "other:edit:")))


def table(first: dict, second: dict, low: dict) -> str:
    lines = ["| requests | first run | second run | minimum (first run) |",
             "| --- | ---: | ---: | ---: |"]
    for label, key in ROWS:
        lines.append(f"| {label} | {first['kinds'].get(key, 0):,} | "
                     f"{second['kinds'].get(key, 0):,} | {low[key]:,} |")
    for label, keys in OTHER_ROWS:
        lines.append(f"| {label} | {sum(first['kinds'].get(k, 0) for k in keys)} | "
                     f"{sum(second['kinds'].get(k, 0) for k in keys)} | |")
    data = [k for _, k in ROWS]
    f_data = sum(first["kinds"].get(k, 0) for k in data)
    s_data = sum(second["kinds"].get(k, 0) for k in data)
    m_data = sum(low[k] for k in data)
    lines.append(f"| **the issue's terms** | **{f_data:,}** | **{s_data:,}** | **{m_data:,}** |")
    lines.append(f"| all requests (with login, site info, the leaderboard's edit) | "
                 f"{first['requests']:,} | {second['requests']:,} | |")
    lines.append(f"| wall seconds | {first['wall']:.1f} | {second['wall']:.1f} | |")
    lines.append(f"| peak memory (RSS) | {first['rss']:.0f} MiB | {second['rss']:.0f} MiB | |")
    lines.append(f"| state file after the run | {_mib(first)} | {_mib(second)} | |")
    return "\n".join(lines)


def _mib(run: dict) -> str:
    return f"{run.get('state_bytes', 0) / 2**20:.1f} MiB"


def write_results(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head = old[:old.index(CHALLENGE_MARK)].rstrip("\n") if CHALLENGE_MARK in old else old.rstrip("\n")
    path.write_text(f"{head}\n\n{CHALLENGE_MARK}\n{text}\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = (30, 2_000) if args.small else (300, 20_000)
    started = time.perf_counter()
    contest = generate(*size, seed=args.seed)
    low = minimum(contest)
    timings: dict = {}
    with tempfile.TemporaryDirectory(prefix="challenge-bench-") as folder:
        work = Path(folder)
        print(f"bench: {size[0]} contestants, {len(contest.revisions):,} revisions "
              f"({len(contest.contestant_revisions()):,} theirs), {len(contest.articles):,} "
              f"articles on {', '.join(WIKIS)}", flush=True)
        with build(contest, work / "wikis", timings) as sb:
            print("bench: set-up " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()),
                  flush=True)
            config = write_config(sb, work)
            first = run_phase(config, work, "first", fresh=True)
            second = run_phase(config, work, "second", fresh=False)
    for run in (first, second):
        for line in run["echo"]:
            print("   | " + line)
    text = table(first, second, low)
    print(text)
    ok = first["status"] == 0 and second["status"] == 0 \
        and second["kinds"].get("contents", 0) == 0 and second["kinds"].get("global_info", 0) == 0
    if not args.small:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        write_results(ROOT / "bench" / "RESULTS.md", (
            f"## Challenge benchmark results\n\nRecorded {stamp} with `.venv/bin/python "
            f"bench/challenge_bench.py` (whole run {time.perf_counter() - started:.0f} s).\n\n"
            f"Machine: {machine()}.\n\nSynthetic contest: {size[0]} contestants, "
            f"{len(contest.revisions):,} revisions ({len(contest.contestant_revisions()):,} by "
            f"contestants, the rest others' starts of articles they improve) on 5 Wikipedias "
            f"({', '.join(WIKIS)}), {len(contest.articles):,} articles with items; rules: 2021's "
            f"size and sources rules and a words rule (so every counted revision and its parent "
            f"is read: {low['contents_revisions']:,} contents); `wikis: any` (every contestant's "
            f"Wikipedias from their global account). Set-up: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()) + ".\n\n" + text))
    print("bench: ok" if ok else "bench: FAILED (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
