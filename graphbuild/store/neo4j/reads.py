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
    AmbiguousName,
    ArticleBrief,
    ArticleRef,
    Claim,
    ClaimQuery,
    CoMention,
    EntityRef,
    Holder,
    Occurrence,
    Profile,
    QuoteQuery,
    QuoteResult,
    Quotes,
    Republication,
    Role,
    SpeakerCount,
    Stats,
    outlet_key,
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
    if out.get("label") == "Quote":
        out.pop("sort_date", None)
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


def _canonical() -> str:
    """Each candidate `n` counted for the entity it resolves to (SAME_AS), with its best rank and largest weight."""
    return "OPTIONAL MATCH (n)-[:SAME_AS]->(c) WITH coalesce(c, n) AS n, min(rank) AS rank, max(weight) AS weight "


def resolve(var: str, p: str) -> str:
    """A subquery binding `var` to the (canonical) entity best named by the parameters `$<p>_…`
    (null when there is no name): the best rank, then the most mentioned, then the smallest key."""
    return f"CALL {{ {_candidates(p)}{_canonical()}ORDER BY rank, weight DESC, n.key RETURN collect(n)[0] AS {var} }} "


def canon(var: str) -> str:
    """The reference of the entity `var` resolves to (itself when it is no variant)."""
    return f"coalesce(head([({var})-[:SAME_AS]->(c) | c {_REF}]), {var} {_REF})"


def members(var: str) -> str:
    """An entity and its variants (a list; empty when `var` is null)."""
    return f"CASE WHEN {var} IS NULL THEN [] ELSE [{var}] + [(v)-[:SAME_AS]->({var}) | v] END"


def ambiguous(var: str) -> str:
    """Names that may be `var` (POSSIBLY_SAME), with their statements and candidates."""
    return (f"CASE WHEN {var} IS NULL THEN [] ELSE [(u)-[:POSSIBLY_SAME]->({var}) | {{entity: u {_REF}, "
            f"statements: COUNT {{ (u)-[:SAID]->() }}, candidates: [(u)-[:POSSIBLY_SAME]->(c) | c {_REF}]}}] END")


FIND = _candidates("n") + _canonical() + "RETURN n.key AS key, n.label AS label, n.name AS name, rank ORDER BY rank, weight DESC, key"

# The statements' order (`sort_date`: the article's publication date, '' for none), cut at the limit.
_ORDER = "ORDER BY q.sort_date, q.article, q.start LIMIT $limit "
# A statement's filters, and its row with its article, speaker, role and mentions.
_QUOTE_FILTERS = (
    "($kind IS NULL OR q.kind = $kind) AND ($article IS NULL OR q.article = $article) "
    "AND ($framing IS NULL OR coalesce(q.framing, 'neutral') = $framing) "
    "AND ($since IS NULL OR coalesce(q.said_on, q.published, '') >= $since) "
    "AND ($until IS NULL OR coalesce(q.said_on, q.published, '') < $until AND coalesce(q.said_on, q.published) IS NOT NULL) "
)


def _quote_rows(speaker: str) -> str:
    """Collect the rows of the statements `q` (in order) as `rows`; `speaker`: the speaker's
    reference when every row is the asked-for speaker's."""
    return (
        "OPTIONAL MATCH (q)-[:IN]->(a:Article) "
        "WITH collect({q: q {.key, .text, .kind, .cue, .speaker, .speaker_name, .speaker_mention, .article, .evidence, .start, "
        ".end, .confidence, .framing, .negated, .hedged, .said_on, .said_precision}, a: a {.title, .published, .outlet}, "
        f"speaker: coalesce({speaker}, head([(s)-[:SAID]->(q) | {canon('s')}]), head([(q)-[:ATTRIBUTED_TO]->(s) | {canon('s')}])), "
        "role: CASE WHEN q.speaker IS NULL THEN head([(q)-[r:ATTRIBUTED_TO]->() | r.title]) END, "
        f"mentions: [(q)-[:MENTIONS]->(m) | {canon('m')}]}}) AS rows "
    )


QUOTES = resolve("sp", "sp") + resolve("ab", "ab") + (
    "CALL (sp, ab) { CALL (sp, ab) { "
    f"UNWIND {members('sp')} AS s MATCH (s)-[:SAID]->(q:Quote) "
    "WHERE ab IS NULL OR EXISTS { MATCH (q)-[:MENTIONS]->(m) WHERE m = ab OR (m)-[:SAME_AS]->(ab) } RETURN q "
    f"UNION UNWIND {members('sp')} AS s MATCH (q:Quote)-[:ATTRIBUTED_TO]->(s) "
    "WHERE ab IS NULL OR EXISTS { MATCH (q)-[:MENTIONS]->(m) WHERE m = ab OR (m)-[:SAME_AS]->(ab) } RETURN q "
    f"UNION UNWIND {members('ab')} AS m MATCH (q:Quote)-[:MENTIONS]->(m) WHERE sp IS NULL AND NOT $want_sp RETURN q }} "
    f"WITH q WHERE {_QUOTE_FILTERS}"
    # A Quote carries its article's publication date: order and cut first, then fetch the articles.
    f"WITH q {_ORDER}"
    # With a speaker asked for, every row is theirs (its speaker is sp or a variant of sp).
    f"{_quote_rows(f'CASE WHEN sp IS NOT NULL THEN sp {_REF} END')}RETURN rows }} "
    f"RETURN sp {_REF} AS sp, ab {_REF} AS ab, rows, {ambiguous('sp')} AS ambiguous"
)

# Every statement (no speaker or topic asked for): read in the order of the index on
# (sort_date, article, start) (`sort_date`: the article's publication date, '' for none) and
# cut at the limit, so the first rows come without reading the others. The hints make the plan
# the same whatever the statistics say: a seek of that index (`sort_date >= ''` is every Quote),
# which gives its order (the index on Quote.article would serve `article IS NOT NULL` too).
_IN_ORDER = "USING INDEX SEEK q:Quote(sort_date, article, start) WHERE q.article IS NOT NULL AND q.start IS NOT NULL AND "
QUOTES_ALL = (
    f"MATCH (q:Quote) {_IN_ORDER}q.sort_date >= '' AND {_QUOTE_FILTERS}WITH q {_ORDER}"
    f"{_quote_rows('null')}RETURN null AS sp, null AS ab, rows, [] AS ambiguous"
)
# Every statement since a date: those published before it but said after it (few, from the index
# on `said_on`), which come first, then those published since, a range of the ordered index.
QUOTES_SINCE = (
    "CALL { MATCH (q:Quote) USING INDEX SEEK q:Quote(said_on) WHERE q.said_on >= $since AND q.sort_date < $since "
    f"AND {_QUOTE_FILTERS}RETURN q {_ORDER}"
    f"UNION ALL MATCH (q:Quote) {_IN_ORDER}q.sort_date >= $since AND {_QUOTE_FILTERS}RETURN q {_ORDER}}} "
    f"WITH q {_ORDER}{_quote_rows('null')}RETURN null AS sp, null AS ab, rows, [] AS ambiguous"
)

# A speaker's first N statements (no topic): per variant of the speaker, a range of the index on
# (speaker, sort_date, article, start) read until N rows pass the filters (a hub's 100,000
# statements are not all read), and the few statements ATTRIBUTED_TO them; merged.
QUOTES_BY = resolve("sp", "sp") + (
    "CALL (sp) { CALL (sp) { "
    f"UNWIND {members('sp')} AS s CALL (s) {{ MATCH (q:Quote) USING INDEX SEEK q:Quote(speaker, sort_date, article, start) "
    "WHERE q.speaker = s.key AND q.sort_date IS NOT NULL AND q.article IS NOT NULL AND q.start IS NOT NULL "
    # (`q.speaker` first in the order, constant here: so the planner reads the index in its order.)
    f"AND EXISTS {{ (s)-[:SAID]->(q) }} AND {_QUOTE_FILTERS}RETURN q ORDER BY q.speaker, q.sort_date, q.article, q.start LIMIT $limit }} RETURN q "
    f"UNION UNWIND {members('sp')} AS s MATCH (q:Quote)-[:ATTRIBUTED_TO]->(s) WHERE {_QUOTE_FILTERS}RETURN q }} "
    f"WITH q {_ORDER}{_quote_rows(f'sp {_REF}')}RETURN rows }} "
    f"RETURN sp {_REF} AS sp, null AS ab, rows, {ambiguous('sp')} AS ambiguous"
)

SPEAKERS_ABOUT = resolve("e", "n") + (
    f"CALL (e) {{ UNWIND {members('e')} AS m MATCH (q:Quote)-[:MENTIONS]->(m) "
    "WITH DISTINCT q, coalesce(q.speaker, head([(q)-[:ATTRIBUTED_TO]->(h) | h.key])) AS said WHERE said IS NOT NULL "
    f"OPTIONAL MATCH (s:{BASE_LABEL} {{key: said}}) "
    "OPTIONAL MATCH (s)-[:SAME_AS]->(c) WITH q, coalesce(c, s) AS who, coalesce(c.key, said) AS sk "
    "WITH sk, who, count(q) AS n, count(DISTINCT q.article) AS arts "
    "RETURN collect({key: sk, label: who.label, name: who.name, statements: n, articles: arts}) AS rows } "
    f"RETURN e {_REF} AS e, rows"
)

PROFILE = resolve("e", "n") + (
    f"WITH e WHERE e IS NOT NULL WITH e, {members('e')} AS ms "
    f"RETURN e {{.key, .label, .name}} AS e, [m IN ms | coalesce(m.aliases, [])] AS aliases, [m IN tail(ms) | m {_REF}] AS variants, "
    f"COLLECT {{ UNWIND ms AS m MATCH (m)-[r:HOLDS_ROLE]->(t) RETURN {{title: r.title, of: {canon('t')}}} }} AS roles, "
    "COLLECT { UNWIND ms AS m MATCH (a:Article)-[x:MENTIONS]->(m) "
    "RETURN {id: a.key, title: a.title, published: a.published, mentions: x.count} } AS articles, "
    "COUNT { UNWIND ms AS m MATCH (m)-[:SAID]->(q) RETURN DISTINCT q UNION UNWIND ms AS m MATCH (q:Quote)-[:ATTRIBUTED_TO]->(m) RETURN DISTINCT q } AS by, "
    "COUNT { UNWIND ms AS m MATCH (q:Quote)-[:MENTIONS]->(m) RETURN DISTINCT q } AS about, "
    f"COLLECT {{ UNWIND ms AS m MATCH (p)-[:RUN_BY]->(m) RETURN {canon('p')} }} AS programs, "
    f"COLLECT {{ UNWIND ms AS m MATCH (m)-[:RUN_BY]->(o) RETURN {canon('o')} }} AS owners, "
    f"COLLECT {{ UNWIND ms AS m MATCH (h)-[r:HOLDS_ROLE]->(m) RETURN {{person: {canon('h')}, title: r.title}} }} AS holders, "
    f"{ambiguous('e')} AS ambiguous"
)

COMENTIONS = resolve("e", "n") + (
    f"CALL (e) {{ UNWIND {members('e')} AS m MATCH (m)<-[:MENTIONS]-(a:Article) WITH DISTINCT e, a "
    "MATCH (a)-[:MENTIONS]->(o) WITH e, a, coalesce(head([(o)-[:SAME_AS]->(c) | c]), o) AS o "
    "WITH e, o, count(DISTINCT a) AS n WHERE o <> e ORDER BY n DESC, o.name, o.key LIMIT $limit "
    f"RETURN collect({{entity: o {_REF}, articles: n}}) AS rows }} "
    f"RETURN e {_REF} AS e, rows"
)

_ROOT = "coalesce(head([(q)-[:REPEATS]->(r) | r]), q)"
_OCC = "{q: properties(%s), a: %s {.title, .published, .outlet}}"

CLAIMS = resolve("sp", "sp") + (
    "CALL (sp) { CALL (sp) { "
    # (By the unique key, not `(q:Quote {key: …})`, which no index serves: a scan of every Quote.)
    f"MATCH (q:{BASE_LABEL} {{key: $statement}}) WHERE q:Quote RETURN {_ROOT} AS root "
    f"UNION UNWIND {members('sp')} AS s MATCH (s)-[:SAID]->(q:Quote) WITH {_ROOT} AS root "
    "WHERE EXISTS { (root)<-[:REPEATS]-() } RETURN root "
    # Every claim only when no statement or speaker is asked for (the UNWIND keeps the planner from scanning first).
    "UNION UNWIND CASE WHEN $statement IS NULL AND NOT $want_sp THEN [1] ELSE [] END AS _all "
    "MATCH (:Quote)-[:REPEATS]->(root:Quote) RETURN root } "
    "RETURN collect(DISTINCT root) AS roots } "
    "RETURN sp {.key, .label, .name} AS sp, [root IN roots | {first: head(COLLECT { OPTIONAL MATCH (root)-[:IN]->(a:Article) "
    f"RETURN {_OCC % ('root', 'a')} }}), speaker: head([(s)-[:SAID]->(root) | {canon('s')}]), "
    "later: COLLECT { MATCH (o:Quote)-[r:REPEATS]->(root) OPTIONAL MATCH (o)-[:IN]->(b:Article) "
    "RETURN {q: properties(o), a: b {.title, .published, .outlet}, r: properties(r)} }}] AS claims"
)

REPUBLICATIONS = (
    "MATCH (l:Article)-[r:REPUBLISHES]->(e:Article) "
    "WHERE $outlet IS NULL OR EXISTS { (l)-[:PUBLISHED_BY]->(:Outlet {key: $outlet}) } "
    "OR EXISTS { (e)-[:PUBLISHED_BY]->(:Outlet {key: $outlet}) } "
    "RETURN l {.key, .title, .published, .outlet} AS l, e {.key, .title, .published, .outlet} AS e, r.similarity AS similarity"
)

# Read from the count store (one label, or a type with one labelled end, per count): constant
# time whatever the size. A node with a graphbuild label is counted (the vocabulary is ours).
STATS = "CALL { " + " UNION ALL ".join(
    [f"MATCH (n:{checked_label(lbl)}) WITH count(n) AS c RETURN 'label' AS kind, '{lbl}' AS name, c" for lbl in NODE_LABELS]
    + [f"MATCH (:{BASE_LABEL})-[r:{checked_type(t)}]->() WITH count(r) AS c RETURN 'type' AS kind, '{t}' AS name, c" for t in EDGE_TYPES]
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


def _occurrence(d: dict[str, Any], edge: dict[str, Any] | None) -> Occurrence:
    q, a = d["q"], d["a"] or {}
    extra: dict[str, Any] = {}
    if edge is not None:
        extra = {"change": edge.get("change"), "similarity": edge.get("similarity"), "added": edge.get("added") or "",
                 "removed": edge.get("removed") or ""}
    return Occurrence(statement=q["key"], text=q.get("text", ""), article=q["article"], article_title=a.get("title"),
                      published=a.get("published"), outlet=a.get("outlet"), **extra)


def _ambiguous(rows: list[dict[str, Any]]) -> list[AmbiguousName]:
    out = [AmbiguousName(entity=EntityRef(**r["entity"]), statements=r["statements"],
                         candidates=sorted((EntityRef(**c) for c in r["candidates"]), key=lambda c: (c.name, c.key))) for r in rows]
    return sorted(out, key=lambda a: (-a.statements, a.entity.name, a.entity.key))


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
        filters = {"kind": q.kind, "article": q.article, "since": q.since, "until": q.until, "framing": q.framing, "limit": q.limit or _NO_LIMIT}
        if q.speaker and not q.about and q.limit:
            rec = self._one(QUOTES_BY, **filters, **name_params("sp", q.speaker))
        elif q.speaker or q.about:
            rec = self._one(QUOTES, want_sp=bool(q.speaker), **filters, **name_params("sp", q.speaker), **name_params("ab", q.about))
        else:
            rec = self._one(QUOTES_SINCE if q.since else QUOTES_ALL, **filters)
        assert rec is not None  # the query always returns one row
        rows = []
        for r in rec["rows"]:
            p, a = r["q"], r["a"] or {}
            speaker = _ref(r["speaker"]) or (EntityRef.from_key(p["speaker"], p.get("speaker_name")) if p.get("speaker") else None)
            mentions = sorted({m["key"]: EntityRef(**m) for m in r["mentions"]}.values(), key=lambda m: (m.name, m.key))
            rows.append(QuoteResult(
                id=p["key"], text=p.get("text", ""), kind=p.get("kind", ""), cue=p.get("cue", ""), speaker=speaker,
                speaker_mention=p.get("speaker_mention"), article=p["article"], article_title=a.get("title"),
                published=a.get("published"), outlet=a.get("outlet"), evidence=p.get("evidence", ""), start=p.get("start", 0),
                end=p.get("end", 0), confidence=p.get("confidence", 0.0), mentions=mentions,
                framing=p.get("framing") or "neutral", negated=bool(p.get("negated")), hedged=bool(p.get("hedged")),
                said_on=p.get("said_on"), said_precision=p.get("said_precision"), speaker_role=r["role"],
            ))
        rows.sort(key=lambda r: (r.published or "", r.article, r.start))  # collect() keeps no promise of order
        return Quotes(speaker=_ref(rec["sp"]), about=_ref(rec["ab"]), rows=rows, ambiguous=_ambiguous(rec["ambiguous"]))

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
        """An entity's type, aliases, roles, mentions, articles and statements (with its variants')."""
        rec = self._one(PROFILE, **name_params("n", name))
        if rec is None:
            return None
        e = rec["e"]
        arts: dict[str, ArticleRef] = {}
        for a in rec["articles"]:
            n = int(a["mentions"] or 0) + (arts[a["id"]].mentions if a["id"] in arts else 0)
            arts[a["id"]] = ArticleRef(id=a["id"], title=a["title"], published=a["published"], mentions=n)
        roles = {(r["of"]["key"], r["title"]): Role(title=r["title"], of=EntityRef(**r["of"])) for r in rec["roles"]}
        holders = {(h["person"]["key"], h["title"]): Holder(person=EntityRef(**h["person"]), title=h["title"]) for h in rec["holders"]}
        variants = sorted((EntityRef(**v) for v in rec["variants"]), key=lambda r: (r.name, r.key))
        aliases = {a for lst in rec["aliases"] for a in lst} | {v.name for v in variants}
        refs = lambda rows: sorted({r["key"]: EntityRef(**r) for r in rows}.values(), key=lambda r: (r.name, r.key))  # noqa: E731
        return Profile(
            key=e["key"], label=e["label"], name=e["name"], aliases=sorted(aliases - {"", e["name"]}),
            roles=sorted(roles.values(), key=lambda r: (r.of.name, r.title or "", r.of.key)), mentions=sum(a.mentions for a in arts.values()),
            articles=sorted(arts.values(), key=lambda a: (a.published or "", a.id)), statements_by=rec["by"], statements_about=rec["about"],
            holders=sorted(holders.values(), key=lambda h: (h.person.name, h.title or "", h.person.key)),
            programs=refs(rec["programs"]), run_by=refs(rec["owners"]), variants=variants, ambiguous=_ambiguous(rec["ambiguous"]),
        )

    def comentions(self, name: str, limit: int | None) -> tuple[EntityRef | None, list[CoMention]]:
        """Entities mentioned in the same articles, by number of shared articles."""
        rec = self._one(COMENTIONS, limit=limit or _NO_LIMIT, **name_params("n", name))
        if rec is None or rec["e"] is None:
            return None, []
        out = [CoMention(entity=EntityRef(**r["entity"]), articles=r["articles"]) for r in rec["rows"]]
        out.sort(key=lambda c: (-c.articles, c.entity.name))
        return _ref(rec["e"]), out

    def claims(self, q: ClaimQuery) -> tuple[EntityRef | None, list[Claim]]:
        """Claims with their occurrences: of a statement, of a speaker (and variants), or all
        reported more than once; most reported first."""
        speaker = None if q.statement is not None else q.speaker
        rec = self._one(CLAIMS, statement=q.statement, want_sp=bool(speaker), **name_params("sp", speaker))
        assert rec is not None  # the query always returns one row
        if speaker and rec["sp"] is None:
            return None, []
        out = []
        for c in rec["claims"]:
            first = _occurrence(c["first"], None)
            later = sorted((_occurrence(o, o["r"]) for o in c["later"]), key=lambda o: (o.published or "", o.article, o.statement))
            out.append(Claim(id=first.statement, speaker=_ref(c["speaker"]), occurrences=[first, *later]))
        out.sort(key=lambda c: (-len(c.occurrences), c.occurrences[0].published or "", c.id))
        return _ref(rec["sp"]), out[: q.limit] if q.limit else out

    def republications(self, outlet: str | None) -> list[Republication]:
        """Articles whose body is (nearly) an earlier article's; of or by an outlet when given."""
        brief = lambda d: ArticleBrief(id=d["key"], title=d.get("title"), published=d.get("published"), outlet=d.get("outlet"))  # noqa: E731
        out = [Republication(article=brief(r["l"]), original=brief(r["e"]), similarity=float(r["similarity"] or 0.0))
               for r in self.read(REPUBLICATIONS, outlet=outlet_key(outlet) if outlet else None)]
        return sorted(out, key=lambda r: (r.original.published or "", r.original.id, r.article.published or "", r.article.id))

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
