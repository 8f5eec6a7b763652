"""`tally_bench.py --state mysql`: the real tally with the state in MariaDB against SQLite's.

On Toolforge the state is in ToolsDB (MariaDB); the tally must not get
slower for it. Both backends run the same real tally on the same sandbox
wikis, each in a fresh child process (its own pywikibot folder: a first
run), alternated over ``ROUNDS`` rounds so that the shared machine's noise
falls on both; the best wall time of each is compared (the target: MariaDB
within 10 % of SQLite). The MariaDB server is sandbox.mariadb's throw-away
one on loopback — ToolsDB adds a network hop per statement, which the
state's few statements per run (one snapshot, its rows in batches) barely feel.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from bench.report import CHALLENGE_MARK
from bench.run import run_child
from sandbox.mariadb import MariaDB

ROUNDS = 3
MARK = "<!-- state backend comparison -->"
TARGET = 1.10


def compare(spec_path: Path, work: Path) -> dict[str, list[dict]]:
    """Run the real tally on SQLite and on MariaDB, alternated; give each backend's runs."""
    runs: dict[str, list[dict]] = {"sqlite": [], "mysql": []}
    with MariaDB(work / "mariadb") as server:
        for round_ in range(ROUNDS):
            for backend in ("sqlite", "mysql"):
                env = {}
                if backend == "mysql":
                    env = {"WIKIGAPBOT_STATE": server.database(f"s55123__bench{round_}"),
                           "WIKIGAPBOT_STATE_PASSWORD": server.password}
                else:
                    (work / "state.sqlite").unlink(missing_ok=True)
                saved = {k: os.environ.get(k) for k in env}
                os.environ.update(env)
                try:
                    result = run_child("real", spec_path, work, label=f"{backend}-{round_}")
                finally:
                    for k, v in saved.items():
                        os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
                print(f"bench: real tally, state in {backend}: {result['wall']:.1f} s, "
                      f"{result['requests']} requests (exit status {result['status']})", flush=True)
                runs[backend].append(result)
    return runs


def table(runs: dict[str, list[dict]]) -> tuple[str, bool]:
    """The comparison as Markdown, and whether MariaDB met the target."""
    best = {b: min(r["wall"] for r in rs) for b, rs in runs.items()}
    ratio = best["mysql"] / best["sqlite"]
    met = ratio <= TARGET and all(r["status"] == 0 for rs in runs.values() for r in rs)
    same = {repr(r["counted"]) for rs in runs.values() for r in rs}
    lines = [MARK, "", "## The tally with the state in MariaDB (`--state mysql`)", "",
             "| state | wall s, each run | best | requests |", "| --- | --- | --- | --- |"]
    for backend, name in (("sqlite", "SQLite file"), ("mysql", "MariaDB (local server)")):
        walls = ", ".join(f"{r['wall']:.1f}" for r in runs[backend])
        lines.append(f"| {name} | {walls} | {best[backend]:.1f} | "
                     f"{runs[backend][0]['requests']} |")
    lines += ["", f"MariaDB's best over SQLite's: {ratio:.2f}× (target ≤ {TARGET:.2f}×: "
              f"{'MET' if met else 'NOT MET'}). Every run counted the same revisions: "
              f"{'yes' if len(same) == 1 else 'NO'}. Each run is a first run (fresh pywikibot "
              f"folder), the backends alternated over {ROUNDS} rounds. Load average at the end: "
              f"{os.getloadavg()[0]:.1f}.", ""]
    return "\n".join(lines), met and len(same) == 1


def write(path: str, text: str, command: str) -> None:
    """Put the comparison in RESULTS.md in place of the previous one, before the Challenge's."""
    old = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
    old = re.sub(rf"\n?{re.escape(MARK)}.*?(?=\n<!-- |\Z)", "", old, flags=re.S)
    section = f"{text}\nRecorded with `.venv/bin/python {command}`.\n"
    head, tail = old, ""
    if CHALLENGE_MARK in old:
        head, tail = old[:old.index(CHALLENGE_MARK)], old[old.index(CHALLENGE_MARK):]
    Path(path).write_text(head.rstrip("\n") + f"\n\n{section}\n" + tail, encoding="utf-8")
