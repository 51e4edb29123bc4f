"""Text and JSON records -> `Article`: normalise, remove site furniture, find title and credits."""

from __future__ import annotations

from typing import Any

from ..model import Article, IngestError, article_id, content_hash
from .clean import clean
from .html import read_html
from .text import compose, normalise, runs_to_offset_map


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


def article_from_html(html: str, *, source: str, url: str | None = None) -> Article:
    """Extract the article of an HTML page (trafilatura: boilerplate, comments and menus removed).

    >>> page = "<html><body><article><h1>Deal</h1><p>" + "The minister said it was done. " * 5 + "</p></article></body></html>"
    >>> article_from_html(page, source="p.html").title
    'Deal'
    """
    page = read_html(html, url=url)
    return article_from_text(page.text, source=source, url=url or page.url, title=page.title,
                             published=page.published, outlet=page.sitename)
