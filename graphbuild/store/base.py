"""The GraphStore interface every backend implements, and `open_store` for store URIs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import StoreError
from ..graph import GraphRows

DEFAULT_STORE = "graph.json"


@runtime_checkable
class GraphStore(Protocol):
    """A graph backend. Rows are merged on deterministic keys; one article is written whole or not at all.

    Node dicts carry `key` and `label` plus properties; edge dicts carry `src`, `type`, `dst`,
    `key` plus properties.
    """

    uri: str

    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows (all or nothing)."""
        ...

    def delete_article(self, article_id: str) -> bool:
        """Remove an article's contributions; entities left without provenance go too."""
        ...

    def article_state(self, article_id: str) -> tuple[str, str] | None:
        """(content_hash, extractor) of a stored article, or None."""
        ...

    def article_index(self) -> dict[str, dict[str, Any]]:
        """Article id -> {content_hash, extractor, source, file_hash} for every stored article (one read)."""
        ...

    def article_states(self) -> dict[str, tuple[str, str]]:
        """Article id -> (content_hash, extractor) for every stored article (one read)."""
        ...

    def article_sources(self) -> dict[str, str]:
        """Article id -> source (path, 'path#line' or URL) for every stored article (one read)."""
        ...

    def statements_of(self, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Stored statements (id, text, speaker, speaker_name) of each of these articles."""
        ...

    def upsert_many(self, batch: list[GraphRows]) -> None:
        """Merge several articles' rows: all of them or none."""
        ...

    def node(self, key: str) -> dict[str, Any] | None:
        """One node by key."""
        ...

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """All nodes, optionally of one label."""
        ...

    def edges(self, type: str | None = None, *, src: str | None = None, dst: str | None = None) -> Iterator[dict[str, Any]]:
        """Edges filtered by type and/or an end."""
        ...

    def flush(self) -> None:
        """Make all writes durable."""
        ...

    def close(self) -> None:
        """Flush and release resources."""
        ...


INDEX_FIELDS = ("content_hash", "extractor", "source", "file_hash")


def states_of(index: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """(content_hash, extractor) per article id, from `article_index()`."""
    return {k: (v["content_hash"] or "", v["extractor"] or "") for k, v in index.items()}


def open_store(uri: str | Path | None = None, **kwargs: Any) -> GraphStore:
    """Open a store from a URI: a file path (NetworkX, the default) or `bolt://`/`neo4j://`.

    >>> import tempfile, os
    >>> s = open_store(os.path.join(tempfile.mkdtemp(), "g.json"))
    >>> type(s).__name__
    'NetworkXStore'
    """
    uri = str(uri or DEFAULT_STORE)
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme in {"bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc"}:
        from .neo4j_store import Neo4jStore

        kwargs.setdefault("user", os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME"))
        kwargs.setdefault("password", os.environ.get("NEO4J_PASSWORD"))
        kwargs.setdefault("database", os.environ.get("NEO4J_DATABASE"))
        return Neo4jStore(uri, **kwargs)
    if scheme and scheme != "file":
        raise StoreError(f"unknown store URI scheme {scheme!r} in {uri!r}: use a file path or bolt://host:port")
    from .networkx_store import NetworkXStore

    path = uri[len("file://"):] if scheme == "file" else uri
    return NetworkXStore(path, **kwargs)
