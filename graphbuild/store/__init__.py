"""Store: graph rows -> a persisted graph, behind one port per direction.

`open_store(uri)` opens a NetworkX file (the embedded default) or a Neo4j server; both implement
`GraphStore` (writes, the stored articles' state, the writer lock) and offer a `GraphReader`
(`store.reader`) answering each query in one read.

>>> import os, tempfile
>>> type(open_store(os.path.join(tempfile.mkdtemp(), "g.json"))).__name__
'NetworkXStore'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import ArticleState, GraphReader, GraphStore, StoredStatement
from .networkx import NetworkXStore
from .uri import DEFAULT_STORE, StoreURI

__all__ = ["DEFAULT_STORE", "ArticleState", "GraphReader", "GraphStore", "NetworkXStore", "StoreURI", "StoredStatement", "open_store"]


def open_store(uri: str | Path | StoreURI | None = None, **kwargs: Any) -> GraphStore:
    """Open a store: a file path (NetworkX, the default) or `bolt://`/`neo4j://` (credentials
    from NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE unless given)."""
    where = StoreURI.parse(uri)
    if where.path is not None:
        return NetworkXStore(where.path, **kwargs)
    from .neo4j import Neo4jStore

    for k, v in where.credentials().items():
        kwargs.setdefault(k, v)
    return Neo4jStore(where.uri, **kwargs)
