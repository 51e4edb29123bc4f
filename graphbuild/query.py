"""Who said what, about whom, in which articles: the read API, the same answers on every backend.

Each function validates its arguments (a bad value is a `QueryError` with a one-line reason),
makes one call to the store's read port (one round trip on Neo4j) and returns result models
(`graphbuild.model.results`), so `--json` and notebooks get the same answers everywhere. A name
that finds nothing is an error that suggests the closest names.

>>> # store = connect("graph.db")
>>> # [q.text for q in quotes(store, speaker="Kannan", about="China")]
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from .model import (
    ENTITY_LABELS,
    FRAMINGS,
    STATEMENT_KINDS,
    Claim,
    ClaimQuery,
    CoMention,
    EntityRef,
    Profile,
    QueryError,
    QuoteQuery,
    QuoteResult,
    Quotes,
    Republication,
    SpeakerCount,
    Stats,
)
from .store import GraphStore, StoreURI, open_store
from .store.names import suggestions
from .store.uri import DEFAULT_STORE

__all__ = ["DEFAULT_STORE", "claims", "comentions", "connect", "find_entities", "find_entity", "profile", "quotes", "quotes_answer",
           "republications", "speakers_about", "stats", "suggest"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def connect(store: str | Path | StoreURI | None = None) -> GraphStore:
    """Open an existing graph for reading: a graph file that does not exist is an error that
    says how to build one (a server is connected to).

    >>> try:
    ...     connect("/nonexistent/graph.db")
    ... except QueryError as e:
    ...     print(str(e).split(":")[0])
    no graph at '/nonexistent/graph.db'
    """
    where = StoreURI.parse(store)
    if not where.exists():
        hint = ""
        old = where.path.with_suffix(".json") if where.path is not None else None
        if old is not None and old != where.path and old.is_file():
            hint = f" (or move the graph file of graphbuild < 0.3 into it: `graphbuild migrate {old} {where.uri}`)"
        raise QueryError(f"no graph at {where.uri!r}: run `graphbuild build SOURCES --store {where.uri}` first{hint}")
    return open_store(where)


def check_date(value: str, what: str = "since") -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD), or QueryError.

    >>> check_date("2024-03")
    '2024-03'
    """
    m = _ISO.match(value.strip())
    try:
        if m is None:
            raise ValueError
        year, month, day = (int(g) if g else 1 for g in m.groups())
        date(year, month, day)
    except ValueError:
        raise QueryError(f"{what} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}") from None
    return value.strip()


def _check_name(name: str, what: str) -> str:
    if not name or not name.strip():
        raise QueryError(f"{what} must be a name, not empty")
    return name.strip()


def suggest(store: GraphStore, name: str, *, n: int = 5) -> list[EntityRef]:
    """The names closest to `name` (typos, partial names), best first."""
    return suggestions(name, store.reader.entity_names(), n=n)


def _unknown(store: GraphStore, name: str) -> QueryError:
    close = suggest(store, name)
    hint = f"; did you mean {', '.join(repr(r.name) for r in close)}?" if close else ""
    return QueryError(f"no entity named {name!r} in the graph{hint}")


def find_entities(store: GraphStore, name: str, label: str | None = None) -> list[EntityRef]:
    """The entities a name refers to, best first: a key, a name or alias, a surname, a given
    name (see `graphbuild.store.names`); the most mentioned first among equally good matches.

    >>> # [e.name for e in find_entities(store, "ruiz")]
    """
    if label is not None and label not in ENTITY_LABELS:
        raise QueryError(f"unknown label {label!r}; one of {', '.join(ENTITY_LABELS)}")
    return store.reader.find(_check_name(name, "name"), label)


def find_entity(store: GraphStore, name: str, label: str | None = None) -> EntityRef:
    """The one entity a name refers to; QueryError (with suggestions) when none."""
    found = find_entities(store, name, label)
    if not found:
        raise _unknown(store, name)
    return found[0]


def quotes_answer(
    store: GraphStore,
    *,
    speaker: str | None = None,
    about: str | None = None,
    kind: str | None = None,
    article: str | None = None,
    since: str | None = None,
    limit: int | None = None,
    framing: str | None = None,
    until: str | None = None,
) -> Quotes:
    """The whole answer of `quotes`: the names as resolved, the statements, and the ambiguous
    names that may be the speaker (kept apart: "also 12 statements by 'Clinton'").

    >>> # answer = quotes_answer(store, speaker="Hillary Clinton"); answer.ambiguous
    """
    if kind is not None and kind not in STATEMENT_KINDS:
        raise QueryError(f"kind must be one of {', '.join(STATEMENT_KINDS)}, not {kind!r}")
    if framing is not None and framing not in FRAMINGS:
        raise QueryError(f"framing must be one of {', '.join(FRAMINGS)}, not {framing!r}")
    if limit is not None and limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    try:
        q = QuoteQuery.model_validate({
            "speaker": _check_name(speaker, "speaker") if speaker is not None else None,
            "about": _check_name(about, "about") if about is not None else None,
            "kind": kind, "article": article, "since": check_date(since) if since is not None else None, "limit": limit,
            "framing": framing, "until": check_date(until, "until") if until is not None else None,
        })
    except ValidationError as e:  # pragma: no cover - the checks above come first
        raise QueryError(str(e)) from None
    answer = store.reader.quotes(q)
    for asked, found in ((q.speaker, answer.speaker), (q.about, answer.about)):
        if asked and found is None:
            raise _unknown(store, asked)
    return answer


def quotes(
    store: GraphStore,
    *,
    speaker: str | None = None,
    about: str | None = None,
    kind: str | None = None,
    article: str | None = None,
    since: str | None = None,
    limit: int | None = None,
    framing: str | None = None,
    until: str | None = None,
) -> list[QuoteResult]:
    """Statements, optionally by a speaker, about an entity, of a kind, in an article, since a
    date and/or before another (`since`, `until`: ISO YYYY, YYYY-MM or YYYY-MM-DD; the statement's
    own time when the text gives it, else its article's publication), framed a way (`framing`).
    Ordered by article (published, then id) and position. A speaker's statements include those
    of the names resolved as them (`SAME_AS`).

    >>> # quotes(store, speaker="Sreedhar Kannan", about="China", kind="direct", limit=10)
    """
    return quotes_answer(store, speaker=speaker, about=about, kind=kind, article=article, since=since, limit=limit,
                         framing=framing, until=until).rows


def speakers_about(store: GraphStore, entity: str) -> list[SpeakerCount]:
    """Who speaks about an entity, with statement and article counts, most active first."""
    ent, rows = store.reader.speakers_about(_check_name(entity, "entity"))
    if ent is None:
        raise _unknown(store, entity)
    return rows


def profile(store: GraphStore, name: str) -> Profile:
    """An entity's type, aliases, roles, mention counts, articles and statements."""
    p = store.reader.profile(_check_name(name, "name"))
    if p is None:
        raise _unknown(store, name)
    return p


def comentions(store: GraphStore, name: str, *, limit: int | None = 20) -> list[CoMention]:
    """Entities mentioned in the same articles as `name`, by number of shared articles
    (`limit=None`: all of them)."""
    if limit is not None and limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    ent, rows = store.reader.comentions(_check_name(name, "name"), limit)
    if ent is None:
        raise _unknown(store, name)
    return rows


def claims(store: GraphStore, *, speaker: str | None = None, statement: str | None = None, limit: int | None = None) -> list[Claim]:
    """A claim's history: where else a statement was reported, first by whom, with which edits.

    With `statement` (an id from `quotes --json`), that statement's claim; with `speaker`, the
    speaker's claims reported in more than one article; else every such claim. Most reported
    first; each claim lists its first occurrence, then the later ones with what they changed.

    >>> # [(o.outlet, o.published, o.change) for o in claims(store, statement="q_0123456789abcdef")[0].occurrences]
    """
    if limit is not None and limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    q = ClaimQuery(statement=statement, speaker=_check_name(speaker, "speaker") if speaker is not None else None, limit=limit)
    sp, found = store.reader.claims(q)
    if q.statement is None and q.speaker and sp is None:
        raise _unknown(store, q.speaker)
    if q.statement is not None and not found:
        raise QueryError(f"no statement with id {q.statement!r} in the graph (ids: `graphbuild query quotes --json`)")
    return found


def republications(store: GraphStore, *, outlet: str | None = None) -> list[Republication]:
    """Articles whose body is (nearly) an earlier article's: reposts and wire copies, in order of
    the original; only those of or by `outlet` when given.

    >>> # [(r.article.outlet, r.original.outlet, r.similarity) for r in republications(store)]
    """
    return store.reader.republications(_check_name(outlet, "outlet") if outlet is not None else None)


def stats(store: GraphStore) -> Stats:
    """Node counts per label and edge counts per type."""
    return store.reader.stats()
