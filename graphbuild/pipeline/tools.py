"""Pipeline helpers the CLI and notebooks use: records without a store, input counts, the model."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from ..curate import Curation, load_curation
from ..extract import extract_stream, load_nlp
from ..extract.nlp import DEFAULT_MODEL
from ..ingest import Fetcher, count_inputs, iter_sources
from ..model import Extraction, Failure
from ..store import DEFAULT_STORE, StoreURI

__all__ = ["DEFAULT_MODEL", "DEFAULT_STORE", "Fetcher", "count_inputs", "extract_sources", "load_nlp", "reports_dir"]


def reports_dir(store: str | Path) -> Path:
    """Where the change reports of a store go by default: `<graph>.reports/` beside a graph file,
    `./graphbuild-reports/` for a server.

    >>> reports_dir("/data/graph.db")
    PosixPath('/data/graph.db.reports')
    """
    return StoreURI.parse(store).reports_dir()


def extract_sources(sources: Iterable[str | Path], *, model: str = DEFAULT_MODEL, nlp: Language | None = None,
                    curation: Curation | str | Path | None = None) -> Iterator[Extraction | Failure]:
    """Records of every article of the sources (curated), nothing stored; failures as they come.

    >>> # for x in extract_sources(["examples"]): print(x.article.title)
    """
    cur = curation if isinstance(curation, Curation) else load_curation(curation)
    nlp = nlp or load_nlp(model)
    for x in extract_stream(iter_sources(sources), nlp):
        yield x if isinstance(x, Failure) else cur.apply(x)
