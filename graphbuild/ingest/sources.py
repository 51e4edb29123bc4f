"""The one source dispatcher: files, folders, JSON/JSONL, feed files and URLs (feeds or pages).

>>> [type(x).__name__ for x in iter_sources(["/nonexistent.rss"])]
['Failure']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Article, Failure, IngestError
from .article import article_from_html
from .feeds import FEED_EXTENSIONS, iter_feed, looks_like_feed
from .fetch import DEFAULT_FETCH_MAX_BYTES, Fetcher, is_url
from .files import SkipFile, iter_articles, iter_files
from .net import redact
from .text import DEFAULT_MAX_BYTES, decode

_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)  # ftp://, file://, gopher://...


def iter_sources(
    sources: Iterable[str | Path], *, fetcher: Fetcher | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    skip: SkipFile | None = None, allow_private: bool = False,
) -> Iterator[Article | Failure]:
    """Articles (and failures) from files, folders, JSON/JSONL, feed files and URLs, in order.

    `skip(source, file_hash)` lets a refresh pass over one-article files it already holds
    without decoding them (see `load_file`). Without a `fetcher`, URLs are fetched by a
    `Fetcher(max_bytes=min(max_bytes, 20 MB), allow_private=allow_private)`: by default hosts
    on loopback, private or link-local addresses are refused (see `fetch`).

    >>> [x.error[:8] for x in iter_sources(["http://127.0.0.1:9/feed.xml"])]
    ['refused:']
    """
    fetcher = fetcher or Fetcher(max_bytes=min(max_bytes, DEFAULT_FETCH_MAX_BYTES), allow_private=allow_private)
    for src in sources:
        s = str(src)
        if is_url(s):
            shown = redact(s)  # no password in sources, reports or logs
            try:
                body, ctype = fetcher.get(s)
            except IngestError as e:
                yield Failure(source=shown, stage="ingest", error=str(e))
                continue
            if looks_like_feed(body, ctype):
                yield from iter_feed(body, source=shown, fetcher=fetcher)
                continue
            try:
                yield article_from_html(decode(body, max_bytes=max_bytes), source=shown, url=shown)
            except IngestError as e:
                yield Failure(source=shown, stage="ingest", error=str(e))
            continue
        p = Path(s)
        if _OTHER_SCHEME.match(s) and not p.exists():
            scheme = s.split(":", 1)[0]
            yield Failure(source=redact(s), stage="ingest", error=f"refused URL scheme {scheme!r}: only http and https are fetched")
            continue
        if p.suffix.lower() in FEED_EXTENSIONS and not p.is_dir():
            try:
                data = p.read_bytes()
            except OSError as e:
                yield Failure(source=s, stage="ingest", error=f"cannot read: {e.strerror or e}")
                continue
            yield from iter_feed(data, source=s, fetcher=fetcher)
            continue
        yield from iter_articles([src], max_bytes=max_bytes, skip=skip)


def is_missing(source: str | Path) -> bool:
    """True for a local path that does not exist (a URL is never missing before it is fetched).

    >>> is_missing("/no/such/folder"), is_missing("https://example.org/feed.xml")
    (True, False)
    """
    return not is_url(str(source)) and not Path(source).exists()


def count_inputs(sources: Iterable[str | Path], *, max_json_bytes: int = 8 * 1024 * 1024) -> int | None:
    """How many articles the local sources hold (for a progress bar), or None when it cannot be
    known cheaply (URLs, feeds, large JSON files). JSON Lines count their non-blank lines.

    >>> count_inputs([]), count_inputs(["https://example.org/feed.xml"])
    (0, None)
    """
    total = 0
    for src in sources:
        if is_url(str(src)):
            return None
        for f in iter_files([src]):
            suffix = f.suffix.lower()
            try:
                if suffix in FEED_EXTENSIONS:
                    return None
                if suffix in {".jsonl", ".ndjson"}:
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                elif suffix == ".json":
                    if f.stat().st_size > max_json_bytes:
                        return None
                    data = json.loads(f.read_bytes())
                    total += len(data) if isinstance(data, list) else 1
                else:
                    total += 1
            except (OSError, ValueError):
                total += 1  # it will be reported as a failed input: one step of the bar
    return total
