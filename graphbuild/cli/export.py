"""graphbuild export: the graph for other tools, or copied into another store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .. import query as q
from ..export import FORMATS, copy_store
from ..export import export as run_export
from ..model import GraphbuildError
from . import options as opt
from .render import fail, out, plural


def export(
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="graphml, gexf, jsonl, neo4j-csv (a folder) or html.")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="File (or folder for neo4j-csv) to write.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Copy into another store instead: bolt://host:port (or a graph file).")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="html: only this entity's neighbourhood.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=3, help="html with --speaker: hops around the entity.")] = 1,
    store: opt.Store = opt.DEFAULT_STORE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Export the graph for other tools (Gephi, Cytoscape, neo4j-admin, a browser) or copy it into Neo4j.

    \b
    Example: graphbuild export --format graphml --out graph.graphml
    Example: graphbuild export --format html --speaker Kannan --out kannan.html
    Example: graphbuild export --store graph.json --to bolt://127.0.0.1:7687
    """
    if (fmt is None) == (to is None):
        fail("give either --format FORMAT [--out PATH], or --to bolt://…")
    if fmt is not None and fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    try:
        src = q.connect(store)
        try:
            if to is not None:
                nodes, edges = copy_store(src, to)
                if not quiet:
                    out.print(f"copied {plural(nodes, 'node')} and {plural(edges, 'edge')} from {store} to {to}", highlight=False)
                return
            assert fmt is not None
            kwargs: dict[str, Any] = {"speaker": speaker, "depth": depth} if fmt == "html" else {}
            files = run_export(src, fmt, out_path, **kwargs)
        finally:
            src.close()
    except GraphbuildError as e:
        fail(e)
    if not quiet:
        out.print(f"wrote {fmt} to {files[0] if len(files) == 1 else files[0].parent}" + (f" ({plural(len(files), 'file')})" if len(files) > 1 else ""),
                  highlight=False)
