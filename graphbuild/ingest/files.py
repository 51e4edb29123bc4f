"""Files and folders -> `Article` records: text, Markdown, HTML, JSON and JSON Lines.

Every reader yields `Article` or `Failure`; one bad input never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..model import Article, Failure, IngestError
from .article import article_from_html, article_from_record, article_from_text
from .html import looks_like_html
from .text import DEFAULT_MAX_BYTES, decode, sniff_binary

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS


def _json_value(text: str | bytes, where: str) -> Any:
    """One JSON value; IngestError (never RecursionError or ValueError) when it cannot be read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        at = f" at line {e.lineno} column {e.colno}" if where == "" else ""
        raise IngestError(f"invalid JSON{where}: {e.msg}{at}") from None
    except RecursionError:
        raise IngestError(f"invalid JSON{where}: nested too deeply") from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        raise IngestError(f"invalid JSON{where}: {e}") from None


_KINDS = {int: "a number", float: "a number", str: "a string", bool: "true or false", type(None): "null"}


def _json_records(path: Path, data: str) -> Iterator[tuple[str, Any]]:
    obj = _json_value(data, "")
    if not isinstance(obj, list | dict):
        raise IngestError(f"the JSON file holds {_KINDS.get(type(obj), 'a value')}, expected an object or a list of objects")
    items = obj if isinstance(obj, list) else [obj]
    name = source_name(path)
    for n, item in enumerate(items, 1):
        yield f"{name}#{n}", item


def _jsonl_records(path: Path, fh: BinaryIO) -> Iterator[tuple[str, Any]]:
    """The records of a JSON Lines file, streamed line by line (a bad line is one failure)."""
    head = fh.read(8192)
    fh.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: rare; decoded whole
        lines: Iterable[bytes | str] = decode(fh.read()).split("\n")
    else:
        sniff_binary(head)
        lines = fh
    name = source_name(path)
    for n, raw in enumerate(lines, 1):
        if isinstance(raw, bytes):
            raw = raw.removeprefix(b"\xef\xbb\xbf") if n == 1 else raw
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield f"{name}#{n}", IngestError(f"not UTF-8 on line {n}: byte offset {e.start} in the line")
                continue
        else:
            line = raw
        if line.strip():
            src = f"{name}#{n}"
            try:
                yield src, _json_value(line, f" on line {n}")
            except IngestError as e:
                yield src, e


def source_name(path: str | Path) -> str:
    """The name a file is reported and stored under: its path, with bytes that are not UTF-8
    (a file name from another system) written as `\\xNN`, so reports and stores can encode it.

    >>> source_name("news/a.txt"), source_name("news/bad" + chr(0xDCFF) + ".txt")
    ('news/a.txt', 'news/bad\\\\xff.txt')
    """
    s = str(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


SkipFile = Callable[[str, str], bool]


def load_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, skip: SkipFile | None = None) -> Iterator[Article | Failure]:
    """Read one file; yields its article(s) or a `Failure` naming the input and the reason.

    A one-article file (text, Markdown, HTML) gets `file_hash`, the SHA-256 of its bytes; when
    `skip(source, file_hash)` says so, it is not decoded or cleaned at all (a refresh that knows it).

    >>> [type(x).__name__ for x in load_file("/nonexistent.txt")]
    ['Failure']
    """
    p = Path(path)
    src = source_name(p)
    try:
        st = p.stat()
    except ValueError as e:  # a NUL byte in the name: no file can have it
        yield Failure(source=src.replace("\x00", "\\x00"), stage="ingest", error=f"invalid file name: {e}")
        return
    except OSError as e:
        yield Failure(source=src, stage="ingest", error=f"cannot read: {e.strerror or e}")
        return
    try:
        if not stat.S_ISREG(st.st_mode):
            raise IngestError("not a regular file (a device, FIFO or socket): not read")
        if st.st_size > max_bytes:
            raise IngestError(f"too large: {st.st_size:,} bytes (limit {max_bytes:,}; raise --max-bytes)")
        suffix = p.suffix.lower()
        if suffix in JSON_EXTENSIONS:
            yield from _load_json(p, max_bytes)
            return
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat()
        fhash = hashlib.sha256(data).hexdigest()
        if skip is not None and skip(src, fhash):
            return
        text = decode(data, max_bytes=max_bytes)
        if suffix in HTML_EXTENSIONS or (suffix not in TEXT_EXTENSIONS and looks_like_html(text)):
            yield article_from_html(text, source=src).model_copy(update={"file_hash": fhash})
            return
        yield article_from_text(text, source=src).model_copy(update={"file_hash": fhash})
    except IngestError as e:
        log.info("ingest failed for %r: %s", src, e)  # reported in the run report
        yield Failure(source=src, stage="ingest", error=str(e))
    except OSError as e:
        yield Failure(source=src, stage="ingest", error=f"cannot read: {e.strerror or e}")


def _load_json(p: Path, max_bytes: int) -> Iterator[Article | Failure]:
    """The articles of a .json file (read whole) or a .jsonl/.ndjson file (streamed)."""
    count = 0
    with p.open("rb") as fh:
        if p.suffix.lower() == ".json":
            records: Iterator[tuple[str, Any]] = _json_records(p, decode(fh.read(max_bytes + 1), max_bytes=max_bytes))
        else:
            records = _jsonl_records(p, fh)
        for rsrc, rec in records:
            count += 1
            try:
                if isinstance(rec, IngestError):
                    raise rec
                yield article_from_record(rec, source=rsrc)
            except IngestError as e:
                yield Failure(source=rsrc, stage="ingest", error=str(e))
            except RecursionError:  # a record too deep for pydantic or the text functions
                yield Failure(source=rsrc, stage="ingest", error="JSON record nested too deeply")
    if not count:
        raise IngestError("empty input: no JSON records in the file")


def walk_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Expand folders (recursively, sorted, hidden entries skipped) into input files, and a
    `Failure` for what a folder holds that must not be read: a symlink to a file or folder
    outside it (e.g. to /etc/passwd), a subfolder that cannot be listed. Symlinked folders are
    never followed, so a symlink loop cannot hang the walk. A path given itself is kept as is.

    >>> list(walk_inputs(["a.txt"]))
    [PosixPath('a.txt')]
    """
    for path in paths:
        p = Path(path)
        if not p.is_dir():
            yield p
            continue
        root = os.path.realpath(p)
        errors: list[OSError] = []
        for dirpath, dirs, files in os.walk(p, onerror=errors.append):
            while errors:
                e = errors.pop(0)
                yield Failure(source=source_name(e.filename or dirpath), stage="ingest", error=f"cannot list folder: {e.strerror or e}")
            kept = []
            for d in sorted(d for d in dirs if not d.startswith(".")):
                sub = Path(dirpath) / d
                if sub.is_symlink():
                    if not _inside(root, sub):
                        yield Failure(source=source_name(sub), stage="ingest", error="symlink to a folder outside the input folder: not followed")
                    continue
                kept.append(d)
            dirs[:] = kept
            for name in sorted(files):
                f = Path(dirpath) / name
                if name.startswith(".") or f.suffix.lower() not in KNOWN_EXTENSIONS:
                    continue
                if f.is_symlink() and not _inside(root, f):
                    yield Failure(source=source_name(f), stage="ingest", error="symlink to a file outside the input folder: not read")
                    continue
                yield f
        for e in errors:
            yield Failure(source=source_name(e.filename or p), stage="ingest", error=f"cannot list folder: {e.strerror or e}")


def _inside(root: str, link: Path) -> bool:
    """True when `link` (a symlink, maybe a chain or a loop) ends inside the folder `root`."""
    target = os.path.realpath(link)
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # another drive
        return False


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The input files of `walk_inputs` (what it reports as failures is logged and skipped).

    >>> list(iter_files([]))
    []
    """
    for x in walk_inputs(paths):
        if isinstance(x, Failure):
            log.warning("not read: %r: %s", x.source, x.error)
        else:
            yield x


def iter_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, skip: SkipFile | None = None
) -> Iterator[Article | Failure]:
    """Stream articles (and failures) from files and folders, lazily, in a stable order.

    >>> next(iter_articles(["/nonexistent"])).error.startswith("cannot read")
    True
    """
    for x in walk_inputs(paths):
        if isinstance(x, Failure):
            yield x
        else:
            yield from load_file(x, max_bytes=max_bytes, skip=skip)
