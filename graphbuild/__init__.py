"""graphbuild: news articles -> a knowledge graph of who said what, about which country,
organisation or program.

The data path, one stage per package (see docs/ARCHITECTURE.md)::

    ingest -> extract -> curate -> graph (rows) -> store -> query -> cli
                      model: records, rows, vocabulary, ids, reports, errors

>>> import graphbuild as gb
>>> # report = gb.build(["examples"], "graph.json")
>>> # gb.quotes(gb.open_store("graph.json"), speaker="Kannan")
"""

from __future__ import annotations

from .extract import extract, extract_stream, load_nlp
from .graph import to_rows
from .ingest import article_from_text, iter_articles, iter_sources, load_file
from .model import (
    Article,
    Entity,
    EntityRef,
    Extraction,
    GraphbuildError,
    Mention,
    QuoteResult,
    Relation,
    RunReport,
    Statement,
    __version__,
)
from .pipeline import build, refresh
from .query import (
    claims,
    comentions,
    connect,
    find_entities,
    find_entity,
    profile,
    quotes,
    quotes_answer,
    republications,
    speakers_about,
    stats,
)
from .store import open_store

__all__ = [
    "Article", "Entity", "EntityRef", "Extraction", "GraphbuildError", "Mention", "QuoteResult", "Relation", "RunReport",
    "Statement", "__version__", "article_from_text", "build", "claims", "comentions", "connect", "extract", "extract_stream",
    "find_entities", "find_entity", "iter_articles", "iter_sources", "load_file", "load_nlp", "open_store", "profile",
    "quotes", "quotes_answer", "refresh", "republications", "speakers_about", "stats", "to_rows",
]
