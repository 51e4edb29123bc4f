"""Ingest: sources -> normalised `Article` records (site furniture removed, offsets kept).

One dispatcher, `iter_sources`, reads files, folders, JSON/JSONL, HTML pages, RSS/Atom feed files
and http(s) URLs of feeds or pages; every input yields articles or a `Failure` naming it.

>>> from graphbuild.ingest import article_from_text
>>> article_from_text("Deal Signed\\n\\nThe minister said so.", source="x").title
'Deal Signed'
"""

from .article import article_from_html, article_from_record, article_from_text
from .fetch import DEFAULT_FETCH_MAX_BYTES, Fetcher, is_url
from .files import SkipFile, iter_articles, iter_files, load_file, walk_inputs
from .sources import count_inputs, is_missing, iter_sources
from .text import DEFAULT_MAX_BYTES

__all__ = [
    "DEFAULT_FETCH_MAX_BYTES", "DEFAULT_MAX_BYTES", "Fetcher", "SkipFile", "article_from_html", "article_from_record", "article_from_text",
    "count_inputs", "is_missing", "is_url", "iter_articles", "iter_files", "iter_sources", "load_file",
    "walk_inputs",
]
