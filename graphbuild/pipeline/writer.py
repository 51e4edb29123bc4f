"""Batched writes with the change bookkeeping: one transaction per batch of articles (with the
older versions they replace); a batch that fails is retried article by article so one bad
article is isolated; once the store is lost, the rest fails fast (one quick check per batch).

Before a batch is written, its changes are computed with two reads for the whole batch (the
older versions' statements, and which speakers already have statements); they enter the report
only when the write succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import (
    ArticleChange,
    Changes,
    EntityRef,
    Extraction,
    Failure,
    GraphRows,
    StatementChange,
    StoreError,
    StoreUnavailable,
)
from ..store import GraphStore


@dataclass
class Pending:
    """An extracted article waiting for its batch: its rows, and the versions it replaces."""

    extraction: Extraction
    rows: GraphRows
    olds: list[str]  # stored versions this one replaces (itself when re-extracted)
    replace_now: bool  # re-extracted under the same id: deleted in the same transaction


@dataclass
class _BatchChanges:
    statements: list[StatementChange] = field(default_factory=list)
    speaker_changed: list[StatementChange] = field(default_factory=list)
    speakers: list[EntityRef] = field(default_factory=list)


WriteMany = Callable[[list[GraphRows], list[str]], object]  # (rows, replace): a batch of several articles


class Writer:
    """Writes pending articles in batches of `size`; reports each article written or failed.

    `write_many` writes a batch of several articles (default: `store.write`, one transaction; the
    parallel Neo4j writer for `load_shards(writers=N)`); a single article, and each article of a
    batch that failed, is written with `store.write`.
    """

    def __init__(self, store: GraphStore, changes: Changes, *, size: int,
                 written: Callable[[Pending], None], failed: Callable[[Failure], None],
                 write_many: WriteMany | None = None) -> None:
        self.store, self.changes, self.size = store, changes, size
        self.written, self.failed = written, failed
        self.write_many = write_many
        self.pending: list[Pending] = []
        self.speakers_known: set[str] = set()
        self.down: str | None = None  # why the store is unreachable, while it is

    def add(self, p: Pending) -> None:
        """Queue an article; writes the batch when it is full."""
        self.pending.append(p)
        if len(self.pending) >= self.size:
            self.flush()

    def available(self) -> bool:
        """False while the store is lost (checked quickly once it was)."""
        return not (self.down is not None and not self.store.ping())

    def flush(self) -> None:
        """Write what is queued."""
        batch, self.pending = self.pending, []
        if batch:
            self._write(batch, isolate=True)

    def _fail_all(self, batch: list[Pending], why: str) -> None:
        for p in batch:
            self.failed(Failure(source=p.extraction.article.source, stage="store", error=why))

    def _write(self, batch: list[Pending], *, isolate: bool) -> None:
        st = self.store
        if not self.available():
            self._fail_all(batch, f"not written: store {st.uri} unavailable")
            return
        try:
            found = self._changes(batch)
            rows, replace = [p.rows for p in batch], [p.extraction.article.id for p in batch if p.replace_now]
            if self.write_many is not None and len(batch) > 1:
                self.write_many(rows, replace)
            else:
                st.write(rows, replace=replace)
        except StoreUnavailable as e:
            self.down = str(e)
            self._fail_all(batch, f"not written: {e}")
            return
        except StoreError as e:
            if not isolate or len(batch) == 1:
                self._fail_all(batch, str(e))
                return
            for p in batch:
                self._write([p], isolate=False)
            return
        self.down = None
        c = self.changes
        c.new_statements += found.statements
        c.speaker_changed += found.speaker_changed
        c.new_speakers += found.speakers
        self.speakers_known.update(s.key for s in found.speakers)
        for p in batch:
            self.written(p)

    def _changes(self, batch: list[Pending]) -> _BatchChanges:
        """New statements, statements whose speaker changed, and new speakers of a batch."""
        olds = [o for p in batch for o in p.olds]
        stored = self.store.statements_of(olds) if olds else {}
        out = _BatchChanges()
        candidates: dict[str, EntityRef] = {}
        for p in batch:
            x = p.extraction
            old = [s for o in p.olds for s in stored.get(o, [])]
            by_id, by_text = {s.id: s for s in old}, {s.text: s for s in old}
            for s in x.statements:
                prev = by_id.get(s.id) or by_text.get(s.text)
                if prev is None:
                    out.statements.append(StatementChange(id=s.id, article=x.article.id, text=s.text, speaker=s.speaker))
                elif prev.speaker != s.speaker:
                    out.speaker_changed.append(StatementChange(id=s.id, article=x.article.id, text=s.text, speaker=s.speaker,
                                                               old_speaker=prev.speaker))
                if s.speaker and s.speaker not in self.speakers_known and s.speaker not in candidates:
                    candidates[s.speaker] = EntityRef.from_key(s.speaker, s.speaker_name or s.speaker)
        known = self.store.speakers_with_statements(list(candidates)) if candidates else set()
        self.speakers_known.update(known)
        out.speakers = [ref for key, ref in candidates.items() if key not in known]
        return out


def article_changes(x: Extraction, olds: list[str]) -> list[ArticleChange]:
    """The article changes an extraction makes: added, or one per version it replaces."""
    a = x.article
    if not olds:
        return [ArticleChange(id=a.id, source=a.source, title=a.title)]
    return [ArticleChange(id=a.id, source=a.source, title=a.title, old_id=o) for o in olds]
