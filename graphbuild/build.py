"""build(): ingest -> extract -> rows -> store, streaming, with a run report.

>>> # report = build(["examples"], "graph.json")
>>> # report.articles, report.failures
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from spacy.language import Language

from .errors import GraphbuildError, StoreError, StoreUnavailable
from .extract import EXTRACTOR_VERSION, extract_stream
from .extract.nlp import DEFAULT_MODEL, WINDOW_CHARS, load_nlp, model_version
from .graph import GraphRows, to_rows
from .ingest import iter_articles
from .ingest.sources import DEFAULT_MAX_BYTES
from .records import Article, Extraction, Failure, RunReport
from .store import GraphStore, open_store

log = logging.getLogger(__name__)

Progress = Callable[[Article | Extraction | Failure], None]


def build(
    sources: Iterable[str | Path],
    store: str | Path | GraphStore | None = None,
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    workers: int = 1,
    batch_size: int = 16,
    max_bytes: int = DEFAULT_MAX_BYTES,
    window: int = WINDOW_CHARS,
    on_error: Literal["skip", "raise"] = "skip",
    force: bool = False,
    write_batch: int = 100,
    progress: Progress | None = None,
) -> RunReport:
    """Build or update a graph from files and folders; returns the run report.

    Articles already stored with the same content and extractor are skipped without running
    spaCy (unless `force`). Rows are written `write_batch` articles per transaction; when a
    batch fails it is retried article by article, so one bad article never blocks the others. Every failed input is in `report.failures` with its reason; with
    `on_error="raise"` the first failure raises instead. Nothing of a failed article is written.

    >>> # build(["examples"], "graph.json").ok
    """
    t0 = time.perf_counter()
    nlp = nlp or load_nlp(model)
    extractor = f"{EXTRACTOR_VERSION}+{model_version(nlp)}"
    own_store = not hasattr(store, "upsert")
    st: GraphStore = open_store(store) if own_store else store  # type: ignore[arg-type, assignment]
    report = RunReport(store=st.uri)
    states = st.article_states()
    pending: list[tuple[Extraction, GraphRows]] = []
    down: list[str] = []  # non-empty while the store is unreachable

    def fail(f: Failure) -> None:
        report.failures.append(f)
        if progress:
            progress(f)
        if on_error == "raise":
            raise GraphbuildError(f"{f.source}: {f.error}")

    def todo() -> Iterator[Article | Failure]:
        for item in iter_articles(sources, max_bytes=max_bytes):
            if isinstance(item, Article) and not force and states.get(item.id) == (item.content_hash, extractor):
                report.skipped += 1
                if progress:
                    progress(item)
                continue
            yield item

    def done(x: Extraction) -> None:
        report.articles += 1
        report.statements += len(x.statements)
        report.entities += len(x.entities)
        report.notes += [f"{x.article.source}: {n}" for n in x.notes]
        if progress:
            progress(x)

    def write(batch: list[tuple[Extraction, GraphRows]]) -> None:
        """One transaction for the batch; on failure, article by article to isolate the bad one."""
        if not batch:
            return
        # Once the server was lost (after the driver's own retries), check quickly before each
        # batch instead of waiting out the retry window again; it may come back.
        if down and not getattr(st, "available", lambda: True)():
            for x, _ in batch:
                fail(Failure(source=x.article.source, stage="store", error=f"not written: store {st.uri} unavailable"))
            return
        try:
            st.upsert_many([rows for _, rows in batch])
            down.clear()
            for x, _ in batch:
                done(x)
            return
        except StoreUnavailable as e:
            down.append(str(e))
            for x, _ in batch:
                fail(Failure(source=x.article.source, stage="store", error=f"not written: {e}"))
            return
        except StoreError:
            if len(batch) == 1:
                raise
        for item in batch:
            try:
                write([item])
            except StoreError as e:
                fail(Failure(source=item[0].article.source, stage="store", error=str(e)))

    try:
        for out in extract_stream(todo(), nlp, batch_size=batch_size, n_process=workers, window=window):
            if isinstance(out, Failure):
                fail(out)
                continue
            try:
                rows = to_rows(out)
                if out.article.id in states:
                    st.delete_article(out.article.id)  # changed or re-extracted: replace, never mix
            except (StoreError, ValueError) as e:
                fail(Failure(source=out.article.source, stage="store", error=str(e)))
                continue
            pending.append((out, rows))
            if len(pending) >= write_batch:
                batch, pending = pending, []
                try:
                    write(batch)
                except StoreError as e:
                    fail(Failure(source=batch[0][0].article.source, stage="store", error=str(e)))
        try:
            write(pending)
        except StoreError as e:
            fail(Failure(source=pending[0][0].article.source, stage="store", error=str(e)))
    finally:
        if own_store:
            st.close()
        else:
            st.flush()
    report.seconds = round(time.perf_counter() - t0, 3)
    log.info("built %d articles (%d skipped, %d failed) in %.1fs", report.articles, report.skipped, len(report.failures), report.seconds)
    return report
