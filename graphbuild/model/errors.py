"""One error root for everything graphbuild raises on purpose.

>>> issubclass(StoreLocked, GraphbuildError)
True
"""

from __future__ import annotations


class GraphbuildError(Exception):
    """Base class: every error graphbuild raises deliberately derives from it."""


class IngestError(GraphbuildError):
    """An input could not be read or turned into an article (empty, binary, bad encoding...)."""


class ExtractionError(GraphbuildError):
    """The NLP stage failed for an article."""


class ModelNotFoundError(ExtractionError):
    """The requested spaCy pipeline is not installed, or is not the pipeline graphbuild expects
    (it is never downloaded at run time)."""


class StoreError(GraphbuildError):
    """A graph store could not be opened, read or written."""


class StoreUnavailable(StoreError):
    """The store's server could not be reached (after the driver's retries)."""


class StoreLocked(StoreError):
    """Another build or refresh is writing to the same store."""


class ConfigError(GraphbuildError):
    """Invalid settings or arguments."""


class QueryError(GraphbuildError):
    """A query could not be answered (unknown entity, bad arguments)."""
