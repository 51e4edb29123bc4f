"""Files and folders -> `Article` records: text, Markdown, HTML, JSON and JSON Lines.

Every reader yields `Article` or `Failure`; one bad input never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Article, Failure, IngestError
from .article import article_from_html, article_from_record, article_from_text
from .html import looks_like_html
from .text import DEFAULT_MAX_BYTES, decode

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS


def _json_records(path: Path, data: str) -> Iterator[tuple[str, Any]]:
    if path.suffix.lower() == ".json":
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as e:
            raise IngestError(f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
        items = obj if isinstance(obj, list) else [obj]
        for n, item in enumerate(items, 1):
            yield f"{path}#{n}", item
        return
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        src = f"{path}#{n}"
        try:
            yield src, json.loads(line)
        except json.JSONDecodeError as e:
            yield src, IngestError(f"invalid JSON on line {n}: {e.msg}")


SkipFile = Callable[[str, str], bool]


def load_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, skip: SkipFile | None = None) -> Iterator[Article | Failure]:
    """Read one file; yields its article(s) or a `Failure` naming the input and the reason.

    A one-article file (text, Markdown, HTML) gets `file_hash`, the SHA-256 of its bytes; when
    `skip(source, file_hash)` says so, it is not decoded or cleaned at all (a refresh that knows it).

    >>> [type(x).__name__ for x in load_file("/nonexistent.txt")]
    ['Failure']
    """
    p = Path(path)
    src = str(p)
    try:
        if p.stat().st_size > max_bytes:
            raise IngestError(f"too large: {p.stat().st_size:,} bytes (limit {max_bytes:,}; raise --max-bytes)")
        data = p.read_bytes()
        suffix = p.suffix.lower()
        fhash = hashlib.sha256(data).hexdigest() if suffix not in JSON_EXTENSIONS else None
        if fhash and skip is not None and skip(src, fhash):
            return
        text = decode(data, max_bytes=max_bytes)
        if suffix in JSON_EXTENSIONS:
            count = 0
            for rsrc, rec in _json_records(p, text):
                count += 1
                try:
                    if isinstance(rec, IngestError):
                        raise rec
                    yield article_from_record(rec, source=rsrc)
                except IngestError as e:
                    yield Failure(source=rsrc, stage="ingest", error=str(e))
            if not count:
                raise IngestError("no JSON records in the file")
            return
        if suffix in HTML_EXTENSIONS or (suffix not in TEXT_EXTENSIONS and looks_like_html(text)):
            yield article_from_html(text, source=src).model_copy(update={"file_hash": fhash})
            return
        yield article_from_text(text, source=src).model_copy(update={"file_hash": fhash})
    except IngestError as e:
        log.info("ingest failed for %s: %s", src, e)  # reported in the run report
        yield Failure(source=src, stage="ingest", error=str(e))
    except OSError as e:
        yield Failure(source=src, stage="ingest", error=f"cannot read: {e.strerror or e}")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted, hidden entries skipped) into input files.

    >>> list(iter_files([]))
    []
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if not name.startswith(".") and f.suffix.lower() in KNOWN_EXTENSIONS:
                        yield f
        else:
            yield p


def iter_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, skip: SkipFile | None = None
) -> Iterator[Article | Failure]:
    """Stream articles (and failures) from files and folders, lazily, in a stable order.

    >>> next(iter_articles(["/nonexistent"])).error.startswith("cannot read")
    True
    """
    for f in iter_files(paths):
        yield from load_file(f, max_bytes=max_bytes, skip=skip)
