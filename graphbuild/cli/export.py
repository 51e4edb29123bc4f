"""graphbuild export and migrate: the graph for other tools, or copied into another store.

The export package (networkx, lxml, pyvis) is imported inside the commands: `--help` and the
query commands never load it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .. import query as q
from ..model import GraphbuildError
from . import options as opt
from .render import fail, out, plural


def export(
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="graphml, gexf, jsonl, neo4j-csv (a folder), html, or csv (the statements, for a spreadsheet).")] = None,
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
    Example: graphbuild export --store graph.db --to bolt://127.0.0.1:7687
    """
    from ..export import FORMATS, copy_store
    from ..export import export as run_export

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
                    out.print(f"copied {plural(nodes, 'node')} and {plural(edges, 'edge')} from {store} to {to}", highlight=False, markup=False)
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
                  highlight=False, markup=False)


def migrate(
    source: Annotated[Path, typer.Argument(help="The graph file to move (e.g. a graph.db of graphbuild < 0.3).")],
    target: Annotated[Path, typer.Argument(help="The new store file (graph.db: SQLite); it must not exist.")] = Path("graph.db"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Move a graph file into a new store file: a graph.db (NetworkX, graphbuild < 0.3) into the
    SQLite default. The source is left as it was; a target that exists is never touched.

    \b
    Example: graphbuild migrate graph.db graph.db
    """
    from ..export import migrate as run_migrate

    try:
        nodes, edges = run_migrate(source, target)
    except GraphbuildError as e:
        fail(e)
    if not quiet:
        out.print(f"migrated {plural(nodes, 'node')} and {plural(edges, 'edge')} from {source} to {target}", highlight=False, markup=False)
