"""Store: graph rows -> a persisted graph, behind one port per direction.

`open_store(uri)` opens a SQLite file (the embedded default), a NetworkX `.json` file (the
format before 0.3, in memory) or a Neo4j server; each implements `GraphStore` (writes, the
stored articles' state, the writer lock) and offers a `GraphReader` (`store.reader`).

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> type(open_store(os.path.join(folder, "g.db"))).__name__, type(open_store(os.path.join(folder, "g.json"))).__name__
('SQLiteStore', 'NetworkXStore')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import ArticleState, GraphReader, GraphStore, StoredStatement
from .sqlite import SQLiteStore
from .uri import DEFAULT_STORE, StoreURI

__all__ = ["DEFAULT_STORE", "ArticleState", "GraphReader", "GraphStore", "NetworkXStore", "SQLiteStore", "StoreURI",
           "StoredStatement", "open_store"]


if TYPE_CHECKING:
    from .networkx import NetworkXStore


def __getattr__(name: str) -> Any:
    """`NetworkXStore` is imported on first use: reading a SQLite store never loads networkx."""
    if name == "NetworkXStore":
        from .networkx import NetworkXStore

        return NetworkXStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(uri: str | Path | StoreURI | None = None, **kwargs: Any) -> GraphStore:
    """Open a store: a file path (SQLite, the default; NetworkX for a `.json` file) or
    `bolt://`/`neo4j://` (credentials from NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE unless given)."""
    where = StoreURI.parse(uri)
    if where.path is not None and where.format == "networkx":
        from .networkx import NetworkXStore

        return NetworkXStore(where.path, **kwargs)
    if where.path is not None:
        kwargs.pop("autosave_every", None)  # every SQLite write is committed at once
        return SQLiteStore(where.path, **kwargs)
    from .neo4j import Neo4jStore

    for k, v in where.credentials().items():
        kwargs.setdefault(k, v)
    return Neo4jStore(where.uri, **kwargs)
