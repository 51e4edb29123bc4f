"""One writer at a time per store: `writer_lock(store)` around every build and refresh.

- NetworkX file: an OS file lock on `<graph>.lock` (filelock); the kernel releases it when the
  process dies, even by `kill -9`.
- Neo4j: a `GraphbuildLock` node (unique key) holding the owner's host, pid and a token. A
  lock left by a process that died on this host is taken over; one held by another host is
  respected until it is released or `--wait` runs out.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from filelock import FileLock, Timeout

from ..errors import StoreError
from .base import GraphStore

log = logging.getLogger(__name__)


_ABANDONED: set[str] = set()  # locks this process could not release (server lost): ours to take over


class StoreLocked(StoreError):
    """Another build or refresh is writing to the same store."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def writer_lock(store: GraphStore, *, wait: float = 0.0, poll: float = 0.5) -> Iterator[None]:
    """Hold the store's writer lock; waits up to `wait` seconds, then raises StoreLocked.

    >>> import tempfile, os
    >>> from graphbuild.store import open_store
    >>> s = open_store(os.path.join(tempfile.mkdtemp(), "g.json"))
    >>> with writer_lock(s):
    ...     pass
    """
    path = getattr(store, "path", None)
    if path is not None:
        lock = FileLock(f"{path}.lock")
        try:
            lock.acquire(timeout=wait, poll_interval=poll)
        except Timeout:
            raise StoreLocked(f"{store.uri} is locked by another graphbuild build or refresh ({path}.lock); "
                              f"try again later or pass --wait SECONDS") from None
        try:
            yield
        finally:
            lock.release()
        return
    try_lock = getattr(store, "try_lock", None)
    if try_lock is None:
        yield
        return
    owner: dict[str, Any] = {"token": uuid.uuid4().hex, "host": socket.gethostname(), "pid": os.getpid(), "since": time.time()}
    deadline = time.monotonic() + wait
    while True:
        held = try_lock(owner)
        if held is None:
            break
        mine = held.get("token") in _ABANDONED
        if mine or (held.get("host") == owner["host"] and isinstance(held.get("pid"), int) and not _alive(held["pid"])):
            log.warning("taking over the writer lock of %s left by %s", store.uri, "this process" if mine else f"dead process {held['pid']}")
            store.break_lock(held.get("token", ""))  # type: ignore[attr-defined]
            continue
        if time.monotonic() >= deadline:
            raise StoreLocked(f"{store.uri} is locked by another graphbuild build or refresh "
                              f"(host {held.get('host')}, pid {held.get('pid')}); try again later or pass --wait SECONDS")
        time.sleep(poll)
    try:
        yield
    finally:
        try:
            store.break_lock(owner["token"])  # type: ignore[attr-defined]
        except StoreError as e:  # the server is gone: the next run takes the lock over (this process will be dead)
            _ABANDONED.add(owner["token"])
            log.warning("could not release the writer lock of %s: %s", store.uri, e)
