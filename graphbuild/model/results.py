"""Query inputs and answers: what `graphbuild.query` takes and returns on every backend.

Every entity in an answer is an `EntityRef` (key, label, name): a speaker is never a bare
name in one place and a key in another.

>>> QuoteQuery(kind="direct").kind
'direct'
"""

from __future__ import annotations

from pydantic import Field

from .records import EntityRef, Record
from .vocab import StatementKind


class QuoteQuery(Record):
    """Validated filters of a quotes query; names are given as written and resolved by the store."""

    speaker: str | None = Field(default=None, description="Name, alias, surname, given name or key of the speaker.")
    about: str | None = Field(default=None, description="Entity the statement mentions.")
    kind: StatementKind | None = None
    article: str | None = None
    since: str | None = Field(default=None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD).")
    limit: int | None = Field(default=None, ge=1)


class QuoteResult(Record):
    """One statement with its speaker and provenance."""

    id: str
    text: str
    kind: str
    cue: str
    speaker: EntityRef | None = Field(description="The canonical speaker, None when unresolved.")
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


class Quotes(Record):
    """The answer of a quotes query: the names as resolved, and the statements."""

    speaker: EntityRef | None = None
    about: EntityRef | None = None
    rows: list[QuoteResult] = Field(default_factory=list)


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
