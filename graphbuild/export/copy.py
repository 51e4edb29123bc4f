"""One store into another (e.g. a graph file into Neo4j): nodes and edges merged on their keys,
so copying twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from ..store import GraphStore, StoreURI, open_store


def copy_store(src: GraphStore, dst: str | Path | StoreURI | GraphStore) -> tuple[int, int]:
    """Copy every node and edge of `src` into `dst` (a store or a URI); returns (nodes, edges).

    >>> # copy_store(open_store("graph.json"), "bolt://127.0.0.1:7687")
    """
    target = dst if not isinstance(dst, str | Path | StoreURI) else open_store(dst)
    try:
        nodes, edges = list(src.nodes()), list(src.edges())
        target.load(nodes, edges)
    finally:
        if target is not dst:
            target.close()
    return len(nodes), len(edges)
