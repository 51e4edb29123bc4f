"""build, refresh and extract: articles in, a graph (or records) out.

The pipeline (and with it spaCy) is imported inside these commands, not with the CLI: the
commands that only read (`query`, `export`, `--version`, `--help`) never load it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from ..model import Failure, GraphbuildError, RunReport, StoreLocked
from . import options as opt
from .render import (
    changes_tables,
    dump,
    err,
    fail,
    print_failures,
    progress_bar,
    report_table,
    statements_table,
)


def _run(sources: list[str], store: str, *, model: str, quiet: bool, as_json: bool, **kwargs: Any) -> RunReport:
    """Run a build with a progress bar; a locked store exits 3, any other error exits 2 (one line)."""
    from ..pipeline import build as run_build
    from ..pipeline import count_inputs, load_nlp

    try:
        with progress_bar(lambda: count_inputs(sources), enabled=not (quiet or as_json)) as bar:
            if bar:
                bar.phase("loading model")
            nlp = load_nlp(model)
            if bar:
                bar.phase("articles")
            return run_build(sources, store, nlp=nlp, progress=bar, **kwargs)
    except StoreLocked as e:
        fail(e, 3)
    except GraphbuildError as e:
        fail(e)


def _finish(report: RunReport, *, quiet: bool, as_json: bool, changes: bool) -> None:
    if as_json:
        dump(report)
    elif not quiet and changes:
        changes_tables(report)
    elif not quiet:
        report_table(report)
    elif report.failures:
        print_failures(report.failures, to_err=True)
    raise typer.Exit(1 if report.failures else 0)


AllowPrivate = Annotated[bool, typer.Option(
    "--allow-private-urls", help="Fetch from private, loopback and link-local hosts too (intranet feeds); refused by default.")]


def build(
    sources: opt.Sources,
    store: opt.Store = opt.DEFAULT_STORE,
    model: opt.Model = opt.DEFAULT_MODEL,
    workers: opt.Workers = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Texts per nlp.pipe batch.")] = 16,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this.")] = 64 * 1024 * 1024,
    budget: opt.Budget = 60.0,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles even when unchanged.")] = False,
    curation: opt.Curation = None,
    wait: opt.Wait = 0.0,
    report_path: Annotated[Path | None, typer.Option("--report", help="Also write the run report as JSON here.")] = None,
    allow_private: AllowPrivate = False,
    quiet: opt.Quiet = False,
    as_json: opt.Json = False,
) -> None:
    """Build or update the graph from articles. Exits 1 when any input failed (all are listed).

    Example: graphbuild build examples --store graph.db
    """
    from ..pipeline import Fetcher

    report = _run(sources, store, model=model, quiet=quiet, as_json=as_json, workers=workers, batch_size=batch_size,
                  max_bytes=max_bytes, force=force, curation=curation, lock_wait=wait, fetcher=Fetcher(allow_private=allow_private),
                  budget=budget or None)
    if report_path:
        report_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    _finish(report, quiet=quiet, as_json=as_json, changes=False)


def refresh(
    sources: opt.Sources,
    store: opt.Store = opt.DEFAULT_STORE,
    model: opt.Model = opt.DEFAULT_MODEL,
    workers: opt.Workers = 1,
    curation: opt.Curation = None,
    keep_removed: Annotated[bool, typer.Option("--keep-removed", help="Keep articles whose files are gone from a source folder.")] = False,
    max_retract: Annotated[float, typer.Option("--max-retract", min=0.0, max=1.0, help="Retract nothing from a folder that would lose more than this share of its stored articles (an empty folder: an unmounted disk); 1 allows it.")] = 0.5,
    wait: opt.Wait = 0.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds before a feed or page fetch times out.")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries (with backoff) for a failed fetch.")] = 3,
    host_delay: Annotated[float, typer.Option("--host-delay", min=0, help="Minimum seconds between two requests to one host.")] = 1.0,
    allow_private: AllowPrivate = False,
    budget: opt.Budget = 60.0,
    report_dir: Annotated[Path | None, typer.Option("--report-dir", help="Where change reports are written (default: <graph>.reports/ beside the graph file, ./graphbuild-reports for Neo4j).")] = None,
    quiet: opt.Quiet = False,
    as_json: opt.Json = False,
) -> None:
    """Refresh the graph incrementally (the nightly job) and report what changed.

    Unchanged articles are skipped without running spaCy; changed ones replace their old
    version; articles gone from a source folder are retracted (unless --keep-removed), but
    never more than --max-retract of a folder's articles (an empty or unmounted folder retracts
    nothing and is reported as a failure, exit 1). The
    change report is printed and written as JSON to <graph>.reports/<UTC time>.json.
    Exit codes: 0 all went well, 1 some input failed (listed), 2 error (store, curation file),
    3 another build or refresh holds the store.

    Example: graphbuild refresh examples https://example.org/feed.xml --store graph.db
    """
    from ..pipeline import Fetcher, reports_dir

    try:
        folder = report_dir or reports_dir(store)
    except GraphbuildError as e:
        fail(e)
    report = _run(sources, store, model=model, quiet=quiet, as_json=as_json, workers=workers, curation=curation,
                  retract=not keep_removed, max_retract=max_retract, lock_wait=wait, budget=budget or None, fetcher=Fetcher(timeout=timeout, retries=retries, host_delay=host_delay, allow_private=allow_private))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{report.started.replace(':', '').replace('+0000', 'Z')}.json"
        path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
        if not (quiet or as_json):
            err.print(f"change report written to {path}", highlight=False, markup=False)
    except OSError as e:
        err.print(Text.assemble(("warning:", "yellow"), f" could not write the change report to {folder}: {e}"))
    _finish(report, quiet=quiet, as_json=as_json, changes=True)


def unlock(store: opt.Store = opt.DEFAULT_STORE) -> None:
    """Remove the writer lock a crashed build or refresh left on a Neo4j store (e.g. a container
    that is gone). A running build loses its lock: use it only when the holder is dead. A lock
    without a heartbeat for 5 minutes is taken over by the next run anyway.

    Example: graphbuild unlock --store bolt://127.0.0.1:7687
    """
    from ..pipeline import unlock as run_unlock

    try:
        err.print(run_unlock(store), highlight=False, markup=False)
    except GraphbuildError as e:
        fail(e)


def extract(
    sources: opt.Sources,
    jsonl: Annotated[bool, typer.Option("--jsonl", "--json", help="Print one Extraction record (JSON) per line, per article.")] = False,
    model: opt.Model = opt.DEFAULT_MODEL,
    curation: opt.Curation = None,
) -> None:
    """Extract records from articles without storing them; a table, or JSON Lines with --jsonl.

    Example: graphbuild extract examples/india_japan_lunar_rover.txt --jsonl
    """
    from ..pipeline import extract_sources

    failed = 0
    try:
        for x in extract_sources(sources, model=model, curation=curation):
            if isinstance(x, Failure):
                failed += 1
                print_failures([x], to_err=True)
            elif jsonl:
                sys.stdout.write(x.model_dump_json() + "\n")
            else:
                statements_table(x)
    except GraphbuildError as e:
        fail(e)
    raise typer.Exit(1 if failed else 0)
