"""The ports every backend implements: `GraphStore` (writes, the stored articles' state, the
writer lock, raw reads) and `GraphReader` (the queries, each answered in one read).

Node dicts carry `key` and `label` plus properties; edge dicts carry `src`, `type`, `dst`,
`key` plus properties.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from ..model import (
    ArticleInfo,
    Claim,
    ClaimQuery,
    CoMention,
    EdgeRow,
    EntityInfo,
    EntityRef,
    GraphRows,
    Profile,
    QuoteQuery,
    Quotes,
    Republication,
    RoleFact,
    RoleSpeaker,
    SpeakerCount,
    StatementInfo,
    Stats,
)


@dataclass(frozen=True)
class ArticleState:
    """What a refresh needs to know about a stored article."""

    content_hash: str
    extractor: str
    source: str
    file_hash: str | None = None


@dataclass(frozen=True)
class StoredStatement:
    """A stored statement, as the change report compares it with a new version."""

    id: str
    text: str
    speaker: str | None


class GraphReader(Protocol):
    """The queries of `graphbuild.query`, answered by one read each (one round trip on Neo4j).

    Names are given as the user wrote them: a key, a name or alias, a surname or a given name
    (see `graphbuild.store.names`); the answer says which entity a name resolved to (None: none).
    """

    def find(self, name: str, label: str | None = None) -> list[EntityRef]:
        """The entities a name refers to, best first (most mentioned among equally good matches)."""
        ...

    def quotes(self, q: QuoteQuery) -> Quotes:
        """Statements by a speaker and/or about an entity, filtered, ordered by article and position."""
        ...

    def speakers_about(self, name: str) -> tuple[EntityRef | None, list[SpeakerCount]]:
        """Who speaks about an entity, with statement and article counts."""
        ...

    def profile(self, name: str) -> Profile | None:
        """Everything about one entity."""
        ...

    def comentions(self, name: str, limit: int | None) -> tuple[EntityRef | None, list[CoMention]]:
        """Entities mentioned in the same articles, by shared articles."""
        ...

    def stats(self) -> Stats:
        """Node counts per label and edge counts per type."""
        ...

    def claims(self, q: ClaimQuery) -> tuple[EntityRef | None, list[Claim]]:
        """Claims (a statement and its reports in other articles, `REPEATS`): of a statement, of a
        speaker (with the speaker as resolved), or all reported more than once; most reported first."""
        ...

    def republications(self, outlet: str | None) -> list[Republication]:
        """Articles that republish an earlier one (`REPUBLISHES`), of or by an outlet when given."""
        ...

    def entity_names(self) -> Iterator[tuple[EntityRef, list[str]]]:
        """Every entity with the normal forms of its name and aliases (for suggestions)."""
        ...


class GraphStore(Protocol):
    """A graph backend. Rows are merged on deterministic keys; a write is all or nothing."""

    uri: str

    @property
    def reader(self) -> GraphReader:
        """The read port of this store."""
        ...

    def write(self, batch: Sequence[GraphRows], *, replace: Sequence[str] = ()) -> None:
        """Delete the articles in `replace`, then merge every article's rows: all of it or nothing."""
        ...

    def upsert(self, rows: GraphRows) -> None:
        """Merge one article's rows (`write([rows])`)."""
        ...

    def delete_article(self, article_id: str) -> bool:
        """Remove an article's contributions; entities left without provenance go too."""
        ...

    def article_index(self) -> dict[str, ArticleState]:
        """Every stored article's state, in one read."""
        ...

    def statements_of(self, article_ids: Sequence[str]) -> dict[str, list[StoredStatement]]:
        """The stored statements of each of these articles, in one read."""
        ...

    def speakers_with_statements(self, keys: Sequence[str]) -> set[str]:
        """The keys among `keys` that already have statements (a SAID edge), in one read."""
        ...

    def entity_infos(self) -> list[EntityInfo]:
        """Every entity node as entity resolution sees it (key, name, norms, article count), in one read."""
        ...

    def statement_infos(self) -> list[StatementInfo]:
        """Every statement with a speaker (id, speaker key, text, article, published), in one read."""
        ...

    def role_infos(self) -> tuple[list[RoleSpeaker], list[RoleFact]]:
        """Statements whose speaker is an unresolved title, and every HOLDS_ROLE fact, in one read."""
        ...

    def article_infos(self) -> list[ArticleInfo]:
        """Every article with its body sketch (id, sketch, published), in one read."""
        ...

    def replace_links(self, types: Sequence[str], links: Sequence[EdgeRow]) -> int:
        """Make the derived edges of `types` exactly `links` (writing only the difference, in one
        transaction); returns how many edges were written or deleted."""
        ...

    def lock(self, *, wait: float = 0.0, poll: float = 0.5) -> AbstractContextManager[None]:
        """Hold the writer lock (one build or refresh at a time); StoreLocked after `wait` seconds."""
        ...

    def break_lock(self) -> dict[str, Any] | None:
        """Remove a writer lock left by a crashed run; returns what it recorded (host, pid, since),
        or None when there was none to remove (a graph file's lock ends with its process)."""
        ...

    def ping(self) -> bool:
        """True when the store answers now (a fast check, no retries)."""
        ...

    def node(self, key: str) -> dict[str, Any] | None:
        """One node by key."""
        ...

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """All nodes (optionally of one label), sorted by key."""
        ...

    def edges(self, type: str | None = None, *, src: str | None = None, dst: str | None = None) -> Iterator[dict[str, Any]]:
        """Edges filtered by type and/or an end."""
        ...

    def load(self, nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> None:
        """Merge nodes and edges read from another store (a copy)."""
        ...

    def clear(self) -> None:
        """Delete the whole graph."""
        ...

    def flush(self) -> None:
        """Make all writes durable."""
        ...

    def close(self) -> None:
        """Flush and release resources."""
        ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...
