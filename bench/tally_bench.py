#!/usr/bin/env python3
"""Tally benchmark: API requests, wall time and memory of a WikiGap-sized tally.

Run on demand (not part of the test suite):

    .venv/bin/python bench/tally_bench.py            # the issue's sizes
    .venv/bin/python bench/tally_bench.py --small    # a quick check (~1 minute)

It boots its own sandbox wikis (Meta, a Wikidata double + one Wikipedia per
language) in a temporary folder, imports a deterministic synthetic campaign
(registry, sign-up pages, users, past revisions, the articles' Wikidata
items), then, in the same run:

1. runs the real tally (``runner.run_tasks(config, ["tally"])``) and counts
   every HTTP request pywikibot made, split into fixed per-wiki overhead
   (login, tokens, site and parameter info) and data requests;
2. computes the minimum number of requests the API allows for that data,
   with its formula;
3. runs a naive baseline against the same wikis: sign-up pages one by one,
   one ``list=users`` per name, one ``usercontribs`` per participant per
   event per wiki (bounded by the event's window), one ``prop=info`` per page;
4. prints the requests, wall seconds and peak memory of both, the ratios,
   and checks that the real tally, the baseline and the generator's own
   ground truth count exactly the same revisions.

Each measured phase runs in a fresh child process (its own pywikibot folder
and API cache), so both pay the same start-up costs and their peak RSS is
their own. Figures are written to bench/RESULTS.md (``--results`` to change; ``--small`` writes none).

The work is in ``bench/``: ``generate`` (the campaign, from
``sandbox.synthetic.scaled``, and its ground truth), ``minimum`` (the API's
minimum), ``run`` (sandbox and child processes), ``phases`` (the real tally
and the baseline, in the child), ``requests`` (naming each request),
``report`` (checks and the table). This file is the command line.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:          # run as a script: make bench, sandbox, wikigap importable
    sys.path.insert(0, str(ROOT))

from bench.generate import Campaign, generate, ground_truth  # noqa: E402
from bench.minimum import minimum  # noqa: E402
from bench.registered import Registered, add_registrations, load_registrations  # noqa: E402
from bench.report import checks, report, write_results  # noqa: E402
from bench.run import build_sandbox, run_phases, write_spec  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the sizes, the seed and where the figures go."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=200)
    p.add_argument("--participants", type=int, default=4000)
    p.add_argument("--revisions", type=int, default=40000)
    p.add_argument("--wikis", default="en,pt,sv,es,fr", help="language Wikipedias, comma-separated")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--small", action="store_true",
                   help="quick check: 20 events, 400 participants, 4,000 revisions")
    p.add_argument("--results", default=None,
                   help="Markdown file for the figures ('-' to skip; default bench/RESULTS.md, "
                        "or none with --small, so a quick check never replaces the full figures)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--state", choices=["sqlite", "mysql"], default="sqlite",
                   help="mysql: time the real tally with the state in MariaDB against SQLite "
                        "(bench/state_compare.py) instead of the request counts")
    p.add_argument("--registrations", type=int, default=0,
                   help="give this many events an event registration too (same people as the list)")
    args = p.parse_args(argv)
    if args.small:
        args.events, args.participants, args.revisions = 20, 400, 4000
    if args.results is None:
        args.results = "-" if args.small else str(ROOT / "bench" / "RESULTS.md")
    return args


def make_campaign(args: argparse.Namespace, timings: dict) -> tuple[Campaign, dict]:
    """Generate the campaign for the arguments and its ground truth."""
    langs = [w.strip() for w in args.wikis.split(",") if w.strip()]
    t = time.perf_counter()
    camp = generate(args.events, args.participants, args.revisions, langs, args.seed)
    timings["generate"] = time.perf_counter() - t
    truth = ground_truth(camp)
    print(f"bench: generated {len(camp.events)} events, {len(camp.participants):,} participants, "
          f"{len(camp.revisions):,} revisions in {timings['generate']:.1f} s; "
          f"{len(truth['counted']):,} (event, revision) pairs should count", flush=True)
    return camp, truth


def measure(camp: Campaign, work: Path, timings: dict, keep: bool,
            registered: Registered) -> tuple[dict, dict, dict]:
    """Build the sandbox in ``work``, run the three phases, stop the wikis (and remove ``work``)."""
    sb = None
    try:
        sb = build_sandbox(camp, work / "wikis", timings)
        load_registrations(sb, registered)
        print(f"bench: sandbox ready (boot {timings['boot']:.1f} s, users {timings['users']:.1f} s, "
              f"meta pages {timings['meta_pages']:.1f} s, import {timings['import']:.1f} s)",
              flush=True)
        return run_phases(write_spec(sb, camp, work), work)
    finally:
        if sb is not None:
            sb.stop()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def compare_states(args: argparse.Namespace) -> int:
    """`--state mysql`: the same campaign's tally on SQLite and on MariaDB; exit 0 within 10 %."""
    from bench import state_compare
    work = Path(tempfile.mkdtemp(prefix="wikigap-bench-"))
    timings: dict = {}
    camp, _ = make_campaign(args, timings)
    sb = None
    try:
        sb = build_sandbox(camp, work / "wikis", timings)
        runs = state_compare.compare(write_spec(sb, camp, work), work)
    finally:
        if sb is not None:
            sb.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text, met = state_compare.table(runs)
    print("\n" + text)
    if args.results != "-":
        state_compare.write(args.results, text,
                            ("bench/tally_bench.py " + " ".join(sys.argv[1:])).strip())
    return 0 if met else 1


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when the three counts agree and the tally succeeded."""
    args = parse_args(argv)
    if args.state == "mysql":
        return compare_states(args)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="wikigap-bench-"))
    print(f"bench: working in {work}", flush=True)
    timings: dict = {}
    camp, truth = make_campaign(args, timings)
    registered = add_registrations(camp, args.registrations)
    real, warm, base = measure(camp, work, timings, args.keep, registered)
    high = all(real["high"].values()) if real["high"] else False
    mini = minimum(camp, high, n_logged_in=2 + len(camp.langs),   # Meta, Wikidata, Wikipedias
                   registration_sizes=registered.sizes)
    checked = checks(real, warm, base, truth)
    table = report(args.seed, camp, timings, real, warm, base, mini, checked)
    elapsed = time.perf_counter() - started
    print()
    print(table)
    print(f"\nbench: whole run {elapsed:.0f} s")
    if args.results != "-":
        command = ("bench/tally_bench.py " + " ".join(sys.argv[1:])).strip()
        write_results(args.results, table, command, elapsed)
        print(f"bench: figures written to {args.results}")
    ok = checked["same_sets"] and checked["metrics_ok"] and real["status"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
