"""Article -> spaCy Doc(s) -> `Extraction`, as a stream.

Articles go through `nlp.pipe` in batches (`n_process` workers); long articles are split into
windows at paragraph boundaries (never truncated; a text without line breaks is cut between
words, else anywhere) and their results assembled. Only the articles in flight are held in
memory, and of each window only its plain results, not the Doc.

Cost: linear in the text, whatever it is (`limits`: sentences the rules see are bounded, and so
are the candidates per sentence). Time: the rules of each window get `budget` seconds; an
article a window of which goes over is reported as a `Failure` "extraction exceeded 60 s" and
its remaining windows are not run; the stream goes on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Article, Extraction, ExtractionError, Failure
from .annotate import DocResult
from .assemble import assemble
from .components import Attribution, doc_result
from .lexicon import Lexicon, default_lexicon
from .limits import BATCH_CHARS, DEFAULT_BUDGET, ExtractionTimeout
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
    budget: float | None = DEFAULT_BUDGET,
) -> Iterator[Extraction | Failure]:
    """Stream `Extraction`s (and passed-through or new `Failure`s) from a stream of articles.

    One `nlp.pipe` call over all windows of all articles, in batches. `budget`: seconds of rule
    time per window (None or 0: no limit); it is set on the pipeline's attribution component for
    the stream. An article over it is a `Failure` "extraction exceeded N s".

    >>> # for x in extract_stream(iter_sources(["examples"]), load_nlp()): ...
    """
    extractor = extractor_version(nlp)
    rules = [comp for _name, comp in nlp.pipeline if isinstance(comp, Attribution)]
    before = [comp.budget for comp in rules]
    for comp in rules:
        comp.budget = budget
    try:
        yield from _stream(items, nlp, extractor, batch_size=batch_size, n_process=n_process, window=window)
    finally:
        for comp, b in zip(rules, before, strict=True):
            comp.budget = b


def _stream(items: Iterable[Article | Failure], nlp: Language, extractor: str, *, batch_size: int, n_process: int,
            window: int) -> Iterator[Extraction | Failure]:
    failures: deque[Failure] = deque()
    pending: dict[int, tuple[Article, int, list[tuple[int, DocResult]]]] = {}
    timed_out: dict[int, str] = {}  # article -> its failure; its windows still to send are skipped

    def texts() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, item in enumerate(items):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            wins = windows(item.text, window)
            pending[n] = (item, len(wins), [])
            for a, b in wins:
                # A window of an article that already failed is not run (an empty text stands in).
                yield ("" if n in timed_out else item.text[a:b]), (n, a)

    for doc, (n, offset) in _piped(nlp, texts(), batch_size=batch_size, n_process=n_process):
        while failures:
            yield failures.popleft()
        article, total, parts = pending[n]
        result = doc_result(doc)  # keep the results, not the (large) Doc
        if n not in timed_out and ExtractionTimeout.describes(result["error"]):
            timed_out[n] = str(result["error"])
        parts.append((offset, result))
        if len(parts) < total:
            continue
        del pending[n]
        if n in timed_out:
            log.info("extraction failed for %s: %s", article.source, timed_out[n])
            yield Failure(source=article.source, stage="extract", error=timed_out.pop(n))
            continue
        try:
            yield assemble(article, sorted(parts, key=lambda p: p[0]), extractor)
        except Exception as e:  # reported, never silently dropped
            log.info("extraction failed for %s: %s", article.source, e)
            yield Failure(source=article.source, stage="extract", error=f"{type(e).__name__}: {e}")
    while failures:
        yield failures.popleft()


def _piped(nlp: Language, stream: Iterable[tuple[str, Any]], *, batch_size: int, n_process: int) -> Iterator[tuple[Doc, Any]]:
    """`nlp.pipe(stream, as_tuples=True)` in batches of at most `batch_size` texts and (in one
    process) `BATCH_CHARS` characters: spaCy's memory grows with the text of a batch (some 4 KB
    per character), so 16 windows of 100,000 characters would take gigabytes."""
    if n_process != 1:
        yield from nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process)
        return
    batch: list[tuple[str, Any]] = []
    chars = 0
    for item in stream:
        if batch and (len(batch) >= batch_size or chars + len(item[0]) > BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def extract(article: Article, nlp: Language | None = None, **kwargs: Any) -> Extraction:
    """Extract one article (convenience over `extract_stream`; raises `ExtractionError`, and
    `ExtractionTimeout` when it went over its time budget).

    >>> # from graphbuild.ingest import article_from_text
    >>> # x = extract(article_from_text("“Yes,” the minister said.", source="s"))
    """
    nlp = nlp or load_nlp()
    for out in extract_stream([article], nlp, **kwargs):
        if isinstance(out, Failure):
            if ExtractionTimeout.describes(out.error):
                raise ExtractionTimeout.from_message(out.error)
            raise ExtractionError(out.error)
        return out
    raise ExtractionError("no output")
