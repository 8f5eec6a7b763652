"""The campaign lock: one run of a campaign at a time, and who holds it for the one that waits.

A lock file beside the state file (``<state>.lock``, filelock's) and a side
file naming its holder (the lock file itself is truncated by waiters).
"""
from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from wikigap.model import utc_now


class LockBusy(RuntimeError):
    """Another run of the same campaign holds the state lock."""


def _holder_path(lock_path: Path) -> Path:
    """Name the side file that says who holds the lock (the lock file itself is truncated by waiters)."""
    return lock_path.with_name(lock_path.name + ".holder")


@contextmanager
def campaign_lock(state_path: str | os.PathLike[str], timeout_seconds: float,
                  holder: str = "", on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold ``<state>.lock`` while a run works; raise LockBusy after ``timeout_seconds``.

    ``holder`` (e.g. the task names) is written next to the lock so that a
    run that has to wait can say who is in the way: ``on_wait`` is told once,
    before the wait, for whom it waits.
    """
    lock_path = Path(f"{os.fspath(state_path)}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(lock_path, timeout=timeout_seconds)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        if on_wait is not None:
            on_wait(f"waiting for the campaign lock, held by {_holder(lock_path)}")
        try:
            lock.acquire()
        except filelock.Timeout:
            raise LockBusy(_busy_message(lock_path, timeout_seconds)) from None
    info = _holder_path(lock_path)
    try:
        info.write_text(f"pid {os.getpid()} on {socket.gethostname()} since "
                        f"{utc_now().replace(microsecond=0).isoformat()}{', ' + holder if holder else ''}\n")
        yield lock_path
    finally:
        info.unlink(missing_ok=True)
        lock.release()


def _holder(lock_path: Path) -> str:
    """Say who holds the lock, as its holder wrote it."""
    try:
        return _holder_path(lock_path).read_text().strip() or "an unknown process"
    except OSError:
        return "an unknown process"


def _busy_message(lock_path: Path, timeout_seconds: float) -> str:
    """Explain a busy lock: which file, who holds it, what to do."""
    who = _holder(lock_path)
    return (f"Another run of this campaign holds the lock file {lock_path} ({who}); "
            f"waited {timeout_seconds:g} s. Wait for it to finish, or stop it, then try again.")
