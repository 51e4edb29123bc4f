"""Neo4j backend: the same GraphStore interface, rows written with batched `UNWIND … MERGE`.

One article's rows are written in one managed write transaction (`execute_write`): the driver
retries transient failures and lost connections with backoff, and a failure never leaves half
an article. Constraints are created idempotently on first connect. Values reach Cypher only
as parameters; labels and types are checked against the vocabulary (see `cypher.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from ..errors import StoreError, StoreUnavailable
from ..graph import SET_PROPS, GraphRows, check_batch
from . import cypher
from .base import INDEX_FIELDS, states_of

log = logging.getLogger(__name__)


def _clean(p: dict[str, Any]) -> dict[str, Any]:
    out = dict(p)
    for k in SET_PROPS:
        if isinstance(out.get(k), list):
            out[k] = sorted(out[k])
    return out


class Neo4jStore:
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
    ) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        auth = (user, password or "") if user else None
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=auth, max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout, notifications_min_severity="OFF",
            )
            self.driver.verify_connectivity()
            for stmt in cypher.schema_statements():
                self.driver.execute_query(stmt, database_=database)
        except AuthError as e:
            raise StoreError(f"Neo4j at {uri} refused the credentials (set NEO4J_USER/NEO4J_PASSWORD): {e.message}") from e
        except (DriverError, Neo4jError, OSError, ValueError) as e:
            raise StoreError(f"cannot connect to Neo4j at {uri}: {e}") from e

    # -- lifecycle -------------------------------------------------------------------------
    def flush(self) -> None:
        """Writes are committed per article; nothing to do."""

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _session(self) -> Any:
        return self.driver.session(database=self.database)

    def _run_write(self, fn: Any, *args: Any) -> Any:
        from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with self._session() as s:
                return s.execute_write(fn, *args)
        except StoreError:
            raise
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnavailable(f"Neo4j at {self.uri} unavailable after retries: {e}") from e
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"Neo4j write failed at {self.uri}: {e}") from e

    def available(self) -> bool:
        """True when the server answers now (a fast check, no retries)."""
        try:
            self.driver.verify_connectivity()
            return True
        except Exception:
            return False

    def _read(self, query: str, **params: Any) -> list[Any]:
        from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with self._session() as s:
                return s.execute_read(lambda tx: list(tx.run(query, **params)))
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnavailable(f"Neo4j at {self.uri} unavailable after retries: {e}") from e
        except (DriverError, Neo4jError) as e:
            raise StoreError(f"Neo4j read failed at {self.uri}: {e}") from e

    # -- writes ----------------------------------------------------------------------------
    @staticmethod
    def _row(props: dict[str, Any], **ident: Any) -> dict[str, Any]:
        row: dict[str, Any] = dict(ident)
        row["props"] = {k: v for k, v in props.items() if k not in SET_PROPS}
        for k in SET_PROPS:
            row[k] = props.get(k)
        return row

    def _write_rows(self, tx: Any, batch: list[GraphRows]) -> None:
        """All rows of a batch of articles, grouped by label and type: few large UNWIND queries.

        Rows that belong only to articles not yet in the graph (the Article node, its Quotes,
        and every edge touching them) are CREATEd — they cannot exist — and the shared
        entities are MERGEd. Checked inside the same transaction, so re-runs stay idempotent.
        """
        existing = {rec["k"] for rec in tx.run(cypher.EXISTING, keys=[r.article for r in batch])}
        by_label: dict[tuple[str, bool], list[dict[str, Any]]] = {}
        by_type: dict[tuple[str, bool], list[dict[str, Any]]] = {}
        created: set[str] = set()
        created_edges: set[tuple[str, str, str, str]] = set()
        for rows in batch:
            # Only the first occurrence of an article not yet stored is created; repeats merge.
            fresh_article = rows.article not in existing and rows.article not in created
            fresh = {n.key for n in rows.nodes if n.label in {"Article", "Quote"}} if fresh_article else set()
            for n in rows.nodes:
                new = n.key in fresh and n.key not in created
                created.update([n.key] if new else [])
                by_label.setdefault((n.label, new), []).append(self._row(n.props, key=n.key))
            for e in rows.edges:
                ident = (e.src, e.type, e.dst, e.key)
                new = (e.src in fresh or e.dst in fresh) and ident not in created_edges
                created_edges.update([ident] if new else [])
                by_type.setdefault((e.type, new), []).append(self._row(e.props, src=e.src, dst=e.dst, key=e.key))
        for label in sorted({label for label, _ in by_label}):
            keys = sorted({i["key"] for i in by_label.get((label, False), [])})
            bad = list(tx.run(cypher.label_conflicts(label), keys=keys, label=label)) if keys else []
            if bad:
                raise StoreError(f"node {bad[0]['key']} exists with label {bad[0]['label']!r}, not {label!r}")
        created_first = sorted(by_label.items(), key=lambda kv: (not kv[0][1], kv[0][0]))
        for (label, new), items in created_first:
            q = cypher.create_nodes(label) if new else cypher.merge_nodes(label)
            for i in range(0, len(items), self.batch_size):
                tx.run(q, rows=items[i : i + self.batch_size], label=label).consume()
        for (rel, new), items in sorted(by_type.items(), key=lambda kv: (not kv[0][1], kv[0][0])):
            q = cypher.create_edges(rel) if new else cypher.merge_edges(rel)
            for i in range(0, len(items), self.batch_size):
                tx.run(q, rows=items[i : i + self.batch_size]).consume()

    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows in one transaction (validated first: all or nothing)."""
        self.upsert_many([rows])

    def upsert_many(self, batch: list[GraphRows]) -> None:
        """Merge several articles' rows in one transaction: all of them or none."""
        try:
            check_batch(batch)
        except ValueError as e:
            raise StoreError(str(e)) from e
        self._run_write(self._write_rows, batch)

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its quotes, its provenance and orphaned entities (one transaction)."""

        def work(tx: Any) -> bool:
            rec = tx.run(cypher.ARTICLE_NEIGHBOURS, id=article_id).single()
            if rec is None or not rec["n"]:
                return False
            keys = rec["keys"]
            tx.run(cypher.DELETE_QUOTES, id=article_id).consume()
            tx.run(cypher.DELETE_ARTICLE, id=article_id).consume()
            tx.run(cypher.PRUNE_EDGES, id=article_id, keys=keys).consume()
            tx.run(cypher.PRUNE_NODES, id=article_id, keys=keys).consume()
            return True

        return bool(self._run_write(work))

    def clear(self) -> None:
        """Delete every graphbuild node (tests and `export --replace`)."""
        def work(tx: Any) -> None:
            tx.run(f"MATCH (n:{cypher.BASE_LABEL}) DETACH DELETE n").consume()
            tx.run("MATCH (l:GraphbuildLock) DELETE l").consume()

        self._run_write(work)

    # -- reads -----------------------------------------------------------------------------
    def article_state(self, article_id: str) -> tuple[str, str] | None:
        """(content_hash, extractor) of a stored article."""
        n = self.node(article_id)
        if n is None or n.get("label") != "Article":
            return None
        return n.get("content_hash", ""), n.get("extractor", "")

    def article_index(self) -> dict[str, dict[str, Any]]:
        """Article id -> {content_hash, extractor, source, file_hash} for every stored article (one query)."""
        fields = ", ".join(f"a.{f} AS {f}" for f in INDEX_FIELDS)
        return {r["k"]: {f: r[f] for f in INDEX_FIELDS} for r in self._read(f"MATCH (a:Article) RETURN a.key AS k, {fields}")}

    def article_states(self) -> dict[str, tuple[str, str]]:
        """Article id -> (content_hash, extractor), in one query."""
        return states_of(self.article_index())

    def article_sources(self) -> dict[str, str]:
        """Article id -> source (path, 'path#line' or URL), in one query."""
        return {k: v["source"] or "" for k, v in self.article_index().items()}

    def statements_of(self, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored statements (id, text, speaker, speaker_name) of each article (indexed lookup)."""
        out: dict[str, list[dict[str, Any]]] = {}
        if not article_ids:
            return out
        q = ("MATCH (q:Quote) WHERE q.article IN $ids RETURN q.article AS a, q.key AS id, q.text AS text, "
             "q.speaker AS speaker, q.speaker_name AS speaker_name ORDER BY id")
        for r in self._read(q, ids=list(article_ids)):
            out.setdefault(r["a"], []).append({"id": r["id"], "text": r["text"], "speaker": r["speaker"], "speaker_name": r["speaker_name"]})
        return out

    # -- writer lock -----------------------------------------------------------------------
    def try_lock(self, owner: dict[str, Any]) -> dict[str, Any] | None:
        """Take the writer lock (a `GraphbuildLock` node); returns the current holder if taken by another."""

        def work(tx: Any) -> dict[str, Any] | None:
            rec = tx.run(
                "MERGE (l:GraphbuildLock {key: 'writer'}) ON CREATE SET l += $owner, l.fresh = true "
                "WITH l, coalesce(l.fresh, false) AS fresh REMOVE l.fresh RETURN properties(l) AS p, fresh",
                owner=owner,
            ).single()
            if rec["fresh"] or rec["p"].get("token") == owner["token"]:
                return None
            return dict(rec["p"])

        held: dict[str, Any] | None = self._run_write(work)
        return held

    def break_lock(self, token: str) -> None:
        """Remove the writer lock if `token` still holds it."""
        self._run_write(lambda tx: tx.run("MATCH (l:GraphbuildLock {key: 'writer', token: $t}) DELETE l", t=token).consume())

    def load(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
        """Bulk-merge nodes and edges read from another store (export): chunked transactions."""
        by_label: dict[str, list[dict[str, Any]]] = {}
        for n in nodes:
            props = {k: v for k, v in n.items() if k not in {"key", "label"}}
            by_label.setdefault(n["label"], []).append(self._row(props, key=n["key"]))
        by_type: dict[str, list[dict[str, Any]]] = {}
        for e in edges:
            props = {k: v for k, v in e.items() if k not in {"src", "dst", "type", "key"}}
            by_type.setdefault(e["type"], []).append(self._row(props, src=e["src"], dst=e["dst"], key=e["key"]))
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

    def node(self, key: str) -> dict[str, Any] | None:
        """A node's properties (with `key` and `label`), or None."""
        recs = self._read(cypher.GET_NODE, key=key)
        return _clean(recs[0]["p"]) if recs else None

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """All nodes (optionally of one label), sorted by key."""
        for r in self._read(cypher.nodes_query(label)):
            yield _clean(r["p"])

    def edges(self, type: str | None = None, *, src: str | None = None, dst: str | None = None) -> Iterator[dict[str, Any]]:
        """Edges filtered by type and ends."""
        q = cypher.edges_query(type, src=src is not None, dst=dst is not None)
        for r in self._read(q, src=src, dst=dst):
            d = _clean(r["p"])
            yield {**d, "src": r["src"], "dst": r["dst"], "type": r["type"], "key": d.get("key", "")}
