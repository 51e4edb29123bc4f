"""The embedded default: a NetworkX MultiDiGraph persisted as node-link JSON.

Written atomically (temp file in the same folder, fsync, rename, with the permissions the user's
umask gives a new file, or those of the file it replaces), so a crash leaves the previous file
intact. Nothing is written until something changed: opening a path and closing it creates no
file, and the folder must exist (a mistyped path is an error, not a new directory tree).
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite import json_graph

from ...model import (
    ENTITY_LABELS,
    SET_PROPS,
    ArticleInfo,
    EdgeRow,
    EntityInfo,
    GraphRows,
    RoleFact,
    RoleSpeaker,
    StatementInfo,
    StoreError,
    check_batch,
)
from ..base import ArticleState, StoredStatement
from ..links import checked_link_types, link_diff
from ..lockfile import FileLock
from ..reads import AdjacencyReader
from .view import NetworkXView

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


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class NetworkXStore:
    """Graph in memory, persisted to `path` on `flush()`/`close()` (and every `autosave_every` writes).

    >>> import tempfile, os
    >>> s = NetworkXStore(os.path.join(tempfile.mkdtemp(), "g.json"))
    >>> s.reader.stats().nodes
    0
    """

    def __init__(self, path: str | Path, *, autosave_every: int = 200) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self.autosave_every = autosave_every
        self._dirty = 0
        self.version = 0  # bumped by every change: the reader's indexes follow it
        self.meta: dict[str, Any] = {}
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        if self.path.exists():
            self._load()
        self._reader = AdjacencyReader(NetworkXView(self))

    @property
    def reader(self) -> AdjacencyReader:
        """Queries as graph lookups (with indexes rebuilt after changes)."""
        return self._reader

    # -- persistence -----------------------------------------------------------------------
    def _load(self) -> None:
        try:
            with self.path.open(encoding="utf-8") as f:
                data = json.load(f)
        except OSError as e:
            raise StoreError(f"cannot read graph file {self.path}: {e.strerror or e}") from e
        except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
            raise StoreError(f"{self.path} is not a graphbuild graph (neither SQLite nor a graph JSON file: {e}); "
                             "it was left as it is: give another --store path") from e
        try:
            if not isinstance(data, dict) or not {"nodes", "edges"} <= data.keys():
                raise ValueError("no 'nodes' and 'edges'")
            self.g = json_graph.node_link_graph(data, directed=True, multigraph=True, edges="edges")
        except (ValueError, KeyError, TypeError) as e:
            raise StoreError(f"{self.path} is JSON but not a graphbuild graph ({e}); it was left as it is: "
                             "give another --store path") from e
        self.meta = dict(self.g.graph.get("graphbuild", {}))
        if self.meta.get("format") not in (None, FORMAT):
            raise StoreError(f"{self.path} has format {self.meta.get('format')!r}, expected {FORMAT!r}")

    def _folder(self) -> Path:
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not folder.is_dir():
            raise StoreError(f"cannot write the graph file {self.path}: folder {folder} does not exist")
        return folder

    def flush(self) -> None:
        """Write the graph atomically (temp file + fsync + rename), when it changed."""
        if not self._dirty:
            return
        folder = self._folder()
        self.meta["format"] = FORMAT
        self.g.graph["graphbuild"] = self.meta
        data = json_graph.node_link_data(self.g, edges="edges")
        # Same graph, same bytes: order does not depend on insertion history.
        data["nodes"].sort(key=lambda n: n["id"])
        data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode) if self.path.exists() else _new_file_mode()
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as e:
            raise StoreError(f"cannot write the graph file {self.path}: {e.strerror or e}") from e
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except OSError as e:  # a full disk: the file as it was stays
            Path(tmp).unlink(missing_ok=True)
            raise StoreError(f"cannot write the graph file {self.path}: {e.strerror or e}; "
                             f"the previous version of the file is unchanged") from e
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = 0
        log.debug("wrote %s (%d nodes, %d edges)", self.path, self.g.number_of_nodes(), self.g.number_of_edges())

    def close(self) -> None:
        """Write pending changes (nothing, when nothing changed)."""
        self.flush()

    def __enter__(self) -> NetworkXStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lock(self, *, wait: float = 0.0, poll: float = 0.5) -> AbstractContextManager[None]:
        """The writer lock: `<graph>.lock` (see `graphbuild.store.lockfile`)."""
        self._folder()
        return FileLock(f"{self.path}.lock").hold(wait=wait, poll=poll, what=self.uri)

    def break_lock(self) -> dict[str, Any] | None:
        """None: the OS ends a graph file's lock with the process holding it (even on kill -9)."""
        return None

    def ping(self) -> bool:
        """Always True: the graph is in this process."""
        return True

    def _changed(self, articles: int = 1) -> None:
        self._dirty += articles
        self.version += 1

    # -- writes ----------------------------------------------------------------------------
    def _check(self, batch: Sequence[GraphRows]) -> None:
        try:
            check_batch(list(batch))
        except ValueError as e:
            raise StoreError(str(e)) from e
        for rows in batch:
            for n in rows.nodes:
                if n.key in self.g and self.g.nodes[n.key].get("label") != n.label:
                    raise StoreError(f"node {n.key} exists with label {self.g.nodes[n.key].get('label')!r}, not {n.label!r}")

    def _merge(self, rows: GraphRows) -> None:
        g = self.g
        for n in rows.nodes:
            if n.key not in g:
                g.add_node(n.key, label=n.label)
            _merge_props(g.nodes[n.key], n.props)
        for row in rows.edges:
            ek = f"{row.type}|{row.key}"
            if not g.has_edge(row.src, row.dst, ek):
                g.add_edge(row.src, row.dst, key=ek, type=row.type)
            _merge_props(g.edges[row.src, row.dst, ek], row.props)

    def write(self, batch: Sequence[GraphRows], *, replace: Sequence[str] = ()) -> None:
        """Delete `replace`, then merge every article's rows; all validated before anything changes."""
        self._check(batch)
        for aid in replace:
            self._delete(aid)
        for rows in batch:
            self._merge(rows)
        self._changed(max(len(batch), len(replace)))
        if self.autosave_every and self._dirty >= self.autosave_every:
            self.flush()

    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows. Validation happens first, so a bad row writes nothing."""
        self.write([rows])

    def _delete(self, article_id: str) -> bool:
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
        return True

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its quotes, its provenance on edges and nodes, and orphans.

        Only the article's neighbourhood is visited (its quotes and the nodes it points to carry
        all of its provenance), so the cost does not grow with the graph.
        """
        done = self._delete(article_id)
        if done:
            self._changed()
        return done

    def load(self, nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> None:
        """Merge nodes and edges read from another store (a copy)."""
        for n in nodes:
            if n["key"] not in self.g:
                self.g.add_node(n["key"], label=n["label"])
            _merge_props(self.g.nodes[n["key"]], {k: v for k, v in n.items() if k not in {"key", "label"}})
        for e in edges:
            ek = f"{e['type']}|{e.get('key', '')}"
            if not self.g.has_edge(e["src"], e["dst"], ek):
                self.g.add_edge(e["src"], e["dst"], key=ek, type=e["type"])
            _merge_props(self.g.edges[e["src"], e["dst"], ek], {k: v for k, v in e.items() if k not in {"src", "dst", "type", "key"}})
        self._changed()

    def clear(self) -> None:
        """Delete the whole graph."""
        self.g.clear()
        self._changed()

    # -- the stored articles' state --------------------------------------------------------
    def article_index(self) -> dict[str, ArticleState]:
        """Every stored article's state."""
        return {k: ArticleState(d.get("content_hash") or "", d.get("extractor") or "", d.get("source") or "", d.get("file_hash"))
                for k, d in self.g.nodes(data=True) if d.get("label") == "Article"}

    def statements_of(self, article_ids: Sequence[str]) -> dict[str, list[StoredStatement]]:
        """The stored statements of each article."""
        out: dict[str, list[StoredStatement]] = {}
        g = self.g
        for a in article_ids:
            if a not in g:
                continue
            qs = sorted(u for u, _, d in g.in_edges(a, data=True) if d.get("type") == "IN")
            out[a] = [StoredStatement(q, g.nodes[q].get("text", ""), g.nodes[q].get("speaker")) for q in qs]
        return out

    def speakers_with_statements(self, keys: Sequence[str]) -> set[str]:
        """The keys among `keys` with a SAID edge."""
        g = self.g
        return {k for k in keys if k in g and any(d.get("type") == "SAID" for _, _, d in g.out_edges(k, data=True))}

    # -- derived links ---------------------------------------------------------------------
    def entity_infos(self) -> list[EntityInfo]:
        """Every entity node as entity resolution sees it, sorted by key."""
        return [EntityInfo(k, d.get("name") or k, tuple(d.get("norms") or ()), len(d.get("articles") or ()))
                for k, d in sorted(self.g.nodes(data=True)) if d.get("label") in ENTITY_LABELS]

    def statement_infos(self) -> list[StatementInfo]:
        """Every statement with a speaker, as claim matching sees it."""
        return [StatementInfo(k, d["speaker"], d.get("text") or "", d["article"], d.get("published"))
                for k, d in sorted(self.g.nodes(data=True)) if d.get("label") == "Quote" and d.get("speaker")]

    def role_infos(self) -> tuple[list[RoleSpeaker], list[RoleFact]]:
        """Statements by unresolved titles and the HOLDS_ROLE facts, as title resolution sees them."""
        g = self.g
        speakers = [RoleSpeaker(k, d["speaker_role"], d.get("speaker_role_of"), tuple(d.get("speaker_role_names") or ()),
                                d.get("said_on") or d.get("published"))
                    for k, d in sorted(g.nodes(data=True)) if d.get("label") == "Quote" and d.get("speaker_role") and not d.get("speaker")]
        facts = sorted((RoleFact(str(u), str(v), d["role"], d.get("title") or "", tuple(sorted(d.get("articles") or ())))
                        for u, v, d in g.edges(data=True) if d.get("type") == "HOLDS_ROLE" and d.get("role")),
                       key=lambda f: (f.person, f.target, f.title))
        return speakers, facts

    def article_infos(self) -> list[ArticleInfo]:
        """Every article with its body sketch, as republication matching sees it."""
        return [ArticleInfo(k, tuple(d["sketch"]), d.get("published"))
                for k, d in sorted(self.g.nodes(data=True)) if d.get("label") == "Article" and d.get("sketch")]

    def replace_links(self, types: Sequence[str], links: Sequence[EdgeRow]) -> int:
        """Make the edges of the link `types` exactly `links`; returns how many were written or deleted."""
        g = self.g
        kinds = checked_link_types(types)
        have = [((u, d["type"], v, k.split("|", 1)[1]), {p: x for p, x in d.items() if p != "type"})
                for u, v, k, d in g.edges(keys=True, data=True) if d.get("type") in kinds]
        stale, new = link_diff(have, links, kinds, exists=set(g.nodes))
        for u, t, v, k in stale:
            g.remove_edge(u, v, f"{t}|{k}")
        for e in new:
            g.add_edge(e.src, e.dst, key=f"{e.type}|{e.key}", type=e.type, **e.props)
        if stale or new:
            self._changed()
        return len(stale) + len(new)

    # -- raw reads -------------------------------------------------------------------------
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
