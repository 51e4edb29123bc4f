"""Typed records: the only objects that cross a stage boundary.

Every model forbids unknown fields; `graphbuild schema` writes their JSON Schemas to `schemas/`.
Offsets are 0-based, end-exclusive Python string offsets into `Article.text`;
`Article.source_offset()` maps them back to the text the user gave.
"""

from __future__ import annotations

from bisect import bisect_right

from pydantic import BaseModel, ConfigDict, Field

from .vocab import EntityLabel, Framing, MentionKind, RelationType, StatementKind, TimePrecision

Span = tuple[int, int]


class Record(BaseModel):
    """Base of all records: strict (unknown fields are an error)."""

    model_config = ConfigDict(extra="forbid")


class Article(Record):
    """One news article after ingest: normalised content plus metadata.

    >>> a = Article(id="art_1", source="x.txt", title="T", text="T\\n\\nBody", content_hash="h")
    >>> a.source_offset(3)
    3
    """

    id: str = Field(description="Deterministic id: hash of the URL, else of the normalised text.")
    source: str = Field(description="Where it came from: a path, 'path#line' for JSONL, or a URL.")
    url: str | None = None
    title: str
    text: str = Field(description="Normalised article content (site furniture removed).")
    published: str | None = None
    outlet: str | None = Field(default=None, description="Publisher, from metadata or the text.")
    republished_from: str | None = Field(default=None, description="Original source ('Source: X').")
    boilerplate: list[str] = Field(default_factory=list, description="Furniture lines kept out of the text.")
    content_hash: str = Field(description="SHA-256 of `text`.")
    file_hash: str | None = Field(default=None, description="SHA-256 of the input file's bytes, for a one-article file (lets a refresh skip it unread).")
    offset_map: list[tuple[int, int]] = Field(
        default_factory=list,
        description="Sorted (text offset, source offset) pairs where a contiguous run starts; "
        "empty means offsets are identical.",
    )

    def source_offset(self, i: int) -> int:
        """Map an offset in `text` to the offset in the source text the user gave."""
        if not self.offset_map:
            return i
        k = bisect_right(self.offset_map, (i, float("inf"))) - 1
        if k < 0:
            return i
        t, s = self.offset_map[k]
        return s + (i - t)


class Entity(Record):
    """A canonical entity as found in one article."""

    key: str = Field(description="'<Label>:<normal name>' (see graphbuild.ids.entity_key).")
    label: EntityLabel
    name: str = Field(description="Canonical name: the fullest form the article gives.")
    aliases: list[str] = Field(default_factory=list, description="Other surface names (sorted).")
    count: int = Field(default=0, description="Mentions in the article.")


class Mention(Record):
    """One place in the article that refers to an entity."""

    entity: str = Field(description="Entity key.")
    start: int
    end: int
    text: str
    kind: MentionKind = "name"


class Statement(Record):
    """A quote or reported statement with its (resolved) speaker and provenance."""

    id: str
    article: str
    kind: StatementKind
    cue: str = Field(description="The reporting word(s): 'said', 'added', 'according to'...")
    cue_span: Span | None = None
    text: str = Field(description="Content, the parts of `content` joined with ' … '.")
    content: list[Span] = Field(description="Content span(s); several for a quote split by its cue.")
    speaker: str | None = Field(default=None, description="Entity key of the canonical speaker.")
    speaker_name: str | None = None
    speaker_mention: str | None = Field(default=None, description="Speaker as written ('he').")
    speaker_span: Span | None = None
    evidence: str = Field(description="The sentence(s) the statement was read from.")
    evidence_span: Span
    confidence: float = Field(ge=0.0, le=1.0)
    mentions: list[str] = Field(default_factory=list, description="Entity keys mentioned in the content.")
    framing: Framing = Field(default="neutral", description="The class of the cue: neutral (said), assertion (claimed), "
                             "denial, admission, accusation, promise, warning, question, position (wants, urged, called for), belief, evidence (wrote, found), "
                             "characterisation (called X 'Y'), other (resources/framing.txt).")
    negated: bool = Field(default=False, description="The cue is negated: 'did not say'.")
    hedged: bool = Field(default=False, description="The sentence hedges the report: 'reportedly', 'allegedly'.")
    time_text: str | None = Field(default=None, description="The words dating the statement: 'on Tuesday', 'last week'.")
    said_on: str | None = Field(default=None, description="When it was said (ISO date, the start of the period), resolved "
                                "against the article's publication date; None when unknown.")
    said_precision: TimePrecision | None = Field(default=None, description="day, week, month or year.")
    speaker_role: str | None = Field(default=None, description="For an unresolved title or description ('the GOP nominee'): "
                                     "the role it names (class, ';deputy', ';former'), which resolution across articles "
                                     "matches against HOLDS_ROLE facts (docs/RESOLUTION.md).")
    speaker_role_of: str | None = Field(default=None, description="Entity key of the country or organisation the description names.")
    speaker_role_names: list[str] = Field(default_factory=list, description="Other names and noun modifiers in the description ('indiana', 'delegation'), "
                                          "which the holder's title must contain.")


class Relation(Record):
    """HOLDS_ROLE (Person -> Country|Organization) or RUN_BY (Program -> Country|Organization)."""

    type: RelationType
    source: str
    target: str
    title: str | None = Field(default=None, description="The role title, for HOLDS_ROLE.")
    role: str | None = Field(default=None, description="The role as resolution compares it (class, ';deputy', ';former'), for HOLDS_ROLE.")
    article: str
    span: Span
    evidence: str


class Extraction(Record):
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Skipped candidates and why.")
    extractor: str = Field(default="", description="Extractor and model version that produced it.")


class EntityRef(Record):
    """A pointer to an entity node: its key, label and canonical name (wherever a result names an
    entity: `key` is always the key, `name` always the display name)."""

    key: str
    label: str
    name: str

    @classmethod
    def from_key(cls, key: str, name: str | None = None) -> EntityRef:
        """A reference from an entity key (`Label:normal name`); the name defaults to the key's.

        >>> EntityRef.from_key("Person:ana ruiz", "Ana Ruiz").label
        'Person'
        """
        label, _, rest = key.partition(":")
        return cls(key=key, label=label, name=name or rest)
