"""What the store already holds, and what a run must do with each input: skip it (unchanged),
write it (new), replace an older version, or retract an article whose file is gone.

Read once at the start of a run (`GraphStore.article_index`, one read).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..ingest import is_url
from ..model import Article
from ..store import ArticleState


def under(source: str, root: str) -> bool:
    """True when `source` (a path, or 'path#line') is inside the folder or file `root`.

    >>> under("news/a.txt", "news"), under("news.jsonl#3", "news.jsonl"), under("newsroom/a.txt", "news")
    (True, True, False)
    """
    root = root.rstrip("/\\")
    return source == root or source.startswith((root + os.sep, root + "/", root + "#"))


class Plan:
    """The stored articles' state and the decisions of one run."""

    def __init__(self, index: dict[str, ArticleState], extractor: str, sources: Sequence[str], *, force: bool) -> None:
        self.index, self.extractor, self.sources, self.force = index, extractor, list(sources), force
        self.by_source: dict[str, list[str]] = {}
        for aid, a in index.items():
            self.by_source.setdefault(a.source, []).append(aid)
        self.seen: set[str] = set()  # article ids met in this run (written or unchanged)

    def skip_file(self, source: str, file_hash: str) -> str | None:
        """The id of the stored article of an unchanged one-article file (skipped unread), or None."""
        if self.force:
            return None
        for aid in self.by_source.get(source, []):
            a = self.index[aid]
            if a.file_hash == file_hash and a.extractor == self.extractor:
                self.seen.add(aid)
                return aid
        return None

    def unchanged(self, article: Article) -> bool:
        """Marks the article seen; True when the store holds it with the same content and extractor."""
        self.seen.add(article.id)
        a = self.index.get(article.id)
        return not self.force and a is not None and (a.content_hash, a.extractor) == (article.content_hash, self.extractor)

    def stored(self, article_id: str) -> bool:
        """True when a version with this id is in the store (a re-extraction replaces it)."""
        return article_id in self.index

    def older_versions(self, article: Article) -> list[str]:
        """The stored articles this one replaces: itself when re-extracted, else the articles of
        the same source not met in this run (the file's text changed)."""
        if article.id in self.index:
            return [article.id]
        return [o for o in self.by_source.get(article.source, []) if o != article.id and o not in self.seen]

    def retractions(self, failed_sources: Sequence[str], replaced: set[str]) -> list[tuple[str, str]]:
        """(source, id) of stored articles whose source is inside a folder given to this run but
        that the run did not meet; nothing under a source that failed (an unreadable folder)."""
        roots = [s for s in self.sources if not is_url(s) and Path(s).is_dir()]
        out = []
        for src, ids in sorted(self.by_source.items()):
            if not any(under(src, r) for r in roots) or any(under(src, f) for f in failed_sources):
                continue
            out += [(src, aid) for aid in ids if aid not in self.seen and aid not in replaced]
        return out
