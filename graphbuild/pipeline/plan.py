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

DEFAULT_MAX_RETRACT = 0.5  # a refresh retracts nothing from a folder that would lose more than this share


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

    def retractions(self, failed_sources: Sequence[str], replaced: set[str],
                    max_share: float = 1.0) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(source, id) of stored articles whose source is inside a folder given to this run but
        that the run did not meet; nothing under a source that failed (an unreadable folder).

        A folder that would lose more than `max_share` of its stored articles (all of them when it
        is empty: an unmounted disk) keeps them all: it is returned second, as (folder, why).

        >>> from graphbuild.store import ArticleState
        >>> import tempfile; root = tempfile.mkdtemp()
        >>> plan = Plan({"a1": ArticleState(source=f"{root}/a.txt", content_hash="h", extractor="x")}, "x", [root], force=False)
        >>> gone, kept = plan.retractions([], set(), max_share=0.5)
        >>> gone, kept[0][1].startswith("refused to retract 1 of the 1 articles")
        ([], True)
        """
        roots = [s for s in self.sources if not is_url(s) and Path(s).is_dir()]
        out: list[tuple[str, str]] = []
        taken: set[str] = set()  # a folder given twice, or inside another given folder
        refused: list[tuple[str, str]] = []
        for root in roots:
            stored = 0
            mine: list[tuple[str, str]] = []
            for src, ids in sorted(self.by_source.items()):
                if not under(src, root) or any(under(src, f) for f in failed_sources):
                    continue
                stored += len(ids)
                mine += [(src, aid) for aid in ids if aid not in self.seen and aid not in replaced]
            gone = len(mine)
            if gone and gone > max_share * stored:
                why = "the folder yielded no articles" if gone == stored else f"more than {max_share:.0%} of them"
                refused.append((root, f"refused to retract {gone} of the {stored} articles stored from it ({why}: an unmounted "
                                      "or emptied folder?); nothing was retracted from it. Allow it with --max-retract 1"))
                continue
            out += [x for x in mine if x[1] not in taken]
            taken.update(aid for _, aid in mine)
        return out, refused
