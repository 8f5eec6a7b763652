"""The one pywikibot folder setup for the sandbox wikis (tests, demo, benchmark).

pywikibot reads ``user-config.py`` from ``PYWIKIBOT_DIR`` once, when it is
first imported, so the folder must be written and the variable set before
that.  The settings are for local wikis only: no throttle, short retries.
A real wiki must never see a bot set up so; the bot's own folder
(``$WIKIGAPBOT_WORK_DIR`` or a temporary one) is made by ``wikigap/wikis/pwbsetup.py``.
"""
from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

from sandbox.config import BOT_PASSWORD, BOT_USER

SANDBOX_PYWIKIBOT = {"put_throttle": 0, "minthrottle": 0, "maxthrottle": 1, "max_retries": 2,
                     "retry_wait": 1, "retry_max": 2, "write_maxlag": 0, "socket_timeout": 60}


def use_pywikibot_dir(path: Path, written_by: str, env: MutableMapping[str, str] | None = None,
                      extra: dict[str, object] | None = None) -> Path:
    """Write a pywikibot folder for the sandbox, point PYWIKIBOT_DIR at it; return its password file.

    ``env`` is the environment to point (default: this process's, for a child
    process pass its own); ``extra`` adds settings (e.g. logging) to the
    sandbox ones. When this process already imported pywikibot, which read its
    folder then, the sandbox settings go into its live config instead, so it
    never throttles the local wikis.
    """
    password = _write(Path(path), written_by, {**SANDBOX_PYWIKIBOT, **(extra or {})})
    target = os.environ if env is None else env
    target["PYWIKIBOT_DIR"] = str(path)
    if env is None and "pywikibot" in sys.modules:
        config = sys.modules["pywikibot"].config
        for key, value in SANDBOX_PYWIKIBOT.items():
            setattr(config, key, value)
    return password


def _write(path: Path, written_by: str, settings: dict[str, object]) -> Path:
    """Write user-config.py and a 0600 password file for the sandbox bot account."""
    path.mkdir(parents=True, exist_ok=True)
    password = path / "sandbox.password"
    password.write_text(f"({BOT_USER!r}, {BOT_PASSWORD!r})\n", encoding="utf-8")
    password.chmod(0o600)
    lines = "".join(f"{key} = {value!r}\n" for key, value in settings.items())
    (path / "user-config.py").write_text(
        f"# Written by {written_by} for the local sandbox wikis only.\n"
        f"family = 'meta'\nmylang = 'meta'\nusernames['*']['*'] = {BOT_USER!r}\n"
        f"password_file = {str(password)!r}\n{lines}"
        "user_agent_description = 'wikigapbot (local sandbox)'\n", encoding="utf-8")
    return password
