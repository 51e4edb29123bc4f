"""distribute and load: extraction on a Ray cluster (or Ray in local mode) into Parquet shards,
and the shards into any store — the hand-off between a cluster and the graph (docs/DISTRIBUTED.md).

Ray and the pipeline are imported inside the commands (`pip install 'graphbuild[ray]'`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..model import GraphbuildError, StoreLocked
from . import options as opt
from .render import dump, fail, out, plural, print_failures, report_table


def distribute(
    sources: opt.Sources,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="The shard folder to write (new or empty).")],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction actors (one CPU each, each holding the model).")] = 2,
    address: Annotated[str | None, typer.Option("--address", envvar="RAY_ADDRESS", help="Ray cluster to run on ('auto', 'ray://head:10001'); default: Ray in local mode on this machine.")] = None,
    model: opt.Model = opt.DEFAULT_MODEL,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Inputs per actor call.")] = 8,
    rows_per_shard: Annotated[int, typer.Option("--rows-per-shard", min=1, help="Articles per Parquet file.")] = 1000,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing shard folder.")] = False,
    quiet: opt.Quiet = False,
    as_json: opt.Json = False,
) -> None:
    """Extract articles on Ray Data into Parquet shards (load them with `graphbuild load`).
    Exits 1 when any input failed (all are listed, and in the folder's manifest.json).

    \b
    Example: graphbuild distribute examples --out shards/ --workers 2
    Example: graphbuild distribute /data/news --out /data/shards --address ray://head:10001 --workers 64
    """
    from ..pipeline import extract_to_shards

    try:
        report = extract_to_shards(sources, out_dir, workers=workers, address=address, model=model, batch_size=batch_size,
                                   rows_per_shard=rows_per_shard, overwrite=overwrite)
    except GraphbuildError as e:
        fail(e)
    if as_json:
        dump(report)
    elif not quiet:
        out.print(f"extracted {plural(report.articles, 'article')} ({plural(report.statements, 'statement')}) into "
                  f"{plural(len(report.shards), 'shard')} in {out_dir} ({report.seconds:.1f} s, {report.workers} workers)", highlight=False)
    if report.failures and not as_json:
        print_failures(report.failures, to_err=quiet)
    raise typer.Exit(1 if report.failures else 0)


def load(
    shards: Annotated[Path, typer.Argument(help="A complete shard folder written by `graphbuild distribute`.")],
    store: opt.Store = opt.DEFAULT_STORE,
    curation: opt.Curation = None,
    force: Annotated[bool, typer.Option("--force", help="Rewrite articles the store holds unchanged.")] = False,
    wait: opt.Wait = 0.0,
    quiet: opt.Quiet = False,
    as_json: opt.Json = False,
) -> None:
    """Load a shard folder's records into a store, as a build writes them (unchanged articles
    are skipped; the derived links are updated). Exits 1 when the extraction had failed inputs.

    \b
    Example: graphbuild load shards/ --store graph.db
    Example: graphbuild load /data/shards --store bolt://127.0.0.1:7687
    """
    from ..pipeline import load_shards

    try:
        report = load_shards(shards, store, curation=curation, force=force, lock_wait=wait)
    except StoreLocked as e:
        fail(e, 3)
    except GraphbuildError as e:
        fail(e)
    if as_json:
        dump(report)
    elif not quiet:
        report_table(report)
    elif report.failures:
        print_failures(report.failures, to_err=True)
    raise typer.Exit(1 if report.failures else 0)
