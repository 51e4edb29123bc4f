"""Neo4j backend: the same GraphStore port, rows written with batched `UNWIND … MERGE`.

A write (a batch of articles, with the versions it replaces) is one managed write transaction
(`execute_write`): the driver retries transient failures and lost connections with backoff, and
a failure never leaves half an article. Constraints and indexes are created idempotently on
connect. Values reach Cypher only as parameters; labels and types are checked against the
vocabulary (see `cypher.py`).

The writer lock is a `GraphbuildLock` node holding the owner's host, pid and a token; a lock
left by a process that died on this host is taken over, one held by another host is respected
until it is released or `--wait` runs out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ...model import (
    ENTITY_LABELS,
    SET_PROPS,
    GraphRows,
    StoreError,
    StoreUnavailable,
    check_batch,
    normal_name,
)
from ..base import ArticleState, StoredStatement
from ..names import names_field
from . import cypher
from .batch import group_rows
from .derived import DerivedLinks
from .lock import WriterLock
from .parallel import LoadStats, ParallelWriter
from .reads import Neo4jReader, clean_props

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # 2: entities carry `norms` and the indexed `names`; 3: shared nodes no `articles` list, Quotes a `sort_date`
class Neo4jStore(WriterLock, DerivedLinks):
    """A graph in a Neo4j 5 database.

    >>> # store = Neo4jStore("bolt://127.0.0.1:7687")          # auth from NEO4J_USER/NEO4J_PASSWORD
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        batch_size: int = 1000,
        max_retry_time: float = 30.0,
        connection_timeout: float = 10.0,
        lock_ttl: float = 300.0,
    ) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        self.max_retry_time = max_retry_time
        self.lock_ttl = lock_ttl  # a writer lock without a heartbeat for this long was left by a crash
        self.load_stats = LoadStats()  # what the parallel writes of this store object did, added up
        auth = (user, password or "") if user else None
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=auth, max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout, notifications_min_severity="OFF",
            )
            self.driver.verify_connectivity()
            for stmt in cypher.schema_statements():
                self.driver.execute_query(stmt, database_=database)
            # A query planned while an index is still populating does without it, and Neo4j keeps
            # that plan: wait until every index is online (at once but on the first connect).
            self.driver.execute_query(cypher.AWAIT_INDEXES, database_=database)
        except AuthError as e:
            raise StoreError(f"Neo4j at {uri} refused the credentials (set NEO4J_USER/NEO4J_PASSWORD): {e.message}") from e
        except (DriverError, Neo4jError, OSError, ValueError) as e:
            raise StoreError(f"cannot connect to Neo4j at {uri}: {e}") from e
        self._reader = Neo4jReader(self._read)
        self._migrate()

    @property
    def reader(self) -> Neo4jReader:
        """Queries as Cypher, one round trip each."""
        return self._reader

    # -- lifecycle -------------------------------------------------------------------------
    def flush(self) -> None:
        """Writes are committed per transaction; nothing to do."""

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Any:
        """A driver session on the store's database."""
        return self.driver.session(database=self.database)

    def _run_write(self, fn: Callable[..., Any], *args: Any) -> Any:
        from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with self.session() as s:
                return s.execute_write(fn, *args)
        except StoreError:
            raise
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnavailable(f"Neo4j at {self.uri} unavailable after retries: {e}") from e
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"Neo4j write failed at {self.uri}: {e}") from e

    def _read(self, query: str, **params: Any) -> list[Any]:
        from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with self.session() as s:
                return s.execute_read(lambda tx: list(tx.run(query, **params)))
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnavailable(f"Neo4j at {self.uri} unavailable after retries: {e}") from e
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"Neo4j read failed at {self.uri}: {e}") from e

    def ping(self) -> bool:
        """True when the server answers now (a fast check, no retries)."""
        try:
            self.driver.verify_connectivity()
            return True
        except Exception:
            return False

    def _migrate(self) -> None:
        """Bring a graph written by an earlier version up to date, once: entities get their
        `norms`/`names` (version 2); shared nodes lose their `articles` list, which the edges from
        their articles replace, and Quotes get their `sort_date` (version 3)."""
        version = self._read(cypher.SCHEMA_VERSION)
        have = (version[0]["v"] or 0) if version else 0
        if have >= SCHEMA_VERSION:
            return
        if have < 2:
            self._index_names()
        while self._run_write(lambda tx: sum(r["c"] for r in tx.run(cypher.MIGRATE_3, n=self.batch_size))):
            pass
        self._run_write(lambda tx: tx.run(cypher.SET_SCHEMA_VERSION, v=SCHEMA_VERSION).consume())

    def _index_names(self) -> None:
        stale = self._read("MATCH (n:GBNode) WHERE n.label IN $labels AND n.names IS NULL "
                           "RETURN n.key AS k, n.name AS name, n.aliases AS aliases", labels=list(ENTITY_LABELS))
        rows = []
        for r in stale:
            norms = sorted({normal_name(r["name"] or ""), *(normal_name(a) for a in r["aliases"] or [])} - {""})
            rows.append({"k": r["k"], "norms": norms, "names": names_field(norms)})
        q = "UNWIND $rows AS r MATCH (n:GBNode {key: r.k}) SET n.norms = r.norms, n.names = r.names"
        for i in range(0, len(rows), self.batch_size):
            chunk = rows[i : i + self.batch_size]
            self._run_write(lambda tx, chunk=chunk: tx.run(q, rows=chunk).consume())
        if rows:
            log.info("indexed the names of %d entities of %s", len(rows), self.uri)

    # -- writes ----------------------------------------------------------------------------
    @staticmethod
    def _row(props: dict[str, Any], **ident: Any) -> dict[str, Any]:
        row: dict[str, Any] = dict(ident)
        row["props"] = {k: v for k, v in props.items() if k not in SET_PROPS}
        for k in SET_PROPS:
            row[k] = props.get(k)
        return row

    def _write_rows(self, tx: Any, batch: Sequence[GraphRows]) -> None:
        """All rows of a batch of articles in few large UNWIND statements, one pre-merged row per
        node key and edge identity (`batch.py`). Rows that belong only to articles not yet in the
        graph (the Article node, its Quotes, and every edge touching them) are CREATEd — they
        cannot exist — and the shared entities are MERGEd. Checked inside the same transaction,
        so re-runs stay idempotent."""
        existing = {rec["k"] for rec in tx.run(cypher.EXISTING, keys=[r.article for r in batch])}
        group_rows(batch, existing).write(tx, self.batch_size)

    def label_conflict(self, batch: Sequence[GraphRows]) -> str | None:
        """Why a batch cannot be written because one of its keys is stored with another label
        (one read per label), or None."""
        by_label: dict[str, set[str]] = {}
        for rows in batch:
            for n in rows.nodes:
                by_label.setdefault(n.label, set()).add(n.key)
        for label, keys in sorted(by_label.items()):
            bad = self._read(cypher.label_conflicts(label), keys=sorted(keys), label=label)
            if bad:
                return f"node {bad[0]['key']} exists with label {bad[0]['label']!r}, not {label!r}"
        return None

    def write(self, batch: Sequence[GraphRows], *, replace: Sequence[str] = ()) -> None:
        """Delete `replace`, then merge every article's rows: one transaction, all or nothing."""
        from neo4j.exceptions import ConstraintError

        try:
            check_batch(list(batch))
        except ValueError as e:
            raise StoreError(str(e)) from e

        def work(tx: Any) -> None:
            for aid in replace:
                self._delete(tx, aid)
            self._write_rows(tx, batch)

        try:
            self._run_write(work)
        except StoreError as e:  # a key stored with another label: say which (the write was rolled back)
            why = self.label_conflict(batch) if isinstance(e.__cause__, ConstraintError) else None
            if why:
                raise StoreError(why) from e
            raise

    def write_parallel(self, batch: Sequence[GraphRows], *, writers: int, replace: Sequence[str] = ()) -> LoadStats:
        """Write a batch with `writers` concurrent transactions that never wait on each other's
        locks (`parallel.py`): not one transaction, but every article is visible as stored (its
        `content_hash`) only once all its rows are in, so a re-run completes an interrupted one.

        >>> # store.write_parallel(rows_of_400_articles, writers=4).deadlocks
        """
        stats = ParallelWriter(self, writers).write(batch, replace=replace)
        self.load_stats.add(stats)
        return stats

    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows in one transaction (validated first: all or nothing)."""
        self.write([rows])

    @staticmethod
    def _delete(tx: Any, article_id: str) -> bool:
        rec = tx.run(cypher.ARTICLE_NEIGHBOURS, id=article_id).single()
        if rec is None or not rec["n"]:
            return False
        keys = rec["keys"]
        tx.run(cypher.DELETE_QUOTES, id=article_id).consume()
        tx.run(cypher.DELETE_ARTICLE, id=article_id).consume()
        tx.run(cypher.PRUNE_EDGES, id=article_id, keys=keys).consume()
        tx.run(cypher.PRUNE_NODES, id=article_id, keys=keys).consume()
        return True

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its quotes, its provenance and orphaned entities (one transaction)."""
        return bool(self._run_write(self._delete, article_id))

    def load(self, nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> None:
        """Merge nodes and edges read from another store (a copy), in chunked transactions."""
        by_label: dict[str, list[dict[str, Any]]] = {}
        for n in nodes:
            props = cypher.stored_props(n["label"], {k: v for k, v in n.items() if k not in {"key", "label"}})
            if n["label"] in ENTITY_LABELS and not props.get("norms"):  # from a graph written before `norms`
                props["norms"] = sorted({normal_name(props.get("name") or ""), *(normal_name(a) for a in props.get("aliases") or [])} - {""})
            by_label.setdefault(n["label"], []).append(self._row(props, key=n["key"]))
        by_type: dict[str, list[dict[str, Any]]] = {}
        for e in edges:
            props = {k: v for k, v in e.items() if k not in {"src", "dst", "type", "key"}}
            by_type.setdefault(e["type"], []).append(self._row(props, src=e["src"], dst=e["dst"], key=e.get("key", "")))
        for label, items in by_label.items():
            q = cypher.merge_nodes(label)
            for i in range(0, len(items), self.batch_size):
                chunk = items[i : i + self.batch_size]
                self._run_write(lambda tx, q=q, chunk=chunk, label=label: tx.run(q, rows=chunk, label=label).consume())
        for rel, items in by_type.items():
            q = cypher.merge_edges(rel)
            for i in range(0, len(items), self.batch_size):
                chunk = items[i : i + self.batch_size]
                self._run_write(lambda tx, q=q, chunk=chunk: tx.run(q, rows=chunk).consume())

    def clear(self) -> None:
        """Delete every graphbuild node and the writer lock."""

        def work(tx: Any) -> None:
            for q in cypher.CLEAR:
                tx.run(q).consume()

        self._run_write(work)

    # -- the stored articles' state --------------------------------------------------------
    def article_index(self) -> dict[str, ArticleState]:
        """Every stored article's state, in one query."""
        return {r["k"]: ArticleState(r["content_hash"] or "", r["extractor"] or "", r["source"] or "", r["file_hash"])
                for r in self._read(cypher.ARTICLE_INDEX)}

    def statements_of(self, article_ids: Sequence[str]) -> dict[str, list[StoredStatement]]:
        """The stored statements of each article (indexed lookup, one query)."""
        out: dict[str, list[StoredStatement]] = {}
        if article_ids:
            for r in self._read(cypher.STATEMENTS_OF, ids=list(article_ids)):
                out.setdefault(r["a"], []).append(StoredStatement(r["id"], r["text"] or "", r["speaker"]))
        return out

    def speakers_with_statements(self, keys: Sequence[str]) -> set[str]:
        """The keys among `keys` with a SAID edge, in one query."""
        return {r["k"] for r in self._read(cypher.SPEAKERS_WITH_STATEMENTS, keys=list(keys))} if keys else set()

    # -- raw reads -------------------------------------------------------------------------
    def node(self, key: str) -> dict[str, Any] | None:
        """A node's properties (with `key` and `label`), or None."""
        recs = self._read(cypher.GET_NODE, key=key)
        return self._node(recs[0]) if recs else None

    @staticmethod
    def _node(rec: Any) -> dict[str, Any]:
        p = dict(rec["p"])
        if rec["articles"] is not None:
            p["articles"] = rec["articles"]
        return clean_props(p)

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """All nodes (optionally of one label), sorted by key."""
        for r in self._read(cypher.nodes_query(label)):
            yield self._node(r)

    def edges(self, type: str | None = None, *, src: str | None = None, dst: str | None = None) -> Iterator[dict[str, Any]]:
        """Edges filtered by type and ends."""
        q = cypher.edges_query(type, src=src is not None, dst=dst is not None)
        for r in self._read(q, src=src, dst=dst):
            d = clean_props(r["p"])
            yield {**d, "src": r["src"], "dst": r["dst"], "type": r["type"], "key": d.get("key", "")}
