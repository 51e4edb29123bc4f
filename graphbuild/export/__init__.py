"""Exports of a stored graph for other tools: GraphML, GEXF, JSONL, neo4j-admin import CSVs (and
the import itself, `neo4j_admin_import`), a self-contained HTML view, the statements as a CSV
table for spreadsheets (formula cells neutralised); and copies from one store into another.

Reads through the store's raw node and edge iterators (any backend).

>>> FORMATS
('graphml', 'gexf', 'jsonl', 'neo4j-csv', 'html', 'csv')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import QueryError
from ..store import GraphStore
from .copy import copy_store, migrate
from .html import neighbourhood, write_html
from .neo4j_admin import AdminImport, import_command, neo4j_admin_import
from .neo4j_csv import write_neo4j_csv
from .spreadsheet import neutralise, write_statements_csv
from .tables import to_networkx, write_gexf, write_graphml, write_jsonl

FORMATS = ("graphml", "gexf", "jsonl", "neo4j-csv", "html", "csv")
DEFAULT_PATHS = {"graphml": "graph.graphml", "gexf": "graph.gexf", "jsonl": "graph.jsonl", "neo4j-csv": "neo4j-import", "html": "graph.html",
                 "csv": "statements.csv"}

__all__ = ["DEFAULT_PATHS", "FORMATS", "AdminImport", "copy_store", "export", "import_command", "migrate", "neighbourhood",
           "neo4j_admin_import", "neutralise", "write_statements_csv", "to_networkx", "write_gexf", "write_graphml", "write_html", "write_jsonl", "write_neo4j_csv"]


def export(store: GraphStore, fmt: str, path: str | Path | None = None, **kwargs: Any) -> list[Path]:
    """Write the store in one of FORMATS (to `path`, or the format's default); returns the files.

    >>> # export(open_store("graph.db"), "graphml", "graph.graphml")
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    out = Path(path) if path is not None else Path(DEFAULT_PATHS[fmt])
    if fmt == "graphml":
        return [write_graphml(store, out)]
    if fmt == "gexf":
        return [write_gexf(store, out)]
    if fmt == "jsonl":
        return [write_jsonl(store, out)]
    if fmt == "neo4j-csv":
        return write_neo4j_csv(store, out)
    if fmt == "csv":
        return [write_statements_csv(store, out)]
    return [write_html(store, out, **kwargs)]
