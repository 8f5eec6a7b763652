"""Is the bot's password file usable? Checked before any wiki is asked, without reading a secret.

pywikibot reads the file only at the first login, deep inside a request, and
a missing file then surfaces as a traceback per wiki. Here the file is looked
at first: it exists, only its owner may read it (mode 0600: pywikibot would
otherwise silently change it), it can be read, and one of its lines is an entry
for the bot account in pywikibot's format. No message quotes a line of it.
"""
from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

from wikigap.model import normalize_user

EXAMPLE = "('{user}', BotPassword('wikigapbot', 'THE-GENERATED-SECRET'))"


def password_file_problem(path: Path | None, user: str) -> str | None:
    """Say what is wrong with the password file for ``user`` and how to fix it; None when usable."""
    if path is None:
        return ("no password file is configured; set WIKIGAPBOT_PASSWORD_FILE or password_file "
                "in user-config.py")
    if not path.exists():
        return (f"{path} does not exist; create it (mode 0600) with the line "
                f"{EXAMPLE.format(user=user)}, or point WIKIGAPBOT_PASSWORD_FILE at yours")
    if not path.is_file():
        return f"{path} is not a file; point WIKIGAPBOT_PASSWORD_FILE at the password file"
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return f"{path} has mode {mode:04o}, so others may read it; run: chmod 600 {path}"
    if not os.access(path, os.R_OK):
        return f"{path} cannot be read by this user (mode {mode:04o}); run: chmod 600 {path}"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return f"{path} cannot be read ({type(err).__name__}); write it in UTF-8, mode 0600"
    if not any(entry_user(line) == normalize_user(user) for line in lines):
        return (f"{path} has no entry for the account '{user}'; add the line "
                f"{EXAMPLE.format(user=user)} (or set WIKIGAPBOT_USER to the account it names)")
    return None


def entry_user(line: str) -> str | None:
    """Give the user name of one password file line, as pywikibot reads it, or None.

    Entries are tuples of 2 to 4 items, the user name second to last
    (``('User', 'pass')``, ``('wikipedia', 'User', BotPassword('s', 'p'))``).
    The line is parsed, never run, and nothing of it is kept but the name.
    """
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    try:
        entry = ast.literal_eval(line.replace("BotPassword", ""))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if not isinstance(entry, tuple) or not 2 <= len(entry) <= 4:
        return None
    user = entry[-2]
    return normalize_user(user) if isinstance(user, str) else None


#: The environment's secrets (``toolforge envvars create``): a Build Service job has no files.
PASSWORD_VARIABLE = "WIKIGAPBOT_PASSWORD"
BOTPASSWORD_VARIABLE = "WIKIGAPBOT_BOTPASSWORD_NAME"


def environment_login(env: dict[str, str] | None = None) -> tuple[str, str | None] | None:
    """Give (password, BotPassword name or None) from the environment, or None when not set.

    ``WIKIGAPBOT_BOTPASSWORD_NAME`` names the BotPassword (``wikigapbot`` for
    ``BotPassword('wikigapbot', …)``); without it the password is the account's own.
    """
    env = dict(os.environ) if env is None else env
    secret = env.get(PASSWORD_VARIABLE, "")
    if not secret:
        return None
    return secret, (env.get(BOTPASSWORD_VARIABLE) or "").strip() or None


def environment_problem(env: dict[str, str] | None = None) -> str | None:
    """Say what is wrong with the environment's login; None when usable or not used."""
    env = dict(os.environ) if env is None else env
    if env.get(BOTPASSWORD_VARIABLE) and not env.get(PASSWORD_VARIABLE):
        return (f"{BOTPASSWORD_VARIABLE} is set but {PASSWORD_VARIABLE} is not; run: toolforge "
                f"envvars create {PASSWORD_VARIABLE} (it asks for the value)")
    return None


def password_line(user: str, secret: str, botpassword: str | None) -> str:
    """Write one pywikibot password file entry (repr quotes any character safely)."""
    if botpassword:
        return f"({user!r}, BotPassword({botpassword!r}, {secret!r}))"
    return f"({user!r}, {secret!r})"
