"""What the demo prints after its run: outcomes, tables, the diff, notices, addresses."""
from __future__ import annotations

import difflib
import re
import urllib.parse
from collections.abc import Iterable

from demo.campaign import (
    CHALLENGE_BOARD,
    CHALLENGE_TASKS,
    PROJECT_PAGE,
    REGISTRY,
    SPANISH_EVENT,
    STATS_PAGE,
    STATUS_PAGE,
    TASKS,
    UMBRELLA_PAGE,
    UMBRELLA_STATUS,
    WIKIS,
)
from demo.run import DemoResult
from sandbox import BOT_USER, SandboxWiki
from wikigap.outcomes import Action, Kind
from wikigap.write.regions import read_region


def page_url(wiki: SandboxWiki, title: str, **params: str) -> str:
    """Give the index.php address of a page on a sandbox wiki."""
    query = urllib.parse.urlencode({"title": title.replace(" ", "_"), **params}, safe=":/()")
    return f"{wiki.index_url}?{query}"


def _section(title: str, body: Iterable[str]) -> list[str]:
    return ["", title, "-" * len(title), *body]


def outcome_lines(result: DemoResult) -> list[str]:
    """Give the run's log without the notice outcomes, which have a section of their own."""
    notices = {f"  {o}" for o in result.report.outcomes if o.action == Action.NOTICE}
    return [line for line in result.log if line not in notices]


def status_table(result: DemoResult, title: str = STATUS_PAGE) -> list[str]:
    """Give the status region as it is saved on Meta now."""
    text = result.sandbox["meta"].page_text(title) or ""
    try:
        return read_region(text, "status").splitlines()
    except ValueError as err:
        return [f"(could not read the status region: {err})"]


def event_table(result: DemoResult, title: str = SPANISH_EVENT) -> list[str]:
    """Give an event's own table as saved on its sign-up page (in the event's language)."""
    try:
        return read_region(result.sandbox["meta"].page_text(title) or "", "event").splitlines()
    except ValueError as err:
        return [f"(could not read the event region: {err})"]


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
    for o in result.report.outcomes:
        if o.action == Action.NOTICE and o.kind != Kind.SAVED:
            lines.append(f"{o.kind:8} [[{o.title}]]: {o.detail}".rstrip(": "))
    return lines or ["(none)"]


def leaderboard(result: DemoResult, rows: int = 5) -> list[str]:
    """Give the Challenge leaderboard's status line, table head and top rows, and its address."""
    text = result.sandbox["meta"].page_text(CHALLENGE_BOARD) or ""
    try:
        region = read_region(text, "leaderboard").splitlines()
    except ValueError as err:
        return [f"(could not read the leaderboard region: {err})"]
    end = next((i for i, line in enumerate(region) if line.startswith("|}")), len(region))
    table = region[:end]
    head = [line for line in table if not line.startswith("|-")][:3 + rows]
    return head + ["|}", f"leaderboard: {page_url(result.sandbox['meta'], CHALLENGE_BOARD)}"]


def urls(result: DemoResult) -> list[str]:
    """Give the local addresses worth opening, while the wikis are up."""
    sb = result.sandbox
    picks = [("meta", STATUS_PAGE, "the status table"), ("meta", REGISTRY, "the event registry"),
             ("meta", "WikiGap/2021/Stockholm", "an event's own table"),
             ("meta", SPANISH_EVENT, "a table in Spanish"),
             ("meta", "Event:WikiGap 2021 Manila", "a registered event"),
             ("meta", UMBRELLA_PAGE, "an umbrella page"),
             ("meta", UMBRELLA_STATUS, "its table, in Swedish"),
             ("meta", "User talk:Eric Luth (WMSE)", "notices to an organizer"),
             ("meta", "User talk:Ana Pereira", "notices in Portuguese"),
             ("meta", "User talk:Lucía Hernández", "notices in Spanish"),
             ("meta", "User talk:Bruno Costa", "{{nobots}}: no notice"),
             ("meta", CHALLENGE_BOARD, "the Challenge leaderboard"),
             ("se", STATS_PAGE, "the Swedish status table"),
             ("se", PROJECT_PAGE, "the progress report")]
    lines = [f"{label:26} {page_url(sb[w], t)}" for w, t, label in picks]
    for name in ("meta", "se"):
        lines.append(f"{'bot edits on ' + name:26} "
                     f"{page_url(sb[name], 'Special:Contributions/' + BOT_USER)}")
    lines.append(f"{'an editor on sv':26} {page_url(sb['sv'], 'Special:Contributions/Alice Andersson')}")
    lines += [f"{'the ' + name + ' double':26} {url}" for name, url in result.services.items()]
    return lines


def report(result: DemoResult, serving: bool = False, kept: bool = True) -> str:
    """Build everything the demo prints after the run."""
    loaded, t = result.loaded, result.timings
    head = [f"WikiGap 2021 demo on {len(result.sandbox.wikis)} local wikis ({', '.join(WIKIS)})",
            f"  folder: {result.sandbox.root.parent}",
            f"  loaded: {loaded.events} events, {loaded.accounts} accounts, "
            f"{sum(loaded.revisions.values())} revisions "
            f"({', '.join(f'{w} {n}' for w, n in sorted(loaded.revisions.items()))})",
            f"  time:   boot {t['boot']:.1f} s, load {t['load']:.1f} s, run {t['run']:.1f} s",
            f"  config: {result.config.path}"]
    ran = f"python bot.py run {' '.join((*CHALLENGE_TASKS, *TASKS))}"
    parts = head + _section(f"What the bot did ({ran}): outcomes", outcome_lines(result))
    parts += _section(f"Status table on Meta ([[{STATUS_PAGE}]])", status_table(result))
    parts += _section(f"Event table in Spanish ([[{SPANISH_EVENT}]])", event_table(result))
    parts += _section(f"The second campaign: registry [[{UMBRELLA_PAGE}]], table in Swedish "
                      f"([[{UMBRELLA_STATUS}]])", status_table(result, UMBRELLA_STATUS))
    parts += _section(f"Progress report: diff of [[{PROJECT_PAGE}]] on se", project_diff(result))
    parts += _section(f"WikiGap Challenge leaderboard ([[{CHALLENGE_BOARD}]]), top lines",
                      leaderboard(result))
    parts += _section("Notices to organizers (User talk: pages on Meta)", notices(result))
    parts += _section("Files", [f"progress chart: {result.chart}",
                                f"campaign YAML:  {result.config.path}" + ("" if kept else
                                " (removed when the demo ends; --dir FOLDER keeps it)")])
    parts += _section("Open these pages" + ("" if serving else " (run with --serve to keep the "
                                                                  "wikis and doubles up)"), urls(result))
    return "\n".join(parts) + "\n"
