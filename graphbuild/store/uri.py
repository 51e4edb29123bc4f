"""Store URIs, parsed in one place: a file path (a SQLite file, the default, or a NetworkX
`.json` file) or a Neo4j URI.

>>> StoreURI.parse("graph.db").kind, StoreURI.parse("bolt://127.0.0.1:7687").kind
('file', 'neo4j')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import StoreError

DEFAULT_STORE = "graph.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
NEO4J_SCHEMES = frozenset({"bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc"})


@dataclass(frozen=True)
class StoreURI:
    """Where a graph lives. `uri` is what the user gave (normalised); `path` is set for files."""

    kind: Literal["file", "neo4j"]
    uri: str
    path: Path | None = None

    @classmethod
    def parse(cls, value: str | Path | StoreURI | None = None) -> StoreURI:
        """Parse a store string; raises StoreError for an unknown scheme or credentials in a URI.

        >>> StoreURI.parse("file:///tmp/g.json").path
        PosixPath('/tmp/g.json')
        """
        if isinstance(value, StoreURI):
            return value
        text = str(value or DEFAULT_STORE)
        scheme = text.split("://", 1)[0].lower() if "://" in text else ""
        if scheme in NEO4J_SCHEMES:
            host = text.split("://", 1)[1].split("/", 1)[0]
            if "@" in host:  # never echoed: it would show the password in errors, logs and process lists
                shown = f"{scheme}://***@{host.rsplit('@', 1)[1]}"
                raise StoreError(f"credentials in the store URI ({shown}) are refused: the command line is visible to "
                                 "every user of the machine; set NEO4J_USER and NEO4J_PASSWORD instead")
            return cls("neo4j", text)
        if scheme and scheme != "file":
            raise StoreError(f"unknown store URI scheme {scheme!r} in {text!r}: use a file path or bolt://host:port")
        path = Path(text[len("file://"):] if scheme == "file" else text)
        return cls("file", str(path), path)

    @property
    def format(self) -> Literal["sqlite", "networkx", "neo4j"]:
        """The backend: an existing file by its content, a new one by its name (`.json`: NetworkX).

        >>> StoreURI.parse("graph.db").format, StoreURI.parse("old/graph.json").format
        ('sqlite', 'networkx')
        """
        if self.path is None:
            return "neo4j"
        if self.path.is_file():
            try:
                with self.path.open("rb") as f:
                    head = f.read(16)
            except OSError:
                head = b""
            if head:
                return "sqlite" if head == SQLITE_MAGIC else "networkx"
        return "networkx" if self.path.suffix.lower() == ".json" else "sqlite"

    def exists(self) -> bool:
        """False for a graph file that does not exist yet (a server is assumed to exist)."""
        return self.path.exists() if self.path is not None else True

    def reports_dir(self) -> Path:
        """Default folder for change reports: `<graph>.reports/` beside a file, `./graphbuild-reports/` for a server."""
        if self.path is None:
            return Path("graphbuild-reports")
        return self.path.with_name(self.path.name + ".reports")

    def credentials(self) -> dict[str, str | None]:
        """Neo4j user, password and database from NEO4J_USER (or NEO4J_USERNAME), NEO4J_PASSWORD, NEO4J_DATABASE."""
        return {
            "user": os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME"),
            "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE"),
        }

    def __str__(self) -> str:
        return self.uri
