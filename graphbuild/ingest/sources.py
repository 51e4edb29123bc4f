"""Readers: files, folders, JSON/JSONL records and HTML pages -> `Article` records.

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

from ..errors import IngestError
from ..ids import article_id, content_hash
from ..records import Article, Failure
from .clean import clean
from .text import compose, decode, normalise, runs_to_offset_map

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def article_from_text(
    raw: str,
    *,
    source: str,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Article:
    """Make an `Article` from text: normalise, remove site furniture, find title and credits.

    >>> a = article_from_text("Moon Deal Signed\\n\\nThe minister said it was done.", source="x")
    >>> a.title, a.text.splitlines()[-1]
    ('Moon Deal Signed', 'The minister said it was done.')
    """
    if not raw or not raw.strip():
        raise IngestError("empty input: no text")
    norm, norm_runs = normalise(raw)
    cleaned = clean(norm)
    if not cleaned.text.strip():
        raise IngestError("no article text left after removing site furniture")
    runs = compose(cleaned.runs, norm_runs)
    text = cleaned.text
    return Article(
        id=article_id(text, url),
        source=source,
        url=url or None,
        title=(title or "").strip() or cleaned.title or source,
        text=text,
        published=published or None,
        outlet=(outlet or "").strip() or cleaned.publisher,
        republished_from=cleaned.republished_from,
        boilerplate=cleaned.boilerplate,
        content_hash=content_hash(text),
        offset_map=runs_to_offset_map(runs),
    )


def article_from_html(html: str, *, source: str, url: str | None = None) -> Article:
    """Extract the article of an HTML page with trafilatura (boilerplate, comments and menus removed).

    >>> page = "<html><body><article><h1>Deal</h1><p>" + "The minister said it was done. " * 5 + "</p></article></body></html>"
    >>> article_from_html(page, source="p.html").title
    'Deal'
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as e:  # trafilatura raises many kinds on broken markup
        raise IngestError(f"HTML could not be parsed: {type(e).__name__}: {e}") from e
    if doc is None:
        raise IngestError("no article text found in the HTML page")
    meta: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if len(text.split()) < 5:
        raise IngestError("no article text found in the HTML page")
    # trafilatura puts one paragraph per line: make paragraphs explicit.
    text = "\n\n".join(line for line in text.splitlines() if line.strip())
    return article_from_text(
        text,
        source=source,
        url=url or meta.get("url"),
        title=meta.get("title"),
        published=meta.get("date"),
        outlet=meta.get("sitename"),
    )


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def article_from_record(rec: Any, *, source: str) -> Article:
    """An `Article` from a JSON record with `text` (or `html`) and optional `id`/`url`, `title`,
    `published`, `outlet`.

    >>> article_from_record({"text": "Deal\\n\\nHe said so.", "outlet": "Wire"}, source="a.jsonl#1").outlet
    'Wire'
    """
    if not isinstance(rec, dict):
        raise IngestError(f"JSON record is a {type(rec).__name__}, expected an object")
    url = rec.get("url") or None
    if url is None and rec.get("id") is not None:
        url = f"id:{rec['id']}"
    for key in ("title", "published", "outlet", "url"):
        if rec.get(key) is not None and not isinstance(rec[key], str | int | float):
            raise IngestError(f"JSON field {key!r} must be a string")
    if isinstance(rec.get("html"), str) and not rec.get("text"):
        return article_from_html(rec["html"], source=source, url=url)
    text = rec.get("text")
    if not isinstance(text, str):
        raise IngestError("JSON record has no 'text' string")
    return article_from_text(
        text,
        source=source,
        url=url,
        title=str(rec["title"]) if rec.get("title") else None,
        published=str(rec["published"]) if rec.get("published") else None,
        outlet=str(rec["outlet"]) if rec.get("outlet") else None,
    )


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
        if suffix in HTML_EXTENSIONS or (suffix not in TEXT_EXTENSIONS and _looks_like_html(text)):
            yield article_from_html(text, source=src).model_copy(update={"file_hash": fhash})
            return
        yield article_from_text(text, source=src).model_copy(update={"file_hash": fhash})
    except IngestError as e:
        log.warning("ingest failed for %s: %s", src, e)
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
