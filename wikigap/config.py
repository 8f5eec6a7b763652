"""The campaign configuration: YAML in, frozen dataclasses out, checked at start.

Every error names the file, the key path and what is wrong, so that staff can
fix a typo without reading code; the command line turns it into exit status 2
before any wiki is touched.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from wikigap.cron import cron_trigger
from wikigap.i18n import available, resolve, withdrawn_language
from wikigap.model import REVERT_TAGS, Metrics
from wikigap.yamlcheck import YamlError, build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "campaigns" / "wikigap-2021.yaml"


#: A registered section's mistake: ``key`` is the full key path, ``problem`` the fix.
#: A section's reader raises it without knowing the file; :func:`load_config`
#: turns it into a :class:`ConfigError` naming the file.
SectionError = YamlError


@dataclass(frozen=True)
class Section:
    """A top-level block of the campaign YAML that a wing above the ground reads and checks.

    The ground knows no wing: the Challenge registers its ``challenge:`` block
    (wikigap.challenge.contest) when it is imported, and the task table
    imports it. ``parse`` gets the block's YAML value and the campaign's wiki
    names and returns the checked value (kept in the Config field of the
    section's name), or raises :class:`SectionError`. With ``task``, the
    section's task is scheduled on ``crontab`` when the YAML names none, and
    turns daily at 06 UTC after ``daily_after(value)``.
    """

    name: str
    parse: Callable[[Any, Collection[str]], Any]
    task: str | None = None
    crontab: str | None = None
    daily_after: Callable[[Any], datetime] | None = None


#: The registered sections by their top-level key (see :class:`Section`).
SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Let ``load_config`` read one more top-level block; give the section back."""
    SECTIONS[section.name] = section
    return section


class ConfigError(Exception):
    """A configuration that cannot be used; the message says where and how to fix it."""

    def __init__(self, file: str | Path, key: str, problem: str):
        self.file, self.key, self.problem = str(file), key, problem
        where = f" at key '{key}'" if key else ""
        super().__init__(f"{file}{where}: {problem}")


@dataclass(frozen=True)
class EventsConfig:
    wiki: str
    page: str
    grace_days: int = 7


@dataclass(frozen=True)
class TableTarget:
    wiki: str
    page: str
    marker: str = "status"
    language: str = "en"


@dataclass(frozen=True)
class ProgressConfig:
    wiki: str
    page: str
    template: str
    updated_param: str = "uppdaterad"
    marker: str = "wikigapbot"
    goals: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NotifyConfig:
    wiki: str
    after_end_days: int = 7
    max_per_run: int = 20
    language: str | None = None     # pins the notices' language; else each event's own
    wait_for_views_days: int = 14   # with pageviews: a results notice waits this long for views


@dataclass(frozen=True)
class PageRef:
    wiki: str
    page: str


@dataclass(frozen=True)
class ChartConfig:
    """Where the progress chart is uploaded; absent means the bot never uploads."""

    wiki: str
    file: str
    language: str = "en"         # the words, month names and numbers of the chart and its upload


@dataclass(frozen=True)
class PageviewsConfig:
    """Where and how the ``views`` task reads page views (wikigap.wikis.pageviews)."""

    api: str = "https://wikimedia.org/api/rest_v1"
    contact: str = ""                     # required: goes into every request's User-Agent
    refresh_days: int = 7
    project: str | dict[str, str] = "{lang}.wikipedia"   # wiki code -> API project


@dataclass(frozen=True)
class DashboardConfig:
    """Where Programs & Events Dashboard courses are read (wikigap.wikis.dashboard)."""

    url: str = "https://outreachdashboard.wmflabs.org"


@dataclass(frozen=True)
class Config:
    name: str
    account: str
    wikis: dict[str, str]
    events: EventsConfig
    content_wikis: str | dict[str, str] = "wikipedia:{lang}"
    status_tables: tuple[TableTarget, ...] = ()
    event_tables: bool = False
    progress_report: ProgressConfig | None = None
    notify: NotifyConfig | None = None
    run_page: PageRef | None = None
    schedule: dict[str, str] = field(default_factory=dict)
    state: str = "state/wikigap.sqlite"
    max_snapshot_age: int = 60
    conflict_retries: int = 3
    max_run_minutes: int = 45
    chart: ChartConfig | None = None
    pageviews: PageviewsConfig | None = None
    wikidata: str = "wikidata:wikidata"
    new_editor_days: int = 60
    exclude_tags: tuple[str, ...] = REVERT_TAGS
    dashboard: DashboardConfig = DashboardConfig()
    challenge: Any = None   # a registered Section's value (wikigap.challenge.contest)
    path: str = ""

    @property
    def state_ref(self) -> str:
        """Say where the state is: ``$WIKIGAPBOT_STATE``, else ``state``.

        A database URL (``mysql://USER@HOST[:PORT]/DATABASE``, the state in
        ToolsDB) as written; a SQLite path resolved against the project folder.
        """
        value = os.environ.get("WIKIGAPBOT_STATE") or self.state
        if value.startswith("mysql"):
            return value
        return str(ROOT / value) if not Path(value).is_absolute() else value

    @property
    def state_in_database(self) -> bool:
        """Tell whether the state is a database (no state folder: logs go to the console)."""
        return self.state_ref.startswith("mysql")

    @property
    def state_path(self) -> Path:
        """The SQLite state file (``state`` resolved against the project folder, where bot.py lives).

        A state in a database has no path: use :attr:`state_ref`.
        """
        if self.state_in_database:
            raise ValueError("the state is a database, not a file: use Config.state_ref")
        return Path(self.state_ref)

    def content_site(self, lang: str) -> str | None:
        """Name the site (``family:code`` or URL) where ``lang`` articles are counted."""
        if isinstance(self.content_wikis, dict):
            return self.content_wikis.get(lang)
        return self.content_wikis.format(lang=lang)

    def daily_after(self) -> dict[str, tuple[str, datetime]]:
        """Give the tasks whose crontab turns daily at a moment: task -> (daily crontab, moment).

        A registered section's task (the ``challenge`` task) runs on its
        ``schedule`` crontab (hourly) while the contest runs and settles, then
        once a day at the same minute, 06 UTC: the final board stands and only
        the confirm page and awards remain.
        """
        daily = {}
        for section in SECTIONS.values():
            value, crontab = getattr(self, section.name, None), self.schedule.get(section.task or "")
            if value is None or crontab is None or section.daily_after is None:
                continue
            minute = crontab.split()[0] if crontab.split()[0].isdigit() else "0"
            daily[str(section.task)] = (f"{minute} 6 * * *", section.daily_after(value))
        return daily


#: The Config fields that registered sections fill (each under its section's name).
SECTION_FIELDS = ("challenge",)


def config_path(given: str | None) -> Path:
    """Choose the config file: ``--config``, else $WIKIGAPBOT_CONFIG, else the default."""
    return Path(given or os.environ.get("WIKIGAPBOT_CONFIG") or DEFAULT_CONFIG)


def load_config(path: str | Path, tasks: Collection[str] | None = None) -> Config:
    """Read and check a campaign YAML file; raise ConfigError naming the key.

    ``tasks`` are the task names `schedule` may use (`bot.py` passes the task
    table's); without them only the crontabs are checked.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found; pass --config FILE or set WIKIGAPBOT_CONFIG") from None
    except yaml.YAMLError as err:
        raise ConfigError(path, "", f"not valid YAML: {err}") from None
    if not isinstance(raw, dict):
        raise ConfigError(path, "", "expected a mapping of keys at the top level")
    own = {k: v for k, v in raw.items() if k != "path" and k not in SECTIONS}
    try:   # the fields registered sections fill are not the campaign's own keys
        config = build(Config, own, "", skip=("path", *SECTION_FIELDS))
    except YamlError as err:
        raise ConfigError(path, err.key, err.problem) from None
    for name in SECTIONS:
        config = dataclasses.replace(config, **_section(SECTIONS[name], raw.get(name), config, path))
    config = dataclasses.replace(config, path=str(path))
    _check(config, path, tasks)
    return config


def _section(section: Section, raw: Any, config: Config, path: Path) -> dict[str, Any]:
    """Check a registered block (the Challenge's) and give its task its default crontab.

    The block's own checks raise SectionError with the key path; here it
    becomes a ConfigError naming the file. A block given and no crontab for
    its task in ``schedule``: the section's own (the Challenge: hourly).
    """
    if raw is None:
        return {}
    try:
        value = section.parse(raw, config.wikis)
    except SectionError as err:
        raise ConfigError(path, err.key, err.problem) from None
    schedule = dict(config.schedule)
    if section.task and section.crontab:
        schedule.setdefault(section.task, section.crontab)
    return {section.name: value, "schedule": schedule}


def _check(config: Config, path: Path, tasks: Collection[str] | None) -> None:
    """Cross-key checks: wiki names defined, known tasks, crontabs, languages, metrics."""
    for key, wiki in _wiki_uses(config):
        if wiki not in config.wikis:
            raise ConfigError(path, key, f"wiki '{wiki}' is not defined under 'wikis' "
                              f"(defined: {', '.join(config.wikis) or 'none'})")
    languages = [(f"status_tables[{i}].language", t.language)
                 for i, t in enumerate(config.status_tables)]
    if config.notify and config.notify.language is not None:
        languages.append(("notify.language", config.notify.language))
    if config.chart:
        languages.append(("chart.language", config.chart.language))
    for key, language in languages:
        _check_language(path, key, language)
    if config.progress_report:
        for code, metric in config.progress_report.goals.items():
            if metric not in Metrics.NAMES:
                raise ConfigError(path, f"progress_report.goals.{code}",
                                  f"'{metric}' is not a metric ({', '.join(Metrics.NAMES)})")
    if config.max_run_minutes < 1:
        raise ConfigError(path, "max_run_minutes", "must be at least 1 (minutes a run may take "
                          "before it stops waiting for a service; default 45)")
    if config.conflict_retries < 1:
        raise ConfigError(path, "conflict_retries", "must be at least 1 (tries of one save)")
    _check_wikidata(config, path)
    if isinstance(config.content_wikis, str) and "{lang}" not in config.content_wikis:
        raise ConfigError(path, "content_wikis", "a pattern must contain {lang}, e.g. 'wikipedia:{lang}'")
    for task, crontab in config.schedule.items():
        _check_schedule(path, task, crontab, tasks)
    if config.pageviews is not None:
        _check_pageviews(config.pageviews, path)
    if not config.dashboard.url.startswith(("http://", "https://")):
        raise ConfigError(path, "dashboard.url", f"'{config.dashboard.url}' is not an http(s) URL; "
                          "use https://outreachdashboard.wmflabs.org")


def _check_pageviews(section: PageviewsConfig, path: Path) -> None:
    """The API must be an http(s) URL and the contact given: the User-Agent policy asks for one."""
    if not section.contact.strip():
        raise ConfigError(path, "pageviews.contact", "required: say how Wikimedia can reach "
                          "the bot's operators, e.g. 'wikigapbot operators <you@example.org>'; "
                          "it is sent in every request's User-Agent")
    if not section.api.startswith(("http://", "https://")):
        raise ConfigError(path, "pageviews.api", f"'{section.api}' is not an http(s) URL; "
                          "use https://wikimedia.org/api/rest_v1")
    if isinstance(section.project, str) and "{lang}" not in section.project:
        raise ConfigError(path, "pageviews.project",
                          "a pattern must contain {lang}, e.g. '{lang}.wikipedia'")


def _check_language(path: Path, key: str, language: str) -> None:
    """Accept a language with a message file in i18n/, directly or by its fallbacks."""
    lost = withdrawn_language(language)
    if lost:
        raise ConfigError(path, key, f"'{language}' is withdrawn: i18n/withdrawn/{lost}.json is "
                          "incomplete until a reader of it reviews the whole file; pick one of "
                          f"{', '.join(sorted(available()))} (CONTRIBUTING: adding a language)")
    if resolve(language) is None:
        raise ConfigError(path, key, f"'{language}' has no message file and none of its fallbacks "
                          f"has (i18n/ has: {', '.join(sorted(available()))}); "
                          "add i18n/LANG.json or pick one of those")


def _check_wikidata(config: Config, path: Path) -> None:
    """The Wikidata site: a name under 'wikis', family:code, or an api.php URL."""
    spec = config.wikidata
    if spec not in config.wikis and ":" not in spec:
        raise ConfigError(path, "wikidata", f"'{spec}' is neither a pywikibot site "
                          "(family:code, e.g. 'wikidata:wikidata'), an api.php URL, "
                          "nor a name under 'wikis'")
    if any(not tag.strip() for tag in config.exclude_tags):
        raise ConfigError(path, "exclude_tags", "a change tag name must not be empty, "
                          "e.g. 'mw-reverted'")


def _check_schedule(path: Path, task: str, crontab: str, tasks: Collection[str] | None) -> None:
    """Reject unknown task names and crontabs that cron and the scheduler would not read alike."""
    if tasks is not None and task not in tasks:
        raise ConfigError(path, f"schedule.{task}", f"unknown task (tasks: {', '.join(tasks)})")
    try:
        cron_trigger(crontab)
    except ValueError as err:
        raise ConfigError(path, f"schedule.{task}",
                          f"bad crontab '{crontab}': {err}; write five fields, e.g. '0 * * * *'") from None


def _wiki_uses(config: Config) -> list[tuple[str, str]]:
    """List (key path, wiki name) for every place the config names a wiki."""
    uses = [("events.wiki", config.events.wiki)]
    uses += [(f"status_tables[{i}].wiki", t.wiki) for i, t in enumerate(config.status_tables)]
    for name in ("progress_report", "notify", "run_page", "chart"):
        section = getattr(config, name)
        if section is not None:
            uses.append((f"{name}.wiki", section.wiki))
    return uses
