"""Query inputs and answers: what `graphbuild.query` takes and returns on every backend.

Every entity in an answer is an `EntityRef` (key, label, name): a speaker is never a bare
name in one place and a key in another. Entities are canonical: a variant linked by entity
resolution (`SAME_AS`) is answered as the entity it names, and its statements count there; a
name linked only by `POSSIBLY_SAME` is reported apart as an `AmbiguousName`.

>>> QuoteQuery(kind="direct").kind
'direct'
"""

from __future__ import annotations

from pydantic import Field

from .records import EntityRef, Record
from .vocab import Framing, StatementKind


class QuoteQuery(Record):
    """Validated filters of a quotes query; names are given as written and resolved by the store."""

    speaker: str | None = Field(default=None, description="Name, alias, surname, given name or key of the speaker.")
    about: str | None = Field(default=None, description="Entity the statement mentions.")
    kind: StatementKind | None = None
    article: str | None = None
    since: str | None = Field(default=None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD): statements made on or after it "
                              "(statement time when known, else publication time).")
    until: str | None = Field(default=None, description="ISO date: statements made before it (as-of queries).")
    framing: Framing | None = Field(default=None, description="Only statements framed this way (denial, accusation…).")
    limit: int | None = Field(default=None, ge=1)


class QuoteResult(Record):
    """One statement with its speaker and provenance."""

    id: str
    text: str
    kind: str
    cue: str
    speaker: EntityRef | None = Field(description="The canonical speaker (after entity resolution), None when unresolved.")
    speaker_mention: str | None = Field(description="The speaker as written ('he', 'the minister').")
    article: str
    article_title: str | None
    published: str | None
    outlet: str | None
    evidence: str
    start: int
    end: int
    confidence: float
    mentions: list[EntityRef] = Field(default_factory=list, description="Entities the statement mentions (by name).")
    framing: str = Field(default="neutral", description="The class of the cue (see Statement.framing).")
    negated: bool = False
    hedged: bool = False
    said_on: str | None = Field(default=None, description="When it was said (ISO date of the period's start), when the text says.")
    said_precision: str | None = Field(default=None, description="day, week, month or year.")
    speaker_role: str | None = Field(default=None, description="Set when the article names the speaker only by a title "
                                     "('the GOP nominee') and the speaker is the holder of that role at the time, found "
                                     "in other articles (ATTRIBUTED_TO): the title as those articles give it.")


class AmbiguousName(Record):
    """A name that may be this entity or others (`POSSIBLY_SAME`): its statements are not counted
    for any of them."""

    entity: EntityRef
    statements: int
    candidates: list[EntityRef]


class Quotes(Record):
    """The answer of a quotes query: the names as resolved, and the statements."""

    speaker: EntityRef | None = None
    about: EntityRef | None = None
    rows: list[QuoteResult] = Field(default_factory=list)
    ambiguous: list[AmbiguousName] = Field(default_factory=list, description="Names that may be the speaker, kept apart.")


class SpeakerCount(Record):
    """A speaker and how often they spoke about something."""

    speaker: EntityRef
    statements: int
    articles: int


class Role(Record):
    """A title held (HOLDS_ROLE), and whose it is."""

    title: str | None
    of: EntityRef


class Holder(Record):
    """A person holding a role of a country or organisation."""

    person: EntityRef
    title: str | None


class ArticleRef(Record):
    """An article mentioning an entity."""

    id: str
    title: str | None
    published: str | None
    mentions: int


class Profile(Record):
    """Everything the graph knows about one entity."""

    key: str
    label: str
    name: str
    aliases: list[str]
    roles: list[Role]
    mentions: int
    articles: list[ArticleRef]
    statements_by: int
    statements_about: int
    holders: list[Holder] = Field(default_factory=list, description="People holding a role of this country/organisation.")
    programs: list[EntityRef] = Field(default_factory=list, description="Programs RUN_BY this entity.")
    run_by: list[EntityRef] = Field(default_factory=list, description="Owners, for a Program.")
    variants: list[EntityRef] = Field(default_factory=list, description="Entities resolved as this one (SAME_AS), counted here.")
    ambiguous: list[AmbiguousName] = Field(default_factory=list, description="Names that may be this entity (POSSIBLY_SAME).")


class CoMention(Record):
    """An entity mentioned in the same articles."""

    entity: EntityRef
    articles: int


class Stats(Record):
    """Node counts per label and edge counts per type."""

    nodes: int
    edges: int
    labels: dict[str, int]
    types: dict[str, int]


class Occurrence(Record):
    """One article's report of a claim, and how it differs from the first one."""

    statement: str
    text: str
    article: str
    article_title: str | None
    published: str | None
    outlet: str | None
    change: str | None = Field(default=None, description="identical, trimmed, extended or altered; None for the first occurrence.")
    similarity: float | None = Field(default=None, description="Word-level similarity to the first occurrence (0-1).")
    added: str = Field(default="", description="Words this occurrence adds to the first ('…' between places).")
    removed: str = Field(default="", description="Words of the first occurrence this one leaves out or changes.")


class Claim(Record):
    """A statement reported in one or more articles: its first occurrence, then every later one."""

    id: str = Field(description="The statement id of the first occurrence.")
    speaker: EntityRef | None
    occurrences: list[Occurrence]


class ClaimQuery(Record):
    """Which claims: the one of a statement, those of a speaker, or all reported more than once."""

    statement: str | None = None
    speaker: str | None = None
    limit: int | None = Field(default=None, ge=1)


class ArticleBrief(Record):
    """An article as a result names it."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None


class Republication(Record):
    """An article whose body is (nearly) an earlier article's."""

    article: ArticleBrief
    original: ArticleBrief
    similarity: float
