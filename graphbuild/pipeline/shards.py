"""Parquet shards of extraction records: the folder layout, an all-or-nothing writer, and loading
a shard folder into any store the way `build` writes (`load_shards`).

A shard folder (written by `pipeline.engine.extract_to_shards`) holds

- `part-00000.parquet`, `part-00001.parquet`…: one row per article, in input order, with the
  columns `article_id`, `source`, `content_hash`, `extractor`, `statements`, `words` and
  `extraction` (the `Extraction` record as JSON, exactly `Extraction.model_dump_json()`: the
  records a local `extract_stream` gives, before curation);
- `manifest.json`: the `ShardReport` (sources, counts, every failed input with its reason, the
  shard files and their row counts, the extractor version);
- `_SUCCESS`: empty, written last.

The files are written into a hidden staging folder beside the target and renamed into place
only when complete, and the staging folder is removed when anything fails, so a folder without
`_SUCCESS` and `manifest.json` is never a result; `load_shards` refuses it, and a shard whose
row count differs from the manifest's.

pyarrow is imported only inside these functions (`pip install 'graphbuild[ray]'`).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from ..curate import Curation, load_curation
from ..extract.lexicon import Lexicon, default_lexicon
from ..model import ConfigError, Extraction, Failure, RunReport, ShardReport
from ..store import GraphStore, StoreURI
from ..store.neo4j import Neo4jStore
from ..store.neo4j.parallel import LoadStats
from .build import Run, curated_version, done, locked_store, store_uri
from .events import Progress
from .writer import WriteMany

if TYPE_CHECKING:
    import pyarrow as pa

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SUCCESS = "_SUCCESS"
COLUMNS = ("article_id", "source", "content_hash", "extractor", "statements", "words", "extraction")


def require_pyarrow() -> Any:
    """The pyarrow module (with `parquet` and `compute` loaded), or a ConfigError saying how to install it."""
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.parquet  # noqa: F401
    except ImportError as e:  # pragma: no cover - the extra is part of dev
        raise ConfigError("distributed extraction needs the 'ray' extra: pip install 'graphbuild[ray]'") from e
    return pyarrow


def shard_schema() -> pa.Schema:
    """The Arrow schema of a shard file (one row per article).

    >>> shard_schema().names[-1]
    'extraction'
    """
    pa = require_pyarrow()
    types = {"statements": pa.int32(), "words": pa.int64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def record_row(x: Extraction) -> dict[str, Any]:
    """The shard row of one extraction record.

    >>> from graphbuild.model import Article
    >>> a = Article(id="art_1", source="s", title="T", text="T", content_hash="h")
    >>> record_row(Extraction(article=a))["words"]
    1
    """
    a = x.article
    return {"article_id": a.id, "source": a.source, "content_hash": a.content_hash, "extractor": x.extractor,
            "statements": len(x.statements), "words": len(a.text.split()), "extraction": x.model_dump_json()}


class ShardWriter:
    """Writes shard files into a staging folder beside `out_dir`; `publish` renames it into place.

    Used as a context manager: leaving it without `publish` (an error, an interrupt) removes the
    staging folder, so nothing half-written stays. An existing non-empty `out_dir` is an error
    unless `overwrite` (then it is replaced only once the new folder is complete).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "shards"
    >>> with ShardWriter(out) as w:
    ...     report = w.publish(ShardReport())
    >>> sorted(p.name for p in out.iterdir()), report.shards
    (['_SUCCESS', 'manifest.json'], [])
    """

    def __init__(self, out_dir: str | Path, *, rows_per_shard: int = 1000, overwrite: bool = False) -> None:
        self.out = Path(out_dir)
        if self.out.exists() and (not self.out.is_dir() or any(self.out.iterdir())) and not overwrite:
            raise ConfigError(f"{self.out} exists and is not empty (choose another folder, or overwrite)")
        self.rows_per_shard = max(1, rows_per_shard)
        self.staging = self.out.parent / f".{self.out.name}.partial-{uuid.uuid4().hex[:12]}"
        self.shards: list[str] = []
        self.rows: list[int] = []
        self._writer: Any = None

    def __enter__(self) -> ShardWriter:
        self.staging.mkdir(parents=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self._close()
        shutil.rmtree(self.staging, ignore_errors=True)  # gone already when published

    def add(self, table: pa.Table) -> None:
        """Append rows (a table with the shard columns); starts a new shard file when one is full."""
        pq = require_pyarrow().parquet
        table = table.select(list(COLUMNS)).cast(shard_schema())
        start = 0
        while start < table.num_rows:
            if self._writer is None:
                name = f"part-{len(self.shards):05d}.parquet"
                self._writer = pq.ParquetWriter(self.staging / name, shard_schema(), compression="zstd")
                self.shards.append(name)
                self.rows.append(0)
            part = table.slice(start, self.rows_per_shard - self.rows[-1])
            self._writer.write_table(part)  # one row group per part: read back one at a time
            self.rows[-1] += part.num_rows
            start += part.num_rows
            if self.rows[-1] >= self.rows_per_shard:
                self._close()

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def publish(self, report: ShardReport) -> ShardReport:
        """Finish the shards, write the manifest and `_SUCCESS`, and move the folder into place."""
        self._close()
        report = report.model_copy(update={"out_dir": str(self.out), "shards": list(self.shards), "rows": list(self.rows)})
        (self.staging / MANIFEST).write_text(report.model_dump_json(indent=2), encoding="utf-8")
        (self.staging / SUCCESS).write_bytes(b"")
        old = None
        if self.out.exists():
            old = self.out.parent / f".{self.out.name}.old-{uuid.uuid4().hex[:12]}"
            os.replace(self.out, old)
        os.replace(self.staging, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return report


def read_manifest(shards_dir: str | Path) -> ShardReport:
    """The manifest of a complete shard folder; ConfigError for a missing, half-written or
    inconsistent one (a shard file missing, or with another row count than the manifest's).

    >>> try:
    ...     read_manifest("/no/such/shards")
    ... except ConfigError as e:
    ...     print(str(e)[:46])
    /no/such/shards is not a complete shard folder
    """
    d = Path(shards_dir)
    if not (d / SUCCESS).is_file() or not (d / MANIFEST).is_file():
        raise ConfigError(f"{d} is not a complete shard folder (no {SUCCESS} or {MANIFEST}: missing, or its writer did not finish)")
    try:
        m = ShardReport.model_validate_json((d / MANIFEST).read_text(encoding="utf-8"))
    except ValidationError as e:
        raise ConfigError(f"{d / MANIFEST}: not a shard manifest: {e.errors()[0]['msg']}") from e
    if m.format != ShardReport().format:
        raise ConfigError(f"{d}: shard format {m.format!r}, this graphbuild reads {ShardReport().format!r}")
    pq = require_pyarrow().parquet
    for name, n in zip(m.shards, m.rows, strict=True):
        p = d / name
        if not p.is_file():
            raise ConfigError(f"{d}: shard {name} is missing")
        if pq.read_metadata(p).num_rows != n:
            raise ConfigError(f"{d}: shard {name} holds {pq.read_metadata(p).num_rows} rows, the manifest says {n}")
    return m


def iter_shards(shards_dir: str | Path, *, read_batch: int = 64, manifest: ShardReport | None = None) -> Iterator[Extraction | Failure]:
    """The records of a complete shard folder, in order, read a batch of rows at a time (one row
    group in memory, not the folder). A row that is not a valid `Extraction`, or that another
    extractor produced than the manifest names, is a `Failure` (stage extract) naming its shard.

    >>> # for x in iter_shards("shards/"): print(x.article.id)
    """
    d = Path(shards_dir)
    m = manifest or read_manifest(d)
    pq = require_pyarrow().parquet
    for name in m.shards:
        with pq.ParquetFile(d / name) as f:
            for batch in f.iter_batches(batch_size=read_batch, columns=["source", "extraction"]):
                for source, text in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True):
                    try:
                        x = Extraction.model_validate_json(text)
                    except ValidationError as e:
                        yield Failure(source=source, stage="extract", error=f"invalid record in shard {name}: {e.errors()[0]['msg']}")
                        continue
                    if x.extractor != m.extractor:
                        yield Failure(source=source, stage="extract", error=f"shard {name}: extracted by {x.extractor}, the manifest says {m.extractor}")
                        continue
                    yield x


def parallel_writes(st: GraphStore, writers: int) -> WriteMany | None:
    """The batch writer of `writers` concurrent transactions on a Neo4j store (None for one
    writer); ConfigError for another store.

    >>> import pathlib, tempfile
    >>> from graphbuild.store import NetworkXStore
    >>> parallel_writes(NetworkXStore(pathlib.Path(tempfile.mkdtemp()) / "g.json"), 1) is None
    True
    """
    if writers == 1:
        return None
    if not isinstance(st, Neo4jStore):
        raise ConfigError(f"writers={writers} needs a Neo4j store ({st.uri} is a file: its writes are one transaction)")
    return lambda rows, replace: st.write_parallel(rows, writers=writers, replace=replace)


def load_shards(
    shards_dir: str | Path,
    store: str | Path | StoreURI | GraphStore | None = None,
    *,
    curation: Curation | str | Path | None = None,
    names: Lexicon | None = None,
    force: bool = False,
    retract: bool = False,
    write_batch: int = 100,
    read_batch: int = 64,
    on_error: Literal["skip", "raise"] = "skip",
    progress: Progress | None = None,
    lock_wait: float = 0.0,
    writers: int = 1,
) -> RunReport:
    """Write a shard folder's records into a store the way `build` writes; returns the run report.

    The same run as a local build from the curation on: every record is curated, mapped with
    `graph.to_rows` and written in batches of `write_batch` articles under the store's writer
    lock; an article stored with the same content hash and extractor (+ curation) is skipped
    (unless `force`), a changed one replaces its older version; then the derived links are
    updated. The stored articles record the shards' extractor version and the curation digest,
    so a later `refresh` of the same sources sees them as unchanged. The failed inputs of the
    extraction (from the manifest) are in `report.failures` too, so the report is that of a
    build; with `retract`, articles gone from a folder among the manifest's sources are removed.
    Raises ConfigError for an incomplete shard folder before the store is opened.

    `writers` > 1 (Neo4j only) writes each `write_batch * writers` articles with that many
    concurrent transactions that never wait on each other's locks in a cycle
    (`store.neo4j.parallel`): the same graph, but a batch is no longer one transaction; an
    article is stored whole or not at all, and an interrupted load is completed by running it
    again. On two cores it is not faster than one writer (docs/BENCHMARKS.md, "Neo4j load").

    >>> # extract_to_shards(["examples"], "shards/"); load_shards("shards/", "graph.json").articles
    >>> # load_shards("shards/", "bolt://127.0.0.1:7687", writers=4).notes   # ['4 writers: … 0 deadlocks']
    """
    t0 = time.perf_counter()
    if writers < 1:
        raise ConfigError(f"writers must be at least 1, not {writers}")
    m = read_manifest(shards_dir)
    cur = curation if isinstance(curation, Curation) else load_curation(curation)
    extractor = curated_version(m.extractor, cur)
    report = RunReport(store=store_uri(store), extractor=extractor, started=datetime.now(UTC).isoformat(timespec="seconds"))
    with locked_store(store, lock_wait=lock_wait) as st:
        many = parallel_writes(st, writers)
        before = LoadStats(**vars(st.load_stats)) if isinstance(st, Neo4jStore) else None
        run = Run(st, report, m.sources, cur, extractor, force=force, retract=retract, progress=progress, on_error=on_error,
                  write_batch=write_batch * writers, names=names or default_lexicon(), write_many=many)
        run.consume(chain(m.failures, run.unextracted(iter_shards(shards_dir, read_batch=read_batch, manifest=m))))
        if many is not None and isinstance(st, Neo4jStore) and before is not None:
            s = st.load_stats
            report.notes.append(f"{writers} writers: {s.transactions - before.transactions} transactions in {s.rounds - before.rounds} "
                                f"rounds, {s.retries - before.retries} retried ({s.deadlocks - before.deadlocks} deadlocks)")
    log.info("loaded shards %s into %s", shards_dir, report.store)
    return done(report, t0)

