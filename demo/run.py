"""Run the demo: claim a folder, boot and load the wikis, run every task, draw the chart.

Nothing leaves the machine: the bot's pywikibot gets a folder of its own
next to the wikis (the repo's user-config.py is untouched) and the campaign
YAML points at the sandbox and at a local pageviews API double by URL.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from demo.campaign import (
    CHALLENGE_TASKS,
    DATA,
    UMBRELLA_TASKS,
    write_config,
    write_umbrella_config,
)
from demo.campaign import TASKS as DEMO_TASKS
from demo.registered import demo_dashboard, load_registrations, read_recipe
from demo.views import demo_pageviews
from demo.wikis import Loaded, boot, load
from sandbox import BOT_USER, Sandbox, use_pywikibot_dir
from wikigap.config import Config, load_config
from wikigap.outcomes import RunReport
from wikigap.store.state import State
from wikigap.write.chart import write_chart as draw_chart

MARKER_FILE = ".wikigap-demo"


class DemoError(RuntimeError):
    """The demo cannot start (e.g. --dir holds something that is not a demo)."""


def claim_folder(folder: Path) -> Path:
    """Use an empty folder or a previous demo's (wiped); refuse anything else."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER_FILE).exists():
            raise DemoError(f"{folder} is not empty and holds no earlier demo; "
                            "give --dir an empty or new folder")
        for child in ("wikis", "state", "pywikibot"):
            shutil.rmtree(folder / child, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER_FILE).write_text("made by `python bot.py demo`; safe to delete\n")
    return folder.resolve()


def prepare_pywikibot(folder: Path) -> Path:
    """Give pywikibot a folder of its own with the sandbox bot's password (mode 0600)."""
    home = folder / "pywikibot"
    password = use_pywikibot_dir(home, "`bot.py demo`")
    os.environ.update(WIKIGAPBOT_USER=BOT_USER, WIKIGAPBOT_PASSWORD_FILE=str(password))
    return home


def write_chart(config: Config, path: Path) -> Path:
    """Draw the progress chart from the stored snapshots."""
    with State(config.state_path) as state:
        return draw_chart(path, config.name, state.snapshots(config.name),
                          config.chart.language if config.chart else "en")


@dataclass
class DemoResult:
    """A finished demo run, with the wikis still up until :meth:`stop`."""

    sandbox: Sandbox
    config: Config
    loaded: Loaded
    report: RunReport
    log: list[str]
    chart: Path
    timings: dict[str, float]
    umbrella: Config | None = None          # the second campaign: an umbrella Event: page
    umbrella_report: RunReport | None = None
    doubles: ExitStack | None = None        # the pageviews and Dashboard doubles, up until stop()
    services: dict[str, str] = field(default_factory=dict)   # double -> its address

    def stop(self) -> None:
        """Stop the wikis' servers and the doubles (the folder stays)."""
        try:
            if self.doubles is not None:
                self.doubles.close()
        finally:
            self.sandbox.stop()


def run_demo(folder: Path, chart: Path | None = None, data: Path = DATA) -> DemoResult:
    """Boot, load, run `all` and `views`, draw the chart; leave the wikis up for the caller.

    The pageviews and Dashboard doubles stay up with the wikis until
    :meth:`DemoResult.stop`, so a run or `check --online` against a served
    demo (``--serve``) reads them too.
    """
    folder = claim_folder(Path(folder))
    timings: dict[str, float] = {}
    start = time.monotonic()
    sandbox = boot(folder)
    try:
        timings["boot"] = _lap(start)
        loaded = load(sandbox, data)
        recipe = read_recipe(data)
        load_registrations(sandbox, recipe)
        timings["load"] = _lap(start, timings)
        prepare_pywikibot(folder)
        log: list[str] = []
        with ExitStack() as doubles:
            pageviews = doubles.enter_context(demo_pageviews())
            dashboard = doubles.enter_context(demo_dashboard(recipe))
            config = load_config(write_config(sandbox, folder, pageviews.url, dashboard.url))
            report = _run_tasks(config, log)
            umbrella = load_config(write_umbrella_config(sandbox, folder))
            log.append(f"-- the second campaign, {umbrella.name}: its registry is "
                       f"[[{umbrella.events.page}]] --")
            umbrella_report = _run_tasks(umbrella, log, UMBRELLA_TASKS)
            timings["run"] = _lap(start, timings)
            drawn = write_chart(config, chart or folder / "wikigap-2021-progress.svg")
            return DemoResult(sandbox, config, loaded, report, log, drawn, timings, umbrella,
                              umbrella_report, doubles.pop_all(),
                              {"pageviews API": pageviews.url, "Dashboard": dashboard.url})
    except BaseException:
        sandbox.stop()
        raise


def _run_tasks(config: Config, log: list[str],
               names: tuple[str, ...] = (*CHALLENGE_TASKS, *DEMO_TASKS)) -> RunReport:
    """Run the demo's tasks (the Challenge, then `run all` plus `views`), output into ``log``."""
    from tasks import TASKS  # import pywikibot: only now that PYWIKIBOT_DIR is set
    from wikigap.run import runner
    _quiet_pywikibot()
    return runner.run_tasks(config, list(names), TASKS, hooks=runner.RunHooks(echo=log.append))


def _lap(start: float, done: dict[str, float] | None = None) -> float:
    """Seconds since ``start`` minus the laps already taken."""
    return time.monotonic() - start - sum((done or {}).values())


def _quiet_pywikibot() -> None:
    """Drop pywikibot's "Logging in to …" lines too; it resets its level on first output."""
    if not logging.getLogger("wikigap").isEnabledFor(logging.DEBUG):
        import pywikibot.bot  # after the run's PYWIKIBOT_DIR, like the runner above
        pywikibot.bot.init_handlers()
        logging.getLogger("pywiki").setLevel(logging.WARNING)
