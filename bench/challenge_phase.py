"""One measured run of the `challenge` task, in a fresh child process (``python -m bench.challenge_phase``).

Started by bench/challenge_bench.py with PYWIKIBOT_DIR set; runs
``runner.run_tasks(config, ["challenge"])`` as `bot.py run challenge` does and
writes what it measured as JSON: requests by kind, wall seconds, peak memory,
the task's output.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter

from bench.requests import classify, peak_memory, request_params
from wikigap.wikis import wiki   # first: it imports pywikibot under PYWIKIBOT_DIR
from tasks import TASKS
from wikigap.config import load_config
from wikigap.run import runner

from pywikibot.comms import http  # noqa: E402,I001


def kind_of(req) -> str:
    """Name a request: global info, contents, contributions, items, page info, pages, overhead.

    Only text reads by revision id are contents; a save's parent check is not.
    """
    params = request_params(req.url, req.body)
    if "globaluserinfo" in params.get("meta", ""):
        return "global_info"
    if "revisions" in params.get("prop", "") and "content" in params.get("rvprop", ""):
        return "contents" if "revids" in params else "contest_pages"
    if "revisions" in params.get("prop", "") and "revids" in params:
        return "save_check"      # the publisher asks a saved revision's parent
    if "interwikimap" in params.get("siprop", ""):
        return "wiki_names"
    kind = classify(req.method, req.url, req.body)
    return {"pages": "contest_pages", "user_check": "user_check"}.get(kind, kind)


def main(config_path: str, out: str) -> int:
    kinds: Counter = Counter()

    def hook(response, *args, **kwargs):
        kinds[kind_of(response.request)] += 1
        return response
    http.session.hooks.setdefault("response", []).append(hook)
    config = load_config(config_path)
    lines: list[str] = []
    before, t0 = wiki.REQUESTS.count, time.perf_counter()
    status = runner.run_tasks(config, ["challenge"], TASKS,
                              hooks=runner.RunHooks(echo=lines.append)).status
    result = {"status": status, "wall": time.perf_counter() - t0,
              "requests": wiki.REQUESTS.count - before, "kinds": dict(kinds),
              "rss": peak_memory(), "echo": lines,
              "state_bytes": _size(config.state_path)}
    with open(out, "w", encoding="utf-8") as file:
        json.dump(result, file)
    return 0


def _size(path) -> int:
    """The state file's size in bytes (with its write-ahead log, if any) after the run."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
