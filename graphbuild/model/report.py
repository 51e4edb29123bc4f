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


class ShardReport(Record):
    """What a distributed extraction wrote: its Parquet shards, counts, every failed input.

    Also the shard folder's `manifest.json` (the record of a complete folder).

    >>> ShardReport(articles=2, shards=["part-00000.parquet"]).ok
    True
    """

    format: str = Field(default="graphbuild-shards-1", description="The shard folder's layout version.")
    out_dir: str = ""
    sources: list[str] = Field(default_factory=list, description="The sources as given.")
    inputs: int = Field(default=0, description="Work items handed to the workers (files, feed files, URLs).")
    articles: int = 0
    statements: int = 0
    words: int = Field(default=0, description="Words (whitespace-separated) of the extracted articles' text.")
    failures: list[Failure] = Field(default_factory=list)
    shards: list[str] = Field(default_factory=list, description="Parquet files, in order (names inside out_dir).")
    rows: list[int] = Field(default_factory=list, description="Articles per shard, in the order of `shards`.")
    extractor: str = Field(default="", description="Extractor and model version of every record (no curation).")
    model: str = ""
    workers: int = 0
    address: str | None = Field(default=None, description="The Ray cluster, or None for a local Ray instance.")
    started: str = Field(default="", description="UTC start time (ISO 8601).")
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failures
