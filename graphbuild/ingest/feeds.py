"""Web sources: RSS/Atom feeds (feedparser) and article pages (trafilatura), fetched politely.

Fetching uses a clear User-Agent, a timeout, retries with exponential backoff on timeouts,
connection errors, 429 and 5xx (honouring Retry-After up to a cap), and a minimum delay
between two requests to the same host. A feed or page that fails becomes a `Failure` naming
the URL and the reason; the other items go on.

>>> is_url("https://example.org/feed.xml"), is_url("examples/a.txt")
(True, False)
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import IngestError
from ..records import Article, Failure
from .sources import DEFAULT_MAX_BYTES, SkipFile, article_from_html, iter_articles
from .text import decode

log = logging.getLogger(__name__)

USER_AGENT = f"graphbuild/{__version__} (news knowledge-graph builder; +https://pypi.org/project/graphbuild/)"
FEED_EXTENSIONS = {".rss", ".atom", ".xml", ".rdf"}
_RETRY_STATUS = {429, 500, 502, 503, 504}


def is_url(source: str | Path) -> bool:
    """True for http(s) URLs."""
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


@dataclass
class Fetcher:
    """HTTP GET with timeout, retries with backoff, a per-host delay and a size limit.

    >>> Fetcher(timeout=5).user_agent.startswith("graphbuild/")
    True
    """

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT
    max_retry_after: float = 60.0
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.host_delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of `url`; raises IngestError with the reason after the retries."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._wait_for_host(host)
            req = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (http(s) only, checked)
                    body = resp.read(self.max_bytes + 1)
                    if len(body) > self.max_bytes:
                        raise IngestError(f"too large: more than {self.max_bytes:,} bytes")
                    return body, resp.headers.get("Content-Type", "")
            except urllib.error.HTTPError as e:
                if e.code not in _RETRY_STATUS:
                    raise IngestError(f"HTTP {e.code} {e.reason}") from None
                reason = f"HTTP {e.code} {e.reason}"
                retry_after = _retry_after(e.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
                r = getattr(e, "reason", e)
                reason = "timed out" if isinstance(r, TimeoutError) or "timed out" in str(r) else f"cannot connect: {r}"
            if attempt >= self.retries:
                raise IngestError(f"{reason} (after {attempt + 1} attempts)")
            pause = min(retry_after if retry_after is not None else self.backoff * 2**attempt, self.max_retry_after)
            log.info("fetch %s failed (%s); retry %d in %.1fs", url, reason, attempt + 1, pause)
            time.sleep(pause)
            attempt += 1


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None


def _looks_like_feed(body: bytes, content_type: str) -> bool:
    ct = content_type.lower()
    if "rss" in ct or "atom" in ct:
        return True
    head = body[:4096].lstrip().lower()
    return head.startswith(b"<?xml") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf"))


def _published(entry: Any) -> str | None:
    for k in ("published_parsed", "updated_parsed"):
        t = entry.get(k)
        if t:
            return time.strftime("%Y-%m-%d", t)
    return None


def iter_feed(data: bytes, *, source: str, fetcher: Fetcher) -> Iterator[Article | Failure]:
    """Articles of a parsed feed: each item's page is fetched and extracted (item order kept)."""
    import feedparser

    feed = feedparser.parse(data)
    entries = list(feed.entries)
    if not entries:
        why = f": {feed.bozo_exception}" if getattr(feed, "bozo", False) and feed.get("bozo_exception") else ""
        yield Failure(source=source, stage="ingest", error=f"not a feed, or a feed without items{why}")
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for i, e in enumerate(entries, 1):
        link = (e.get("link") or "").strip()
        if not is_url(link):
            yield Failure(source=f"{source}#item{i}", stage="ingest", error="feed item has no http(s) link")
            continue
        try:
            body, _ = fetcher.get(link)
            a = article_from_html(decode(body, max_bytes=fetcher.max_bytes), source=link, url=link)
            updates: dict[str, Any] = {}
            if not a.published and _published(e):
                updates["published"] = _published(e)
            if e.get("title") and a.title in {link, ""}:
                updates["title"] = e["title"].strip()
            host = urllib.parse.urlsplit(link).netloc.lower()
            if outlet and (not a.outlet or a.outlet.lower() in {host, host.removeprefix("www.")}):
                updates["outlet"] = outlet  # the feed's title names the outlet better than a host name
            yield a.model_copy(update=updates) if updates else a
        except IngestError as err:
            log.warning("feed item %s failed: %s", link, err)
            yield Failure(source=link, stage="ingest", error=str(err))


def iter_sources(
    sources: Iterable[str | Path], *, fetcher: Fetcher | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    skip: SkipFile | None = None,
) -> Iterator[Article | Failure]:
    """Articles from files, folders, JSON/JSONL, feed files and URLs (feeds or pages), in order.

    >>> [type(x).__name__ for x in iter_sources(["/nonexistent.rss"])]
    ['Failure']
    """
    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    for src in sources:
        s = str(src)
        if is_url(s):
            try:
                body, ctype = fetcher.get(s)
            except IngestError as e:
                yield Failure(source=s, stage="ingest", error=str(e))
                continue
            if _looks_like_feed(body, ctype):
                yield from iter_feed(body, source=s, fetcher=fetcher)
                continue
            try:
                yield article_from_html(decode(body, max_bytes=max_bytes), source=s, url=s)
            except IngestError as e:
                yield Failure(source=s, stage="ingest", error=str(e))
            continue
        p = Path(s)
        if p.suffix.lower() in FEED_EXTENSIONS and not p.is_dir():
            try:
                data = p.read_bytes()
            except OSError as e:
                yield Failure(source=s, stage="ingest", error=f"cannot read: {e.strerror or e}")
                continue
            yield from iter_feed(data, source=s, fetcher=fetcher)
            continue
        yield from iter_articles([src], max_bytes=max_bytes, skip=skip)
