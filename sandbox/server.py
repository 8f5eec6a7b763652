"""Install, configure and serve one sandbox wiki with ``php -S``.

A mixin of :class:`sandbox.wiki.SandboxWiki`: it needs the wiki's ``name``,
``lang``, ``sitename``, ``dir``, ``dbname``, ``settings`` and ``api`` and
owns ``port`` and the server process.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sandbox.config import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    BOOT_TIMEOUT,
    BUNDLED_SETTINGS,
    EXTENSION_SETTINGS,
    EXTENSIONS,
    EXTENSIONS_DIR,
    MW_DIR,
    PHP,
    SERVER_RETRIES,
    SERVER_WORKERS,
    SETTINGS_PHP,
)
from sandbox.process import SandboxError, free_port


def extra_settings(name: str, bundled: tuple[str, ...] = ()) -> str:
    """Give sandbox/php/settings.php without its opening tag, to append to LocalSettings.php,
    and the loading of the test-only extensions this wiki gets with their settings
    (see config.EXTENSIONS and EXTENSION_SETTINGS), then of the ``bundled`` ones
    Debian ships (config.BUNDLED_SETTINGS)."""
    text = '\n' + SETTINGS_PHP.read_text(encoding='utf-8').removeprefix('<?php\n')
    for extension in EXTENSIONS.get(name, ()):
        path = EXTENSIONS_DIR / extension / 'extension.json'
        text += f"wfLoadExtension( '{extension}', '{path}' );\n"
        text += EXTENSION_SETTINGS.get(extension, '')
    for extension in bundled:
        text += f"wfLoadExtension( '{extension}' );\n" + BUNDLED_SETTINGS[extension]
    return text


class WikiServer:
    """The install and server half of a sandbox wiki."""

    name: str
    lang: str
    sitename: str
    dir: Path
    dbname: str
    port: int
    bundled: tuple[str, ...]
    _server: subprocess.Popen[bytes] | None
    _log_from: int     # server.log's size when the current server was spawned

    if TYPE_CHECKING:  # given by sandbox.wiki.SandboxWiki and its reading half
        @property
        def settings(self) -> Path: ...
        def api(self, **params: object) -> dict: ...

    def env(self) -> dict[str, str]:
        """Give the environment every PHP process of this wiki runs with."""
        return dict(os.environ, MW_INSTALL_PATH=str(MW_DIR))

    def install_command(self) -> list[str]:
        """Give install.php's command line for this wiki; port.txt overrides the port."""
        return [PHP, str(MW_DIR / 'maintenance/install.php'),
                '--dbtype=sqlite', f'--dbpath={self.dir}',
                f'--confpath={self.dir}', '--server=http://127.0.0.1',
                '--scriptpath=', f'--lang={self.lang}',
                f'--pass={ADMIN_PASSWORD}', f'--dbname={self.dbname}',
                self.sitename, ADMIN_USER]

    def configure(self) -> None:
        """Append the sandbox settings (and extensions) and switch the databases to WAL.

        WAL lets the php -S workers read while a maintenance script writes.
        """
        (self.dir / 'cache').mkdir(exist_ok=True)
        (self.dir / 'port.txt').write_text(str(self.port or free_port()))
        with self.settings.open('a') as f:
            f.write(extra_settings(self.name, self.bundled))
        if self.bundled:   # their tables
            subprocess.run([PHP, str(MW_DIR / 'maintenance/update.php'), '--quick',
                            '--conf', str(self.settings)], env=self.env(), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        for db in self.dir.glob('*.sqlite'):
            con = sqlite3.connect(db)
            try:
                con.execute('PRAGMA journal_mode=WAL')
            finally:
                con.close()

    def _spawn_server(self) -> subprocess.Popen[bytes]:
        """Start php -S in its own process group (workers die with it)."""
        self.port = free_port()
        (self.dir / 'port.txt').write_text(str(self.port))
        env = dict(os.environ, MW_CONFIG_FILE=str(self.settings),
                   PHP_CLI_SERVER_WORKERS=str(SERVER_WORKERS))
        log = self.dir / 'server.log'
        self._log_from = log.stat().st_size if log.exists() else 0
        logf = log.open('ab')
        try:
            return subprocess.Popen(
                [PHP, '-S', f'127.0.0.1:{self.port}', '-t', str(MW_DIR)],
                cwd=MW_DIR, env=env, stdin=subprocess.DEVNULL,
                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            logf.close()

    def _wait_until_up(self, proc: subprocess.Popen[bytes], deadline: float) -> bool:
        """Poll api.php; False when the server died (port taken)."""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                if 'query' in self.api(action='query', meta='siteinfo'):
                    return self._listening(proc, deadline)
            except OSError:
                pass
            time.sleep(0.05)
        raise SandboxError(f'{self.name}: api.php did not answer in '
                           f'{BOOT_TIMEOUT:.0f}s; see {self.dir}/server.log')

    def _listening(self, proc: subprocess.Popen[bytes], deadline: float) -> bool:
        """Whether this wiki's own server answered: another wiki's server (of this sandbox or
        another one on the machine) can hold the same port when free_port's race was lost, and
        then answers while ours is still failing to listen. php -S logs either line at start."""
        while time.monotonic() < deadline:
            with (self.dir / 'server.log').open('rb') as f:
                f.seek(self._log_from)
                started = f.read()
            if b'Failed to listen' in started or proc.poll() is not None:
                return False
            if b') started' in started:
                return True
            time.sleep(0.05)
        raise SandboxError(f'{self.name}: php -S did not say it started in '
                           f'{BOOT_TIMEOUT:.0f}s; see {self.dir}/server.log')

    def serve(self) -> None:
        """Start the server on a free port, retrying if the port got taken."""
        deadline = time.monotonic() + BOOT_TIMEOUT
        for _ in range(SERVER_RETRIES):
            proc = self._spawn_server()
            self._server = proc
            if self._wait_until_up(proc, deadline):
                return
            self._server = None
        raise SandboxError(f'{self.name}: php -S failed {SERVER_RETRIES} '
                           f'times; see {self.dir}/server.log')

    def stop(self) -> None:
        """Kill this wiki's server and its workers (its process group)."""
        proc, self._server = self._server, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, 15)
        except ProcessLookupError:
            return
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(5)

