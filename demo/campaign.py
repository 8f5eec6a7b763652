"""The demo's campaign: its wikis, its pages (files in demo/) and its campaign YAML.

The YAML has the production layout (campaigns/wikigap-2021.yaml) with every
wiki pointed at its sandbox copy by api.php URL, and the pageviews API at its
local double (demo/views.py).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from sandbox import BOT_USER, Sandbox
from wikigap.config import ROOT

DATA = ROOT / "demo"
CONTENT = ("en", "pt", "sv", "es", "sw")
WIKIS = ("meta", "se") + CONTENT + ("wikidata",)
CAMPAIGN = "WikiGap 2021"
REGISTRY = "WikiGap/2021/Events"
STATUS_PAGE = "WikiGap/2021"
STATS_PAGE = "Projekt:En gemenskap för alla 2021/Statistik"
PROJECT_PAGE = "Projekt:En gemenskap för alla 2021"
RUN_PAGE = "User:WikiGapBot/Run"
SPANISH_EVENT = "WikiGap/2021/Mexico"      # its event table and notices are in Spanish
PAGEVIEWS_CONTACT = "wikigapbot demo <demo@example.org>"   # the User-Agent's contact (required)
CHALLENGE_NAME = "WikiGap Challenge 2021"
CHALLENGE_PAGE = "WikiGap Challenge/2021"
CHALLENGE_BONUS = f"{CHALLENGE_PAGE}/Bonus"
CHALLENGE_BOARD = f"{CHALLENGE_PAGE}/Leaderboard"
#: `run all` with `views` after the tally it reads and before the tasks that show its numbers.
TASKS = ("tally", "views", "status-table", "progress-report", "notify")
#: Run first: the progress report's Swedish summary then has the Challenge's sentence.
CHALLENGE_TASKS = ("challenge",)


def read_pages(data: Path) -> dict[str, dict[str, str]]:
    """Read demo/pages.yaml and the files it names: wiki -> title -> text."""
    listing = yaml.safe_load((data / "pages.yaml").read_text(encoding="utf-8"))
    return {wiki: {title: (data / file).read_text(encoding="utf-8") for title, file in pages.items()}
            for wiki, pages in listing.items()}


UMBRELLA_CAMPAIGN = "WikiGap 2021 around the world"
UMBRELLA_PAGE = "Event:WikiGap 2021 around the world"
UMBRELLA_STATUS = "WikiGap/2021/Around the world"
#: The second campaign's tasks: its registry is the umbrella Event: page.
UMBRELLA_TASKS = ("tally", "status-table")


def challenge_contestants(data: Path = DATA) -> list[str]:
    """Name the demo Challenge's contestants: the participants section of its page."""
    from wikigap.read.signup import parse_signup
    text = read_pages(data)["meta"][CHALLENGE_PAGE]
    return list(parse_signup(text, CHALLENGE_PAGE, CHALLENGE_NAME).participants)


def write_config(sandbox: Sandbox, folder: Path, pageviews_api: str, dashboard_url: str) -> Path:
    """Write the campaign YAML: the production layout, pointed at the sandbox by URL.

    ``pageviews_api`` is the REST base URL of the demo's pageviews double,
    ``dashboard_url`` that of its Dashboard double.
    """
    data = {
        "name": CAMPAIGN,
        "account": BOT_USER,
        "wikis": {"meta": sandbox["meta"].api_url, "se": sandbox["se"].api_url},
        "content_wikis": {code: sandbox[code].api_url for code in CONTENT},
        "wikidata": sandbox["wikidata"].api_url,
        "events": {"wiki": "meta", "page": REGISTRY, "grace_days": 7},
        "status_tables": [{"wiki": "meta", "page": STATUS_PAGE, "marker": "status", "language": "en"},
                          {"wiki": "se", "page": STATS_PAGE, "marker": "status", "language": "sv"}],
        "event_tables": True,
        "progress_report": {"wiki": "se", "page": PROJECT_PAGE, "template": "Lägesrapport",
                            "updated_param": "uppdaterad", "marker": "wikigapbot",
                            "goals": {"G.2.1": "active_participants", "T.1.1": "articles_created"}},
        "notify": {"wiki": "meta", "after_end_days": 7, "max_per_run": 20},
        "run_page": {"wiki": "meta", "page": RUN_PAGE},
        "pageviews": {"api": pageviews_api, "contact": PAGEVIEWS_CONTACT},
        "state": str(folder / "state" / "wikigap-2021.sqlite"),
        "max_snapshot_age": 60,
        "dashboard": {"url": dashboard_url},
        "challenge": {   # a small Challenge: 2021's rules, the demo's March editors
            "name": CHALLENGE_NAME, "wiki": "meta", "page": CHALLENGE_PAGE,
            "first_day": "2021-03-08", "last_day": "2021-04-08", "wikis": "any",
            "rules": [{"kind": "created", "points": 1}, {"kind": "per_kb", "points": 1},
                      {"kind": "sources_and_links", "refs": 1, "links": 1, "points": 1}],
            "bonus": {"page": CHALLENGE_BONUS, "mode": "add", "points": 1},
            "leaderboard": {"page": CHALLENGE_BOARD, "marker": "leaderboard"},
            "results": {"page": f"{CHALLENGE_PAGE}/Results draft", "top": 5}},
    }
    path = folder / "wikigap-2021-demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_umbrella_config(sandbox: Sandbox, folder: Path) -> Path:
    """Write the second campaign's YAML: its registry is the umbrella page, its table in Swedish."""
    data = {
        "name": UMBRELLA_CAMPAIGN,
        "account": BOT_USER,
        "wikis": {"meta": sandbox["meta"].api_url},
        "content_wikis": {code: sandbox[code].api_url for code in CONTENT},
        "wikidata": sandbox["wikidata"].api_url,
        "events": {"wiki": "meta", "page": UMBRELLA_PAGE, "grace_days": 7},
        "status_tables": [{"wiki": "meta", "page": UMBRELLA_STATUS, "marker": "status",
                           "language": "sv"}],
        "run_page": {"wiki": "meta", "page": RUN_PAGE},
        "state": str(folder / "state" / "wikigap-2021-around-the-world.sqlite"),
    }
    path = folder / "wikigap-2021-around-the-world-demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
