"""The bot's password appears in no output, log or state file, even when login fails."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox_campaign import campaign_yaml
from sandbox import BOT_PASSWORD, use_pywikibot_dir

ROOT = Path(__file__).resolve().parents[2]


def run_bot(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def files_text(folder: Path, skip: Path) -> str:
    """Everything written under ``folder``, except the password file itself."""
    texts = []
    for path in folder.rglob("*"):
        if path.is_file() and path.resolve() != skip.resolve():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture
def pwb_copy(tmp_path):
    """A private pywikibot folder with logging on, so its logs can be searched too; its env."""
    folder = tmp_path / "pwb"
    env = dict(os.environ)
    password_file = use_pywikibot_dir(folder, "tests/wiki/test_secrets.py", env=env,
                                      extra={"log": ["*"], "debug_log": ["*"]})
    env["WIKIGAPBOT_PASSWORD_FILE"] = str(password_file)
    return folder, password_file, env


def test_password_never_printed_or_logged(sandbox, pwb_copy, tmp_path):
    folder, password_file, env = pwb_copy
    sandbox["meta"].load_page("T9/Events", "{| class=wikitable\n! Event !! Date !! Language\n|}")
    config = campaign_yaml(sandbox, tmp_path, "T9/Events", name="Secrets")
    outputs = [run_bot(["run", "all", "--config", str(config), "--verbose"], env),
               run_bot(["run", "tally", "--dry-run", "--config", str(config)], env)]
    password_file.write_text('("WikiGapBot", "a-wrong-password-123")\n')
    for cookie in folder.glob("*.lwp"):   # forget the session so the wrong password is tried
        cookie.unlink()
    outputs.append(run_bot(["run", "tally", "--config", str(config)], env))
    assert outputs[0].returncode == 0, outputs[0].stderr
    assert outputs[2].returncode != 0          # the wrong password really was tried
    everything = "\n".join(o.stdout + o.stderr for o in outputs) + files_text(folder, password_file)
    everything += files_text(tmp_path, password_file)
    assert "Logging in" in everything or "login" in everything.lower()
    assert BOT_PASSWORD not in everything
    assert "a-wrong-password-123" not in everything
