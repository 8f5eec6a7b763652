"""The Challenge on a bad day: Wikidata, a content wiki or the global accounts unreachable.

Each service is reached through ``sandbox.faultproxy.FaultProxy`` at a closed
port ("refuse") after a good run. What staff must see (issue 26, item 3): the
run ends with exit 1 and one line naming the service and saying that the
leaderboard keeps its last numbers; no traceback; nothing written (the
leaderboard page and the stored board are those of the good run).

Wikidata and the content wiki are tried as cron runs the bot (``bot.py run
challenge`` as a process); the global accounts are read from the Challenge's
own wiki right after its pages, so that case closes Meta's port at the
moment the contestants are known (an in-process run, its progress line as the
cue) and the pages themselves were read.
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from challenge_sandbox import account, article, contest_page
from running import run_tasks
from sandbox_campaign import campaign_yaml
from wikidata_entities import FEMALE, claims

from sandbox import ImportedRevision, use_pywikibot_dir
from sandbox.faultproxy import FaultProxy
from wikigap.challenge.store.challengestore import ChallengeStore
from wikigap.config import load_config
from wikigap.store.state import State

P = "C26O"
ROOT = Path(__file__).resolve().parents[2]
USERS = [f"{P} Ann", f"{P} Bo"]
PAGE, BOARD = f"{P} Challenge", f"{P} Challenge/Leaderboard"
WHEN = datetime(2021, 3, 10, 12, tzinfo=timezone.utc)
BOARD_TEXT = "<!-- wikigapbot:begin leaderboard -->\n<!-- wikigapbot:end leaderboard -->\n"
KEEPS = "nothing was written and the leaderboard keeps its last numbers"


@pytest.fixture(scope="module")
def contest(sandbox):
    """Ann writes about a woman on en, Bo on sv; their global accounts say so."""
    for code in ("meta", "en", "sv"):
        sandbox[code].create_users(USERS)
    sandbox["en"].import_revisions([ImportedRevision(f"{P} Anna", article(2500), USERS[0], WHEN)])
    sandbox["sv"].import_revisions([ImportedRevision(f"{P} Berit", article(2600), USERS[1], WHEN)])
    sandbox["en"].set_items({f"{P} Anna": "Q926001"})
    sandbox["sv"].set_items({f"{P} Berit": "Q926002"})
    sandbox["wikidata"].load_entities({"Q926001": claims(p21=(FEMALE,)),
                                       "Q926002": claims(p21=(FEMALE,))})
    sandbox["meta"].load_global_accounts({USERS[0]: account("en", "en"),
                                          USERS[1]: account("sv", "sv")})
    sandbox["meta"].load_pages([(PAGE, contest_page(USERS))])
    return sandbox


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The bot's environment for a process run: the sandbox's pywikibot folder."""
    child = dict(os.environ)
    use_pywikibot_dir(tmp_path_factory.mktemp("pwb-c26o"), "tests/wiki/test_challenge_outage.py",
                      env=child)
    return child


def proxy_for(sandbox, code: str) -> FaultProxy:
    parts = urlsplit(sandbox[code].api_url)
    return FaultProxy((parts.hostname, parts.port), "pass")


def via(proxy: FaultProxy, sandbox, code: str) -> str:
    return proxy.url(urlsplit(sandbox[code].api_url).path)


def write_config(sandbox, folder: Path, board: str, page: str = PAGE, **extra) -> str:
    """A campaign whose Challenge scores ``wikis: any`` women's articles, 1 point for 2,000 bytes."""
    sandbox["meta"].load_page(board, BOARD_TEXT)
    block = {"name": f"{P} {folder.name}", "wiki": "meta", "page": page,
             "first_day": "2021-03-08", "last_day": "2021-04-08", "wikis": "any",
             "women_only": True, "rules": [{"kind": "bytes_at_least", "bytes": 2000, "points": 1}],
             "leaderboard": {"page": board, "marker": "leaderboard"}}
    return str(campaign_yaml(sandbox, folder, f"{P}/Events", name=f"{P} {folder.name}",
                             challenge=block, **extra))


def bot(env, config: str, *args: str) -> tuple[int, str]:
    done = subprocess.run([sys.executable, str(ROOT / "bot.py"), *args, "--config", config],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def stored(config: str, name: str) -> dict | None:
    with State(Path(config).parent / "state.sqlite") as state:
        return ChallengeStore.of(state).latest_board(name)


def failed_line(out: str) -> str:
    """The run's one line about the challenge task's failure."""
    found = [line for line in out.splitlines() if "task challenge: FAILED" in line]
    assert len(found) == 1, out
    return found[0]


@pytest.mark.parametrize("service, key, named", [
    ("wikidata", "wikidata", "could not read Wikidata: "),
    ("en", "content_wikis", "could not read the en Wikipedia: "),
])
def test_a_service_at_a_closed_port_fails_the_run_in_one_line_and_writes_nothing(
        contest, env, tmp_path, service, key, named):
    proxy = proxy_for(contest, service)
    board = f"{BOARD} {service}"
    url = via(proxy, contest, service)
    value = url if key == "wikidata" else {
        **{c: contest[c].api_url for c in ("en", "pt", "sv")}, service: url}
    config = write_config(contest, tmp_path, board, **{key: value})
    name = f"{P} {tmp_path.name}"
    with proxy:
        status, out = bot(env, config, "run", "challenge")
        assert status == 0, out
        good_page, good_board = contest["meta"].page_text(board), stored(config, name)
        assert f"{P} Anna" in good_page and f"{P} Berit" in good_page
        proxy.mode = "refuse"
        status, out = bot(env, config, "run", "challenge")
    assert status == 1
    line = failed_line(out)
    assert named in line and KEEPS in line
    assert "Traceback" not in out and "Error" not in line
    assert contest["meta"].page_text(board) == good_page
    assert stored(config, name) == good_board


def test_the_global_accounts_unreachable_fail_the_run_in_one_line(contest, tmp_path):
    """Cy signs up after the good run: her account is read (the others' are a day fresh)."""
    proxy = proxy_for(contest, "meta")
    board, page = f"{BOARD} accounts", f"{PAGE} accounts"
    contest["meta"].create_users([f"{P} Cy"])
    contest["meta"].load_global_accounts({f"{P} Cy": account("en", "en")})
    contest["meta"].load_page(page, contest_page(USERS))
    with proxy:
        config = load_config(write_config(contest, tmp_path, board, page=page,
                                          wikis={"meta": via(proxy, contest, "meta"),
                                                 "se": contest["se"].api_url}))
        assert run_tasks(config, ["challenge"]) == 0
        good_page = contest["meta"].page_text(board)
        name = config.challenge.name
        good_board = stored(config.path, name)
        contest["meta"].load_page(page, contest_page([*USERS, f"{P} Cy"]))
        out: list[str] = []

        def close_meta_once_the_contestants_are_known(line: str) -> None:
            out.append(line)
            if "contestants on [[" in line:
                proxy.mode = "refuse"
        status = run_tasks(config, ["challenge"], echo=close_meta_once_the_contestants_are_known)
    text = "\n".join(out)
    assert status == 1, text
    assert "3 contestants on [[" in text
    line = failed_line(text)
    assert "could not read the global accounts (on meta): " in line and KEEPS in line
    assert "Traceback" not in text
    assert contest["meta"].page_text(board) == good_page
    assert stored(config.path, name) == good_board


def test_the_challenges_own_wiki_unreachable_fails_the_run_in_one_line(contest, tmp_path):
    """Meta at a closed port from the start (as the scheduler meets it, past the start-up check)."""
    proxy = proxy_for(contest, "meta")
    board = f"{BOARD} meta"
    with proxy:
        config = load_config(write_config(contest, tmp_path, board,
                                          wikis={"meta": via(proxy, contest, "meta"),
                                                 "se": contest["se"].api_url}))
        before = contest["meta"].page_text(board)
        proxy.mode = "refuse"
        out: list[str] = []
        status = run_tasks(config, ["challenge"], echo=out.append)
    text = "\n".join(out)
    assert status == 1, text
    line = failed_line(text)
    assert "could not read the Challenge's pages (on meta): " in line and KEEPS in line
    assert "Traceback" not in text and "Error" not in line
    assert contest["meta"].page_text(board) == before
    assert stored(config.path, config.challenge.name) is None
