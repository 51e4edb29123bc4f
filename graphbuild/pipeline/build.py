"""build() and refresh(): ingest -> extract -> curate -> rows -> store, streaming, with a run report.

>>> # report = build(["examples"], "graph.db")
>>> # report.articles, report.failures
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language

from ..curate import Curation, load_curation
from ..extract import (
    DEFAULT_BUDGET,
    WINDOW_CHARS,
    extract_stream,
    extractor_version,
    lexicon_of,
    load_nlp,
)
from ..extract.lexicon import Lexicon
from ..extract.nlp import DEFAULT_MODEL
from ..graph import to_rows
from ..ingest import DEFAULT_MAX_BYTES, Fetcher, is_missing, iter_sources
from ..model import (
    Article,
    ArticleChange,
    Extraction,
    Failure,
    GraphbuildError,
    RunReport,
    StoreError,
)
from ..store import GraphStore, StoreURI, open_store
from .events import Extracted, Progress, Skipped, Written
from .links import update_links
from .plan import DEFAULT_MAX_RETRACT, Plan
from .writer import Pending, WriteMany, Writer, article_changes

log = logging.getLogger(__name__)


def run_extractor(nlp: Language, curation: Curation) -> str:
    """The version a run records with every article: rules + model + curation file."""
    return curated_version(extractor_version(nlp), curation)


def curated_version(extractor: str, curation: Curation | None) -> str:
    """An extractor version (rules + model) with the curation file's digest, as a run records it.

    >>> curated_version("graphbuild-rules-4+en_core_web_sm-3.8.0", None)
    'graphbuild-rules-4+en_core_web_sm-3.8.0'
    """
    return extractor + (f"+curation:{curation.digest}" if curation else "")


def store_uri(store: str | Path | StoreURI | GraphStore | None) -> str:
    """The URI a run report names for a store given as a string, a path, a URI or an open store.

    >>> store_uri("/data/graph.db")
    '/data/graph.db'
    """
    return StoreURI.parse(store).uri if store is None or isinstance(store, str | Path | StoreURI) else store.uri


@contextmanager
def locked_store(store: str | Path | StoreURI | GraphStore | None, *, lock_wait: float = 0.0) -> Iterator[GraphStore]:
    """The store of a run, under its writer lock: opened and closed here unless given open (then
    only flushed at the end).

    >>> # with locked_store("graph.db") as st: st.article_index()
    """
    given = None if store is None or isinstance(store, str | Path | StoreURI) else store
    st = given if given is not None else open_store(store_uri(store))
    try:
        with st.lock(wait=lock_wait):
            yield st
    finally:
        if given is not None:
            st.flush()
        else:
            st.close()


def unlock(store: str | Path | StoreURI) -> str:
    """Remove the writer lock a crashed build or refresh left on a Neo4j store; says what it did.
    (A graph file's lock is the OS's: it ends with its process, there is nothing to remove.)

    >>> # unlock("bolt://db:7687")  # 'removed the writer lock of host ci-7f3, pid 41, taken at …'
    """
    uri = StoreURI.parse(store)
    if uri.kind == "file":
        return f"{uri.uri}: a graph file's writer lock ends with the process that holds it; nothing to remove"
    st = open_store(uri)
    try:
        held = st.break_lock()
    finally:
        st.close()
    if held is None:
        return f"{st.uri}: not locked"
    since = datetime.fromtimestamp(float(held.get("since", 0)), UTC).isoformat(timespec="seconds")
    log.warning("removed the writer lock of %s (host %s, pid %s, since %s)", st.uri, held.get("host"), held.get("pid"), since)
    return f"{st.uri}: removed the writer lock of host {held.get('host')}, pid {held.get('pid')}, taken at {since}"


def build(
    sources: Iterable[str | Path],
    store: str | Path | StoreURI | GraphStore | None = None,
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    workers: int = 1,
    batch_size: int = 16,
    max_bytes: int = DEFAULT_MAX_BYTES,
    window: int = WINDOW_CHARS,
    budget: float | None = DEFAULT_BUDGET,
    on_error: Literal["skip", "raise"] = "skip",
    force: bool = False,
    write_batch: int = 100,
    progress: Progress | None = None,
    curation: Curation | str | Path | None = None,
    retract: bool = False,
    max_retract: float = DEFAULT_MAX_RETRACT,
    lock_wait: float = 0.0,
    fetcher: Fetcher | None = None,
) -> RunReport:
    """Build or update a graph from files, folders, feeds and URLs; returns the run report.

    Incremental: an article stored with the same content, extractor, model and curation is
    skipped without running spaCy (unless `force`); a changed one replaces its old version
    (the new rows are written first, an old version with another id deleted after, so an
    interrupted run never loses an article); with `retract`, articles gone from a folder given
    as a source are removed — unless that would remove more than `max_retract` of the folder's
    stored articles (an empty folder: an unmounted disk), then none are and the folder is a
    failure of the run. Rows are written `write_batch` articles per transaction. Every
    failed input is in `report.failures` with its reason (with `on_error="raise"` the first
    failure raises). `report.changes` lists what changed, with ids. One writer at a time: the
    store's writer lock is held for the run (waiting up to `lock_wait` seconds). When every
    source is a missing path, nothing is opened, locked or written.

    >>> # build(["examples"], "graph.db").ok
    """
    t0 = time.perf_counter()
    srcs = [str(s) for s in sources]
    cur = curation if isinstance(curation, Curation) else load_curation(curation)
    nlp = nlp or load_nlp(model)
    extractor = run_extractor(nlp, cur)
    report = RunReport(store=store_uri(store), extractor=extractor, started=datetime.now(UTC).isoformat(timespec="seconds"))
    if srcs and all(is_missing(s) for s in srcs):
        for s in srcs:
            _fail(report, Failure(source=s, stage="ingest", error="no such file or folder"), progress, on_error)
        return done(report, t0)
    with locked_store(store, lock_wait=lock_wait) as st:
        run = Run(st, report, srcs, cur, extractor, force=force, retract=retract, progress=progress, on_error=on_error,
                  write_batch=write_batch, names=lexicon_of(nlp), max_retract=max_retract)
        items = iter_sources(srcs, fetcher=fetcher, max_bytes=max_bytes, skip=run.skip_file)
        run.run(items, nlp, batch_size=batch_size, workers=workers, window=window, budget=budget)
    return done(report, t0)


def refresh(sources: Iterable[str | Path], store: str | Path | StoreURI | GraphStore | None = None, **kwargs: Any) -> RunReport:
    """The nightly job: `build` that also retracts articles gone from a source folder.

    >>> # refresh(["/data/news"], "/data/graph.db", curation="/data/curation.toml").changes
    """
    kwargs.setdefault("retract", True)
    return build(sources, store, **kwargs)


def _fail(report: RunReport, f: Failure, progress: Progress | None, on_error: str) -> None:
    report.failures.append(f)
    if progress:
        progress(f)
    if on_error == "raise":
        raise GraphbuildError(f"{f.source}: {f.error}")


def done(report: RunReport, t0: float) -> RunReport:
    """Stamp the run's duration on its report (seconds since `t0`, a `perf_counter`) and log it."""
    report.seconds = round(time.perf_counter() - t0, 3)
    c = report.changes
    log.info("built %d articles (%d skipped, %d failed; %d added, %d updated, %d retracted) in %.1fs", report.articles,
             report.skipped, len(report.failures), len(c.added), len(c.updated), len(c.retracted), report.seconds)
    return report


class Run:
    """One build: the article stream through the rules and the writer, then the deletions.

    `run` extracts articles itself; `consume` takes records extracted elsewhere (the shards of
    `pipeline.shards`), so both paths plan, curate, map, write and link the same way.
    """

    def __init__(self, st: GraphStore, report: RunReport, sources: list[str], cur: Curation, extractor: str, *,
                 force: bool, retract: bool, progress: Progress | None, on_error: str, write_batch: int,
                 names: Lexicon | None = None, write_many: WriteMany | None = None, max_retract: float = DEFAULT_MAX_RETRACT) -> None:
        self.st, self.report, self.cur, self.extractor = st, report, cur, extractor
        self.max_retract = max_retract
        self.names = names  # the word lists entity resolution needs (common given names and words)
        self.retract, self.progress, self.on_error = retract, progress, on_error
        self.plan = Plan(st.article_index(), extractor, sources, force=force)
        self.writer = Writer(st, report.changes, size=write_batch, written=self.written, failed=self.fail, write_many=write_many)
        self.failed_sources: list[str] = []
        self.replaced: dict[str, ArticleChange] = {}  # old id (another id) -> the change that replaces it

    def fail(self, f: Failure) -> None:
        self.failed_sources.append(f.source)
        _fail(self.report, f, self.progress, self.on_error)

    def written(self, p: Pending) -> None:
        x, r = p.extraction, self.report
        r.articles += 1
        r.statements += len(x.statements)
        r.entities += len(x.entities)
        r.notes += [f"{x.article.source}: {n}" for n in x.notes]
        for ch in article_changes(x, p.olds):
            if ch.old_id is None:
                r.changes.added.append(ch)
            elif ch.old_id == ch.id:
                r.changes.updated.append(ch)
            else:
                self.replaced[ch.old_id] = ch  # deleted once the run has seen everything
        if self.progress:
            self.progress(Written(x))

    def todo(self, items: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
        """The inputs that need the rules: unchanged articles are reported and left out."""
        for item in items:
            if isinstance(item, Article) and self.plan.unchanged(item):
                self.skipped(item.source, item.id)
                continue
            yield item

    def skipped(self, source: str, aid: str, *, read: bool = True) -> None:
        self.report.skipped += 1
        if self.progress:
            self.progress(Skipped(source=source, id=aid, read=read))

    def skip_file(self, source: str, file_hash: str) -> bool:
        """An unchanged one-article file: skipped before it is even decoded (a refresh's fast path)."""
        aid = self.plan.skip_file(source, file_hash)
        if aid is not None:
            self.skipped(source, aid, read=False)
        return aid is not None

    def unextracted(self, outs: Iterable[Extraction | Failure]) -> Iterator[Extraction | Failure]:
        """Records extracted elsewhere, less those of articles stored unchanged (reported skipped)."""
        for out in outs:
            if isinstance(out, Extraction) and self.plan.unchanged(out.article):
                self.skipped(out.article.source, out.article.id)
                continue
            yield out

    def run(self, items: Iterable[Article | Failure], nlp: Language, *, batch_size: int, workers: int, window: int,
            budget: float | None = DEFAULT_BUDGET) -> None:
        self.consume(extract_stream(self.todo(items), nlp, batch_size=batch_size, n_process=workers, window=window, budget=budget))

    def consume(self, outs: Iterable[Extraction | Failure]) -> None:
        """Curate, map and write every record (failures reported), then the deletions and links."""
        for out in outs:
            if isinstance(out, Failure):
                self.fail(out)
                continue
            if self.progress:
                self.progress(Extracted(source=out.article.source, id=out.article.id, statements=len(out.statements)))
            if not self.writer.available():
                self.fail(Failure(source=out.article.source, stage="store", error=f"not written: store {self.st.uri} unavailable"))
                continue
            try:
                x = self.cur.apply(out).model_copy(update={"extractor": self.extractor})
                rows = to_rows(x)
            except ValueError as e:
                self.fail(Failure(source=out.article.source, stage="store", error=str(e)))
                continue
            self.writer.add(Pending(x, rows, self.plan.older_versions(x.article), self.plan.stored(x.article.id)))
        self.writer.flush()
        self.finish()
        self.link()

    def link(self) -> None:
        """Recompute the derived links (entities, claims, republications); write the difference."""
        if self.writer.down is not None:
            return
        try:
            self.report.links_changed = update_links(self.st, self.cur, self.names)
        except StoreError as e:
            self.report.notes.append(f"derived links not updated: {e}")
            log.warning("derived links not updated: %s", e)

    def finish(self) -> None:
        """Delete replaced versions and (with `retract`) articles gone from their folder."""
        if self.writer.down is not None:
            return  # the store is gone: nothing can be deleted safely now; the next run will
        st, c = self.st, self.report.changes
        for old, ch in sorted(self.replaced.items()):
            if old in self.plan.seen:
                c.added.append(ch.model_copy(update={"old_id": None}))
                continue
            st.delete_article(old)
            c.updated.append(ch)
        if not self.retract:
            return
        gone, refused = self.plan.retractions(self.failed_sources, set(self.replaced), self.max_retract)
        for root, why in refused:
            log.warning("%s: %s", root, why)
            self.fail(Failure(source=root, stage="store", error=why))
        for src, aid in gone:
            try:
                st.delete_article(aid)
            except StoreError as e:
                self.fail(Failure(source=src, stage="store", error=f"not retracted: {e}"))
                continue
            c.retracted.append(ArticleChange(id=aid, source=src))
