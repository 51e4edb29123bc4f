"""Links between articles' records that no single article can make: entity resolution across the
corpus (`SAME_AS`, `POSSIBLY_SAME`), the same statement in several articles (`REPEATS`), and
articles that republish another (`REPUBLISHES`). They are derived from the stored graph by
`graphbuild.resolve` and replaced as a whole set whenever they change (they carry no article
provenance; a node's links go with the node).

>>> EntityInfo("Person:ruiz", "Ruiz", ("ruiz",), 3).label
'Person'
"""

from __future__ import annotations

from dataclasses import dataclass

# Derived relationship types (see docs/RESOLUTION.md).
SAME_AS = "SAME_AS"  # (variant)-[:SAME_AS {rule, evidence}]->(canonical entity)
POSSIBLY_SAME = "POSSIBLY_SAME"  # (ambiguous name)-[:POSSIBLY_SAME {rule, evidence}]->(a candidate)
REPEATS = "REPEATS"  # (later Quote)-[:REPEATS {similarity, change, added, removed}]->(first Quote of the claim)
REPUBLISHES = "REPUBLISHES"  # (later Article)-[:REPUBLISHES {similarity}]->(earlier Article)
ATTRIBUTED_TO = "ATTRIBUTED_TO"  # (Quote by an unresolved title)-[:ATTRIBUTED_TO {role, title, support}]->(holder)
ENTITY_LINKS: tuple[str, ...] = (SAME_AS, POSSIBLY_SAME)
LINK_TYPES: tuple[str, ...] = (SAME_AS, POSSIBLY_SAME, REPEATS, REPUBLISHES, ATTRIBUTED_TO)


@dataclass(frozen=True)
class EntityInfo:
    """What entity resolution knows about one stored entity node."""

    key: str
    name: str
    norms: tuple[str, ...]  # normal forms of its name and aliases
    articles: int  # how many articles mention it

    @property
    def label(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def norm(self) -> str:
        """The normal name in its key."""
        return self.key.split(":", 1)[1]


@dataclass(frozen=True)
class StatementInfo:
    """What claim matching knows about one stored statement."""

    id: str
    speaker: str  # the speaker's entity key (claims are matched per canonical speaker)
    text: str
    article: str
    published: str | None = None


@dataclass(frozen=True)
class ArticleInfo:
    """What republication matching knows about one stored article."""

    id: str
    sketch: tuple[str, ...]  # bottom-k hashes of the body's word shingles (graphbuild.model.ids.text_sketch)
    published: str | None = None


@dataclass(frozen=True)
class RoleFact:
    """A stored HOLDS_ROLE edge: who holds which role of what, and the articles that say so."""

    person: str  # entity key
    target: str  # entity key of the country or organisation
    role: str  # `Relation.role`: class, ";deputy", ";former"
    title: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class RoleSpeaker:
    """A stored statement whose speaker is an unresolved title or description ("the GOP nominee")."""

    id: str
    role: str  # `Statement.speaker_role`
    of: str | None  # entity key of the country or organisation it names
    names: tuple[str, ...]  # other names in it, which the holder's title must contain
    date: str | None  # when it was said, else the article's publication date
