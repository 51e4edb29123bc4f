"""Distributed extraction on Ray Data: sources -> Parquet shards of `Extraction` records
(`extract_to_shards`), which `shards.load_shards` then writes into any store.

How a run goes:

1. The driver expands the sources into work items, names only: every input file of a folder
   (the files and order of `ingest.iter_files`), and a file, feed file or URL as given. It never
   reads an article.
2. Ray Data hands the items, `batch_size` at a time, to a pool of `workers` actors
   (`map_batches` with a callable class). Each actor loads the spaCy pipeline once
   (`extract.load_nlp`) and runs graphbuild's own ingest and extraction on its items,
   `ingest.iter_sources` then `extract.extract_stream`, the functions `build` runs, so a record
   is byte for byte the one a local build extracts. Reading the files in the workers spreads
   decoding and cleaning as well; on a cluster the paths must be readable from every node (a
   shared file system), and URLs are fetched by the workers.
3. The results come back to the driver in input order (`preserve_order`), a batch at a time,
   and are appended to Parquet shards (`shards.ShardWriter`: staged, then renamed into place
   with its manifest); failed inputs (ingest or extraction, with the reason) go to the report.
   The driver holds the item names and the batches in flight, never the corpus. Writing on the
   driver needs no shared storage for the output, and the records are small next to the CPU
   they cost (a few KB to ~100 KB of JSON for 0.1–1 CPU-second of spaCy per article).

Curation is not applied here: the shards hold the records as `extract_stream` gives them and
`load_shards` curates them as `build` does when it writes, so the same shards can be reloaded
under a changed curation file without running spaCy again.

Ray and pyarrow are imported only inside these functions: `import graphbuild` never imports
them (`pip install 'graphbuild[ray]'`).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..extract import DEFAULT_BUDGET, WINDOW_CHARS, extract_stream, load_nlp
from ..extract.nlp import DEFAULT_MODEL
from ..ingest import DEFAULT_MAX_BYTES, is_missing, is_url, iter_files, iter_sources
from ..model import ConfigError, Extraction, ExtractionError, Failure, ShardReport
from .events import Extracted, Progress
from .shards import COLUMNS, ShardWriter, record_row, require_pyarrow, shard_schema

if TYPE_CHECKING:
    import pyarrow as pa

log = logging.getLogger(__name__)

ITEM = "item"  # the one column of the work items: a path or URL


def work_items(sources: Iterable[str | Path]) -> Iterator[str]:
    """The work items of sources: each input file of a folder; a file, feed file or URL as given.

    `iter_sources` over the items reads exactly what it reads over the sources, in the same order.

    >>> list(work_items(["https://example.org/feed.xml", "/no/such.txt"]))
    ['https://example.org/feed.xml', '/no/such.txt']
    """
    for src in sources:
        s = str(src)
        if is_url(s) or not Path(s).is_dir():
            yield s
        else:
            yield from (str(f) for f in iter_files([s]))


def result_schema() -> pa.Schema:
    """A worker's output: the shard columns, plus `stage` and `error` for a failed input."""
    pa = require_pyarrow()
    return shard_schema().append(pa.field("stage", pa.string())).append(pa.field("error", pa.string()))


class ExtractWorker:
    """A Ray Data actor: loads the spaCy pipeline once, then ingests and extracts batches of work
    items with graphbuild's own functions; one output row per article or failed input.

    >>> # ExtractWorker("en_core_web_sm", 16, 100_000, 50_000_000)(pa.table({"item": ["a.txt"]}))
    """

    def __init__(self, model: str, batch_size: int, window: int, max_bytes: int, budget: float | None = DEFAULT_BUDGET) -> None:
        self.nlp = load_nlp(model)
        self.batch_size, self.window, self.max_bytes, self.budget = batch_size, window, max_bytes, budget

    def extract(self, items: list[str]) -> list[Extraction | Failure]:
        """The records and failures of some work items (what a local build extracts of them)."""
        articles = iter_sources(items, max_bytes=self.max_bytes)
        return list(extract_stream(articles, self.nlp, batch_size=self.batch_size, n_process=1, window=self.window,
                                   budget=self.budget))

    def __call__(self, batch: pa.Table) -> pa.Table:
        items = [str(s) for s in batch.column(ITEM).to_pylist()]
        try:
            outs = self.extract(items)
        except Exception:  # an error the rules did not record: find the input, keep the others
            log.warning("a batch of %d inputs failed; extracting them one by one", len(items), exc_info=True)
            outs = []
            for item in items:
                try:
                    outs += self.extract([item])
                except Exception as e:
                    outs.append(Failure(source=item, stage="extract", error=f"{type(e).__name__}: {e}"))
        rows = [record_row(o) if isinstance(o, Extraction) else {"source": o.source, "stage": o.stage, "error": o.error}
                for o in outs]
        return require_pyarrow().Table.from_pylist(rows, schema=result_schema())


def require_ray() -> Any:
    """The ray module (with Ray Data), or a ConfigError saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:  # pragma: no cover - the extra is part of dev
        raise ConfigError("distributed extraction needs Ray Data: pip install 'graphbuild[ray]'") from e
    return ray


@contextmanager
def ray_session(workers: int, address: str | None = None) -> Iterator[None]:
    """A Ray connection for one run: the caller's when Ray is initialised already; else a local
    Ray instance with `workers` CPUs (`address=None`) or the cluster at `address`, shut down at
    the end. The workers get the driver's GRAPHBUILD_* environment variables.

    >>> # with ray_session(2): ...
    """
    ray = require_ray()
    if ray.is_initialized():
        yield
        return
    env = {k: v for k, v in os.environ.items() if k.startswith("GRAPHBUILD_")}
    kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "runtime_env": {"env_vars": env} if env else None}
    if address is None:
        ray.init(num_cpus=workers, include_dashboard=False, **kwargs)
    else:
        ray.init(address=address, **kwargs)
    try:
        yield
    finally:
        ray.shutdown()


def _results(items: list[str], *, workers: int, model: str, batch_size: int, window: int, max_bytes: int,
             local: bool, budget: float | None = DEFAULT_BUDGET) -> Iterator[pa.Table]:
    """Run the actor pool over the items; the output tables in input order, as they come."""
    ray = require_ray()
    cpus = ray.cluster_resources().get("CPU", 0)
    if local and cpus < workers:  # a cluster may be autoscaling: Ray Data waits for its CPUs
        raise ConfigError(f"{workers} workers need {workers} CPUs; the local Ray instance has {cpus:g}")
    ctx = ray.data.DataContext.get_current()
    saved = ctx.execution_options.preserve_order, ctx.enable_progress_bars, ctx.print_on_execution_start
    ctx.execution_options.preserve_order, ctx.enable_progress_bars, ctx.print_on_execution_start = True, False, False
    try:
        ds = ray.data.from_items([{ITEM: i} for i in items]).map_batches(
            ExtractWorker, fn_constructor_kwargs={"model": model, "batch_size": batch_size, "window": window, "max_bytes": max_bytes,
                                                 "budget": budget},
            compute=ray.data.ActorPoolStrategy(size=workers), batch_size=batch_size, batch_format="pyarrow", num_cpus=1)
        yield from ds.iter_batches(batch_format="pyarrow", batch_size=None)
    except ray.exceptions.RayError as e:  # a worker that could not start (the model), a lost node...
        raise ExtractionError(f"the distributed extraction failed: {_last_line(e)}") from e
    finally:
        ctx.execution_options.preserve_order, ctx.enable_progress_bars, ctx.print_on_execution_start = saved


def _last_line(e: BaseException) -> str:
    """The last line of an error that may carry a worker's traceback (its cause), without colours.

    >>> _last_line(RuntimeError("Traceback:\\n  File x\\nValueError: bad\\n"))
    'ValueError: bad'
    """
    lines = [ln.strip() for ln in re.sub(r"\x1b\[[0-9;]*m", "", str(e)).splitlines() if ln.strip()]
    return lines[-1] if lines else type(e).__name__


def _take(table: pa.Table, report: ShardReport, writer: ShardWriter, progress: Progress | None) -> None:
    """One output table: failures to the report; records (of the run's one extractor) to the shards."""
    pc = require_pyarrow().compute
    failed: list[Failure] = [Failure(**r) for r in table.filter(pc.is_valid(table["error"])).select(["source", "stage", "error"]).to_pylist()]
    ok = table.filter(pc.is_null(table["error"]))
    if ok.num_rows:
        report.extractor = report.extractor or ok["extractor"][0].as_py()
        other = pc.not_equal(ok["extractor"], report.extractor)
        failed += [Failure(source=r["source"], stage="extract", error=f"extracted by {r['extractor']}, the run's first records by "
                           f"{report.extractor}: the workers' pipelines differ") for r in ok.filter(other).to_pylist()]
        ok = ok.filter(pc.invert(other)).select(list(COLUMNS))
        writer.add(ok)
        report.articles += ok.num_rows
        report.statements += pc.sum(ok["statements"]).as_py() or 0
        report.words += pc.sum(ok["words"]).as_py() or 0
        if progress:
            for r in ok.select(["source", "article_id", "statements"]).to_pylist():
                progress(Extracted(source=r["source"], id=r["article_id"], statements=r["statements"]))
    for f in failed:
        log.info("not extracted: %s: %s", f.source, f.error)
        report.failures.append(f)
        if progress:
            progress(f)


def extract_to_shards(
    sources: Iterable[str | Path],
    out_dir: str | Path,
    *,
    workers: int = 2,
    address: str | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = 8,
    window: int = WINDOW_CHARS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rows_per_shard: int = 1000,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> ShardReport:
    """Extract every article of the sources on Ray Data into Parquet shards in `out_dir`.

    `workers` actors (one CPU each) each load the pipeline `model` once and extract `batch_size`
    work items (files, feed files, URLs) per call, with the functions of a local build, so the
    records are those `extract_stream` gives (before curation; `load_shards` curates and writes
    them). `address=None` starts a local Ray instance with `workers` CPUs; otherwise it connects
    to the cluster at `address` ("auto", "ray://head:10001"), whose nodes need graphbuild[ray]
    and the model installed and the input paths readable. An already initialised Ray session is
    used as it is. Every failed input (ingest or extraction) is in `report.failures` with its
    reason; nothing is dropped silently. `out_dir` must be new or empty (or `overwrite`); it
    appears only complete, with `manifest.json` (the report) and `_SUCCESS`, `rows_per_shard`
    articles per file. `progress` gets an `Extracted` per record and each `Failure`.

    >>> # report = extract_to_shards(["examples"], "shards/", workers=2)
    >>> # report.articles, report.failures, report.shards
    """
    t0 = time.perf_counter()
    if workers < 1 or batch_size < 1:
        raise ConfigError(f"workers and batch_size must be at least 1 (got {workers}, {batch_size})")
    srcs = [str(s) for s in sources]
    report = ShardReport(sources=srcs, model=model, workers=workers, address=address,
                         started=datetime.now(UTC).isoformat(timespec="seconds"))
    with ShardWriter(out_dir, rows_per_shard=rows_per_shard, overwrite=overwrite) as writer:
        if srcs and all(is_missing(s) for s in srcs):
            report.failures += [Failure(source=s, stage="ingest", error="no such file or folder") for s in srcs]
        else:
            items = list(work_items(srcs))
            report.inputs = len(items)
            if items:
                with ray_session(workers, address):
                    for table in _results(items, workers=workers, model=model, batch_size=batch_size, window=window, max_bytes=max_bytes,
                                          local=address is None):
                        _take(table, report, writer, progress)
        report.seconds = round(time.perf_counter() - t0, 3)
        report = writer.publish(report)
    log.info("extracted %d articles (%d failed) into %d shards in %s in %.1fs", report.articles, len(report.failures),
             len(report.shards), report.out_dir, report.seconds)
    return report
