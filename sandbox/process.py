"""Running PHP and finding ports: the sandbox's two contacts with the OS."""
from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Sequence


class SandboxError(RuntimeError):
    """A MediaWiki maintenance step or server failed; carries its output."""


def free_port() -> int:
    """Ask the kernel for a free loopback port (a race remains; see serve)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def run(args: Sequence[str | os.PathLike[str]], *, input: str | None = None,
        env: dict[str, str] | None = None, timeout: float | None = None
        ) -> subprocess.CompletedProcess[str]:
    """Run a command; raise SandboxError with its output when it fails.

    Maintenance scripts print their reasons on stdout as often as on stderr,
    so both go into the error.
    """
    proc = subprocess.run([str(a) for a in args], input=input, text=True,
                          capture_output=True, env=env, timeout=timeout)
    if proc.returncode != 0:
        raise SandboxError(
            f"{' '.join(str(a) for a in args[:3])}... exited {proc.returncode}\n"
            f"stdout: {proc.stdout[-3000:]}\nstderr: {proc.stderr[-3000:]}")
    return proc
