"""Parallel writers into Neo4j whose transactions never wait on each other's locks in a cycle.

What Neo4j 5 locks (record storage, the Community and default Enterprise format): setting a
node's properties locks the node; creating a relationship at a node with few relationships (a
*sparse* node, up to `db.relationship_grouping_threshold`, 50) locks the node and one
relationship of its chain, where the new one is linked in, at commit; at a *dense* node it takes
shared locks, and relationships of one type and direction are linked into their own chain, so
many transactions add relationships to one dense node concurrently. The relationship locked in a
chain is shared with the node at its other end: two transactions on **different** nodes can
still wait on each other through an existing relationship between their nodes (measured: node-
disjoint buckets of relationships deadlocked in 4 of 37 transactions with 4 writers).

So a batch of articles is written in three phases, each waiting for the one before:

1. **entities** (every node shared between articles: people, countries, outlets…), merged by
   `writers` transactions with disjoint sets of keys (a stable hash of the key). No relationship
   is touched.
2. **relations between entities** (`HOLDS_ROLE`, `RUN_BY`: the only relationships without an
   article or quote end), and any article already stored, in one transaction.
3. **articles**: an article's own nodes (the Article, its Quotes) and every relationship touching
   them (`IN`, `SAID`, `MENTIONS`, `PUBLISHED_BY`…) are created in one transaction, so no other
   transaction ever touches these nodes. Articles are packed into `writers` transactions per
   round so that the sparse entities two transactions of a round touch are disjoint, and not
   neighbours of each other either (read before the phase: the degree of each entity and the
   sparse entities next to each sparse one). Dense entities (the most quoted people) are shared:
   this phase only adds article relationships to them, never into the chain of an entity-entity
   relationship, which is where a sparse neighbour's transaction could lock.

An article counts as stored (its Article node, with its `content_hash`, exists) only once all its
rows are in, so a run interrupted between transactions is completed by a re-run, as for a
single-transaction write. Rows are grouped and pre-merged as there (`batch.py`), so the graph is
the same. Every transaction is retried on transient errors and lost connections; `LoadStats`
counts the retries and the deadlocks the server reported among them (none expected).
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from ...model import OWN_LABELS, GraphRows, StoreError, StoreUnavailable, check_batch
from . import cypher
from .batch import Grouped, group_rows

log = logging.getLogger(__name__)

DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"
DEFAULT_THRESHOLD = 50  # Neo4j's db.relationship_grouping_threshold


class Target(Protocol):
    """What the parallel writer uses of a Neo4jStore."""

    uri: str
    batch_size: int
    max_retry_time: float

    def session(self) -> Any:
        """A driver session."""
        ...

    def label_conflict(self, batch: Sequence[GraphRows]) -> str | None:
        """Why the batch's keys clash with stored labels, or None."""
        ...

    def _read(self, query: str, **params: Any) -> list[Any]: ...

    def _write_rows(self, tx: Any, batch: Sequence[GraphRows]) -> None: ...

    def _delete(self, tx: Any, article_id: str) -> bool: ...


@dataclass
class LoadStats:
    """What a parallel write did: transactions, rounds, and retries (deadlocks among them)."""

    articles: int = 0
    rows: int = 0
    transactions: int = 0
    rounds: int = 0
    retries: int = 0
    deadlocks: int = 0

    def add(self, other: LoadStats) -> None:
        """Add another write's counts to these."""
        self.articles += other.articles
        self.rows += other.rows
        self.transactions += other.transactions
        self.rounds += other.rounds
        self.retries += other.retries
        self.deadlocks += other.deadlocks


def bucket(key: str, buckets: int) -> int:
    """The bucket of a node key: a stable hash, the same in every process.

    >>> bucket("Person:donald trump", 8) == bucket("Person:donald trump", 8)
    True
    """
    return zlib.crc32(key.encode("utf-8")) % buckets


def pack(articles: Sequence[Hashable], keys: dict[Hashable, set[str]], weight: dict[Hashable, int],
         bins: int) -> tuple[list[list[Hashable]], list[Hashable]]:
    """One round: up to `bins` groups of articles such that no key is in two groups, and the
    articles left for a later round. Articles that share a key (directly or through others) form
    a component, which goes whole to one group, heaviest first to the lightest group; a group
    takes at most its share of the weight (rows), so a component larger than that (early in a
    load, when the most quoted people are still sparse) is cut, its rest waiting for the next
    round.

    >>> pack(["a", "b", "c", "d"], {"a": {"x"}, "b": {"y"}, "c": {"x"}, "d": {"z"}}, dict.fromkeys("abcd", 1), 2)
    ([['a', 'c'], ['b', 'd']], [])
    >>> pack(["a", "b", "c"], {"a": {"x"}, "b": {"x"}, "c": {"x"}}, dict.fromkeys("abc", 1), 2)
    ([['a']], ['b', 'c'])
    """
    root: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        while (parent := root.get(x, x)) != x:
            root[x] = root.get(parent, parent)  # path halving
            x = parent
        return x

    holder: dict[str, Hashable] = {}
    for a in articles:
        for k in keys.get(a, ()):
            if k in holder:
                root[find(a)] = find(holder[k])
            else:
                holder[k] = a
    parts: dict[Hashable, list[Hashable]] = {}
    for a in articles:
        parts.setdefault(find(a), []).append(a)
    cap = max(sum(weight.get(a, 1) for a in articles) / bins, 1)
    groups: list[list[Hashable]] = [[] for _ in range(bins)]
    load, later = [0] * bins, []
    for comp in sorted(parts.values(), key=lambda c: -sum(weight.get(a, 1) for a in c)):
        b = min(range(bins), key=load.__getitem__)
        for i, a in enumerate(comp):
            if groups[b] and load[b] + weight.get(a, 1) > cap:
                later += comp[i:]
                break
            groups[b].append(a)
            load[b] += weight.get(a, 1)
    order = {a: i for i, a in enumerate(articles)}
    return [sorted(g, key=order.__getitem__) for g in groups if g], sorted(later, key=order.__getitem__)


class ParallelWriter:
    """Writes batches into a Neo4jStore with `writers` concurrent transactions (see the module).

    >>> # ParallelWriter(store, 4).write(rows).deadlocks      # 0
    """

    def __init__(self, store: Target, writers: int) -> None:
        if writers < 1:
            raise ValueError("writers must be at least 1")
        self.store, self.writers = store, writers
        self._threshold: int | None = None

    def threshold(self) -> int:
        """The server's dense-node threshold (50 unless configured, or when it cannot be read)."""
        if self._threshold is None:
            try:
                recs = self.store._read(cypher.GROUPING_THRESHOLD)
                self._threshold = int(recs[0]["value"]) if recs else DEFAULT_THRESHOLD
            except (StoreError, ValueError):
                self._threshold = DEFAULT_THRESHOLD
        return self._threshold

    def write(self, batch: Sequence[GraphRows], *, replace: Sequence[str] = ()) -> LoadStats:
        """Validate, delete `replace`, then the three phases; StoreError (StoreUnavailable when
        the server is lost) when a transaction cannot be done after retries."""
        st, w = self.store, self.writers
        rows = list(batch)
        try:
            check_batch(rows)
        except ValueError as e:
            raise StoreError(str(e)) from e
        if why := st.label_conflict(rows):
            raise StoreError(why)
        stats = LoadStats(articles=len(rows), rows=sum(len(r.nodes) + len(r.edges) for r in rows))
        if replace:
            self._phase(stats, [lambda tx: [st._delete(tx, aid) for aid in replace]])
        existing = {r["k"] for r in st._read(cypher.EXISTING, keys=[r.article for r in rows])}
        if existing:  # articles stored already (and not replaced): rare in a load; written as one
            self._phase(stats, [lambda tx: st._write_rows(tx, rows)])
            return stats
        g = group_rows(rows, set())
        labels: dict[str, str] = {}
        for (label, _), ms in g.nodes.items():
            for key in ms:
                if labels.setdefault(key, label) != label:
                    raise StoreError(f"node {key} is both {labels[key]!r} and {label!r} in one batch")
        own = {n.key: r.article for r in rows for n in r.nodes if n.label in OWN_LABELS}  # article, quote -> article
        chunk = st.batch_size

        def job(part: Grouped) -> Callable[[Any], None]:
            return lambda tx: part.write(tx, chunk)

        entities = g.split(node=lambda k, key: None if k[1] else bucket(key, w), edge=lambda t, e: None)
        self._phase(stats, [job(entities[i]) for i in range(w) if i in entities])
        links = g.split(node=lambda k, key: None, edge=lambda t, e: None if t[1] else 0)
        self._phase(stats, [job(links[0])] if links else [])
        stars = g.split(node=lambda k, key: own[key] if k[1] else None,
                        edge=lambda t, e: (own.get(e[0]) or own.get(e[1])) if t[1] else None)
        ends = {a: {k for es in part.edges.values() for e in es for k in e[:2] if k not in own} for a, part in stars.items()}
        weight = {a: part.rows() for a, part in stars.items()}
        todo: list[Hashable] = list(stars)
        sparse = set().union(*ends.values())
        near: dict[str, list[str]] | None = None
        while todo:  # the degrees are read again each round: a hub is dense after its first articles
            keys, sparse, near = self._conflicts({a: ends[a] for a in todo}, sparse, near)
            groups, todo = pack(todo, keys, weight, w)
            self._phase(stats, [job(Grouped.union(stars[a] for a in group)) for group in groups])
        return stats

    def _conflicts(self, ends: dict[Hashable, set[str]], candidates: set[str],
                   near: dict[str, list[str]] | None) -> tuple[dict[Hashable, set[str]], set[str], dict[str, list[str]]]:
        """Per article, the keys no other transaction of a round may hold: the sparse entities
        among the ends of its relationships (`ends`), with their sparse entity neighbours. Only
        `candidates` can be sparse (a dense node stays dense). The neighbours are read once per
        batch (`near` afterwards: relationships between entities are not written in the rounds).
        Returns the keys, the sparse entities and their neighbours."""
        t = self.threshold()
        every = sorted(candidates & set().union(*ends.values()))
        degree = {r["k"]: r["d"] for r in self.store._read(cypher.DEGREES, keys=every)} if every else {}
        sparse = {k for k in every if degree.get(k, 0) <= t}
        if near is None:
            near = {r["k"]: r["ms"] for r in self.store._read(cypher.SPARSE_NEIGHBOURS, keys=sorted(sparse), t=t)} if sparse else {}
        keys = {a: {x for k in e if k in sparse for x in (k, *near.get(k, ()))} for a, e in ends.items()}
        return keys, sparse, near

    def _phase(self, stats: LoadStats, jobs: Sequence[Callable[[Any], Any]]) -> None:
        """Run the jobs as concurrent transactions and wait for all; raise the first failure."""
        if not jobs:
            return
        stats.rounds += 1
        if len(jobs) == 1:
            results = [self._attempts(jobs[0])]
        else:
            with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="graphbuild-writer") as pool:
                futures = [pool.submit(self._attempts, j) for j in jobs]
                failed = [e for f in futures if (e := f.exception()) is not None]
                if failed:
                    raise failed[0]
                results = [f.result() for f in futures]
        for tries, deadlocks in results:
            stats.transactions += 1
            stats.retries += tries - 1
            stats.deadlocks += deadlocks

    def _attempts(self, job: Callable[[Any], Any]) -> tuple[int, int]:
        """Run one job in a transaction until it commits; returns (attempts, deadlocks met)."""
        from neo4j.exceptions import (
            DriverError,
            Neo4jError,
            ServiceUnavailable,
            SessionExpired,
            TransientError,
        )

        st = self.store
        deadline, delay, tries, deadlocks = time.monotonic() + st.max_retry_time, 0.2, 0, 0
        while True:
            tries += 1
            try:
                with st.session() as s, s.begin_transaction() as tx:
                    job(tx)
                    tx.commit()
                return tries, deadlocks
            except TransientError as e:
                deadlocks += e.code == DEADLOCK
                why: Exception = e
            except (ServiceUnavailable, SessionExpired, OSError) as e:
                why = e
            except (DriverError, Neo4jError) as e:
                raise StoreError(f"Neo4j write failed at {st.uri}: {e}") from e
            if time.monotonic() + delay > deadline:
                cls = StoreError if isinstance(why, TransientError) else StoreUnavailable
                raise cls(f"Neo4j at {st.uri}: write not done after {tries} attempts: {why}") from why
            log.info("retrying a write to %s (%s)", st.uri, why)
            time.sleep(delay)
            delay = min(2 * delay, 5.0)


__all__ = ["LoadStats", "ParallelWriter", "bucket", "pack"]
