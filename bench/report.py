"""Check the three counts against each other and write the figures as a Markdown table.

The table is printed and written to bench/RESULTS.md with the date and the
machine; bench/README.md explains every figure.
"""
from __future__ import annotations

import os
import platform
import subprocess
from collections import Counter
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.generate import Campaign, metrics_of
from sandbox.synthetic.scaled import UTC

ZERO_METRICS = {"edits": 0, "bytes_added": 0, "articles_created": 0,
                "articles_improved": 0, "active_participants": 0}


def checks(real: dict, warm: dict, base: dict, truth: dict) -> dict:
    """Compare the counted sets and the stored metrics with the ground truth; print differences."""
    truth_set = {tuple(k) for k in truth["counted"]}
    real_set = {tuple(k) for k in real["counted"]}
    base_set = {tuple(k) for k in base["counted"]}
    if {tuple(k) for k in warm["counted"]} != real_set:
        print("bench: the second real tally counted different revisions")
    expected = metrics_of(truth_set, truth["facts"])
    tallied = set(real["metrics"])
    metrics_ok = all(real["metrics"].get(k) == v for k, v in expected.items()) and all(
        real["metrics"][k] == ZERO_METRICS for k in tallied - set(expected))
    result = {"real_n": len(real_set), "base_n": len(base_set), "truth_n": len(truth_set),
              "same_sets": real_set == base_set == truth_set, "metrics_ok": metrics_ok,
              "metrics_checked": len(tallied)}
    if not result["same_sets"]:
        print("bench: counted sets differ: real-truth", sorted(real_set - truth_set)[:5],
              "truth-real", sorted(truth_set - real_set)[:5],
              "base-truth", sorted(base_set - truth_set)[:5],
              "truth-base", sorted(truth_set - base_set)[:5])
    for k in [k for k, v in expected.items() if real["metrics"].get(k) != v][:3]:
        print("bench: metrics differ for", k, "bot:", real["metrics"].get(k), "truth:", expected[k])
    return result


def report(seed: int, camp: Campaign, timings: dict, real: dict, warm: dict, base: dict,
           mini: dict, checked: dict) -> str:
    """Give the table printed and written to RESULTS.md (Markdown, readable as text)."""
    lines = _setup(seed, camp, timings, real, mini) + [""]
    lines += _requests(camp, real, warm, base, mini) + [""]
    lines += _notes(real, base, mini) + [""]
    lines += _resources(real, warm, base) + [""]
    lines += _ratios(camp, real, warm, base, mini, checked)
    return "\n".join(lines)


def _data(kinds: dict) -> int:
    """Give the requests that carry campaign data: all but the fixed overhead."""
    return sum(v for k, v in kinds.items() if k != "overhead")


def _setup(seed: int, camp: Campaign, timings: dict, real: dict, mini: dict) -> list[str]:
    """Describe the campaign and where the sandbox's set-up time went."""
    L, C = mini["detail"]["L"], mini["detail"]["C"]
    n_wikis = 2 + len(camp.langs)   # Meta, Wikidata, the Wikipedias
    return [
        f"Synthetic campaign: {len(camp.events)} events ({real['tallied_events']} tallied), "
        f"{len(camp.participants):,} participants, {len(camp.revisions):,} revisions "
        f"over {len(camp.langs)} Wikipedias ({', '.join(camp.langs)}) + Meta + Wikidata; seed {seed}; "
        f"API limits for the bot account: {L} titles/users/ids, {C} contributions a request.",
        "",
        f"Sandbox set-up: boot {timings['boot']:.1f} s, accounts {timings['users']:.1f} s "
        f"({len(camp.participants) + len(camp.others):,} on each of {n_wikis} wikis), "
        f"Meta pages {timings['meta_pages']:.1f} s, revision import {timings['import']:.1f} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in timings['import_per_wiki'].items())}; "
        f"{len(camp.revisions) / max(timings['import'], 1e-9):,.0f} revisions/s)."]


def _requests(camp: Campaign, real: dict, warm: dict, base: dict, mini: dict) -> list[str]:
    """Give the requests table: each kind for the tally, its next run, the minimum, the baseline."""
    t, d = mini["terms"], mini["detail"]
    rk, wk, bk = Counter(real["kinds"]), Counter(warm["kinds"]), Counter(base["kinds"])
    L, C, pw = d["L"], d["C"], d["per_wiki"]
    contrib_formula = " + ".join(f"max(⌈{pw[w]['U']}/{L}⌉, ⌈{pw[w]['R']}/{C}⌉)" for w in pw)
    pages_formula = " + ".join(f"⌈{pw[w]['P']}/{L}⌉" for w in pw)
    rows = [("registry page", "registry", "1 page read"),
            ("sign-up pages", "signup_pages", f"⌈S/{L}⌉, S = {d['S']} linked sign-up pages"),
            ("user names checked", "user_check", f"⌈N/{L}⌉, N = {d['N']:,} distinct names"),
            ("usercontribs", "contribs", f"Σ_wiki max(⌈U_w/{L}⌉, ⌈R_w/{C}⌉) = {contrib_formula}"),
            ("page info", "page_info", f"Σ_wiki ⌈P_w/{L}⌉ = {pages_formula}"),
            ("Wikidata items", "wikidata", f"⌈I/{L}⌉, I = {d['I']:,} distinct items of those pages")]
    if d.get("registrations"):
        sizes = d["registrations"]
        rows += [("event registrations", "registrations", f"one GET each, {len(sizes)} registrations"),
                 ("their participant pages", "participant_pages",
                  f"Σ (⌈n/20⌉ + 1) over n = {', '.join(map(str, sizes))}")]
    lines = ["| requests | real tally | real tally, next run | minimum | naive baseline | minimum's formula |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    lines += [f"| {label} | {rk[key]:,} | {wk[key]:,} | {t.get(key, 0):,} | {bk[key]:,} | {formula} |"
              for label, key, formula in rows]
    lines += [f"| {k} | {rk[k]:,} | {wk[k]:,} | 0 | {bk[k]:,} | (not needed) |"
              for k in sorted(k for k in set(rk) | set(bk) if k.startswith("other"))]
    lines.append(f"| **data requests** | **{_data(rk):,}** | **{_data(wk):,}** | **{t['data']:,}** | "
                 f"**{_data(bk):,}** | sum of the above |")
    lines.append(f"| fixed overhead (login, tokens, site/param info) | {rk['overhead']:,} | "
                 f"{wk['overhead']:,} | {t['overhead']:,} | {bk['overhead']:,} | "
                 f"2 × {2 + len(camp.langs)} logged-in wikis (login token + login) |")
    lines.append(f"| **all HTTP requests** | **{real['requests']:,}** | **{warm['requests']:,}** | "
                 f"**{t['total']:,}** | **{base['requests']:,}** | |")
    return lines


def _notes(real: dict, base: dict, mini: dict) -> list[str]:
    """Explain the columns and the minimum's symbols, per wiki, and list the overhead requests."""
    pw = mini["detail"]["per_wiki"]
    return [
        "\"Real tally\" is a first run (fresh pywikibot folder: no login cookies, no API cache), "
        "like the naive baseline; \"next run\" is the same tally again in a new process with "
        "that folder kept, as the hourly scheduled run finds it.",
        "",
        "U_w = registered participants of the tallyable events on wiki w; R_w = their namespace-0 "
        "revisions on live pages inside their own events' windows there (redirect pages included: "
        "usercontribs cannot leave them out); P_w = the distinct pages of those revisions.",
        "Per wiki: " + "; ".join(f"{w}: U={v['U']:,} R={v['R']:,} P={v['P']:,} "
                                 f"(real tally received {real['returned'].get(w, 0):,} revisions, "
                                 f"baseline {base['returned'].get(w, 0):,})"
                                 for w, v in pw.items()) + ".",
        "Overhead requests of the real tally: " + "; ".join(
            f"{k} ×{v}" for k, v in sorted(real["overhead"].items(), key=lambda kv: -kv[1])) + "."]


def _resources(real: dict, warm: dict, base: dict) -> list[str]:
    """Give the wall seconds and memory table."""
    rows = [("real tally", real), ("real tally, next run", warm), ("naive baseline", base)]
    return ["| run | wall seconds | peak RSS (MiB) | RSS after imports (MiB) |",
            "| --- | ---: | ---: | ---: |"] + [
        f"| {label} | {r['wall']:.1f} | {r['rss_peak']:.0f} | {r['rss_start']:.0f} |"
        for label, r in rows]


def _ratios(camp: Campaign, real: dict, warm: dict, base: dict, mini: dict,
            checked: dict) -> list[str]:
    """Give the ratios against the targets, the counts' agreement and the verdicts."""
    t, C = mini["terms"], mini["detail"]["C"]
    real_data, warm_data = _data(real["kinds"]), _data(warm["kinds"])
    r_min_data, r_min_all = real_data / t["data"], real["requests"] / t["total"]
    r_base_data = _data(base["kinds"]) / max(real_data, 1)
    r_warm_all = warm["requests"] / t["total"]
    return [
        "| ratio | data requests | all requests | target |",
        "| --- | ---: | ---: | --- |",
        f"| real / minimum | {r_min_data:.2f}× | {r_min_all:.2f}× | ≤ 1.25× |",
        f"| real (next run) / minimum | {warm_data / t['data']:.2f}× | {r_warm_all:.2f}× | ≤ 1.25× |",
        f"| baseline / real | {r_base_data:,.0f}× | "
        f"{base['requests'] / max(real['requests'], 1):,.0f}× | ≥ 10× |",
        f"| baseline / real, wall seconds | {base['wall'] / max(real['wall'], 1e-9):.1f}× | | |",
        "",
        f"Same counted revisions: real tally {checked['real_n']:,}, baseline {checked['base_n']:,}, "
        f"generator's ground truth {checked['truth_n']:,} → "
        f"{'identical sets' if checked['same_sets'] else 'DIFFERENT SETS'}; stored snapshot metrics "
        f"{'match' if checked['metrics_ok'] else 'DO NOT MATCH'} the ground truth for every event and "
        f"the campaign ({checked['metrics_checked']} rows). Bot's own plan would need "
        f"{sum(v['requests'] for v in real['plan_cost'].values())} usercontribs requests "
        f"(Σ_batch max(1, ⌈returned/{C}⌉)).",
        f"Targets: data requests within 1.25× of the minimum: "
        f"{'MET' if r_min_data <= 1.25 else 'NOT MET'}; "
        f"≥ 10× fewer than the baseline: {'MET' if r_base_data >= 10 else 'NOT MET'}. "
        f"All requests of a first run are "
        f"{r_min_all:.2f}× the minimum because pywikibot's cold start costs "
        f"{real['kinds'].get('overhead', 0) / (2 + len(camp.langs)):.1f} requests a wiki (login, "
        f"token, site and parameter info, independent of the campaign's size); the next run's "
        f"{r_warm_all:.2f}× is what the scheduled tally costs."]


def write_results(path: str, table: str, command: str, elapsed: float) -> None:
    """Write the table to RESULTS.md with the date, the command and the machine."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    Path(path).write_text(
        f"# Tally benchmark results\n\n"
        f"Recorded {stamp} with `.venv/bin/python {command}` (whole run {elapsed:.0f} s).\n\n"
        f"Machine: {machine()}.\n\n{table}\n" + kept_section(path, STATE_MARK)
        + kept_section(path, CHALLENGE_MARK),
        encoding="utf-8")


#: Where bench/state_compare.py's section starts (tally_bench.py --state mysql); kept too.
STATE_MARK = "<!-- state backend comparison -->"
#: Where bench/challenge_bench.py's section of RESULTS.md starts; each bench keeps the other's.
CHALLENGE_MARK = "<!-- challenge benchmark -->"


def kept_section(path: str, mark: str) -> str:
    """Give the part of the old file from ``mark`` to the next mark (another bench's figures), or ''."""
    try:
        old = Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
    if mark not in old:
        return ""
    part = old[old.index(mark):]
    end = part.find("\n<!-- ", len(mark))
    return "\n" + (part if end < 0 else part[:end + 1])


def machine() -> str:
    """Describe this machine: CPUs, memory, OS, Python, pywikibot and PHP."""
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        mem = "RAM unknown"
    php = subprocess.run(["php", "-r", "echo PHP_VERSION;"], capture_output=True,
                         text=True).stdout.strip()
    try:
        pwb = version("pywikibot")
    except PackageNotFoundError:
        pwb = "?"
    return (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {mem}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, pywikibot {pwb}, "
            f"PHP {php} (php -S, MediaWiki on SQLite)")
