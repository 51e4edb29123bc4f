"""Cypher built by pure functions. Values are always parameters; labels and relationship types
are checked against the graph vocabulary before they are formatted into query text."""

from __future__ import annotations

from ..graph import EDGE_TYPES, NODE_LABELS, SET_PROPS

BASE_LABEL = "GBNode"  # every graphbuild node carries it: one uniqueness constraint on `key`


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
        "CREATE CONSTRAINT graphbuild_lock IF NOT EXISTS FOR (l:GraphbuildLock) REQUIRE l.key IS UNIQUE",
    ]


def _set_union(var: str) -> str:
    parts = []
    for p in sorted(SET_PROPS):
        parts.append(
            f"{var}.{p} = CASE WHEN row.{p} IS NULL THEN {var}.{p} "
            f"ELSE [x IN coalesce({var}.{p}, []) WHERE NOT x IN row.{p}] + row.{p} END"
        )
    return ", ".join(parts)


def label_conflicts(label: str) -> str:
    """Keys among $keys that exist with another label."""
    checked_label(label)
    return f"UNWIND $keys AS k MATCH (n:{BASE_LABEL} {{key: k}}) WHERE n.label <> $label RETURN n.key AS key, n.label AS label"


def merge_nodes(label: str) -> str:
    """MERGE a batch of nodes of one label: `$rows` = [{key, props, articles?, aliases?}]."""
    lbl = checked_label(label)
    return (
        f"UNWIND $rows AS row MERGE (n:{BASE_LABEL}:{lbl} {{key: row.key}}) "
        f"ON CREATE SET n.label = $label "
        f"SET n += row.props, {_set_union('n')}"
    )


def merge_edges(rel: str) -> str:
    """MERGE a batch of relationships of one type: `$rows` = [{src, dst, key, props, ...}]."""
    t = checked_type(rel)
    return (
        f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{key: row.src}}) MATCH (b:{BASE_LABEL} {{key: row.dst}}) "
        f"MERGE (a)-[r:{t} {{key: row.key}}]->(b) "
        f"SET r += row.props, {_set_union('r')}"
    )


def create_nodes(label: str) -> str:
    """CREATE a batch of nodes known to be new (an article not yet in the graph, its quotes)."""
    lbl = checked_label(label)
    sets = ", ".join(f"n.{p} = row.{p}" for p in sorted(SET_PROPS))
    return f"UNWIND $rows AS row CREATE (n:{BASE_LABEL}:{lbl} {{key: row.key}}) SET n.label = $label, n += row.props, {sets}"


def create_edges(rel: str) -> str:
    """CREATE a batch of relationships known to be new (one end is a new article or quote)."""
    t = checked_type(rel)
    sets = ", ".join(f"r.{p} = row.{p}" for p in sorted(SET_PROPS))
    return (
        f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{key: row.src}}) MATCH (b:{BASE_LABEL} {{key: row.dst}}) "
        f"CREATE (a)-[r:{t} {{key: row.key}}]->(b) SET r += row.props, {sets}"
    )


EXISTING = f"UNWIND $keys AS k MATCH (n:{BASE_LABEL} {{key: k}}) RETURN k"


def merge_node_single(label: str) -> str:
    """The naive writer's statement: one node per query (for the benchmark)."""
    lbl = checked_label(label)
    return (
        f"MERGE (n:{BASE_LABEL}:{lbl} {{key: $row.key}}) ON CREATE SET n.label = $label "
        f"SET n += $row.props, {_set_union('n').replace('row.', '$row.')}"
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
PRUNE_NODES = (
    f"UNWIND $keys AS k MATCH (e:{BASE_LABEL} {{key: k}}) WHERE $id IN e.articles "
    "SET e.articles = [x IN e.articles WHERE x <> $id] "
    "WITH e WHERE size(e.articles) = 0 DETACH DELETE e"
)
GET_NODE = f"MATCH (n:{BASE_LABEL} {{key: $key}}) RETURN properties(n) AS p"


def nodes_query(label: str | None) -> str:
    """All nodes (of a label), ordered by key."""
    lbl = checked_label(label) if label else BASE_LABEL
    return f"MATCH (n:{lbl}) RETURN properties(n) AS p ORDER BY n.key"


def edges_query(rel: str | None, *, src: bool, dst: bool) -> str:
    """Edges filtered by type and ends ($src, $dst)."""
    t = f":{checked_type(rel)}" if rel else ""
    a = f"(a:{BASE_LABEL} {{key: $src}})" if src else f"(a:{BASE_LABEL})"
    b = f"(b:{BASE_LABEL} {{key: $dst}})" if dst else f"(b:{BASE_LABEL})"
    return f"MATCH {a}-[r{t}]->{b} RETURN a.key AS src, b.key AS dst, type(r) AS type, properties(r) AS p"
