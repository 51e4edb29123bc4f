"""RSS/Atom feeds (feedparser): each item's page is fetched (politely) and extracted.

The feed's title names the outlet, the item's date the publication date. An item that fails
becomes a `Failure` naming its URL and the reason; the other items go on.
"""

from __future__ import annotations

import io
import logging
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

from ..model import Article, Failure, IngestError
from .article import article_from_html
from .fetch import Fetcher, is_url
from .net import redact
from .text import decode

log = logging.getLogger(__name__)

FEED_EXTENSIONS = {".rss", ".atom", ".xml", ".rdf"}


def looks_like_feed(body: bytes, content_type: str) -> bool:
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
    """Articles of a parsed feed: each item's page is fetched and extracted (item order kept).

    The feed is parsed from memory only: feedparser given bytes that name a file or URL would
    read it, so it gets a stream. Its XML parser neither loads external entities nor expands
    entities defined in terms of others (billion laughs). Item links that are not http(s)
    (file://, local paths) are failures, never read.

    >>> [x.error[:35] for x in iter_feed(b"/etc/hostname", source="f.rss", fetcher=Fetcher())]
    ['not a feed, or a feed without items']
    """
    import feedparser

    feed = feedparser.parse(io.BytesIO(data))
    entries = list(feed.entries)
    if not entries:
        why = f": {feed.bozo_exception}" if getattr(feed, "bozo", False) and feed.get("bozo_exception") else ""
        yield Failure(source=source, stage="ingest", error=f"not a feed, or a feed without items{why}")
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for i, e in enumerate(entries, 1):
        raw_link = (e.get("link") or "").strip()
        if not is_url(raw_link):
            yield Failure(source=f"{source}#item{i}", stage="ingest", error="feed item has no http(s) link")
            continue
        link = redact(raw_link)  # no password in sources, reports or logs
        try:
            body, _ = fetcher.get(raw_link)
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
            log.info("feed item %s failed: %s", link, err)  # reported in the run report
            yield Failure(source=link, stage="ingest", error=str(err))
