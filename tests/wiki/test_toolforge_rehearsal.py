"""A Toolforge rehearsal: two pods of the Build Service image, the state in MariaDB, no NFS.

Each "pod" is a fresh copy of the repository's files (what ``git clone`` gives:
the tracked files and the new ones, nothing ignored) run with the image's
Python, an empty ``HOME``, no password file and no pywikibot folder: the
secrets and the state's URL only in the environment, as ``toolforge envvars``
gives them. The state is a database on the session's throw-away MariaDB
(tests/conftest.py), standing in for ToolsDB. The only change to a copy is
the sandbox's pywikibot settings appended to its user-config.py (no edit
throttle, short retries: local wikis only, as every test's pywikibot folder).

What must hold: pod B finds what pod A posted and posts nothing; two pods
started at once both end and no notice is posted twice; a pod killed
(SIGKILL, as Kubernetes ends a pod past its timeout) after its first notice
leaves no stale lock, and the next pod posts every other notice exactly once.
No SQLite file is made, nothing is written in the code folder, and no secret
reaches the output or the database.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sandbox_campaign import campaign_yaml
from sqlalchemy import create_engine, exc, text

from sandbox import BOT_PASSWORD, ImportedRevision
from sandbox.pywikibot_dir import SANDBOX_PYWIKIBOT
from wikigap.store.engine import locate

ROOT = Path(__file__).resolve().parents[2]
TASKS = ["tally", "status-table", "notify"]


def clone(folder: Path) -> Path:
    """Copy the repository's files as a fresh clone has them; sandbox pywikibot settings added."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    settings = "".join(f"{key} = {value!r}\n" for key, value in SANDBOX_PYWIKIBOT.items())
    with open(folder / "user-config.py", "a", encoding="utf-8") as config:
        config.write(f"\n# Rehearsal only: the local sandbox wikis.\n{settings}")
    return folder


def files(folder: Path) -> dict[str, float]:
    """Every file under a clone with its modification time, bytecode caches aside."""
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@dataclass
class Pod:
    """One pod: its code folder, its empty HOME, its environment (the envvars)."""

    code: Path
    home: Path
    env: dict[str, str]

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "bot.py", *args], cwd=self.code, env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def run(self, *args: str) -> tuple[int, str]:
        proc = self.start(*args)
        out, err = proc.communicate(timeout=600)
        return proc.returncode, out + err


@dataclass
class Rehearsal:
    """One campaign on the sandbox (its own pages and users) and its database."""

    sandbox: object
    folder: Path
    prefix: str
    url: str
    password: str

    def user(self, name: str) -> str:
        return f"{self.prefix} {name}"

    def setup(self, organizers: tuple[str, ...]) -> Path:
        """One event of March 2021 with one article; the organizers' notices are due."""
        meta, writer = self.sandbox["meta"], self.user("Writer")
        people = [writer, *organizers]
        for wiki in ("meta", "en"):
            self.sandbox[wiki].create_users(people)
        page = f"{self.prefix}/Stockholm"
        names = ", ".join(f"[[User:{o}|{o}]]" for o in organizers)
        meta.load_page(f"{self.prefix}/Events", "\n".join([
            '{| class="wikitable"',
            "! Country !! City !! Date !! Organizer(s) !! Language(s) !! Event page", "|-",
            f"| Sweden || Stockholm || 8 March 2021 || {names} || en || [[{page}]]", "|}"]))
        meta.load_page(page, f"About.\n\n== Participants ==\n# [[User:{writer}]] 10:00, "
                             "1 March 2021 (UTC)\n")
        meta.load_page(f"{self.prefix}/Status", "<!-- wikigapbot:begin status -->\n"
                                               "<!-- wikigapbot:end status -->\n")
        self.sandbox["en"].import_revisions([ImportedRevision(
            f"{self.prefix} Karin Larsdotter", "Karin Larsdotter was a Swedish painter. " * 5,
            writer, datetime(2021, 3, 8, 12, 0))])
        return campaign_yaml(
            self.sandbox, self.folder, f"{self.prefix}/Events", name=f"Rehearsal {self.prefix}",
            status_tables=[{"wiki": "meta", "page": f"{self.prefix}/Status", "marker": "status",
                            "language": "en"}],
            notify={"wiki": "meta", "after_end_days": 7, "max_per_run": 20})

    def pod(self, code: Path, config: Path, name: str) -> Pod:
        home = self.folder / f"home-{name}"
        home.mkdir()
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8",
               "TMPDIR": str(self.folder / "tmp"), "WIKIGAPBOT_CONFIG": str(config),
               "WIKIGAPBOT_STATE": self.url, "WIKIGAPBOT_STATE_PASSWORD": self.password,
               "WIKIGAPBOT_PASSWORD": BOT_PASSWORD}
        (self.folder / "tmp").mkdir(exist_ok=True)
        return Pod(code, home, env)

    def revisions(self, organizer: str) -> int:
        return self.sandbox["meta"].revision_count(f"User talk:{organizer}")

    def query(self, sql: str) -> list[tuple]:
        user_host = self.url.split("//", 1)[1]
        user, rest = user_host.split("@", 1)
        engine = create_engine(f"mysql+pymysql://{user}:{self.password}@{rest}?charset=utf8mb4")
        try:
            with engine.connect() as conn:
                return [tuple(row) for row in conn.execute(text(sql))]
        finally:
            engine.dispose()

    def saved(self) -> list[tuple]:
        """The notices recorded as saved (none while the first pod has not made the tables)."""
        try:
            return self.query("SELECT kind, organizer FROM notices WHERE outcome = 'saved' "
                              "ORDER BY organizer")
        except exc.ProgrammingError:
            return []


@pytest.fixture(scope="module")
def clones(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("pods")
    return clone(base / "pod-a"), clone(base / "pod-b")


@pytest.fixture
def rehearsal(sandbox, mariadb, tmp_path, request) -> Rehearsal:
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:6]
    return Rehearsal(sandbox, tmp_path, f"Tf{digest}", mariadb.database(f"s55123__tf{digest}"),
                     mariadb.password)


def no_secret_anywhere(r: Rehearsal, outputs: list[str]) -> None:
    everything = "\n".join(outputs) + repr(r.query("SELECT * FROM notices")) + repr(
        r.query("SELECT * FROM runs")) + repr(r.query("SELECT * FROM run_locks"))
    assert BOT_PASSWORD not in everything and r.password not in everything
    assert not [p for p in r.folder.rglob("*.sqlite*")]          # no SQLite file made


def test_pod_b_finds_what_pod_a_posted_and_posts_nothing(rehearsal, clones):
    r = rehearsal
    ana, bo, cy = (r.user(n) for n in ("Ana", "Bo", "Cy"))
    config = r.setup((ana, bo, cy))
    a, b = r.pod(clones[0], config, "a"), r.pod(clones[1], config, "b")
    before = files(clones[0])
    code, checked = a.run("check", "--online")
    assert code == 0, checked
    lines = checked.splitlines()
    assert ("✓ bot password from the environment (WIKIGAPBOT_PASSWORD, the account's own "
            "password): for WikiGapBot") in lines
    assert (f"✓ state database {locate(r.url)}: password from the environment "
            "(WIKIGAPBOT_STATE_PASSWORD)") in lines
    assert "✓ state schema: no tables yet: the first run creates version 5" in lines
    assert f"✓ campaign lock '{r.url.rsplit('/', 1)[1]}.wikigapbot.campaign' is free" in lines
    code, first = a.run("run", *TASKS)
    assert code == 0, first
    assert [r.revisions(o) for o in (ana, bo, cy)] == [1, 1, 1]
    code, second = b.run("run", "notify")
    assert code == 0, second
    assert "3 already posted, 0 posted" in second
    assert [r.revisions(o) for o in (ana, bo, cy)] == [1, 1, 1]
    assert r.saved() == [("results", ana), ("results", bo), ("results", cy)]
    code, listed = b.run("list")                          # the run history is in the database
    assert code == 0 and "notify" in listed and "ok" in listed, listed
    code, checked = b.run("check", "--online")
    assert code == 0 and "✓ state schema version 5: this release's" in checked, checked
    assert files(clones[0]) == before                     # nothing written in the code folder
    assert "INFO" in first                                # the log went to stderr (jobs logs)
    no_secret_anywhere(r, [checked, first, second, listed])


def test_two_pods_started_at_once_both_end_and_post_each_notice_once(rehearsal, clones):
    r = rehearsal
    ana, bo = r.user("Ana"), r.user("Bo")
    config = r.setup((ana, bo))
    a, b = r.pod(clones[0], config, "a"), r.pod(clones[1], config, "b")
    procs = [a.start("run", *TASKS), b.start("run", *TASKS)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        outputs.append(out + err)
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [r.revisions(o) for o in (ana, bo)] == [1, 1]
    assert r.saved() == [("results", ana), ("results", bo)]
    waited = [o for o in outputs if "waiting for the campaign lock, held by pid" in o]
    assert len(waited) <= 1 and all("tally status-table notify" in o for o in waited)
    no_secret_anywhere(r, outputs)


def test_a_pod_killed_after_its_first_notice_then_the_next_posts_each_once(rehearsal, clones):
    r = rehearsal
    organizers = tuple(r.user(n) for n in ("Ana", "Bo", "Cy", "Di"))
    config = r.setup(organizers)
    slow = clones[0] / "user-config.py"
    kept = slow.read_text(encoding="utf-8")
    slow.write_text(kept + "put_throttle = 3\n", encoding="utf-8")   # time to be killed
    try:
        a = r.pod(clones[0], config, "a").start("run", *TASKS)
        deadline = time.monotonic() + 300
        while not r.saved() and time.monotonic() < deadline and a.poll() is None:
            time.sleep(0.1)
        os.kill(a.pid, signal.SIGKILL)
        a.communicate(timeout=30)
    finally:
        slow.write_text(kept, encoding="utf-8")
    posted_by_a = len(r.saved())
    assert 1 <= posted_by_a < len(organizers)
    code, output = r.pod(clones[1], config, "b").run("run", *TASKS)
    assert code == 0, output                              # no stale lock: it ran at once
    assert "waiting for the campaign lock" not in output
    assert [r.revisions(o) for o in organizers] == [1, 1, 1, 1]
    assert sorted(o for _, o in r.saved()) == sorted(organizers)
    no_secret_anywhere(r, [output])
