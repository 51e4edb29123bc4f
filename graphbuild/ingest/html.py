"""HTML pages -> article text and metadata, via trafilatura (menus, comments, furniture removed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..model import IngestError

# trafilatura logs every page it cannot use ("discarding data: None"); graphbuild reports such a
# page as a failed input itself, so only trafilatura's errors are worth showing.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass
class Page:
    """The main text of a page (one paragraph per block) and its metadata."""

    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    sitename: str | None = None


def read_html(html: str, *, url: str | None = None) -> Page:
    """The article of an HTML page; raises IngestError when there is none.

    >>> page = "<html><body><article><h1>Deal</h1><p>" + "The minister said it was done. " * 5 + "</p></article></body></html>"
    >>> read_html(page).title
    'Deal'
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as e:  # trafilatura raises many kinds on broken markup
        raise IngestError(f"HTML could not be parsed: {type(e).__name__}: {e}") from e
    if doc is None:
        raise IngestError("no article text found in the HTML page")
    meta: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if len(text.split()) < 5:
        raise IngestError("no article text found in the HTML page")
    # trafilatura puts one paragraph per line: make paragraphs explicit.
    text = "\n\n".join(line for line in text.splitlines() if line.strip())
    return Page(text=text, url=meta.get("url"), title=meta.get("title"), published=meta.get("date"), sitename=meta.get("sitename"))


def looks_like_html(text: str) -> bool:
    """True when a text file is an HTML page.

    >>> looks_like_html("<!DOCTYPE html><html><body></body></html>"), looks_like_html("Plain text.")
    (True, False)
    """
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
