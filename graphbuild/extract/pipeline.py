"""Article -> spaCy Doc(s) -> `Extraction`, as a stream.

Articles go through `nlp.pipe` in batches (`n_process` workers); long articles are split into
windows at paragraph boundaries (never truncated) and their results assembled. Only the
articles in flight are held in memory, and of each window only its plain results, not the Doc.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from ..model import Article, Extraction, ExtractionError, Failure
from .annotate import DocResult
from .assemble import assemble
from .components import Attribution, doc_result
from .lexicon import Lexicon, default_lexicon
from .nlp import WINDOW_CHARS, load_nlp, model_version

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "graphbuild-rules-4"  # bump when the rules change what they extract: a refresh re-extracts


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Split text into windows of at most `size` characters at paragraph (else line, else
    whitespace) boundaries. Covers the whole text: nothing is dropped.

    >>> windows("aa\\n\\nbb\\n\\ncc", size=6)
    [(0, 4), (4, 10)]
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        limit = start + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, start + size // 4, limit)
            if cut >= 0:
                cut += len(sep)
                break
        if cut <= start:
            cut = limit
        out.append((start, cut))
        start = cut
    if start < n or not out:
        out.append((start, n))
    return out


def extractor_version(nlp: Language) -> str:
    """The rules and model version recorded with every extraction (a change re-extracts everything)."""
    return f"{EXTRACTOR_VERSION}+{model_version(nlp)}"


def lexicon_of(nlp: Language) -> Lexicon:
    """The word lists the pipeline's attribution component uses (the packaged ones by default).

    >>> # lexicon_of(load_nlp()).first_names["ana"]
    """
    for _name, comp in nlp.pipeline:
        if isinstance(comp, Attribution):
            if comp.lex is None:
                comp.initialize()
            if comp.lex is not None:
                return comp.lex
    return default_lexicon()


def extract_stream(
    items: Iterable[Article | Failure],
    nlp: Language,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    window: int = WINDOW_CHARS,
) -> Iterator[Extraction | Failure]:
    """Stream `Extraction`s (and passed-through or new `Failure`s) from a stream of articles.

    One `nlp.pipe` call over all windows of all articles, in batches.

    >>> # for x in extract_stream(iter_sources(["examples"]), load_nlp()): ...
    """
    extractor = extractor_version(nlp)
    failures: deque[Failure] = deque()
    pending: dict[int, tuple[Article, int, list[tuple[int, DocResult]]]] = {}

    def texts() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, item in enumerate(items):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            wins = windows(item.text, window)
            pending[n] = (item, len(wins), [])
            for a, b in wins:
                yield item.text[a:b], (n, a)

    for doc, (n, offset) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        while failures:
            yield failures.popleft()
        article, total, parts = pending[n]
        parts.append((offset, doc_result(doc)))  # keep the results, not the (large) Doc
        if len(parts) < total:
            continue
        del pending[n]
        try:
            yield assemble(article, sorted(parts, key=lambda p: p[0]), extractor)
        except Exception as e:  # reported, never silently dropped
            log.info("extraction failed for %s: %s", article.source, e)
            yield Failure(source=article.source, stage="extract", error=f"{type(e).__name__}: {e}")
    while failures:
        yield failures.popleft()


def extract(article: Article, nlp: Language | None = None, **kwargs: Any) -> Extraction:
    """Extract one article (convenience over `extract_stream`).

    >>> # from graphbuild.ingest import article_from_text
    >>> # x = extract(article_from_text("“Yes,” the minister said.", source="s"))
    """
    nlp = nlp or load_nlp()
    for out in extract_stream([article], nlp, **kwargs):
        if isinstance(out, Failure):
            raise ExtractionError(out.error)
        return out
    raise ExtractionError("no output")
