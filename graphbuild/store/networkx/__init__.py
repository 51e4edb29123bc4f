"""The in-memory backend: a NetworkX graph in a node-link JSON file (stores written before
0.3; `graphbuild migrate` moves one into the SQLite default)."""

from .store import NetworkXStore
from .view import NetworkXView

__all__ = ["NetworkXStore", "NetworkXView"]
