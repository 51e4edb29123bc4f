"""The embedded default backend: a NetworkX graph in a node-link JSON file."""

from .reads import NetworkXReader
from .store import NetworkXStore

__all__ = ["NetworkXReader", "NetworkXStore"]
