"""graphbuild: news articles -> a knowledge graph of who said what, about which country,
organisation or program.

The data path, one stage per package (see docs/ARCHITECTURE.md)::

    ingest -> extract -> curate -> graph (rows) -> store -> query -> cli
                      model: records, rows, vocabulary, ids, reports, errors

The API is imported on first use (PEP 562): `import graphbuild` loads only the model, so a
caller that only queries never imports spaCy; `gb.build` or `gb.extract` imports it then.

>>> import graphbuild as gb
>>> gb.__version__ == gb.model.__version__
True
>>> # report = gb.build(["examples"], "graph.db")
>>> # gb.quotes(gb.open_store("graph.db"), speaker="Kannan")
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from .extract import extract, extract_stream, load_nlp
    from .graph import to_rows
    from .ingest import article_from_text, iter_articles, iter_sources, load_file
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

# The public name -> the module that defines it, imported on first use.
_LAZY = {
    **dict.fromkeys(("extract", "extract_stream", "load_nlp"), ".extract"),
    "to_rows": ".graph",
    **dict.fromkeys(("article_from_text", "iter_articles", "iter_sources", "load_file"), ".ingest"),
    **dict.fromkeys(("build", "refresh"), ".pipeline"),
    **dict.fromkeys(("claims", "comentions", "connect", "find_entities", "find_entity", "profile", "quotes", "quotes_answer",
                     "republications", "speakers_about", "stats"), ".query"),
    "open_store": ".store",
}


def __getattr__(name: str) -> Any:
    """`gb.build`, `gb.quotes`…: the API function, its module imported now (then cached).

    >>> import graphbuild as gb
    >>> gb.quotes.__module__
    'graphbuild.query'
    """
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """What is loaded plus the whole API (for completion), without importing it.

    >>> "build" in dir(__import__("graphbuild"))
    True
    """
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """`gb.extract` is the function, as when it was imported eagerly: importing the subpackage
    `graphbuild.extract` (which sets it as an attribute of this package) does not replace it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
