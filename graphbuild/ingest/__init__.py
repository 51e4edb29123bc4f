"""Ingest: sources -> normalised `Article` records (with furniture removed and offsets kept)."""

from .sources import (
    article_from_html,
    article_from_record,
    article_from_text,
    iter_articles,
    iter_files,
    load_file,
)

__all__ = [
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "iter_articles",
    "iter_files",
    "load_file",
]
