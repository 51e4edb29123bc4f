"""The embedded default backend: the graph in one SQLite file (WAL), written article by article."""

from .store import SQLiteStore
from .view import SQLiteView

__all__ = ["SQLiteStore", "SQLiteView"]
