"""`python bot.py demo`: the whole bot on local wikis, with a sample campaign.

Boots throw-away MediaWiki wikis (Meta, se.wikimedia.org and five Wikipedias)
from :mod:`sandbox`, loads the WikiGap 2021 sample from ``demo/``
(pages as files, the Wikipedias' March 2021 history as a seeded recipe), writes
a campaign YAML and a pywikibot folder of its own next to the wikis, runs
``all`` and prints what happened and where to look. Nothing leaves the
machine: no internet, no account, and the repo's user-config.py is untouched.
"""
from __future__ import annotations

import difflib
import logging
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from wikigap.config import ROOT, TASKS, Config, load_config
from sandbox import BOT_USER, ImportedRevision, Sandbox, SandboxWiki, use_pywikibot_dir

DATA = ROOT / "demo"
CONTENT = ("en", "pt", "sv", "es", "sw")
WIKIS = ("meta", "se") + CONTENT
CAMPAIGN = "WikiGap 2021"
MARKER_FILE = ".wikigap-demo"
REGISTRY = "WikiGap/2021/Events"
STATUS_PAGE = "WikiGap/2021"
STATS_PAGE = "Projekt:En gemenskap för alla 2021/Statistik"
PROJECT_PAGE = "Projekt:En gemenskap för alla 2021"
RUN_PAGE = "User:WikiGapBot/Run"

#: Local wikis answer at once: no reason to wait between edits or on lag.


class DemoError(RuntimeError):
    """The demo cannot start (e.g. --dir holds something that is not a demo)."""


# --------------------------------------------------------------------------
# The March 2021 history, generated from demo/activity.yaml
# --------------------------------------------------------------------------

class _Writer:
    """Invent article titles and growing texts for one language, deterministically."""

    def __init__(self, words: dict, rng: random.Random) -> None:
        self.words, self.rng, self.used = words, rng, set()

    def title(self) -> str:
        """Give a new "First Last" title not used on this wiki before."""
        while True:
            name = f"{self.rng.choice(self.words['first'])} {self.rng.choice(self.words['last'])}"
            if name not in self.used:
                self.used.add(name)
                return name

    def texts(self, name: str, count: int) -> list[str]:
        """Give ``count`` successive versions of an article, each longer than the last."""
        w, r = self.words, self.rng
        born = r.randrange(1850, 1950)
        values = dict(name=name, born=born, died=born + r.randrange(40, 90), job=r.choice(w["jobs"]),
                      place=r.choice(w["places"]), year=born + 25, year2=born + r.randrange(30, 60))
        text = w["lead"].format(**values)
        versions = [text]
        for part in w["more"][:count - 1]:
            text += part.format(**values)
            versions.append(text)
        return versions


@dataclass
class _History:
    """Revisions per wiki while they are being generated; keeps page times increasing."""

    by_wiki: dict[str, list[ImportedRevision]] = field(default_factory=dict)
    last: dict[tuple[str, str], datetime] = field(default_factory=dict)

    def add(self, wiki: str, title: str, text: str, user: str, when: datetime, comment: str) -> None:
        """Record one revision, nudged a minute past the page's previous one if needed."""
        before = self.last.get((wiki, title))
        if before is not None and when <= before:
            when = before + timedelta(minutes=1)
        self.last[(wiki, title)] = when
        self.by_wiki.setdefault(wiki, []).append(ImportedRevision(title, text, user, when, comment))

    def count(self) -> int:
        return sum(len(revs) for revs in self.by_wiki.values())


def _moment(rng: random.Random, first: date, last: date) -> datetime:
    """Pick a working-hours time (UTC) on one of the event's days."""
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    return datetime(day.year, day.month, day.day, rng.randrange(8, 16), rng.randrange(60),
                    tzinfo=timezone.utc)


def _new_article(history: _History, writer: _Writer, wiki: str, title: str, authors: list[str],
                 start: datetime, rng: random.Random) -> None:
    """Write a new article: created by the first author, expanded a few times the same day."""
    versions = writer.texts(title, rng.randrange(2, 5))
    when = start
    for index, text in enumerate(versions):
        user = authors[0] if index == 0 else rng.choice(authors)
        history.add(wiki, title, text, user, when, "new article" if index == 0 else "expand")
        when += timedelta(minutes=rng.randrange(10, 90))


def _improvement(history: _History, writer: _Writer, wiki: str, editors: list[str],
                 outsider: str, start: datetime, rng: random.Random) -> str:
    """Write an old stub (2016-2019, by an outsider) that a participant expands in the window."""
    title = writer.title()
    versions = writer.texts(title, 4)
    old = datetime(rng.randrange(2016, 2020), rng.randrange(1, 13), rng.randrange(1, 28), 12,
                   tzinfo=timezone.utc)
    history.add(wiki, title, versions[0], outsider, old, "new stub")
    for step, text in enumerate(versions[1:rng.randrange(2, 4)]):
        history.add(wiki, title, text, rng.choice(editors), start + timedelta(minutes=40 * step),
                    "expand")
    return title


def _event_history(history: _History, writers: dict[str, _Writer], spec: dict, grace: int,
                   outsiders: list[str], rng: random.Random) -> None:
    """Generate one event's edits: creations, improvements, edits outside the window."""
    first, last = spec["days"]
    editors, wikis = list(spec["editors"]), spec["wikis"]
    pinned = {wiki: list(titles) for wiki, titles in spec.get("titles", {}).items()}
    created: list[tuple[str, str]] = []
    for i in range(spec["created"]):
        wiki = wikis[i % len(wikis)]
        title = pinned.get(wiki, []).pop(0) if pinned.get(wiki) else writers[wiki].title()
        writers[wiki].used.add(title)
        authors = [editors[i % len(editors)]] + rng.sample(editors, min(2, len(editors)))
        start = _moment(rng, first, last)
        _new_article(history, writers[wiki], wiki, title, authors, start, rng)
        if rng.random() < 0.25:
            history.add(wiki, title, _touch(history, wiki, title), outsiders[1],
                        start + timedelta(hours=5), "copyedit")
        created.append((wiki, title))
    for i in range(spec.get("improved", 0)):
        wiki = wikis[i % len(wikis)]
        _improvement(history, writers[wiki], wiki, editors, outsiders[0], _moment(rng, first, last), rng)
    _outside_window(history, writers, spec, created, first - timedelta(days=1),
                    last + timedelta(days=grace + 3), rng)


def _outside_window(history: _History, writers: dict[str, _Writer], spec: dict,
                    created: list[tuple[str, str]], before: date, after: date,
                    rng: random.Random) -> None:
    """Add the edits that must not count: a head start the day before, late touch-ups."""
    editors, wikis = spec["editors"], spec["wikis"]
    for _ in range(spec.get("early", 0)):
        wiki = rng.choice(wikis)
        title = writers[wiki].title()
        history.add(wiki, title, writers[wiki].texts(title, 1)[0], rng.choice(editors),
                    _moment(rng, before, before), "new article (before the event)")
    for wiki, title in rng.sample(created, min(spec.get("late", 0), len(created))):
        history.add(wiki, title, _touch(history, wiki, title), rng.choice(editors),
                    _moment(rng, after, after), "late touch-up")


def _touch(history: _History, wiki: str, title: str) -> str:
    """Give a page's latest text with one more line (a copyedit-sized change)."""
    latest = [r for r in history.by_wiki[wiki] if r.title == title][-1].text
    return latest + "\n<!-- checked -->"


def _redirect(history: _History, spec: dict) -> None:
    """Add the one redirect a participant creates: it must count nowhere."""
    when = datetime.fromisoformat(spec["at"]).replace(tzinfo=timezone.utc)
    history.add(spec["wiki"], spec["title"], f"#REDIRECT [[{spec['target']}]]", spec["user"], when,
                "redirect")


def generate_history(activity: dict) -> dict[str, list[ImportedRevision]]:
    """Turn demo/activity.yaml into revisions per wiki; same file, same revisions."""
    rng = random.Random(activity["seed"])
    writers = {code: _Writer(words, rng) for code, words in activity["languages"].items()}
    history = _History()
    for spec in activity["events"]:
        _event_history(history, writers, spec, activity["grace_days"], activity["outsiders"], rng)
    _redirect(history, activity["redirect"])
    return history.by_wiki


def accounts(activity: dict) -> list[str]:
    """List every account the sample needs: editors, quiet sign-ups, organizers, outsiders."""
    names = list(activity["outsiders"])
    for spec in activity["events"]:
        names += spec["editors"] + spec.get("quiet", [])
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------
# Booting and loading
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Loaded:
    """What the sample put on the wikis, for the report and the diffs."""

    pages: dict[tuple[str, str], str]          # (wiki, title) -> text as loaded
    accounts: int
    revisions: dict[str, int]                  # wiki -> revisions imported
    events: int


def read_pages(data: Path) -> dict[str, dict[str, str]]:
    """Read demo/pages.yaml and the files it names: wiki -> title -> text."""
    listing = yaml.safe_load((data / "pages.yaml").read_text(encoding="utf-8"))
    return {wiki: {title: (data / file).read_text(encoding="utf-8") for title, file in pages.items()}
            for wiki, pages in listing.items()}


def boot(folder: Path) -> Sandbox:
    """Install (first time) and serve every demo wiki under ``folder/wikis``."""
    sandbox = Sandbox(folder / "wikis")
    for name in WIKIS:
        sandbox.add(name)
    sandbox.start()
    return sandbox


def load(sandbox: Sandbox, data: Path = DATA) -> Loaded:
    """Create the accounts, save the pages and import the history on every wiki."""
    activity = yaml.safe_load((data / "activity.yaml").read_text(encoding="utf-8"))
    pages, people = read_pages(data), accounts(activity)
    history = generate_history(activity)

    for wiki in sandbox:   # one at a time: parallel PHP processes were slower on 2 CPUs
        wiki.create_users(people)
        if pages.get(wiki.name):
            wiki.load_pages(pages[wiki.name].items(), summary="WikiGap 2021 sample page")
        wiki.import_revisions(history.get(wiki.name, []), link_updates=False)
    return Loaded(pages={(w, t): text for w, titles in pages.items() for t, text in titles.items()},
                  accounts=len(people), revisions={w: len(r) for w, r in history.items()},
                  events=len(activity["events"]))


# --------------------------------------------------------------------------
# The bot's side: pywikibot folder, campaign YAML, the run
# --------------------------------------------------------------------------

def prepare_pywikibot(folder: Path) -> Path:
    """Give pywikibot a folder of its own with the sandbox bot's password (mode 0600)."""
    home = folder / "pywikibot"
    password = use_pywikibot_dir(home, "`bot.py demo`")
    os.environ.update(WIKIGAPBOT_USER=BOT_USER, WIKIGAPBOT_PASSWORD_FILE=str(password))
    return home


def write_config(sandbox: Sandbox, folder: Path) -> Path:
    """Write the campaign YAML: the production layout, pointed at the sandbox by URL."""
    data = {
        "name": CAMPAIGN,
        "account": BOT_USER,
        "wikis": {"meta": sandbox["meta"].api_url, "se": sandbox["se"].api_url},
        "content_wikis": {code: sandbox[code].api_url for code in CONTENT},
        "events": {"wiki": "meta", "page": REGISTRY, "grace_days": 7},
        "status_tables": [{"wiki": "meta", "page": STATUS_PAGE, "marker": "status", "language": "en"},
                          {"wiki": "se", "page": STATS_PAGE, "marker": "status", "language": "sv"}],
        "event_tables": True,
        "progress_report": {"wiki": "se", "page": PROJECT_PAGE, "template": "Lägesrapport",
                            "updated_param": "uppdaterad", "marker": "wikigapbot",
                            "goals": {"G.2.1": "active_participants", "T.1.1": "articles_created"}},
        "notify": {"wiki": "meta", "after_end_days": 7, "max_per_run": 20},
        "run_page": {"wiki": "meta", "page": RUN_PAGE},
        "state": str(folder / "state" / "wikigap-2021.sqlite"),
        "max_snapshot_age": 60,
    }
    path = folder / "wikigap-2021-demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_chart(config: Config, path: Path) -> Path | None:
    """Draw the progress chart from the stored snapshots; None if chart.py is missing."""
    try:
        from wikigap.chart import write_chart as draw
    except ImportError:
        return None
    from wikigap.state import State
    with State(config.state_path) as state:
        return draw(path, config.name, state.snapshots(config.name))


@dataclass
class DemoResult:
    """A finished demo run, with the wikis still up until :meth:`stop`."""

    sandbox: Sandbox
    config: Config
    loaded: Loaded
    status: int
    log: list[str]
    chart: Path | None
    timings: dict[str, float]

    def stop(self) -> None:
        """Stop the wikis' servers (the folder stays)."""
        self.sandbox.stop()


def run_demo(folder: Path, chart: Path | None = None, data: Path = DATA) -> DemoResult:
    """Boot, load, run `all`, draw the chart; leave the wikis up for the caller to stop."""
    folder = claim_folder(Path(folder))
    timings: dict[str, float] = {}
    start = time.monotonic()
    sandbox = boot(folder)
    try:
        timings["boot"] = _lap(start)
        loaded = load(sandbox, data)
        timings["load"] = _lap(start, timings)
        prepare_pywikibot(folder)
        config = load_config(write_config(sandbox, folder))
        from wikigap import runner
        _quiet_pywikibot()
        log: list[str] = []
        status = runner.run_tasks(config, list(TASKS), echo=log.append)
        timings["run"] = _lap(start, timings)
        drawn = write_chart(config, chart or folder / "wikigap-2021-progress.svg")
        return DemoResult(sandbox, config, loaded, status, log, drawn, timings)
    except BaseException:
        sandbox.stop()
        raise


def _lap(start: float, done: dict[str, float] | None = None) -> float:
    """Seconds since ``start`` minus the laps already taken."""
    return time.monotonic() - start - sum((done or {}).values())


def reopen(folder: Path) -> Sandbox:
    """Serve an earlier demo's wikis again, as the demo left them (no reinstall)."""
    return boot(Path(folder))


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


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------

_OUTCOME = re.compile(r"^\s*(\S+)\s+(\S+): \[\[(.+?)\]\](?:: (.*))?$")


def page_url(wiki: SandboxWiki, title: str, **params: str) -> str:
    """Give the index.php address of a page on a sandbox wiki."""
    query = urllib.parse.urlencode({"title": title.replace(" ", "_"), **params}, safe=":/()")
    return f"{wiki.index_url}?{query}"


def _section(title: str, body: Iterable[str]) -> list[str]:
    return ["", title, "-" * len(title), *body]


def outcome_lines(result: DemoResult) -> list[str]:
    """Give the run's log without the notice outcomes, which have a section of their own."""
    return [line for line in result.log if not _is_notice(line)]


def _is_notice(line: str) -> bool:
    match = _OUTCOME.match(line)
    return bool(match and match[3].startswith("User talk:"))


def status_table(result: DemoResult) -> list[str]:
    """Give the status region as it is saved on Meta now."""
    from wikigap.regions import read_region
    text = result.sandbox["meta"].page_text(STATUS_PAGE) or ""
    try:
        return read_region(text, "status").splitlines()
    except ValueError as err:
        return [f"(could not read the status region: {err})"]


def project_diff(result: DemoResult) -> list[str]:
    """Diff the se project page: as loaded, and as the bot left it."""
    before = result.loaded.pages[("se", PROJECT_PAGE)]
    after = result.sandbox["se"].page_text(PROJECT_PAGE) or ""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), f"se:{PROJECT_PAGE} (before)",
                                f"se:{PROJECT_PAGE} (after)", lineterm="", n=1)
    return list(diff) or ["(unchanged)"]


def bot_edits(wiki: SandboxWiki) -> list[dict]:
    """List the bot's edits on a wiki, oldest first (usercontribs, one request)."""
    data = wiki.api(action="query", list="usercontribs", ucuser=BOT_USER, uclimit="max",
                    ucdir="newer", ucprop="ids|title|comment")
    return data["query"]["usercontribs"]


_HEADING = re.compile(r"^==\s*(.*?)\s*==\s*$", re.M)


def notices(result: DemoResult) -> list[str]:
    """Name each notice posted (talk page and heading) and each one held back."""
    meta, lines = result.sandbox["meta"], []
    for title in dict.fromkeys(e["title"] for e in bot_edits(meta) if e["title"].startswith("User talk:")):
        before = result.loaded.pages.get(("meta", title)) or ""
        old = set(_HEADING.findall(before))
        for heading in _HEADING.findall(meta.page_text(title) or ""):
            if heading not in old:
                lines.append(f"posted   [[{title}]]: == {heading} ==")
    for line in result.log:
        match = _OUTCOME.match(line)
        if match and match[1] != "saved" and _is_notice(line):
            lines.append(f"{match[1]:8} [[{match[3]}]]: {match[4] or ''}".rstrip(": "))
    return lines or ["(none)"]


def urls(result: DemoResult) -> list[str]:
    """Give the local addresses worth opening, while the wikis are up."""
    sb = result.sandbox
    picks = [("meta", STATUS_PAGE, "the status table"), ("meta", REGISTRY, "the event registry"),
             ("meta", "WikiGap/2021/Stockholm", "an event's own table"),
             ("meta", "User talk:Eric Luth (WMSE)", "notices to an organizer"),
             ("meta", "User talk:Bruno Costa", "{{nobots}}: no notice"),
             ("se", STATS_PAGE, "the Swedish status table"),
             ("se", PROJECT_PAGE, "the progress report")]
    lines = [f"{label:26} {page_url(sb[w], t)}" for w, t, label in picks]
    for name in ("meta", "se"):
        lines.append(f"{'bot edits on ' + name:26} "
                     f"{page_url(sb[name], 'Special:Contributions/' + BOT_USER)}")
    lines.append(f"{'an editor on sv':26} {page_url(sb['sv'], 'Special:Contributions/Alice Andersson')}")
    return lines


def report(result: DemoResult, serving: bool = False) -> str:
    """Build everything the demo prints after the run."""
    loaded, t = result.loaded, result.timings
    head = [f"WikiGap 2021 demo on {len(result.sandbox.wikis)} local wikis ({', '.join(WIKIS)})",
            f"  folder: {result.sandbox.root.parent}",
            f"  loaded: {loaded.events} events, {loaded.accounts} accounts, "
            f"{sum(loaded.revisions.values())} revisions "
            f"({', '.join(f'{w} {n}' for w, n in sorted(loaded.revisions.items()))})",
            f"  time:   boot {t['boot']:.1f} s, load {t['load']:.1f} s, run {t['run']:.1f} s",
            f"  config: {result.config.path}"]
    parts = head + _section("What the bot did (python bot.py run all): outcomes", outcome_lines(result))
    parts += _section(f"Status table on Meta ([[{STATUS_PAGE}]])", status_table(result))
    parts += _section(f"Progress report: diff of [[{PROJECT_PAGE}]] on se", project_diff(result))
    parts += _section("Notices to organizers (User talk: pages on Meta)", notices(result))
    chart = [f"progress chart: {result.chart}"] if result.chart else [
        "progress chart: not drawn (wikigap/chart.py is missing)"]
    parts += _section("Files", chart + [f"campaign YAML:  {result.config.path}"])
    parts += _section("Open these pages" + ("" if serving else " (run with --serve to keep the "
                                                                  "wikis up)"), urls(result))
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

def serve_until_stopped(echo: Callable[[str], None] = print) -> None:
    """Block until Ctrl-C or SIGTERM, then return so the caller can stop the wikis."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    echo("Serving the wikis; press Ctrl-C to stop them.")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    echo("Stopping the wikis.")


def _quiet_logs() -> None:
    """Keep the per-page INFO lines off the screen unless -v asked for debug."""
    logger = logging.getLogger("wikigap")
    if not logger.isEnabledFor(logging.DEBUG):
        logger.setLevel(logging.WARNING)


def _quiet_pywikibot() -> None:
    """Drop pywikibot's "Logging in to …" lines too; it resets its level on first output."""
    if not logging.getLogger("wikigap").isEnabledFor(logging.DEBUG):
        import pywikibot.bot
        pywikibot.bot.init_handlers()
        logging.getLogger("pywiki").setLevel(logging.WARNING)


def main(serve: bool = False, folder: str | None = None) -> int:
    """Run the demo and print the report; return the run's exit status."""
    _quiet_logs()
    temporary = folder is None
    root = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="wikigap-demo-"))
    chart = ROOT / "demo-output" / "wikigap-2021-progress.svg" if temporary else None
    print(f"Booting {len(WIKIS)} local wikis in {root} and loading the sample campaign ...", flush=True)
    try:
        result = run_demo(root, chart)
        try:
            print(report(result, serving=serve), flush=True)
            if serve:
                serve_until_stopped()
        finally:
            result.stop()
    except DemoError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)
    return result.status
