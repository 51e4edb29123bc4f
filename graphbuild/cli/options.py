"""Options shared by the commands, and their defaults (read without importing spaCy: the store's
from the query layer, the model's from the model layer)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..model import DEFAULT_MODEL
from ..query import DEFAULT_STORE

__all__ = ["DEFAULT_MODEL", "DEFAULT_STORE"]

Store = Annotated[str, typer.Option("--store", "-s", envvar="GRAPHBUILD_STORE", help="Graph file (graph.db: SQLite; a .json file: NetworkX) or bolt://host:7687 (Neo4j).")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Model = Annotated[str, typer.Option("--model", "-m", envvar="GRAPHBUILD_MODEL", help="Installed spaCy pipeline name.")]
Sources = Annotated[list[str], typer.Argument(help="Files, folders (.txt, .md, .html, .json, .jsonl), feed files (.rss, .atom, .xml) and http(s) URLs of feeds or pages.")]
Curation = Annotated[Path | None, typer.Option("--curation", "-c", envvar="GRAPHBUILD_CURATION", help="Curation file (TOML): same_as, not_same_as, speaker, aliases.")]
Workers = Annotated[int, typer.Option("--workers", "-w", min=1, help="spaCy processes (nlp.pipe n_process).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or tables; errors only.")]
Wait = Annotated[float, typer.Option("--wait", min=0, help="Seconds to wait for another build/refresh on the same store to finish (default: exit at once).")]
Limit = Annotated[int | None, typer.Option("--limit", "-n", help="At most this many (1 or more).")]
Budget = Annotated[float, typer.Option("--budget", min=0, help="Seconds of rule time per 100,000-character window of an article; over it the article fails, the run goes on (0: no limit).")]
