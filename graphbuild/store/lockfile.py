"""The writer lock of a graph file: `<graph>.lock`, an OS lock the kernel releases when the process
dies (even by `kill -9`), removed when released so a finished run leaves nothing behind.

Removing a lock file is safe only if a waiter that opened the old file notices: after taking the
lock, the holder checks that the path still names the file it locked, and starts again if not.
The file records who holds it (host, pid), for the message a second writer gets.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "g.json.lock")
>>> with FileLock(path).hold():
...     os.path.exists(path)
True
>>> os.path.exists(path)
False
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..model import StoreError, StoreLocked

if sys.platform != "win32":
    import fcntl


class FileLock:
    """An exclusive lock on a lock file (POSIX `flock`; `filelock` on Windows)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _try(self) -> int | None:
        assert sys.platform != "win32"
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as e:  # a read-only or full disk, a missing folder: no run can write there
            raise StoreError(f"cannot create the writer lock {self.path}: {e.strerror or e}") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            now = None
        mine = os.fstat(fd)
        if now is None or (now.st_ino, now.st_dev) != (mine.st_ino, mine.st_dev):
            os.close(fd)  # the holder before us removed it: start again on the new file
            return self._try()
        with suppress(OSError):  # who holds it is for messages only (a full disk cannot record it)
            os.ftruncate(fd, 0)
            os.write(fd, f"host={socket.gethostname()} pid={os.getpid()}\n".encode())
        return fd

    def holder(self) -> str:
        """Who holds the lock, as recorded in the file ('' when unknown)."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    @contextmanager
    def hold(self, *, wait: float = 0.0, poll: float = 0.5, what: str = "") -> Iterator[None]:
        """Hold the lock; waits up to `wait` seconds, then raises StoreLocked."""
        if sys.platform == "win32":  # pragma: no cover - Windows
            yield from _hold_windows(self.path, wait, what)
            return
        deadline = time.monotonic() + wait
        while (fd := self._try()) is None:
            if time.monotonic() >= deadline:
                who = self.holder()
                raise StoreLocked(f"{what or self.path} is locked by another graphbuild build or refresh "
                                  f"({self.path}{'; ' + who if who else ''}); try again later or pass --wait SECONDS")
            time.sleep(poll)
        try:
            yield
        finally:
            with suppress(OSError):
                os.unlink(self.path)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _hold_windows(path: Path, wait: float, what: str) -> Iterator[None]:  # pragma: no cover - Windows
    from filelock import FileLock as _Lock
    from filelock import Timeout

    lock = _Lock(str(path))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise StoreLocked(f"{what or path} is locked by another graphbuild build or refresh ({path}); "
                          f"try again later or pass --wait SECONDS") from None
    try:
        yield
    finally:
        lock.release()
