"""What a build or refresh did: counts, every failed input with its reason, and the changes.

>>> RunReport().ok
True
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .records import EntityRef, Record


class Failure(Record):
    """An input that could not be processed, and why."""

    source: str
    stage: Literal["ingest", "extract", "store"]
    error: str


class ArticleChange(Record):
    """An article added, updated (`old_id` is the replaced version) or retracted."""

    id: str
    source: str
    title: str | None = None
    old_id: str | None = None


class StatementChange(Record):
    """A new statement, or one whose speaker changed (`old_speaker`)."""

    id: str
    article: str
    text: str
    speaker: str | None = None
    old_speaker: str | None = None


class Changes(Record):
    """What a build or refresh changed in the graph, with ids (for "what changed since last night")."""

    added: list[ArticleChange] = Field(default_factory=list)
    updated: list[ArticleChange] = Field(default_factory=list)
    retracted: list[ArticleChange] = Field(default_factory=list)
    new_speakers: list[EntityRef] = Field(default_factory=list)
    new_statements: list[StatementChange] = Field(default_factory=list)
    speaker_changed: list[StatementChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing in the graph changed."""
        return not (self.added or self.updated or self.retracted or self.new_statements or self.speaker_changed)


class RunReport(Record):
    """What a build did: counts, every failed input, and the changes."""

    articles: int = 0
    skipped: int = 0
    statements: int = 0
    entities: int = 0
    failures: list[Failure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    store: str = ""
    started: str = Field(default="", description="UTC start time (ISO 8601).")
    extractor: str = Field(default="", description="Extractor, model and curation version of this run.")
    changes: Changes = Field(default_factory=Changes)
    links_changed: int = Field(default=0, description="Derived links (SAME_AS, POSSIBLY_SAME, REPEATS, REPUBLISHES) written or deleted.")

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failures
