"""One store into another (e.g. a graph file into Neo4j): nodes and edges merged on their keys,
so copying twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from ..model import StoreError
from ..store import GraphStore, StoreURI, open_store


def copy_store(src: GraphStore, dst: str | Path | StoreURI | GraphStore) -> tuple[int, int]:
    """Copy every node and edge of `src` into `dst` (a store or a URI); returns (nodes, edges).

    >>> # copy_store(open_store("graph.db"), "bolt://127.0.0.1:7687")
    """
    target = dst if not isinstance(dst, str | Path | StoreURI) else open_store(dst)
    try:
        nodes, edges = list(src.nodes()), list(src.edges())
        target.load(nodes, edges)
    finally:
        if target is not dst:
            target.close()
    return len(nodes), len(edges)


def migrate(src: str | Path, dst: str | Path) -> tuple[int, int]:
    """Move a graph file into a new store (e.g. a `graph.db` of graphbuild < 0.3 into the
    SQLite default): every node and edge copied, one transaction; the source is left as it was.
    Returns (nodes, edges). The target must not exist yet (StoreError), so nothing is mixed.

    >>> # migrate("graph.db", "graph.db")
    """
    source, target = StoreURI.parse(src), StoreURI.parse(dst)
    if not source.exists():
        raise StoreError(f"no graph at {source.uri!r} to migrate")
    if target.path is not None and target.path.exists():
        raise StoreError(f"{target.uri} exists already: migrate into a new file (or use `graphbuild export --to`)")
    if source.uri == target.uri:
        raise StoreError("the source and the target are the same store")
    with open_store(source) as s:
        return copy_store(s, target)
