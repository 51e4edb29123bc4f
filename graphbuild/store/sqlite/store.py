"""The embedded default: one SQLite file (WAL journal), written article by article.

A write is one transaction: what a crash interrupts is rolled back when the file is next
opened, so no half-written article stays. A write costs what the article brings (its nodes,
edges and provenance rows), not the size of the store; reads go through indexes (see
`schema`). Nothing is written until something changed: opening a path that does not exist and
closing it creates no file, and the folder must exist (a mistyped path is an error, not a new
directory tree). The file is readable by any SQLite tool (Datasette, the sqlite3 shell).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ...model import (
    ENTITY_LABELS,
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
from . import aggregates
from .schema import FORMAT, connect
from .view import SQLiteView
from .writes import Writer

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


class SQLiteStore:
    """The graph in a SQLite file at `path`; every write is committed at once.

    >>> import os, tempfile
    >>> s = SQLiteStore(os.path.join(tempfile.mkdtemp(), "g.db"))
    >>> s.reader.stats().nodes, s.path.exists()
    (0, False)
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self._con: sqlite3.Connection | None = None
        self._written = False
        self._mem: sqlite3.Connection | None = None
        self._counted: bool | None = None  # whether the file's maintained counts are complete
        if self.path.exists():
            self._con = self._open()
        self.view = SQLiteView(self._read)
        self._reader = AdjacencyReader(self.view)

    @property
    def reader(self) -> AdjacencyReader:
        """Queries as indexed lookups."""
        return self._reader

    # -- connection ------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            with self.path.open("rb") as f:
                head = f.read(16)
            if head and head != SQLITE_MAGIC:
                raise StoreError(f"{self.path} is not a SQLite graph file (a graph.json store? see `graphbuild migrate`)")
            con = connect(self.path)
            fmt = con.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"cannot open the graph file {self.path}: {e}") from e
        if fmt is None or fmt[0] != FORMAT:
            con.close()
            raise StoreError(f"{self.path} has format {fmt[0] if fmt else None!r}, expected {FORMAT!r}")
        return con

    def _read(self) -> sqlite3.Connection:
        """The connection reads use: the file's, or an empty in-memory graph before the first write."""
        if self._con is not None:
            return self._con
        if self._mem is None:
            self._mem = connect(":memory:")
        return self._mem

    def _write(self) -> sqlite3.Connection:
        if self._con is None:
            self._folder()
            self._con = self._open() if self.path.exists() else self._create()
        return self._con

    def _create(self) -> sqlite3.Connection:
        try:
            return connect(self.path)
        except sqlite3.Error as e:
            raise StoreError(f"cannot create the graph file {self.path}: {e}") from e

    def _folder(self) -> Path:
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not folder.is_dir():
            raise StoreError(f"cannot write the graph file {self.path}: folder {folder} does not exist")
        return folder

    def _tx(self, fn: Any, *args: Any) -> Any:
        """Run `fn(writer, *args)` in one transaction (all of it or nothing)."""
        con = self._write()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                w = Writer(con)
                out = fn(w, *args)
                self._count(w)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            self._written = True
        except sqlite3.Error as e:
            raise StoreError(f"cannot write the graph file {self.path}: {e}") from e
        self.view.changed()
        return out

    def _count(self, w: Writer) -> None:
        """Write the transaction's difference to the maintained counts, or compute them all (a
        bulk copy, or a file made before they existed: logged, it reads every article once)."""
        if self._counted is None:
            self._counted = aggregates.ready(w.con)
        if self._counted and not w.recount:
            w.tally.commit()
            return
        if not self._counted:
            log.info("computing the maintained counts of %s (once)", self.path)
        aggregates.rebuild(w.con)
        self._counted = True

    def flush(self) -> None:
        """Every write is committed when it returns: nothing to do."""

    def close(self) -> None:
        """Close the file (SQLite folds the WAL journal into it); after writes, refresh the
        planner's statistics (`PRAGMA optimize`: cheap, and only what changed)."""
        if self._con is not None and self._written:
            try:
                self._con.execute("PRAGMA optimize")
            except sqlite3.Error as e:  # statistics only: the graph is committed
                log.warning("PRAGMA optimize on %s: %s", self.path, e)
        for con in (self._con, self._mem):
            if con is not None:
                con.close()
        self._con = self._mem = None

    def __enter__(self) -> SQLiteStore:
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
        """Always True: the file is local."""
        return True

    # -- writes ----------------------------------------------------------------------------
    def write(self, batch: Sequence[GraphRows], *, replace: Sequence[str] = ()) -> None:
        """Delete `replace`, then merge every article's rows, in one transaction."""
        try:
            check_batch(list(batch))
        except ValueError as e:
            raise StoreError(str(e)) from e
        if not batch and not replace:
            return

        def run(w: Writer) -> None:
            for aid in replace:
                w.delete_article(aid)
            w.merge(batch)

        self._tx(run)

    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows (validated first, so a bad row writes nothing)."""
        self.write([rows])

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its statements, its provenance, and what it alone brought."""
        if self._con is None:
            return False
        return bool(self._tx(lambda w: w.delete_article(article_id)))

    def load(self, nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> None:
        """Merge nodes and edges read from another store (a copy), in one transaction."""
        self._tx(lambda w: w.load(nodes, edges))

    def clear(self) -> None:
        """Delete the whole graph."""
        if self._con is not None:
            self._tx(lambda w: w.clear())

    def replace_links(self, types: Sequence[str], links: Sequence[EdgeRow]) -> int:
        """Make the edges of the link `types` exactly `links` (only the difference is written)."""
        kinds = checked_link_types(types)
        con = self._read()
        marks = ",".join("?" * len(kinds))
        have = [((s, t, d, k), json.loads(p)) for s, t, d, k, p in
                con.execute(f"SELECT src, type, dst, key, props FROM edges WHERE type IN ({marks})", kinds)]
        ends = sorted({e.src for e in links} | {e.dst for e in links})
        exists = {k for chunk in _chunks(ends) for (k,) in
                  con.execute(f"SELECT key FROM nodes WHERE key IN ({','.join('?' * len(chunk))})", chunk)}
        stale, new = link_diff(have, links, kinds, exists=exists)
        if stale or new:
            self._tx(lambda w: w.relink(stale, new))
        return len(stale) + len(new)

    # -- the stored articles' state --------------------------------------------------------
    def _rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return self._read().execute(sql, args).fetchall()

    def article_index(self) -> dict[str, ArticleState]:
        """Every stored article's state, in one read."""
        out = {}
        for key, props in self._rows("SELECT key, props FROM nodes WHERE label = 'Article'"):
            d = json.loads(props)
            out[key] = ArticleState(d.get("content_hash") or "", d.get("extractor") or "", d.get("source") or "", d.get("file_hash"))
        return out

    def statements_of(self, article_ids: Sequence[str]) -> dict[str, list[StoredStatement]]:
        """The stored statements of each article."""
        out: dict[str, list[StoredStatement]] = {}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            for (a,) in self._rows(f"SELECT key FROM nodes WHERE label = 'Article' AND key IN ({marks})", *chunk):
                out[a] = []
            for key, a, text, speaker in self._rows(
                    f"SELECT key, article, text, speaker FROM nodes WHERE label = 'Quote' AND article IN ({marks}) ORDER BY key", *chunk):
                if a in out:
                    out[a].append(StoredStatement(key, text or "", speaker))
        return out

    def speakers_with_statements(self, keys: Sequence[str]) -> set[str]:
        """The keys among `keys` with a SAID edge."""
        out: set[str] = set()
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            out |= {k for (k,) in self._rows(f"SELECT DISTINCT src FROM edges WHERE type = 'SAID' AND src IN ({marks})", *chunk)}
        return out

    # -- derived links ---------------------------------------------------------------------
    def entity_infos(self) -> list[EntityInfo]:
        """Every entity node as entity resolution sees it, sorted by key."""
        marks = ",".join("?" * len(ENTITY_LABELS))
        counts = dict(self._rows(f"SELECT na.key, count(*) FROM node_articles na JOIN nodes n ON n.key = na.key "
                                 f"WHERE n.label IN ({marks}) GROUP BY na.key", *ENTITY_LABELS))
        out = []
        for key, props in self._rows(f"SELECT key, props FROM nodes WHERE label IN ({marks}) ORDER BY key", *ENTITY_LABELS):
            d = json.loads(props)
            out.append(EntityInfo(key, d.get("name") or key, tuple(d.get("norms") or ()), counts.get(key, 0)))
        return out

    def statement_infos(self) -> list[StatementInfo]:
        """Every statement with a speaker, as claim matching sees it."""
        out = []
        for key, speaker, article, props in self._rows(
                "SELECT key, speaker, article, props FROM nodes WHERE label = 'Quote' AND speaker IS NOT NULL ORDER BY key"):
            d = json.loads(props)
            out.append(StatementInfo(key, speaker, d.get("text") or "", article, d.get("published")))
        return out

    def role_infos(self) -> tuple[list[RoleSpeaker], list[RoleFact]]:
        """Statements by unresolved titles and the HOLDS_ROLE facts, as title resolution sees them."""
        speakers = []
        for key, props in self._rows("SELECT key, props FROM nodes WHERE label = 'Quote' AND speaker IS NULL "
                                     "AND json_extract(props, '$.speaker_role') IS NOT NULL ORDER BY key"):
            d = json.loads(props)
            speakers.append(RoleSpeaker(key, d["speaker_role"], d.get("speaker_role_of"), tuple(d.get("speaker_role_names") or ()),
                                        d.get("said_on") or d.get("published")))
        arts: dict[tuple[str, str, str], list[str]] = {}
        for s, d, k, a in self._rows("SELECT src, dst, key, article FROM edge_articles WHERE type = 'HOLDS_ROLE'"):
            arts.setdefault((s, d, k), []).append(a)
        facts = []
        for s, d, k, props in self._rows("SELECT src, dst, key, props FROM edges WHERE type = 'HOLDS_ROLE'"):
            p = json.loads(props)
            if p.get("role"):
                facts.append(RoleFact(s, d, p["role"], p.get("title") or "", tuple(sorted(arts.get((s, d, k), ())))))
        return speakers, sorted(facts, key=lambda f: (f.person, f.target, f.title))

    def article_infos(self) -> list[ArticleInfo]:
        """Every article with its body sketch, as republication matching sees it."""
        out = []
        for key, props in self._rows("SELECT key, props FROM nodes WHERE label = 'Article' ORDER BY key"):
            d = json.loads(props)
            if d.get("sketch"):
                out.append(ArticleInfo(key, tuple(d["sketch"]), d.get("published")))
        return out

    # -- raw reads -------------------------------------------------------------------------
    def node(self, key: str) -> dict[str, Any] | None:
        """A node's properties (with its `articles`), `key` and `label`, or None."""
        return next(self._nodes("WHERE n.key = ?", key), None)

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """All nodes (optionally of one label), sorted by key, streamed."""
        yield from (self._nodes("WHERE n.label = ? ORDER BY n.key", label) if label else self._nodes("ORDER BY n.key"))

    def _nodes(self, where: str, *args: Any) -> Iterator[dict[str, Any]]:
        con = self._read()
        for key, label, props in con.execute(f"SELECT n.key, n.label, n.props FROM nodes n {where}", args):
            d = {"key": key, "label": label, **json.loads(props)}
            arts = [a for (a,) in con.execute("SELECT article FROM node_articles WHERE key = ? ORDER BY article", (key,))]
            if arts:
                d["articles"] = arts
            yield d

    def edges(self, type: str | None = None, *, src: str | None = None, dst: str | None = None) -> Iterator[dict[str, Any]]:
        """Edges filtered by type and ends (through the indexes), streamed."""
        conds, args = [], []
        for col, val in (("src", src), ("dst", dst), ("type", type)):
            if val is not None:
                conds.append(f"{col} = ?")
                args.append(val)
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        con = self._read()
        for s, t, d, k, props in con.execute(f"SELECT src, type, dst, key, props FROM edges {where} ORDER BY src, type, dst, key", args):
            e = {"src": s, "dst": d, "key": k, "type": t, **json.loads(props)}
            arts = [a for (a,) in con.execute("SELECT article FROM edge_articles WHERE src = ? AND type = ? AND dst = ? AND key = ? "
                                              "ORDER BY article", (s, t, d, k))]
            if arts:
                e["articles"] = arts
            yield e


def _chunks(items: list[str], n: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
