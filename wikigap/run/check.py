"""`bot.py check`: is everything in place for a run? One line per item, ✓ or ✗ with the fix.

Offline (:func:`offline`, also the start of every `run` and `schedule`): the
campaign config, the bot's password (from the environment, else the file),
where the state is, the templates and the message files, so
a missing password file is one line and exit 2 rather than a traceback per
wiki. Online (:func:`online`, `check --online`): each configured wiki
answers and takes the bot's login, the account is not blocked there, each
configured page exists with its markers, the bot may edit each page it
writes (protection, cascading, blocks, title lists), the run page says
``true`` and each goal code has its line on the progress page; the state is
reached, its schema version fits, the campaign lock is free
(:mod:`wikigap.run.statecheck`); then each service and the Challenge's pages
(:mod:`wikigap.run.services`). A line about a page or a service names the
address it asked. Nothing is written anywhere. An event whose language is
withdrawn (``i18n/withdrawn/``) is a ✓ line that says it gets English.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from wikigap.config import Config, ConfigError, ProgressConfig, load_config
from wikigap.i18n import DEFAULT, WITHDRAWN, event_language, resolve, withdrawn_language
from wikigap.model import Event
from wikigap.read.umbrella import read_registry
from wikigap.run import services, statecheck
from wikigap.run.checkitems import Check, PageItem
from wikigap.wikis import deadline, wiki
from wikigap.wikis.account import (
    environment_login,
    environment_problem,
    password_file_problem,
)
from wikigap.wikis.errors import WikiError, describe
from wikigap.wikis.sites import Wikis
from wikigap.write.progress import ProgressError, has_goal_line, update_progress_page
from wikigap.write.publisher import RUN_WORDS
from wikigap.write.regions import RegionError, begin_marker, end_marker, read_region
from wikigap.write.selfcheck import message_problems, template_problems


def offline(path: Path, tasks: Collection[str]) -> tuple[Config | None, list[Check]]:
    """Check what needs no network: the config, the password file, templates, message files."""
    try:
        config = load_config(path, tasks)
        checks = [Check(True, f"config {path}")]
    except ConfigError as err:
        config, checks = None, [Check(False, "config", str(err))]
    if config is not None:
        checks.append(password_check(config))
        checks.append(statecheck.offline(config, Check))
    problems = template_problems()
    checks += [Check(False, "template", p) for p in problems] or [Check(True, "templates parse")]
    problems = message_problems()
    checks += [Check(False, "message file", p) for p in problems] or \
        [Check(True, "message files (i18n/) are valid and consistent")]
    return config, checks


def password_check(config: Config) -> Check:
    """Check the bot's password: from the environment (a Toolforge job), else the file.

    The line says which source a run will use, never the password.
    """
    problem = environment_problem()
    if problem:
        return Check(False, "bot password", problem)
    user = wiki.configure_account(config.account)
    if environment_login() is not None:
        return Check(True, f"bot password from {wiki.password_source()}", f"for {user}")
    path = wiki.password_file()
    problem = password_file_problem(path, user)
    if problem:
        return Check(False, "password file", problem)
    return Check(True, f"password file {path}", f"mode 0600, an entry for {user}")


def online(config: Config) -> list[Check]:
    """Ask the wikis and services: logins, every configured page, then each service answers.

    A wiki that refused the login is left out, and one line says how many
    checks that skipped; each line names the address it asked.
    """
    wikis, checks = Wikis(config), []
    with wiki.quick_retries(), deadline.bounded(deadline.Patience(None)):   # a closed port: once
        for name in config.wikis:
            checks.append(login_check(wikis, name))
        usable = {name for name, check in zip(config.wikis, checks, strict=True) if check.ok}
        items = list(pages(config)) + list(services.challenge_pages(config))
        checks += services.skipped(items, config.wikis, usable)
        checks += [c for name in usable for c in block_checks(wikis, name)]
        texts: dict[tuple[str, str], str | None] = {}
        for item in items:
            if item.wiki in usable:
                checks += page_checks(wikis, item, texts)
        checks += edit_checks(wikis, [p for p in items if p.written and p.wiki in usable])
        checks += withdrawn_checks(wikis, config, texts)
        checks += services.service_checks(config, wikis, usable, lambda: registry_events(
            wikis, config, texts))
    return checks + statecheck.online(config, Check)


def block_checks(wikis: Wikis, name: str) -> list[Check]:
    """A ✗ when the bot's account is blocked on a wiki: who, why, until when (from the login)."""
    try:
        block = wikis.get(name).account_block()
    except WikiError as err:
        return [Check(False, f"account on {name}", f"its user info cannot be read: {err}")]
    return [] if block is None else [Check(False, f"account on {name}", str(block))]


def edit_checks(wikis: Wikis, items: list[PageItem]) -> list[Check]:
    """A ✗ for each page the bot writes but may not edit (protection, cascading, block,
    title list), as the wiki answers ``intestactions=edit``; nothing when it may."""
    checks: list[Check] = []
    for name in dict.fromkeys(item.wiki for item in items):
        mine = {item.title: item for item in items if item.wiki == name}
        try:
            refusals = wikis.get(name).edit_refusals(mine)
        except WikiError as err:
            checks.append(Check(False, f"edit rights on {name}", f"cannot be asked: {err}"))
            continue
        checks += [Check(False, f"the bot may not edit {mine[title].label}", reason)
                   for title, reasons in refusals.items() if title in mine for reason in reasons]
    return checks


def withdrawn_notes(events: tuple[Event, ...] | list[Event], pinned: str | None) -> list[Check]:
    """Say which events would be written in a withdrawn language and so get English (a ✓).

    A withdrawn file is incomplete: rather than an Arabic heading over English
    text, such an event's notices and table are English throughout.
    """
    found: dict[str, list[str]] = {}
    for event in events:
        if event_language(event.wikis, pinned) != DEFAULT:
            continue                           # written in a shipped language
        for code in (pinned,) if pinned else event.wikis:
            if resolve(code):
                break                      # a shipped language is picked first
            lost = withdrawn_language(code)
            if lost:
                found.setdefault(lost, []).append(event.label or event.key)
                break
    return [Check(True, f"language {code}", f"withdrawn until {WITHDRAWN.name}/{code}.json is "
                  f"complete and reviewed, so {len(names)} event(s) get English throughout: "
                  f"{', '.join(names)}") for code, names in sorted(found.items())]


def login_check(wikis: Wikis, name: str) -> Check:
    """Log in to one configured wiki, as a run would."""
    spec = wikis.config.wikis[name]
    try:
        user = wikis.get(name).logged_in_as()
    except (WikiError, OSError) as err:
        return Check(False, f"login to {name}", f"{err}; check wikis.{name} ({spec}), the network, "
                     "the account and its BotPassword")
    except Exception as err:  # pywikibot's own error kinds, as the runner would meet them
        return Check(False, f"login to {name}", f"{describe(err)}; check wikis.{name} ({spec})")
    return Check(True, f"login to {name} as {user}", url=wikis.get(name).api_url())


def _judge(check: Callable[..., list[str]], *args: Any) -> Callable[[Wikis, str], list[str]]:
    """Make a page's judge of a check that needs only the page's text and ``args``."""
    return lambda wikis, text: check(text, *args)


def pages(config: Config) -> Iterator[PageItem]:
    """Every page the config names that must exist before a run, with what must be on it."""
    events = config.events
    yield PageItem("registry", events.wiki, events.page, "events.page",
                   lambda wikis, text: registry_problems(wikis, config, text),
                   note=lambda wikis, text: registry_note(wikis, config, text))
    for i, table in enumerate(config.status_tables):
        yield PageItem("status table", table.wiki, table.page, f"status_tables[{i}].page",
                       _judge(region_problems, table.marker),
                       f"create it with the lines '{begin_marker(table.marker)}' and "
                       f"'{end_marker(table.marker)}' where the table should go", written=True)
    if config.progress_report:
        report = config.progress_report
        yield PageItem("progress report", report.wiki, report.page, "progress_report.page",
                       _judge(progress_problems, report), written=True)
        for code, metric in report.goals.items():
            yield PageItem(f"goal {code} ({metric}) in", report.wiki, report.page,
                           "progress_report.page",
                           _judge(goal_problems, code))
    if config.run_page:
        yield PageItem("run page", config.run_page.wiki, config.run_page.page, "run_page.page",
                       lambda wikis, text: run_page_problems(text),
                       "create it with the word true")


def read(wikis: Wikis, name: str, title: str, texts: dict[tuple[str, str], str | None]) -> str | None:
    """Read a page once for all the items on it (the progress page has several)."""
    if (name, title) not in texts:
        texts[(name, title)] = wikis.get(name).read_page(title)
    return texts[(name, title)]


def page_checks(wikis: Wikis, item: PageItem, texts: dict) -> list[Check]:
    """Read one page (once) and judge it: one ✓, or one ✗ per problem; each names its address."""
    try:
        text = read(wikis, item.wiki, item.title, texts)
        url = wikis.get(item.wiki).page_url(item.title)
    except WikiError as err:
        return [Check(False, item.label, f"cannot be read: {err}")]
    if text is None and item.missing_ok:
        return [Check(True, item.label, item.missing_ok, url)]
    if text is None:
        fix = f"{item.missing_fix}, or fix {item.key}" if item.missing_fix else \
            f"check {item.key} in the config"
        return [Check(False, item.label, f"does not exist; {fix}", url)]
    problems = item.judge(wikis, text)
    note = item.note(wikis, text) if item.note else ""
    return [Check(False, item.label, p, url) for p in problems] or [Check(True, item.label, note, url)]


def registry_events(wikis: Wikis, config: Config, texts: dict) -> tuple:
    """The registry's events as the tally reads them (none when it cannot be read)."""
    try:
        text = read(wikis, config.events.wiki, config.events.page, texts)
    except WikiError:
        return ()
    if text is None:
        return ()
    names = wikis.get(config.events.wiki).namespaces()
    return read_registry(text, config.events.page, names).events


def withdrawn_checks(wikis: Wikis, config: Config, texts: dict) -> list[Check]:
    """The registry's events that would be written in a withdrawn language (see withdrawn_notes)."""
    events = registry_events(wikis, config, texts)
    return withdrawn_notes(events, config.notify.language if config.notify else None)


def registry_problems(wikis: Wikis, config: Config, text: str) -> list[str]:
    """The registry must yield at least one event, as the tally reads it (an umbrella page too)."""
    names = wikis.get(config.events.wiki).namespaces()
    registry = read_registry(text, config.events.page, names)
    if registry.events:
        return []
    return [f"no event found: the page needs a table with Event page, Date and Languages "
            f"columns, or (an Event: page) links to each event's own Event: page; is "
            f"events.page in {config.path} the registry?"]


def registry_note(wikis: Wikis, config: Config, text: str) -> str:
    """Count the registry's events as the tally reads them."""
    names = wikis.get(config.events.wiki).namespaces()
    count = len(read_registry(text, config.events.page, names).events)
    return f"{count} event{'s' if count != 1 else ''}"


def region_problems(text: str, marker: str) -> list[str]:
    """The bot's region must be marked once, begin before end, each marker on its own line."""
    try:
        read_region(text, marker)
    except RegionError as err:
        return [str(err)]
    return []


def progress_problems(text: str, report: ProgressConfig) -> list[str]:
    """The progress template, its date parameter, the marker region and each goal's line."""
    problems: list[str] = []
    try:
        update_progress_page(text, template=report.template, updated_param=report.updated_param,
                             date_text="2000-01-01", goals={}, marker=report.marker, summary="")
    except (ProgressError, RegionError) as err:
        problems.append(str(err))
    return problems


def goal_problems(text: str, code: str) -> list[str]:
    """A goal code needs a line ``CODE - … x/y …`` whose ``x`` the bot updates."""
    if has_goal_line(text, code):
        return []
    return [f"no line '{code} - … x/y …' with a goal number; add one, e.g. '* {code} - 0/100 …', "
            f"or fix progress_report.goals.{code}"]


def run_page_problems(text: str) -> list[str]:
    """The run page must say true (yes, run) for the bot to write."""
    word = text.strip().lower()
    if word in RUN_WORDS:
        return []
    return [f"says '{text.strip()[:40]}', so the bot writes nothing; write true there "
            "when it may write"]


def can_go_online(offline_checks: list[Check]) -> bool:
    """Tell whether asking the wikis makes sense: the config loaded and the password is usable."""
    passwords = [c for c in offline_checks if c.what.startswith(("password file", "bot password"))]
    return bool(passwords) and all(c.ok for c in passwords)


def exit_status(offline_checks: list[Check], online_checks: list[Check]) -> int:
    """0 when all is well, 2 when an offline item fails (as a bad config does), else 1."""
    if not all(c.ok for c in offline_checks):
        return 2
    return 0 if all(c.ok for c in online_checks) else 1
