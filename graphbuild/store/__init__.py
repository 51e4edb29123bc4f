"""Store: graph rows -> a persisted graph (NetworkX file by default)."""

from .base import DEFAULT_STORE, GraphStore, open_store
from .networkx_store import NetworkXStore

__all__ = ["DEFAULT_STORE", "GraphStore", "NetworkXStore", "open_store"]
