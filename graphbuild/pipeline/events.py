"""What a build reports as it goes, for progress bars and tests (`progress=` callbacks).

Per article: `Extracted` (rules ran), `Skipped` (unchanged, not re-extracted), `Written`
(committed to the store); per failed input: its `Failure` (stage ingest, extract or store).

>>> Skipped(source="a.txt", id="art_1").id
'art_1'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Extraction, Failure


@dataclass(frozen=True)
class Extracted:
    """An article went through the rules (it is written with the next batch)."""

    source: str
    id: str
    statements: int


@dataclass(frozen=True)
class Skipped:
    """An article whose content, extractor and curation are those stored: not re-extracted
    (a one-article file whose bytes are unchanged is not even read)."""

    source: str
    id: str
    read: bool = True  # False: skipped by its file's bytes, without reading it


@dataclass(frozen=True)
class Written:
    """An article committed to the store."""

    extraction: Extraction

    @property
    def source(self) -> str:
        """The input the article came from."""
        return self.extraction.article.source


Event = Extracted | Skipped | Written | Failure
Progress = Callable[[Event], None]
