"""A production command loads no developer tooling: ``demo`` and ``sandbox`` are imported only
by the ``demo`` command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
import bot
status = bot.main(sys.argv[1:])
print(json.dumps([status, sorted(m for m in sys.modules if m.split(".")[0] in ("demo", "sandbox"))]))
"""


def loaded_after(*argv: str) -> tuple[int, list[str]]:
    """Run ``bot.main(argv)`` in a fresh interpreter; give its status and the tooling it loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    status, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return status, modules


def test_a_production_command_imports_neither_the_demo_nor_the_sandbox():
    status, modules = loaded_after("list", "--config", str(ROOT / "campaigns/wikigap-2021.yaml"))
    assert status == 0
    assert modules == []


def test_the_demo_command_is_still_offered():
    done = subprocess.run([sys.executable, str(ROOT / "bot.py"), "demo", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "--serve" in done.stdout
