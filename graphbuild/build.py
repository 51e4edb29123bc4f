"""build(): ingest -> extract -> records (curated) -> rows -> store, streaming, with a run report.

>>> # report = build(["examples"], "graph.json")
>>> # report.articles, report.failures
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from spacy.language import Language

from .curate import Curation, load_curation
from .errors import GraphbuildError, StoreError, StoreUnavailable
from .extract import EXTRACTOR_VERSION, extract_stream
from .extract.nlp import DEFAULT_MODEL, WINDOW_CHARS, load_nlp, model_version
from .graph import GraphRows, to_rows
from .ingest.feeds import Fetcher, is_url, iter_sources
from .ingest.sources import DEFAULT_MAX_BYTES
from .records import (
    Article,
    ArticleChange,
    Extraction,
    Failure,
    RunReport,
    SpeakerRef,
    StatementChange,
)
from .store import GraphStore, open_store
from .store.base import states_of
from .store.lock import writer_lock

log = logging.getLogger(__name__)

@dataclass
class Skipped:
    """A one-article file skipped unread: its bytes and the extractor are those stored."""

    source: str
    id: str


Progress = Callable[[Article | Extraction | Failure | Skipped], None]


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
    curation: Curation | str | Path | None = None,
    retract: bool = False,
    lock_wait: float = 0.0,
    fetcher: Fetcher | None = None,
) -> RunReport:
    """Build or update a graph from files, folders, feeds and URLs; returns the run report.

    Incremental: an article stored with the same content, extractor, model and curation is
    skipped without running spaCy (unless `force`); a changed one replaces its old version
    (the new rows are written first, the old version deleted after, so an interrupted run never
    loses an article); with `retract`, articles gone from a folder given as a source are removed.
    Rows are written `write_batch` articles per transaction; when a batch fails it is retried
    article by article. Every failed input is in `report.failures` with its reason (with
    `on_error="raise"` the first failure raises). `report.changes` lists what changed, with ids.
    One writer at a time: the store's writer lock is held for the run (waiting up to `lock_wait`).

    >>> # build(["examples"], "graph.json").ok
    """
    t0 = time.perf_counter()
    cur = curation if isinstance(curation, Curation) else load_curation(curation)
    nlp = nlp or load_nlp(model)
    extractor = f"{EXTRACTOR_VERSION}+{model_version(nlp)}" + (f"+curation:{cur.digest}" if cur else "")
    own_store = not hasattr(store, "upsert")
    st: GraphStore = open_store(store) if own_store else store  # type: ignore[arg-type, assignment]
    report = RunReport(store=st.uri, extractor=extractor, started=datetime.now(UTC).isoformat(timespec="seconds"))
    try:
        with writer_lock(st, wait=lock_wait):
            _Run(st, report, sources, cur, extractor, on_error=on_error, force=force, write_batch=write_batch,
                 progress=progress, retract=retract, fetcher=fetcher, max_bytes=max_bytes).run(
                nlp, batch_size=batch_size, workers=workers, window=window)
    finally:
        if own_store:
            st.close()
        else:
            st.flush()
    report.seconds = round(time.perf_counter() - t0, 3)
    c = report.changes
    log.info("built %d articles (%d skipped, %d failed; %d added, %d updated, %d retracted) in %.1fs", report.articles,
             report.skipped, len(report.failures), len(c.added), len(c.updated), len(c.retracted), report.seconds)
    return report


def _under(source: str, root: str) -> bool:
    root = root.rstrip("/\\")
    return source == root or source.startswith((root + os.sep, root + "/", root + "#"))


class _Run:
    """One build: the stream of articles, the batched writes, and the change bookkeeping."""

    def __init__(self, st: GraphStore, report: RunReport, sources: Iterable[str | Path], cur: Curation, extractor: str, *,
                 on_error: str, force: bool, write_batch: int, progress: Progress | None, retract: bool,
                 fetcher: Fetcher | None, max_bytes: int) -> None:
        self.st, self.report, self.cur, self.extractor = st, report, cur, extractor
        self.sources = [str(s) for s in sources]
        self.on_error, self.force, self.write_batch, self.progress = on_error, force, write_batch, progress
        self.retract, self.fetcher, self.max_bytes = retract, fetcher, max_bytes
        index = st.article_index()  # one read of the stored articles' state
        self.states = states_of(index)
        self.by_source: dict[str, list[str]] = {}
        self.files: dict[str, tuple[str, str, str]] = {}  # source -> (id, file hash, extractor)
        for aid, a in index.items():
            self.by_source.setdefault(a["source"] or "", []).append(aid)
            if a["file_hash"] and not force:
                self.files[a["source"] or ""] = (aid, a["file_hash"], a["extractor"] or "")
        self.seen: set[str] = set()
        self.failed_sources: list[str] = []
        self.replaced: dict[str, ArticleChange] = {}  # old id -> the change that replaces it
        self.speakers_known: set[str] = set()
        self.pending: list[tuple[Extraction, GraphRows, list[ArticleChange]]] = []
        self.down: list[str] = []  # non-empty while the store is unreachable

    # -- reporting -------------------------------------------------------------------------
    def fail(self, f: Failure) -> None:
        self.report.failures.append(f)
        self.failed_sources.append(f.source)
        if self.progress:
            self.progress(f)
        if self.on_error == "raise":
            raise GraphbuildError(f"{f.source}: {f.error}")

    def done(self, x: Extraction, changes: list[ArticleChange]) -> None:
        r = self.report
        r.articles += 1
        r.statements += len(x.statements)
        r.entities += len(x.entities)
        r.notes += [f"{x.article.source}: {n}" for n in x.notes]
        for ch in changes:
            if ch.old_id is None:
                r.changes.added.append(ch)
            elif ch.old_id == ch.id:
                r.changes.updated.append(ch)
            else:
                self.replaced[ch.old_id] = ch  # the old version is deleted once the run has seen everything
        if self.progress:
            self.progress(x)

    # -- input -----------------------------------------------------------------------------
    def skip_file(self, source: str, file_hash: str) -> bool:
        """An unchanged one-article file: skipped before it is even decoded (a refresh's fast path)."""
        rec = self.files.get(source)
        if rec is None or rec[1] != file_hash or rec[2] != self.extractor:
            return False
        self.seen.add(rec[0])
        self.report.skipped += 1
        if self.progress:
            self.progress(Skipped(source=source, id=rec[0]))
        return True

    def todo(self) -> Iterator[Article | Failure]:
        for item in iter_sources(self.sources, fetcher=self.fetcher, max_bytes=self.max_bytes, skip=self.skip_file):
            if isinstance(item, Article):
                self.seen.add(item.id)
                if not self.force and self.states.get(item.id) == (item.content_hash, self.extractor):
                    self.report.skipped += 1
                    if self.progress:
                        self.progress(item)
                    continue
            yield item

    # -- changes ---------------------------------------------------------------------------
    def _diff(self, x: Extraction) -> list[ArticleChange]:
        """What this extraction changes; records new statements/speakers before anything is written."""
        a = x.article
        if a.id in self.states:
            olds = [a.id]
        else:
            olds = [o for o in self.by_source.get(a.source, []) if o != a.id and o not in self.seen]
        old_stmts = [s for lst in self.st.statements_of(olds).values() for s in lst] if olds else []
        by_id = {s["id"]: s for s in old_stmts}
        by_text = {s["text"]: s for s in old_stmts}
        c = self.report.changes
        for s in x.statements:
            old = by_id.get(s.id) or by_text.get(s.text)
            if old is None:
                c.new_statements.append(StatementChange(id=s.id, article=a.id, text=s.text, speaker=s.speaker))
            elif old.get("speaker") != s.speaker:
                c.speaker_changed.append(StatementChange(id=s.id, article=a.id, text=s.text, speaker=s.speaker, old_speaker=old.get("speaker")))
            if s.speaker and s.speaker not in self.speakers_known:
                self.speakers_known.add(s.speaker)
                if next(iter(self.st.edges("SAID", src=s.speaker)), None) is None:
                    c.new_speakers.append(SpeakerRef(key=s.speaker, name=s.speaker_name or s.speaker))
        if not olds:
            return [ArticleChange(id=a.id, source=a.source, title=a.title)]
        return [ArticleChange(id=a.id, source=a.source, title=a.title, old_id=o) for o in olds]

    # -- writes ----------------------------------------------------------------------------
    def write(self, batch: list[tuple[Extraction, GraphRows, list[ArticleChange]]]) -> None:
        """One transaction for the batch; on failure, article by article to isolate the bad one."""
        if not batch:
            return
        st = self.st
        # Once the server was lost (after the driver's own retries), check quickly before each
        # batch instead of waiting out the retry window again; it may come back.
        if self.down and not getattr(st, "available", lambda: True)():
            for x, _, _ in batch:
                self.fail(Failure(source=x.article.source, stage="store", error=f"not written: store {st.uri} unavailable"))
            return
        try:
            st.upsert_many([rows for _, rows, _ in batch])
            self.down.clear()
            for x, _, ch in batch:
                self.done(x, ch)
            return
        except StoreUnavailable as e:
            self.down.append(str(e))
            for x, _, _ in batch:
                self.fail(Failure(source=x.article.source, stage="store", error=f"not written: {e}"))
            return
        except StoreError:
            if len(batch) == 1:
                raise
        for item in batch:
            try:
                self.write([item])
            except StoreError as e:
                self.fail(Failure(source=item[0].article.source, stage="store", error=str(e)))

    def flush_pending(self) -> None:
        batch, self.pending = self.pending, []
        try:
            self.write(batch)
        except StoreError as e:
            self.fail(Failure(source=batch[0][0].article.source, stage="store", error=str(e)))

    def run(self, nlp: Language, *, batch_size: int, workers: int, window: int) -> None:
        st = self.st
        for out in extract_stream(self.todo(), nlp, batch_size=batch_size, n_process=workers, window=window):
            if isinstance(out, Failure):
                self.fail(out)
                continue
            if self.down and not getattr(st, "available", lambda: True)():
                self.fail(Failure(source=out.article.source, stage="store", error=f"not written: store {st.uri} unavailable"))
                continue
            try:
                x = self.cur.apply(out).model_copy(update={"extractor": self.extractor})
                rows = to_rows(x)
                changes = self._diff(x)
                if x.article.id in self.states:
                    st.delete_article(x.article.id)  # re-extracted: replace, never mix
            except StoreUnavailable as e:
                self.down.append(str(e))
                self.fail(Failure(source=out.article.source, stage="store", error=f"not written: {e}"))
                continue
            except (StoreError, ValueError) as e:
                self.fail(Failure(source=out.article.source, stage="store", error=str(e)))
                continue
            self.pending.append((x, rows, changes))
            if len(self.pending) >= self.write_batch:
                self.flush_pending()
        self.flush_pending()
        self.finish()

    def finish(self) -> None:
        """Delete replaced versions and (with `retract`) articles gone from their folder."""
        st, c = self.st, self.report.changes
        if self.down:
            return  # the store is gone: nothing can be deleted safely now; the next run will
        def protected(src: str) -> bool:
            return any(_under(src, f) for f in self.failed_sources)
        for old, ch in sorted(self.replaced.items()):
            if old in self.seen:
                c.added.append(ch.model_copy(update={"old_id": None}))
                continue
            st.delete_article(old)
            c.updated.append(ch)
        if not self.retract:
            return
        roots = [s for s in self.sources if not is_url(s) and Path(s).is_dir()]
        for src, ids in sorted(self.by_source.items()):
            if not any(_under(src, r) for r in roots) or protected(src):
                continue
            for aid in ids:
                if aid in self.seen or aid in self.replaced:
                    continue
                try:
                    st.delete_article(aid)
                except StoreError as e:
                    self.fail(Failure(source=src, stage="store", error=f"not retracted: {e}"))
                    continue
                c.retracted.append(ArticleChange(id=aid, source=src))
