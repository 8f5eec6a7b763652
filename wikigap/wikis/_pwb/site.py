"""pywikibot set up for the bot: its folder, the account, its logs, the run's bound, the sites.

The package (``_pwb/__init__``) has chosen pywikibot's folder before this
import. :class:`SiteHandle` is what every :class:`~wikigap.wikis.wiki.Wiki`
method stands on: the site, made and logged in to on first use.
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pywikibot
from pywikibot import exceptions as pwb
from pywikibot.comms import http

from wikigap.config import Config, ConfigError
from wikigap.wikis import deadline, redact
from wikigap.wikis._pwb.errors import UNREACHABLE, GaveUp, translated_errors
from wikigap.wikis.account import environment_login, password_line
from wikigap.wikis.errors import Unreachable, WikiError
from wikigap.wikis.pwbsetup import RequestCounter

REQUESTS = RequestCounter(http.session)
redact.REDACTOR.sources.append(
    lambda: [c.value for c in http.session.cookies
             if c.value and c.name.lower().endswith(("session", "token"))])


deadline.mount(http.session, deadline.current, wrap=GaveUp)   # every wiki, the run's bound


def configure_account(account: str) -> str:
    """Set the bot account for every site; $WIKIGAPBOT_USER and its password file win.

    A password in the environment ($WIKIGAPBOT_PASSWORD, a Toolforge envvar)
    wins over any file: it joins the redactor and reaches pywikibot through a
    0600 file in a private temporary folder, removed when the bot exits.
    """
    user = os.environ.get("WIKIGAPBOT_USER") or account
    pywikibot.config.usernames["*"]["*"] = user
    password_file = os.environ.get("WIKIGAPBOT_PASSWORD_FILE")
    if password_file:
        pywikibot.config.password_file = password_file
    login = environment_login()
    if login is not None:
        redact.REDACTOR.add(login[0])
        pywikibot.config.password_file = str(_private_file(password_line(user, *login)))
        return user
    if pywikibot.config.password_file:
        path = Path(pywikibot.config.base_dir, pywikibot.config.password_file)
        for secret in redact.password_file_secrets(path):
            redact.REDACTOR.add(secret)
    return user


_PRIVATE: list[Path] = []


def _private_file(line: str) -> Path:
    """Write ``line`` to a 0600 file in a 0700 temporary folder, removed at exit; give its path."""
    if not _PRIVATE:
        folder = Path(tempfile.mkdtemp(prefix="wikigapbot-login-"))
        atexit.register(shutil.rmtree, folder, True)
        _PRIVATE.append(folder)
    path = _PRIVATE[0] / "bot.password"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(line + "\n")
    return path


def password_source() -> str:
    """Say where the bot's password comes from, for `check` (never the password)."""
    login = environment_login()
    if login is None:
        return f"password file {password_file()}"
    name = f"BotPassword '{login[1]}'" if login[1] else "the account's own password"
    return f"the environment (WIKIGAPBOT_PASSWORD, {name})"


def password_file() -> Path | None:
    """Give the password file pywikibot will read (after :func:`configure_account`), or None.

    pywikibot takes a relative name from its base folder, then as given.
    """
    name = pywikibot.config.password_file
    if not name:
        return None
    inside = Path(pywikibot.config.base_dir, name)
    return inside if inside.is_file() else Path(name)


def route_pywikibot_logs(handler: logging.Handler, console: bool) -> None:
    """Send pywikibot's records (logins, sleeps, retries) to ``handler``; to the terminal too
    only when ``console`` (``-v``).

    pywikibot keeps its own logger tree (``pywiki``, not propagated) and sets up its
    terminal handlers on first output; they are set up here first, then muted.
    """
    import pywikibot.bot
    pywikibot.bot.init_handlers()
    root = logging.getLogger("pywiki")
    if not console:
        for existing in root.handlers:
            if not isinstance(existing, logging.FileHandler):
                existing.setLevel(logging.CRITICAL + 1)
    if handler not in root.handlers:
        root.addHandler(handler)
    warnings = logging.getLogger("py.warnings")
    if handler not in warnings.handlers:
        warnings.addHandler(handler)
    warnings.propagate = console


def site_for(spec: str) -> pywikibot.site.BaseSite:
    """Get the pywikibot site for ``family:code`` or an ``api.php`` URL."""
    if spec.startswith(("http://", "https://")):
        name = "u" + hashlib.sha1(spec.encode()).hexdigest()[:10]
        return pywikibot.Site(url=spec, fam=name)
    family, sep, code = spec.partition(":")
    if not sep:
        raise ValueError(f"'{spec}' is neither family:code nor an api.php URL")
    return pywikibot.Site(code, family)


def is_known_site(spec: str) -> bool:
    """Tell whether a site spec names a wiki that exists, whether or not it answers now.

    A wiki that does not answer is known: its numbers become unknown, never
    zero; only pywikibot's unknown family or code means there is no such wiki.
    """
    try:
        site_for(spec)
    except (pwb.UnknownSiteError, pwb.UnknownFamilyError, ValueError):
        return False
    except Exception:  # unreachable now: the tally records it as a failed wiki
        return True
    return True


def check_reachable(config: Config, retries: int = 2) -> None:
    """Ask each configured wiki for its site info; raise naming the key, in a whole message.

    pywikibot retries an unreachable wiki for many minutes, which suits a run
    in progress but not a start-up check; here a few quick tries decide. A
    well-formed address that does not answer (refused, timeout, 5xx, given
    up) is an unreachable wiki (:class:`~wikigap.wikis.errors.Unreachable`),
    not a configuration error: the config is right, the wiki is down. An
    address pywikibot cannot make a wiki of is a :class:`ConfigError`.
    """
    with quick_retries(retries), deadline.bounded(deadline.Patience(None)):
        for name, spec in config.wikis.items():
            try:
                site_for(spec).simple_request(action="query", meta="siteinfo").submit()
            except (GaveUp, *UNREACHABLE) as err:
                raise Unreachable(f"wikis.{name} ({redact.REDACTOR.redact(spec)}) could not be "
                                  f"reached: {whole(err)}; nothing was run or written. Run "
                                  "again when it answers") from None
            except Exception as err:  # any other failure means the wiki cannot be used
                raise ConfigError(config.path, f"wikis.{name}",
                                  f"wiki '{spec}' cannot be used: {whole(err)}; check the "
                                  "name or URL") from None


def whole(err: BaseException) -> str:
    """Say an error's message whole, secrets masked: the run's bound's own words when it gave up."""
    if isinstance(err, GaveUp):
        return str(err.gave_up)
    text = redact.REDACTOR.redact(" ".join(str(err).split()))
    return text or type(err).__name__


@contextmanager
def quick_retries(retries: int = 2) -> Iterator[None]:
    """Let pywikibot try a few times, a second apart, instead of for many minutes (start checks)."""
    saved = pywikibot.config.max_retries, pywikibot.config.retry_wait
    pywikibot.config.max_retries, pywikibot.config.retry_wait = retries, 1
    try:
        yield
    finally:
        pywikibot.config.max_retries, pywikibot.config.retry_wait = saved


@contextmanager
def simulated(on: bool) -> Iterator[None]:
    """Turn on pywikibot's own simulate switch for a dry run, so even a write that
    bypassed the publisher is blocked by pywikibot before it reaches a wiki."""
    saved = pywikibot.config.simulate
    pywikibot.config.simulate = True if on else saved
    try:
        yield
    finally:
        pywikibot.config.simulate = saved


class SiteHandle:
    """One wiki's pywikibot site, made and logged in to on first use, and its name for staff.

    A wiki the run never touches costs nothing. The read, write and REST
    methods (:mod:`.reads`, :mod:`.writes`, :mod:`.rest`) stand on this.
    """

    def __init__(self, spec: str, name: str | None = None) -> None:
        """``name`` is how staff know the wiki (the config's ``wikis`` key, or a language code).

        Messages say it rather than pywikibot's site id, which for an
        ``api.php`` URL is an internal code such as ``u9a549c4320:u9a549c4320``.
        """
        self.spec = spec
        self.name = name
        self._site_object = None
        self._pages: dict[str, pywikibot.Page] = {}
        self._userinfo_fresh = False   # the account's user info asked in this object's life
        self._rename_logs: dict[str, list[dict]] = {}   # name -> its rename log entries

    def __str__(self) -> str:
        if self.name:
            return self.name
        return str(self._site_object) if self._site_object is not None else self.spec

    @property
    def _site(self) -> pywikibot.site.APISite:
        if self._site_object is None:
            with translated_errors():
                site = site_for(self.spec)
                site.login()
            self._site_object = site
        return self._site_object

    def logged_in_as(self) -> str:
        """Log in (once) and give the user name the wiki knows the bot by; raise WikiError if not."""
        with translated_errors():
            site = self._site
            if not site.logged_in():
                raise WikiError(f"{self} did not accept the login of '{site.username()}'")
            return site.user()

    def batch_size(self) -> int:
        """Give how many titles, users or ids one request may carry for this account.

        When the account's rights cannot be read (the wiki does not answer, the
        login is refused), the limit every account has: the read that follows
        meets the same failure and reports it.
        """
        try:
            with translated_errors():
                high = self._site.logged_in() and self._site.has_right("apihighlimits")
        except WikiError:
            return 50
        return 500 if high else 50
