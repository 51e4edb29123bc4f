"""The Neo4j backend (Neo4j 5; the `neo4j` driver is imported when a store is opened)."""

from .reads import Neo4jReader
from .store import Neo4jStore

__all__ = ["Neo4jReader", "Neo4jStore"]
