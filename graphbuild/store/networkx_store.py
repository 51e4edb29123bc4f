"""The embedded default: a NetworkX MultiDiGraph persisted as node-link JSON.

Written atomically (temp file in the same folder, fsync, rename), so a crash leaves the previous
file intact. `upsert` validates an article's rows completely before touching the graph.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite import json_graph

from ..errors import StoreError
from ..graph import SET_PROPS, GraphRows, check_batch
from .base import INDEX_FIELDS, states_of

log = logging.getLogger(__name__)

FORMAT = "graphbuild-networkx/1"


def _merge_props(old: dict[str, Any], new: dict[str, Any]) -> None:
    for k, v in new.items():
        if v is None:
            old.pop(k, None)  # as in Neo4j: a null property is no property
        elif k in SET_PROPS and isinstance(v, list):
            old[k] = sorted(set(old.get(k) or []) | set(v))
        else:
            old[k] = list(v) if isinstance(v, list) else v


class NetworkXStore:
    """Graph in memory, persisted to `path` on `flush()`/`close()`.

    >>> import tempfile, os
    >>> s = NetworkXStore(os.path.join(tempfile.mkdtemp(), "g.json"))
    >>> s.stats()["nodes"]
    0
    """

    def __init__(self, path: str | Path, *, autosave_every: int = 200) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self.autosave_every = autosave_every
        self._dirty = 0
        self.meta: dict[str, Any] = {}
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        if self.path.exists():
            self._load()

    # -- persistence -----------------------------------------------------------------------
    def _load(self) -> None:
        try:
            with self.path.open(encoding="utf-8") as f:
                data = json.load(f)
            self.g = json_graph.node_link_graph(data, directed=True, multigraph=True, edges="edges")
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise StoreError(f"cannot read graph file {self.path}: {e}") from e
        self.meta = dict(self.g.graph.get("graphbuild", {}))
        if self.meta.get("format") not in (None, FORMAT):
            raise StoreError(f"{self.path} has format {self.meta.get('format')!r}, expected {FORMAT!r}")

    def flush(self) -> None:
        """Write the graph atomically: temp file + fsync + rename."""
        self.meta["format"] = FORMAT
        self.g.graph["graphbuild"] = self.meta
        data = json_graph.node_link_data(self.g, edges="edges")
        # Same graph, same bytes: order does not depend on insertion history.
        data["nodes"].sort(key=lambda n: n["id"])
        data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
        folder = self.path.parent if str(self.path.parent) else Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = 0
        log.debug("wrote %s (%d nodes, %d edges)", self.path, self.g.number_of_nodes(), self.g.number_of_edges())

    def close(self) -> None:
        """Flush pending writes."""
        if self._dirty or not self.path.exists():
            self.flush()

    def __enter__(self) -> NetworkXStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------
    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows. Validation happens first, so a bad row writes nothing."""
        try:
            rows.check()
        except ValueError as e:
            raise StoreError(f"rows of article {rows.article} rejected: {e}") from e
        g = self.g
        for n in rows.nodes:
            if n.key in g:
                attrs = g.nodes[n.key]
                if attrs.get("label") != n.label:
                    raise StoreError(f"node {n.key} exists with label {attrs.get('label')!r}, not {n.label!r}")
        for n in rows.nodes:
            if n.key not in g:
                g.add_node(n.key, label=n.label)
            _merge_props(g.nodes[n.key], n.props)
        for row in rows.edges:
            ek = f"{row.type}|{row.key}"
            if not g.has_edge(row.src, row.dst, ek):
                g.add_edge(row.src, row.dst, key=ek, type=row.type)
            _merge_props(g.edges[row.src, row.dst, ek], row.props)
        self._dirty += 1
        if self.autosave_every and self._dirty >= self.autosave_every:
            self.flush()

    def upsert_many(self, batch: list[GraphRows]) -> None:
        """Merge several articles' rows: all validated before any is written."""
        try:
            check_batch(batch)
        except ValueError as e:
            raise StoreError(str(e)) from e
        for rows in batch:
            for n in rows.nodes:
                if n.key in self.g and self.g.nodes[n.key].get("label") != n.label:
                    raise StoreError(f"node {n.key} exists with label {self.g.nodes[n.key].get('label')!r}, not {n.label!r}")
        for rows in batch:
            self.upsert(rows)

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its quotes, its provenance on edges and nodes, and orphans.

        Only the article's neighbourhood is visited (its quotes and the nodes it points to carry
        all of its provenance), so the cost does not grow with the graph.
        """
        g = self.g
        if article_id not in g:
            return False
        quotes = [u for u, _, d in g.in_edges(article_id, data=True) if d.get("type") == "IN"]
        near = set(g.successors(article_id))
        for q in quotes:
            near.update(g.predecessors(q))
            near.update(g.successors(q))
        near -= {article_id, *quotes}
        g.remove_nodes_from([article_id, *quotes])
        for key in sorted(near):
            if key not in g:
                continue
            for u, v, k, d in [*g.out_edges(key, keys=True, data=True), *g.in_edges(key, keys=True, data=True)]:
                arts = d.get("articles") or []
                if article_id in arts:
                    rest = [a for a in arts if a != article_id]
                    if rest:
                        d["articles"] = rest
                    elif g.has_edge(u, v, k):
                        g.remove_edge(u, v, k)
        for key in sorted(near):
            d = g.nodes[key] if key in g else {}
            arts = d.get("articles") or []
            if article_id in arts:
                rest = [a for a in arts if a != article_id]
                if rest:
                    d["articles"] = rest
                else:
                    g.remove_node(key)
        self._dirty += 1
        return True

    # -- reads -----------------------------------------------------------------------------
    def article_state(self, article_id: str) -> tuple[str, str] | None:
        """(content_hash, extractor) of a stored article."""
        if article_id not in self.g:
            return None
        d = self.g.nodes[article_id]
        return d.get("content_hash", ""), d.get("extractor", "")

    def article_index(self) -> dict[str, dict[str, Any]]:
        """Article id -> {content_hash, extractor, source, file_hash} for every stored article (one read)."""
        return {k: {f: d.get(f) for f in INDEX_FIELDS} for k, d in self.g.nodes(data=True) if d.get("label") == "Article"}

    def article_states(self) -> dict[str, tuple[str, str]]:
        """Article id -> (content_hash, extractor)."""
        return states_of(self.article_index())

    def article_sources(self) -> dict[str, str]:
        """Article id -> source (path, 'path#line' or URL) for every stored article."""
        return {k: v["source"] or "" for k, v in self.article_index().items()}

    def statements_of(self, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored statements (id, text, speaker, speaker_name) of each article."""
        out: dict[str, list[dict[str, Any]]] = {}
        g = self.g
        for a in article_ids:
            if a not in g:
                continue
            qs = sorted(u for u, _, d in g.in_edges(a, data=True) if d.get("type") == "IN")
            out[a] = [{"id": q, "text": g.nodes[q].get("text"), "speaker": g.nodes[q].get("speaker"),
                       "speaker_name": g.nodes[q].get("speaker_name")} for q in qs]
        return out

    def node(self, key: str) -> dict[str, Any] | None:
        """A node's properties with `key` and `label`, or None."""
        if key not in self.g:
            return None
        return {"key": key, **self.g.nodes[key]}

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """All nodes (optionally of one label), sorted by key."""
        for key in sorted(self.g.nodes):
            d = self.g.nodes[key]
            if label is None or d.get("label") == label:
                yield {"key": key, **d}

    def edges(self, type: str | None = None, *, src: str | None = None, dst: str | None = None) -> Iterator[dict[str, Any]]:
        """Edges filtered by type and ends; uses adjacency when an end is given."""
        g = self.g
        if src is not None:
            it = g.out_edges(src, keys=True, data=True) if src in g else []
        elif dst is not None:
            it = g.in_edges(dst, keys=True, data=True) if dst in g else []
        else:
            it = g.edges(keys=True, data=True)
        for u, v, k, d in it:
            if (type is None or d.get("type") == type) and (dst is None or v == dst) and (src is None or u == src):
                yield {"src": u, "dst": v, "key": k.split("|", 1)[1], **d}

    def stats(self) -> dict[str, Any]:
        """Node counts per label and edge counts per type."""
        labels: dict[str, int] = {}
        types: dict[str, int] = {}
        for _, d in self.g.nodes(data=True):
            labels[d.get("label", "?")] = labels.get(d.get("label", "?"), 0) + 1
        for _, _, d in self.g.edges(data=True):
            types[d.get("type", "?")] = types.get(d.get("type", "?"), 0) + 1
        return {"nodes": self.g.number_of_nodes(), "edges": self.g.number_of_edges(),
                "labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}
