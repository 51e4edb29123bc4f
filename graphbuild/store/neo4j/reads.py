"""Queries as Cypher: one round trip each, names resolved inside the query.

A name is resolved by `resolve()`, a subquery trying the ranks of `graphbuild.store.names` on the
`names` text index and keeping the most mentioned of the best rank; the rest of each query starts
from the entity it found and follows relationships, so no query scans the graph (but `quotes`
without a speaker or topic, which lists every statement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...model import (
    EDGE_TYPES,
    ENTITY_LABELS,
    NODE_LABELS,
    SET_PROPS,
    ArticleRef,
    CoMention,
    EntityRef,
    Holder,
    Profile,
    QuoteQuery,
    QuoteResult,
    Quotes,
    Role,
    SpeakerCount,
    Stats,
)
from ..names import NameQuery
from .cypher import BASE_LABEL, checked_label, checked_type

Read = Callable[..., list[Any]]
_REF = "{.key, .label, .name}"
_NO_LIMIT = 2**62


def clean_props(p: dict[str, Any]) -> dict[str, Any]:
    """Node or edge properties as graphbuild wrote them: set-valued lists sorted, index fields dropped."""
    out = dict(p)
    out.pop("names", None)
    for k in SET_PROPS:
        if isinstance(out.get(k), list):
            out[k] = sorted(out[k])
    return out


def _candidates(p: str) -> str:
    """Entities matching the name in `$<p>_key`, `$<p>_exact`, `$<p>_suffix`, `$<p>_prefix` among
    `$labels`, each with its best rank and weight (mentions in articles)."""
    return (
        "CALL { "
        f"MATCH (n:{BASE_LABEL} {{key: ${p}_key}}) WHERE n.label IN $labels RETURN n, 0 AS rank "
        f"UNION MATCH (n:{BASE_LABEL}) WHERE n.names CONTAINS ${p}_exact AND n.label IN $labels RETURN n, 1 AS rank "
        f"UNION MATCH (n:{BASE_LABEL}) WHERE n.names CONTAINS ${p}_suffix AND n.label IN $labels RETURN n, 2 AS rank "
        f"UNION MATCH (n:{BASE_LABEL}) WHERE n.names CONTAINS ${p}_prefix AND n.label IN $labels RETURN n, 3 AS rank "
        "} WITH n, min(rank) AS rank "
        "WITH n, rank, reduce(s = 0, c IN [(a:Article)-[m:MENTIONS]->(n) | coalesce(m.count, 0)] | s + c) AS weight "
    )


def resolve(var: str, p: str) -> str:
    """A subquery binding `var` to the entity best named by the parameters `$<p>_…` (null when
    there is no name): the best rank, then the most mentioned, then the smallest key."""
    return f"CALL {{ {_candidates(p)}ORDER BY rank, weight DESC, n.key RETURN collect(n)[0] AS {var} }} "


FIND = _candidates("n") + "RETURN n.key AS key, n.label AS label, n.name AS name, rank ORDER BY rank, weight DESC, key"

QUOTES = resolve("sp", "sp") + resolve("ab", "ab") + (
    "CALL (sp, ab) { CALL (sp, ab) { "
    "MATCH (sp)-[:SAID]->(q:Quote) WHERE ab IS NULL OR (q)-[:MENTIONS]->(ab) RETURN q "
    "UNION MATCH (q:Quote)-[:MENTIONS]->(ab) WHERE sp IS NULL AND NOT $want_sp RETURN q "
    "UNION MATCH (q:Quote) WHERE sp IS NULL AND ab IS NULL AND NOT $want_sp AND NOT $want_ab RETURN q } "
    "WITH q WHERE ($kind IS NULL OR q.kind = $kind) AND ($article IS NULL OR q.article = $article) "
    "AND ($since IS NULL OR coalesce(q.published, '') >= $since) "
    "OPTIONAL MATCH (q)-[:IN]->(a:Article) "
    "WITH q, a ORDER BY coalesce(a.published, ''), q.article, q.start LIMIT $limit "
    "RETURN collect({q: properties(q), a: a {.title, .published, .outlet}, "
    f"mentions: [(q)-[:MENTIONS]->(m) | m {_REF}]}}) AS rows }} "
    f"RETURN sp {_REF} AS sp, ab {_REF} AS ab, rows"
)

SPEAKERS_ABOUT = resolve("e", "n") + (
    "CALL (e) { MATCH (q:Quote)-[:MENTIONS]->(e) WHERE q.speaker IS NOT NULL "
    "WITH q.speaker AS sk, count(q) AS n, count(DISTINCT q.article) AS arts "
    f"OPTIONAL MATCH (s:{BASE_LABEL} {{key: sk}}) "
    "RETURN collect({key: sk, label: s.label, name: s.name, statements: n, articles: arts}) AS rows } "
    f"RETURN e {_REF} AS e, rows"
)

PROFILE = resolve("e", "n") + (
    "WITH e WHERE e IS NOT NULL "
    "RETURN e {.key, .label, .name, .aliases} AS e, "
    "[(e)-[r:HOLDS_ROLE]->(t) | {title: r.title, of: t {.key, .label, .name}}] AS roles, "
    "[(a:Article)-[m:MENTIONS]->(e) | {id: a.key, title: a.title, published: a.published, mentions: m.count}] AS articles, "
    "COUNT { (e)-[:SAID]->() } AS by, COUNT { (:Quote)-[:MENTIONS]->(e) } AS about, "
    f"[(p)-[:RUN_BY]->(e) | p {_REF}] AS programs, [(e)-[:RUN_BY]->(o) | o {_REF}] AS owners, "
    "[(h)-[r:HOLDS_ROLE]->(e) | {person: h {.key, .label, .name}, title: r.title}] AS holders"
)

COMENTIONS = resolve("e", "n") + (
    "CALL (e) { MATCH (e)<-[:MENTIONS]-(a:Article)-[:MENTIONS]->(o) WHERE o <> e "
    "WITH o, count(DISTINCT a) AS n ORDER BY n DESC, o.name LIMIT $limit "
    "RETURN collect({entity: o {.key, .label, .name}, articles: n}) AS rows } "
    f"RETURN e {_REF} AS e, rows"
)

STATS = "CALL { " + " UNION ALL ".join(
    [f"MATCH (n:{BASE_LABEL}:{checked_label(lbl)}) RETURN 'label' AS kind, '{lbl}' AS name, count(n) AS c" for lbl in NODE_LABELS]
    + [f"MATCH (:{BASE_LABEL})-[r:{checked_type(t)}]->(:{BASE_LABEL}) RETURN 'type' AS kind, '{t}' AS name, count(r) AS c" for t in EDGE_TYPES]
) + " } RETURN kind, name, c"

ENTITY_NAMES = f"MATCH (n:{BASE_LABEL}) WHERE n.label IN $labels RETURN n.key AS key, n.label AS label, n.name AS name, n.norms AS norms ORDER BY key"


def name_params(prefix: str, name: str | None) -> dict[str, Any]:
    """The parameters of `resolve(…, prefix)` for a name as typed (all null without a name).

    >>> name_params("n", "Kannan")["n_suffix"]
    ' kannan|'
    """
    q = NameQuery.of(name) if name else None
    needles = q.needles if q else None
    exact, suffix, prefix_ = needles or (None, None, None)
    return {f"{prefix}_key": q.key if q else None, f"{prefix}_exact": exact, f"{prefix}_suffix": suffix, f"{prefix}_prefix": prefix_}


def _ref(d: dict[str, Any] | None) -> EntityRef | None:
    return EntityRef(key=d["key"], label=d.get("label") or "?", name=d.get("name") or d["key"]) if d else None


class Neo4jReader:
    """The read port of a `Neo4jStore`: `read(query, **params)` runs one read transaction."""

    def __init__(self, read: Read) -> None:
        self.read = read
        self.labels = list(ENTITY_LABELS)

    def _one(self, query: str, **params: Any) -> dict[str, Any] | None:
        recs = self.read(query, labels=self.labels, **params)
        return dict(recs[0]) if recs else None

    def find(self, name: str, label: str | None = None) -> list[EntityRef]:
        """The entities a name refers to, best first."""
        recs = self.read(FIND, labels=[label] if label else self.labels, **name_params("n", name))
        if not recs:
            return []
        best = recs[0]["rank"]
        return [EntityRef(key=r["key"], label=r["label"], name=r["name"] or r["key"]) for r in recs if r["rank"] == best]

    def quotes(self, q: QuoteQuery) -> Quotes:
        """Statements by a speaker and/or about an entity, filtered and ordered."""
        rec = self._one(QUOTES, want_sp=bool(q.speaker), want_ab=bool(q.about), kind=q.kind, article=q.article, since=q.since,
                        limit=q.limit or _NO_LIMIT, **name_params("sp", q.speaker), **name_params("ab", q.about))
        assert rec is not None  # the query always returns one row
        rows = []
        for r in rec["rows"]:
            p, a = r["q"], r["a"] or {}
            speaker = EntityRef.from_key(p["speaker"], p.get("speaker_name")) if p.get("speaker") else None
            mentions = sorted((EntityRef(**m) for m in r["mentions"]), key=lambda m: (m.name, m.key))
            rows.append(QuoteResult(
                id=p["key"], text=p.get("text", ""), kind=p.get("kind", ""), cue=p.get("cue", ""), speaker=speaker,
                speaker_mention=p.get("speaker_mention"), article=p["article"], article_title=a.get("title"),
                published=a.get("published"), outlet=a.get("outlet"), evidence=p.get("evidence", ""), start=p.get("start", 0),
                end=p.get("end", 0), confidence=p.get("confidence", 0.0), mentions=mentions,
            ))
        return Quotes(speaker=_ref(rec["sp"]), about=_ref(rec["ab"]), rows=rows)

    def speakers_about(self, name: str) -> tuple[EntityRef | None, list[SpeakerCount]]:
        """Who speaks about an entity, most active first."""
        rec = self._one(SPEAKERS_ABOUT, **name_params("n", name))
        if rec is None or rec["e"] is None:
            return None, []
        out = [SpeakerCount(speaker=EntityRef(key=r["key"], label=r["label"] or "?", name=r["name"] or r["key"]),
                            statements=r["statements"], articles=r["articles"]) for r in rec["rows"]]
        out.sort(key=lambda s: (-s.statements, s.speaker.name))
        return _ref(rec["e"]), out

    def profile(self, name: str) -> Profile | None:
        """An entity's type, aliases, roles, mentions, articles and statements."""
        rec = self._one(PROFILE, **name_params("n", name))
        if rec is None:
            return None
        e = rec["e"]
        arts = [ArticleRef(id=a["id"], title=a["title"], published=a["published"], mentions=int(a["mentions"] or 0)) for a in rec["articles"]]
        roles = [Role(title=r["title"], of=EntityRef(**r["of"])) for r in rec["roles"]]
        holders = [Holder(person=EntityRef(**h["person"]), title=h["title"]) for h in rec["holders"]]
        return Profile(
            key=e["key"], label=e["label"], name=e["name"], aliases=sorted(e.get("aliases") or []),
            roles=sorted(roles, key=lambda r: (r.of.name, r.title or "")), mentions=sum(a.mentions for a in arts),
            articles=sorted(arts, key=lambda a: (a.published or "", a.id)), statements_by=rec["by"], statements_about=rec["about"],
            holders=sorted(holders, key=lambda h: (h.person.name, h.title or "")),
            programs=sorted((EntityRef(**p) for p in rec["programs"]), key=lambda r: r.name),
            run_by=sorted((EntityRef(**o) for o in rec["owners"]), key=lambda r: r.name),
        )

    def comentions(self, name: str, limit: int | None) -> tuple[EntityRef | None, list[CoMention]]:
        """Entities mentioned in the same articles, by number of shared articles."""
        rec = self._one(COMENTIONS, limit=limit or _NO_LIMIT, **name_params("n", name))
        if rec is None or rec["e"] is None:
            return None, []
        out = [CoMention(entity=EntityRef(**r["entity"]), articles=r["articles"]) for r in rec["rows"]]
        out.sort(key=lambda c: (-c.articles, c.entity.name))
        return _ref(rec["e"]), out

    def stats(self) -> Stats:
        """Node counts per label and edge counts per type."""
        labels: dict[str, int] = {}
        types: dict[str, int] = {}
        for r in self.read(STATS):
            if r["c"]:
                (labels if r["kind"] == "label" else types)[r["name"]] = r["c"]
        return Stats(nodes=sum(labels.values()), edges=sum(types.values()), labels=dict(sorted(labels.items())),
                     types=dict(sorted(types.items())))

    def entity_names(self) -> Iterator[tuple[EntityRef, list[str]]]:
        """Every entity with its normal forms."""
        for r in self.read(ENTITY_NAMES, labels=self.labels):
            yield EntityRef(key=r["key"], label=r["label"], name=r["name"] or r["key"]), list(r["norms"] or [])
