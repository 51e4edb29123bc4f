"""The writer lock of a Neo4j graph: a `GraphbuildLock` node that one build or refresh holds
(docs/NEO4J.md, "Writer lock"). The holder refreshes its heartbeat (server time) every
`lock_ttl / 10` seconds; a lock left by a crash is taken over — at once when its holder was a
process of this host that is gone, after `lock_ttl` seconds without a heartbeat from any host
(a container gets a new hostname each run) — and `break_lock()` (`graphbuild unlock`) removes one.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ...model import StoreError, StoreLocked
from . import cypher

log = logging.getLogger(__name__)

_ABANDONED: set[str] = set()  # lock tokens this process could not release (server lost): ours to take over


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WriterLock:
    """The writer lock methods of `Neo4jStore` (it provides `uri`, `lock_ttl`, `session` and `_run_write`)."""

    uri: str
    lock_ttl: float
    session: Callable[[], Any]
    _run_write: Callable[..., Any]

    def _try_lock(self, owner: dict[str, Any]) -> dict[str, Any] | None:
        """Take the lock; returns the holder's properties (with `idle`: seconds since its last
        heartbeat) when another holds it."""

        def work(tx: Any) -> dict[str, Any] | None:
            rec = tx.run(cypher.LOCK_TAKE, owner=owner).single()
            if rec["fresh"] or rec["p"].get("token") == owner["token"]:
                return None
            return {**rec["p"], "idle": rec["idle"]}

        held: dict[str, Any] | None = self._run_write(work)
        return held

    def _release(self, token: str) -> None:
        self._run_write(lambda tx: tx.run(cypher.LOCK_RELEASE, t=token).consume())

    def _stale(self, held: dict[str, Any], host: str) -> str | None:
        """Why a held lock may be taken over (its holder is gone), or None."""
        if held.get("token") in _ABANDONED:
            return "this process"
        if held.get("host") == host and isinstance(held.get("pid"), int) and not _alive(held["pid"]):
            return f"dead process {held['pid']}"
        if float(held.get("idle") or 0) > self.lock_ttl:
            return f"host {held.get('host')}, pid {held.get('pid')}, silent for {held['idle']:.0f} s (lock_ttl {self.lock_ttl:.0f} s)"
        return None

    @contextmanager
    def lock(self, *, wait: float = 0.0, poll: float = 0.5) -> Iterator[None]:
        """Hold the writer lock (a `GraphbuildLock` node); StoreLocked after `wait` seconds.

        While held, a heartbeat refreshes it every `lock_ttl / 10` seconds; a lock whose holder
        died (on this host: its pid is gone; on any host: no heartbeat for `lock_ttl` seconds) is
        taken over, and `break_lock()` removes one at once.
        """
        owner: dict[str, Any] = {"token": uuid.uuid4().hex, "host": socket.gethostname(), "pid": os.getpid(), "since": time.time()}
        deadline = time.monotonic() + wait
        while (held := self._try_lock(owner)) is not None:
            why = self._stale(held, owner["host"])
            if why:
                log.warning("taking over the writer lock of %s left by %s", self.uri, why)
                self._release(held.get("token", ""))
                continue
            if time.monotonic() >= deadline:
                raise StoreLocked(f"{self.uri} is locked by another graphbuild build or refresh "
                                  f"(host {held.get('host')}, pid {held.get('pid')}, last heartbeat {held.get('idle', 0):.0f} s ago); "
                                  "try again later, pass --wait SECONDS, or if its holder is gone: graphbuild unlock --store URI")
            time.sleep(poll)
        stop = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(owner["token"], stop), name="graphbuild-lock-heartbeat", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()
            try:
                self._release(owner["token"])
            except StoreError as e:  # the server is gone: the next run takes the lock over
                _ABANDONED.add(owner["token"])
                log.warning("could not release the writer lock of %s: %s", self.uri, e)

    def _heartbeat(self, token: str, stop: threading.Event) -> None:
        while not stop.wait(max(self.lock_ttl / 10, 0.05)):
            try:
                with self.session() as s:
                    s.run(cypher.LOCK_BEAT, t=token).consume()
            except Exception as e:  # noqa: BLE001 - a missed beat is retried; the lock ends with the run
                log.debug("writer lock heartbeat of %s failed: %s", self.uri, e)

    def break_lock(self) -> dict[str, Any] | None:
        """Remove the writer lock whoever holds it (its holder crashed); returns what it recorded
        (host, pid, since) or None when there was none.

        >>> # Neo4jStore("bolt://127.0.0.1:7687").break_lock()
        """
        rec = self._run_write(lambda tx: tx.run(cypher.LOCK_BREAK).single())
        return dict(rec["p"]) if rec is not None else None

