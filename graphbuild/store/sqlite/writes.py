"""The SQLite store's writes, inside the transaction `SQLiteStore` opens: merging rows on their
keys (the same merge rules as every backend: a null property is no property, `aliases` and
`norms` are sets), deleting an article with what it alone brought, replacing derived links.

An entity's `articles` list lives in `node_articles` (one row per article), an edge's in
`edge_articles`, so merging an article touches only its own rows; `nodes.weight` (an entity's
mentions) moves by the difference each MENTIONS edge makes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ...model import (
    ATTRIBUTED_TO,
    ENTITY_LABELS,
    SAME_AS,
    SET_PROPS,
    EdgeRow,
    GraphRows,
    StoreError,
)
from ..names import entity_norms
from .aggregates import Tally

EdgeId = tuple[str, str, str, str]  # (src, type, dst, key)


def merged(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`old` with `new` merged in (without `articles`, which is kept apart).

    >>> merged({"aliases": ["A"], "x": 1}, {"aliases": ["B"], "x": None, "articles": ["a1"]})
    {'aliases': ['A', 'B']}
    """
    out = dict(old)
    for k, v in new.items():
        if k == "articles":
            continue
        if v is None:
            out.pop(k, None)  # as in Neo4j: a null property is no property
        elif k in SET_PROPS and isinstance(v, list):
            out[k] = sorted(set(out.get(k) or []) | set(v))
        else:
            out[k] = list(v) if isinstance(v, list) else v
    return out


def _dumps(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


class Writer:
    """Writes on one connection, inside an open transaction."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.tally = Tally(con)  # the maintained counts' difference (see `aggregates`)
        self.recount = False  # set by a bulk copy: the counts are computed again at the end

    # -- merge -------------------------------------------------------------------------------
    def _weigh(self, key: str, delta: int) -> None:
        if delta:
            self.con.execute("UPDATE nodes SET weight = weight + ? WHERE key = ?", (delta, key))

    def merge(self, batch: Sequence[GraphRows]) -> None:
        """Merge a batch of articles' rows, as merging them one by one would, in a few bulk
        statements: each node and edge read once, written only when it changed."""
        self.tally.before(rows.article for rows in batch)
        nodes: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        for rows in batch:
            for n in rows.nodes:
                label, props = nodes.setdefault(n.key, (n.label, []))
                if label != n.label:
                    raise StoreError(f"node {n.key} exists with label {label!r}, not {n.label!r}")
                props.append(n.props)
        edges: dict[EdgeId, list[dict[str, Any]]] = {}
        for rows in batch:
            for e in rows.edges:
                edges.setdefault((e.src, e.type, e.dst, e.key), []).append(e.props)
        self._merge_nodes(nodes)
        self._merge_edges(edges)

    def _existing(self, sql: str, keys: list[Any], width: int = 1) -> list[tuple[Any, ...]]:
        """Rows of `sql` for these keys (tuples of `width` columns), through a temporary table
        joined on the primary key."""
        cols = ["k"] if width == 1 else ["src", "type", "dst", "key"]
        self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS want{width} ({', '.join(cols)})")
        self.con.execute(f"DELETE FROM want{width}")
        self.con.executemany(f"INSERT INTO want{width} VALUES ({','.join('?' * width)})", [k if width > 1 else (k,) for k in keys])
        return self.con.execute(sql).fetchall()

    def _merge_nodes(self, nodes: dict[str, tuple[str, list[dict[str, Any]]]]) -> None:
        have = {k: (label, json.loads(p)) for k, label, p in
                self._existing("SELECT n.key, n.label, n.props FROM want1 w CROSS JOIN nodes n ON n.key = w.k", list(nodes))}
        upserts, names, arts = [], [], []
        for key, (label, props) in nodes.items():
            old_label, old = have.get(key, (label, None))
            if old_label != label:
                raise StoreError(f"node {key} exists with label {old_label!r}, not {label!r}")
            d = old or {}
            for p in props:
                d = merged(d, p)
                arts += [(key, a) for a in p.get("articles") or ()]
            if d == old:
                continue
            quote = label == "Quote"
            upserts.append((key, label, _dumps(d), *((d.get("article"), d.get("speaker"), d.get("text"), d.get("published") or "",
                                                       d.get("start", 0), d.get("said_on") or None) if quote else (None,) * 6)))
            if label in ENTITY_LABELS and (old is None or entity_norms(old) != entity_norms(d)):
                names.append((key, entity_norms(d)))
        self.con.executemany(
            "INSERT INTO nodes (key, label, props, article, speaker, text, published, start, said) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET props = excluded.props, article = excluded.article, speaker = excluded.speaker, "
            "text = excluded.text, published = excluded.published, start = excluded.start, said = excluded.said", upserts)
        self.con.executemany("INSERT OR IGNORE INTO node_articles VALUES (?, ?)", arts)
        self.con.executemany("DELETE FROM names WHERE key = ?", [(k,) for k, _ in names])
        self.con.executemany("INSERT OR IGNORE INTO names (norm, key, first, last) VALUES (?, ?, ?, ?)",
                             [(f, k, f.split()[0], f.split()[-1]) for k, forms in names for f in forms])

    def _merge_edges(self, edges: dict[EdgeId, list[dict[str, Any]]]) -> None:
        have = {(s, t, d, k): json.loads(p) for s, t, d, k, p in
                self._existing("SELECT e.src, e.type, e.dst, e.key, e.props FROM want4 w CROSS JOIN edges e "
                               "ON e.src = w.src AND e.type = w.type AND e.dst = w.dst AND e.key = w.key", list(edges), width=4)}
        upserts, arts, weights = [], [], []
        for eid, props in edges.items():
            old = have.get(eid)
            d = old or {}
            for p in props:
                d = merged(d, p)
                arts += [(*eid, a) for a in p.get("articles") or ()]
            if d == old:
                continue
            upserts.append((*eid, _dumps(d)))
            if eid[1] == "MENTIONS":
                delta = int(d.get("count") or 0) - int((old or {}).get("count") or 0)
                if delta:
                    weights.append((delta, eid[2]))
        self.con.executemany("INSERT INTO edges (src, type, dst, key, props) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (src, type, dst, key) DO UPDATE SET props = excluded.props", upserts)
        self.con.executemany("INSERT OR IGNORE INTO edge_articles VALUES (?, ?, ?, ?, ?)", arts)
        self.con.executemany("UPDATE nodes SET weight = weight + ? WHERE key = ?", weights)

    def load(self, nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> None:
        """Merge nodes and edges as another store lists them."""
        self.recount = True
        ns: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        for n in nodes:
            ns.setdefault(n["key"], (n["label"], []))[1].append({k: v for k, v in n.items() if k not in {"key", "label"}})
        es: dict[EdgeId, list[dict[str, Any]]] = {}
        for e in edges:
            es.setdefault((e["src"], e["type"], e["dst"], e.get("key", "")), []).append(
                {k: v for k, v in e.items() if k not in {"src", "dst", "type", "key"}})
        self._merge_nodes(ns)
        self._merge_edges(es)

    # -- deletes -----------------------------------------------------------------------------
    def drop_edge(self, eid: EdgeId) -> None:
        """Delete one edge, its provenance and its share of its target's weight."""
        if eid[1] in (SAME_AS, ATTRIBUTED_TO):
            self.tally.before_link(eid[0], eid[1])
        row = self.con.execute("DELETE FROM edges WHERE src = ? AND type = ? AND dst = ? AND key = ? RETURNING props", eid).fetchone()
        self.con.execute("DELETE FROM edge_articles WHERE src = ? AND type = ? AND dst = ? AND key = ?", eid)
        if row is not None and eid[1] == "MENTIONS":
            self._weigh(eid[2], -int(json.loads(row[0]).get("count") or 0))

    def drop_node(self, key: str) -> None:
        """Delete one node with every edge that touches it."""
        for eid in self.con.execute("SELECT src, type, dst, key FROM edges WHERE src = ? UNION ALL "
                                    "SELECT src, type, dst, key FROM edges WHERE dst = ?", (key, key)).fetchall():
            self.drop_edge(eid)
        self.con.execute("DELETE FROM nodes WHERE key = ?", (key,))
        self.con.execute("DELETE FROM node_articles WHERE key = ?", (key,))
        self.con.execute("DELETE FROM names WHERE key = ?", (key,))

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its statements, take the article off the provenance of every
        edge and node it contributed to, and remove those left without provenance."""
        con = self.con
        if con.execute("SELECT 1 FROM nodes WHERE key = ?", (article_id,)).fetchone() is None:
            return False
        self.tally.before([article_id])
        quotes = [q for (q,) in con.execute("SELECT key FROM nodes WHERE article = ? AND label = 'Quote'", (article_id,))]
        quotes += [q for (q,) in con.execute("SELECT src FROM edges WHERE dst = ? AND type = 'IN'", (article_id,)) if q not in quotes]
        for key in [article_id, *quotes]:
            self.drop_node(key)
        for eid in con.execute("SELECT src, type, dst, key FROM edge_articles WHERE article = ?", (article_id,)).fetchall():
            con.execute("DELETE FROM edge_articles WHERE src = ? AND type = ? AND dst = ? AND key = ? AND article = ?", (*eid, article_id))
            if con.execute("SELECT 1 FROM edge_articles WHERE src = ? AND type = ? AND dst = ? AND key = ?", eid).fetchone() is None:
                self.drop_edge(eid)
        for (key,) in con.execute("SELECT key FROM node_articles WHERE article = ?", (article_id,)).fetchall():
            con.execute("DELETE FROM node_articles WHERE key = ? AND article = ?", (key, article_id))
            if con.execute("SELECT 1 FROM node_articles WHERE key = ?", (key,)).fetchone() is None:
                self.drop_node(key)
        return True

    def clear(self) -> None:
        """Delete every node, edge and provenance row."""
        for table in ("edges", "edge_articles", "node_articles", "names", "nodes", "agg_comentions", "agg_speakers"):
            self.con.execute(f"DELETE FROM {table}")

    def relink(self, stale: Sequence[EdgeId], new: Sequence[EdgeRow]) -> None:
        """Delete the stale derived links, write the new ones."""
        for eid in stale:
            self.drop_edge(eid)
        for e in new:
            if e.type in (SAME_AS, ATTRIBUTED_TO):
                self.tally.before_link(e.src, e.type)
            self.con.execute("INSERT INTO edges (src, type, dst, key, props) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (src, type, dst, key) DO UPDATE SET props = excluded.props",
                             (e.src, e.type, e.dst, e.key, _dumps(e.props)))
