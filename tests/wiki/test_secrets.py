"""The bot's password appears in no output, log or state file, even when login fails."""
from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

from sandbox_campaign import campaign_yaml
from sandbox import BOT_PASSWORD, use_pywikibot_dir

ROOT = Path(__file__).resolve().parents[2]


def run_bot(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def files_text(folder: Path, skip: Path, skip_suffix: str = "",
               skip_dirs: tuple[str, ...] = (), since: float = 0.0) -> str:
    """Everything written under ``folder`` (since a time), except the password file itself."""
    texts = []
    for path in folder.rglob("*"):
        if any(part in skip_dirs for part in path.relative_to(folder).parts):
            continue
        if (skip_suffix and path.suffix == skip_suffix) or (since and path.stat().st_mtime < since):
            continue
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
    sandbox["meta"].load_page("T9/Events", "{| class=wikitable\n! Event !! Date !! Language\n"
                              "|-\n| [[T9/Oslo]] || 8 March 2021 || en\n|}")   # one event
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


class LoginProxy:
    """A loopback proxy in front of a sandbox wiki that answers 500 to the first logins.

    It records the login tokens and session cookies that pass through, so the
    test can look for them in every output and log afterwards.
    """

    def __init__(self, target: str, failures: int) -> None:
        self.target, self.failures = target.rsplit("/", 1)[0], failures
        self.secrets: set[str] = set()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                proxy.forward(self, None)

            def do_POST(self):
                proxy.forward(self, self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api.php"

    def forward(self, handler, body: bytes | None) -> None:
        form = urllib.parse.parse_qs((body or b"").decode() + "&" + urllib.parse.urlsplit(handler.path).query)
        self.secrets |= {v for k in ("logintoken", "lgtoken") for v in form.get(k, [])}
        if form.get("action", [""])[0] in ("login", "clientlogin") and self.failures > 0:
            self.failures -= 1
            handler.send_response(500)
            handler.end_headers()
            handler.wfile.write(b"Internal error while logging in")
            return
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("host", "content-length")}
        reply = requests.request(handler.command, self.target + handler.path, data=body,
                                 headers=headers, timeout=60, allow_redirects=False)
        self.secrets |= {c.value for c in reply.cookies if c.name.lower().endswith(("session", "token"))}
        handler.send_response(reply.status_code)
        for key, value in reply.raw.headers.items():
            if key.lower() not in ("content-length", "transfer-encoding", "connection",
                                   "content-encoding"):
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(reply.content)))
        handler.end_headers()
        handler.wfile.write(reply.content)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_no_secret_in_any_file_or_output_with_verbose_logs_and_a_500_at_login(
        sandbox, pwb_copy, tmp_path):
    folder, password_file, env = pwb_copy
    with open(folder / "user-config.py", "a") as config_file:
        config_file.write("verbose_output = 1\n")    # pywikibot at its most verbose
    sandbox["meta"].load_page("T9b/Events", "{| class=wikitable\n! Event !! Date !! Language\n"
                              "|-\n| [[T9b/Oslo]] || 8 March 2021 || en\n|}")   # one event
    proxy = LoginProxy(sandbox["meta"].api_url, failures=10)
    state, started = tmp_path / "state", time.time()
    try:
        config = campaign_yaml(sandbox, tmp_path, "T9b/Events", name="Secrets 500",
                               wikis={"meta": proxy.url, "se": sandbox["se"].api_url},
                               state=str(state / "state.sqlite"))
        failed = run_bot(["run", "tally", "--config", str(config), "--verbose"], env)
        proxy.failures = 0
        normal = run_bot(["run", "tally", "--config", str(config), "--verbose"], env)
    finally:
        proxy.close()
    assert failed.returncode != 0 and "500" in failed.stdout + failed.stderr, failed.stderr[-2000:]
    assert normal.returncode == 0, normal.stderr[-2000:]
    logs = list(folder.rglob("*.log")) + list((folder / "logs").rglob("*"))
    assert logs and any(p.stat().st_size for p in logs if p.is_file())   # logging really was on
    written = files_text(folder, password_file, skip_suffix=".lwp") + files_text(state, password_file)
    written += files_text(ROOT, password_file, skip_dirs=(".venv", ".git"), since=started)
    printed = "".join(o.stdout + o.stderr for o in (failed, normal))
    assert proxy.secrets, "no login token or session cookie passed through the proxy"
    for secret in {BOT_PASSWORD, *proxy.secrets}:
        assert secret not in printed, secret
        assert secret not in written, secret
    assert BOT_PASSWORD not in files_text(folder, password_file)   # the cookie jar too
