"""One version, in one place: `bot.py --version`, the User-Agent and CHANGELOG.md agree."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import wikigap
from wikigap.wikis import pageviews

ROOT = Path(__file__).resolve().parents[2]
# PEP 440's public versions as this project writes them: 1.2.3, 1.2.3rc1, 1.2.3.dev0
VERSION = re.compile(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:\.dev\d+)?")
SECTION = re.compile(r"^## \[([^\]]+)\]", re.MULTILINE)


def test_bot_prints_the_version_and_exits_0_without_a_config(tmp_path: Path) -> None:
    env = {**os.environ, "WIKIGAPBOT_CONFIG": str(tmp_path / "no-such-campaign.yaml")}
    result = subprocess.run([sys.executable, str(ROOT / "bot.py"), "--version"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wikigapbot {wikigap.__version__}\n"


def test_the_version_is_a_pep_440_version() -> None:
    assert VERSION.fullmatch(wikigap.__version__), wikigap.__version__


def test_the_pageviews_user_agent_names_the_same_version() -> None:
    agent = pageviews.user_agent("ops@example.org")
    assert agent.startswith(f"wikigapbot/{wikigap.__version__} (")


def test_the_changelog_has_a_section_for_the_version() -> None:
    sections = SECTION.findall((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    if ".dev" in wikigap.__version__:
        assert sections[0] == "Unreleased", "a .dev version's changes go under [Unreleased], first"
        released = sections[1:]
        base = wikigap.__version__.split(".dev")[0]
        assert base not in released, f"{base} is released; the next version needs a new number"
    else:
        assert wikigap.__version__ in sections, f"CHANGELOG.md has no ## [{wikigap.__version__}]"
