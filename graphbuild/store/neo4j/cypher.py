"""Cypher for writes, the schema and the lock, built by pure functions. Values are always
parameters; labels and relationship types are checked against the graph vocabulary before they
are formatted into query text. (Read queries: `reads.py`.)"""

from __future__ import annotations

from typing import Any

from ...model import EDGE_TYPES, ENTITY_LABELS, NODE_LABELS, OWN_LABELS, SET_PROPS

BASE_LABEL = "GBNode"  # every graphbuild node carries it: one uniqueness constraint on `key`

# The write statements' plans are index seeks on the unique key whatever the counts are, so they
# are never replanned: during a load the counts change all the time, and Neo4j would otherwise
# recompile each statement every few seconds (a quarter of the server's time in a bulk load).
WRITE = "CYPHER replan=skip "


def checked_label(label: str) -> str:
    """A node label from the vocabulary, or ValueError.

    >>> checked_label("Person")
    'Person'
    """
    if label not in NODE_LABELS:
        raise ValueError(f"unknown node label {label!r}")
    return label


def checked_type(rel: str) -> str:
    """A relationship type from the vocabulary, or ValueError."""
    if rel not in EDGE_TYPES:
        raise ValueError(f"unknown relationship type {rel!r}")
    return rel


def schema_statements() -> list[str]:
    """Constraints and indexes, idempotent (IF NOT EXISTS)."""
    return [
        f"CREATE CONSTRAINT graphbuild_key IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.key IS UNIQUE",
        "CREATE INDEX graphbuild_quote_article IF NOT EXISTS FOR (q:Quote) ON (q.article)",
        # Name lookups: `names` is "|form|form|" (graphbuild.store.names), searched with CONTAINS.
        f"CREATE TEXT INDEX graphbuild_names IF NOT EXISTS FOR (n:{BASE_LABEL}) ON (n.names)",
        # Every statement in date order (`quotes` without a speaker or topic): see SORT_DATE.
        "CREATE RANGE INDEX graphbuild_quote_order IF NOT EXISTS FOR (q:Quote) ON (q.sort_date, q.article, q.start)",
        "CREATE RANGE INDEX graphbuild_quote_said IF NOT EXISTS FOR (q:Quote) ON (q.said_on)",
        "CREATE RANGE INDEX graphbuild_quote_speaker IF NOT EXISTS FOR (q:Quote) ON (q.speaker, q.sort_date, q.article, q.start)",
        "CREATE CONSTRAINT graphbuild_lock IF NOT EXISTS FOR (l:GraphbuildLock) REQUIRE l.key IS UNIQUE",
    ]


AWAIT_INDEXES = "CALL db.awaitIndexes(600)"


def own(var: str) -> str:
    """Cypher true when `var` is an article's own node (`model.OWN_LABELS`).

    >>> own("n")
    '(n:Article OR n:Quote)'
    """
    return "(" + " OR ".join(f"{var}:{checked_label(lbl)}" for lbl in sorted(OWN_LABELS)) + ")"


def stored_props(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """A node's properties as this store keeps them: a shared node without its `articles` list
    (`PROVENANCE` reads it from the edges of its articles).

    >>> stored_props("Person", {"name": "X", "articles": ["a"]}), stored_props("Quote", {"articles": ["a"]})
    ({'name': 'X'}, {'articles': ['a']})
    """
    return props if label in OWN_LABELS else {k: v for k, v in props.items() if k != "articles"}


def _set_union(var: str) -> str:
    parts = []
    for p in sorted(SET_PROPS):
        parts.append(
            f"{var}.{p} = CASE WHEN row.{p} IS NULL THEN {var}.{p} "
            f"ELSE [x IN coalesce({var}.{p}, []) WHERE NOT x IN row.{p}] + row.{p} END"
        )
    return ", ".join(parts)


def label_conflicts(label: str) -> str:
    """Keys among $keys that exist with another label than $label."""
    checked_label(label)
    return f"{WRITE}UNWIND $keys AS k MATCH (n:{BASE_LABEL} {{key: k}}) WHERE n.label <> $label RETURN n.key AS key, n.label AS label"


# An entity's indexed `names` string, rebuilt from its (merged) `norms`.
_NAMES = "n.names = CASE WHEN n.norms IS NULL THEN null ELSE reduce(s = '|', x IN n.norms | s + x + '|') END"


# A Quote's `sort_date`: its article's publication date, '' for none (an index field, never read
# back): the statements' order is (sort_date, article, start) and an index key cannot be null.
SORT_DATE = "n.sort_date = coalesce(n.published, '')"


def sort_date(published: str | None) -> str:
    """A Quote's `sort_date` for its publication date, as `SORT_DATE` computes it.

    >>> sort_date(None), sort_date("2016-03-01")
    ('', '2016-03-01')
    """
    return published or ""


def merge_nodes(label: str) -> str:
    """MERGE a batch of nodes of one label: `$rows` = [{key, props, articles?, aliases?, norms?}].

    A key stored with another label makes the MERGE create a second node with that key, which
    the uniqueness constraint refuses: the write fails.
    """
    lbl = checked_label(label)
    return (
        f"{WRITE}UNWIND $rows AS row MERGE (n:{BASE_LABEL}:{lbl} {{key: row.key}}) "
        f"ON CREATE SET n.label = $label "
        f"SET n += row.props, {_set_union('n')} SET {SORT_DATE if lbl == 'Quote' else _NAMES}"
    )


def merge_edges(rel: str) -> str:
    """MERGE a batch of relationships of one type: `$rows` = [{src, dst, key, props, ...}]."""
    t = checked_type(rel)
    return (
        f"{WRITE}UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{key: row.src}}) MATCH (b:{BASE_LABEL} {{key: row.dst}}) "
        f"MERGE (a)-[r:{t} {{key: row.key}}]->(b) "
        f"SET r += row.props, {_set_union('r')}"
    )


def create_nodes(label: str) -> str:
    """CREATE a batch of nodes known to be new (an article not yet in the graph, its quotes):
    `$rows` = [every property of a node, `key` and `label` included, no nulls]."""
    lbl = checked_label(label)
    return f"{WRITE}UNWIND $rows AS row CREATE (n:{BASE_LABEL}:{lbl}) SET n = row"


def create_edges(rel: str) -> str:
    """CREATE a batch of relationships known to be new (one end is a new article or quote):
    `$rows` = [{src, dst, p: every property, `key` included, no nulls}]."""
    t = checked_type(rel)
    return (
        f"{WRITE}UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{key: row.src}}) MATCH (b:{BASE_LABEL} {{key: row.dst}}) "
        f"CREATE (a)-[r:{t}]->(b) SET r = row.p"
    )


EXISTING = f"{WRITE}UNWIND $keys AS k MATCH (n:{BASE_LABEL} {{key: k}}) RETURN k"
# For the parallel writer: the degree of nodes (a node with more relationships than the server's
# `db.relationship_grouping_threshold` is dense), and the low-degree neighbours of low-degree
# nodes, other than articles and quotes.
DEGREES = f"UNWIND $keys AS k MATCH (n:{BASE_LABEL} {{key: k}}) RETURN k, COUNT {{ (n)--() }} AS d"
SPARSE_NEIGHBOURS = (
    f"UNWIND $keys AS k MATCH (n:{BASE_LABEL} {{key: k}})--(m:{BASE_LABEL}) "
    "WHERE NOT m:Article AND NOT m:Quote AND COUNT { (m)--() } <= $t RETURN k, collect(DISTINCT m.key) AS ms"
)
GROUPING_THRESHOLD = "SHOW SETTINGS YIELD name, value WHERE name = 'db.relationship_grouping_threshold' RETURN value"


def merge_node_single(label: str) -> str:
    """The naive writer's statement: one node per query (for the benchmark)."""
    lbl = checked_label(label)
    return (
        f"MERGE (n:{BASE_LABEL}:{lbl} {{key: $row.key}}) ON CREATE SET n.label = $label "
        f"SET n += $row.props, {_set_union('n').replace('row.', '$row.')} SET {_NAMES}"
    )


def merge_edge_single(rel: str) -> str:
    """The naive writer's statement: one relationship per query (for the benchmark)."""
    t = checked_type(rel)
    return (
        f"MATCH (a:{BASE_LABEL} {{key: $row.src}}) MATCH (b:{BASE_LABEL} {{key: $row.dst}}) "
        f"MERGE (a)-[r:{t} {{key: $row.key}}]->(b) SET r += $row.props, {_set_union('r').replace('row.', '$row.')}"
    )


ARTICLE_NEIGHBOURS = f"MATCH (a:{BASE_LABEL} {{key: $id}}) OPTIONAL MATCH (a)-->(e) RETURN collect(DISTINCT e.key) AS keys, count(a) AS n"
DELETE_QUOTES = "MATCH (q:Quote {article: $id}) DETACH DELETE q"
DELETE_ARTICLE = f"MATCH (a:{BASE_LABEL} {{key: $id}}) DETACH DELETE a"
PRUNE_EDGES = (
    f"UNWIND $keys AS k MATCH (e:{BASE_LABEL} {{key: k}})-[r]-() WHERE $id IN r.articles "
    "WITH DISTINCT r SET r.articles = [x IN r.articles WHERE x <> $id] "
    "WITH r WHERE size(r.articles) = 0 DELETE r"
)
# A shared node's provenance (`model.OWN_LABELS`): the articles with an edge to it. It is no list
# on the node, which every batch mentioning a hub would rewrite whole.
PROVENANCE = f"CASE WHEN {own('n')} THEN null ELSE [(a:Article)-->(n) | a.key] END AS articles"
# After an article is deleted, the shared nodes no other article has an edge to go with it.
PRUNE_NODES = (
    f"UNWIND $keys AS k MATCH (e:{BASE_LABEL} {{key: k}}) WHERE NOT {own('e')} "
    "AND NOT EXISTS { (:Article)-->(e) } DETACH DELETE e"
)
GET_NODE = f"MATCH (n:{BASE_LABEL} {{key: $key}}) RETURN properties(n) AS p, {PROVENANCE}"


def nodes_query(label: str | None) -> str:
    """All nodes (of a label), ordered by key, each with its provenance (`articles`: null for an
    article's own nodes, which keep it as a property)."""
    lbl = checked_label(label) if label else BASE_LABEL
    return f"MATCH (n:{lbl}) RETURN properties(n) AS p, {PROVENANCE} ORDER BY n.key"


def edges_query(rel: str | None, *, src: bool, dst: bool) -> str:
    """Edges filtered by type and ends ($src, $dst)."""
    t = f":{checked_type(rel)}" if rel else ""
    a = f"(a:{BASE_LABEL} {{key: $src}})" if src else f"(a:{BASE_LABEL})"
    b = f"(b:{BASE_LABEL} {{key: $dst}})" if dst else f"(b:{BASE_LABEL})"
    return f"MATCH {a}-[r{t}]->{b} RETURN a.key AS src, b.key AS dst, type(r) AS type, properties(r) AS p"


LOCK_TAKE = (
    "MERGE (l:GraphbuildLock {key: 'writer'}) ON CREATE SET l += $owner, l.fresh = true, l.beat = timestamp() "
    "WITH l, coalesce(l.fresh, false) AS fresh REMOVE l.fresh "
    "RETURN properties(l) AS p, fresh, (timestamp() - coalesce(l.beat, 0)) / 1000.0 AS idle"
)
# The holder's heartbeat (server time, so hosts' clocks do not matter); a lock idle for longer
# than the store's `lock_ttl` was left by a crash (on any host) and is taken over.
LOCK_BEAT = "MATCH (l:GraphbuildLock {key: 'writer', token: $t}) SET l.beat = timestamp() RETURN count(l) AS n"
LOCK_RELEASE = "MATCH (l:GraphbuildLock {key: 'writer', token: $t}) DELETE l"
LOCK_BREAK = "MATCH (l:GraphbuildLock {key: 'writer'}) WITH l, properties(l) AS p DELETE l RETURN p"
CLEAR = (f"MATCH (n:{BASE_LABEL}) DETACH DELETE n", "MATCH (l:GraphbuildLock) DELETE l")
ARTICLE_INDEX = "MATCH (a:Article) RETURN a.key AS k, a.content_hash AS content_hash, a.extractor AS extractor, a.source AS source, a.file_hash AS file_hash"
STATEMENTS_OF = "MATCH (q:Quote) WHERE q.article IN $ids RETURN q.article AS a, q.key AS id, q.text AS text, q.speaker AS speaker ORDER BY id"
SPEAKERS_WITH_STATEMENTS = f"UNWIND $keys AS k MATCH (s:{BASE_LABEL} {{key: k}}) WHERE EXISTS {{ (s)-[:SAID]->() }} RETURN k"
SCHEMA_VERSION = "MATCH (m:GraphbuildMeta {key: 'schema'}) RETURN m.version AS v"
SET_SCHEMA_VERSION = "MERGE (m:GraphbuildMeta {key: 'schema'}) SET m.version = $v"
# Schema version 3, a batch at a time until none is left: shared nodes lose their `articles` list
# (PROVENANCE replaces it) and Quotes get their `sort_date`.
MIGRATE_3 = (
    f"MATCH (n:{BASE_LABEL}) WHERE n.articles IS NOT NULL AND NOT {own('n')} "
    "WITH n LIMIT $n REMOVE n.articles RETURN count(n) AS c UNION ALL "
    f"MATCH (n:Quote) WHERE n.sort_date IS NULL WITH n LIMIT $n SET {SORT_DATE} RETURN count(n) AS c"
)

# Derived links (entity resolution): read all, delete the stale, write the new, in one transaction.
ENTITY_INFOS = " UNION ALL ".join(
    f"MATCH (n:{checked_label(lbl)}) RETURN n.key AS key, n.name AS name, n.norms AS norms, COUNT {{ (:Article)-[:MENTIONS]->(n) }} AS articles"
    for lbl in ENTITY_LABELS
)


def links_of(rel: str) -> str:
    """Every relationship of one (link) type."""
    t = checked_type(rel)
    return f"MATCH (a:{BASE_LABEL})-[r:{t}]->(b:{BASE_LABEL}) RETURN a.key AS src, b.key AS dst, properties(r) AS p"


def delete_links(rel: str) -> str:
    """Delete relationships of one type: `$rows` = [{src, dst, key}]."""
    t = checked_type(rel)
    return (f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{key: row.src}})-[r:{t} {{key: row.key}}]->"
            f"(b:{BASE_LABEL} {{key: row.dst}}) DELETE r")


def set_links(rel: str) -> str:
    """Create or overwrite relationships of one type: `$rows` = [{src, dst, key, props}] (missing ends: skipped)."""
    t = checked_type(rel)
    return (f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{key: row.src}}) MATCH (b:{BASE_LABEL} {{key: row.dst}}) "
            f"MERGE (a)-[r:{t} {{key: row.key}}]->(b) SET r = row.props, r.key = row.key")
