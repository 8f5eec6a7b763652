"""A throw-away MariaDB server for tests and the benchmark, standing in for ToolsDB.

Debian's ``mariadb-server`` (installed by ``scripts/setup.sh``) is started in
a temporary folder on a free loopback port, with its own socket and data
folder, and stopped at the end: nothing of the machine's own MariaDB (if
any) is touched. The bot connects over TCP as a proper user with a password
(``USER``, :attr:`MariaDB.password`, made afresh for each server), exactly as
it would to ToolsDB; the admin connection (creating databases) uses the
socket as ``root``.

Typical use::

    with MariaDB(tmp_path) as server:
        url = server.database('s55123__wikigapbot')   # mysql://USER@127.0.0.1:PORT/…
        os.environ['WIKIGAPBOT_STATE_PASSWORD'] = server.password
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pymysql

from sandbox.process import SandboxError, free_port

USER = "s55123"
START_SECONDS = 60


class MariaDB:
    """One mariadbd in ``folder``: start, make databases, stop."""

    def __init__(self, folder: Path) -> None:
        self.dir = Path(folder)
        self.port = 0
        self.password = "pw-" + secrets.token_hex(12)
        self.proc: subprocess.Popen | None = None

    @property
    def socket(self) -> Path:
        return self.dir / "mariadb.sock"

    def __enter__(self) -> MariaDB:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Initialise the data folder, start the server, make the bot's user."""
        daemon = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
        if not Path(daemon).exists():
            raise SandboxError("mariadbd not found: run scripts/setup.sh (it installs "
                               "Debian's mariadb-server)")
        data = self.dir / "data"
        self.dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}",
                        "--auth-root-authentication-method=normal", "--user=root",
                        "--skip-test-db"], check=True, capture_output=True)
        self.port = free_port()
        log = open(self.dir / "mariadb.log", "ab")
        self.proc = subprocess.Popen(
            [daemon, "--no-defaults", f"--datadir={data}", f"--socket={self.socket}",
             f"--port={self.port}", "--bind-address=127.0.0.1", "--user=root",
             f"--pid-file={self.dir / 'mariadb.pid'}", "--skip-log-bin",
             "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
             "--innodb-flush-log-at-trx-commit=2", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_general_ci"],  # as issue 24 says of ToolsDB: ignores case, accents
            stdout=log, stderr=subprocess.STDOUT)
        self._wait()
        with self.admin() as conn, conn.cursor() as cur:
            for host in ("127.0.0.1", "localhost"):
                cur.execute(f"CREATE USER IF NOT EXISTS '{USER}'@'{host}' IDENTIFIED BY %s",
                            (self.password,))
                # as on ToolsDB: a tool may use only the databases named <user>__<name>
                cur.execute(f"GRANT ALL ON `{USER}\\_\\_%`.* TO '{USER}'@'{host}'")

    def _wait(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise SandboxError(f"mariadbd exited; see {self.dir / 'mariadb.log'}")
            try:
                self.admin().close()
                return
            except pymysql.err.OperationalError:
                time.sleep(0.2)
        raise SandboxError(f"mariadbd did not start in {START_SECONDS} s")

    def admin(self) -> pymysql.Connection:
        """A root connection over the socket (autocommit)."""
        return pymysql.connect(unix_socket=str(self.socket), user="root", autocommit=True)

    def database(self, name: str) -> str:
        """Make an empty database ``name`` (dropping one of that name); give its state URL."""
        with self.admin() as conn, conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cur.execute(f"CREATE DATABASE `{name}`")
        return self.url(name)

    def url(self, name: str) -> str:
        return f"mysql://{USER}@127.0.0.1:{self.port}/{name}"

    def env(self) -> dict[str, str]:
        """The environment a pod would have: the state password."""
        return {**os.environ, "WIKIGAPBOT_STATE_PASSWORD": self.password}

    def stop(self) -> None:
        """Stop the server (it flushes and exits on SIGTERM)."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
