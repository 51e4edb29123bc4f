"""graphbuild: news articles -> a knowledge graph of who said what, about which country,
organisation or program.

>>> import graphbuild
>>> # report = graphbuild.build(["examples"], "graph.json")
>>> # graphbuild.quotes(graphbuild.open_store("graph.json"), speaker="Kannan")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import build
from .errors import GraphbuildError
from .extract import extract, extract_stream, load_nlp
from .graph import to_rows
from .ingest import article_from_text, iter_articles, load_file
from .query import comentions, find_entity, profile, quotes, speakers_about, stats
from .records import Article, Entity, Extraction, Mention, Relation, RunReport, Statement
from .store import open_store

__all__ = [
    "Article", "Entity", "Extraction", "GraphbuildError", "Mention", "Relation", "RunReport", "Statement",
    "__version__", "article_from_text", "build", "comentions", "extract", "extract_stream", "find_entity",
    "iter_articles", "load_file", "load_nlp", "open_store", "profile", "quotes", "speakers_about", "stats",
    "to_rows",
]
