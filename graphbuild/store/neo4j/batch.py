"""A batch of articles' rows as the parameters of few large Cypher statements (pure functions,
no driver): rows grouped by label and type, **one row per node key and per edge identity** in a
batch, and what is known to be new CREATEd rather than MERGEd.

Merging the rows of one key on the client gives the graph that writing them one after another
gives: plain properties are last-write-wins (`SET n += props`: a later `None` removes), and the
set-valued lists (`articles`, `aliases`, `norms`) are folded with the same operation the server
applies, `merge(old, new) = [x IN old WHERE NOT x IN new] + new`, which composes:
`merge(merge(L, a), b) == merge(L, merge(a, b))`. So the server applies one pre-merged row per
key, and an entity mentioned by 60 articles of a batch is written once, not 60 times.

Rows that can only be new (the Article and Quote nodes of an article not yet stored, and the
edges touching them) are CREATEd with their `None` properties left out and the indexed `names`
computed here; everything else is MERGEd.

A shared node (an entity, an outlet) is written without its `articles` list: on Neo4j an entity's
articles are the Article nodes with an edge to it (`cypher.PROVENANCE`), so a hub mentioned by
50,000 articles is not a 50,000-item list rewritten by every batch that mentions it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...model import OWN_LABELS, SET_PROPS, EdgeRow, GraphRows, NodeRow
from ..names import names_field
from . import cypher


def merge_list(old: Sequence[Any] | None, new: Sequence[Any] | None) -> list[Any] | None:
    """The server's merge of a set-valued list: `old` without the items of `new`, then `new`
    (`None` for `new` leaves `old` as it is).

    >>> merge_list(["a", "b"], ["a", "c"])
    ['b', 'a', 'c']
    >>> merge_list(["a"], None), merge_list(None, None)
    (['a'], None)
    """
    if new is None:
        return list(old) if old is not None else None
    drop = set(new)
    return [x for x in old or [] if x not in drop] + list(new)


@dataclass
class Merged:
    """The pre-merged row of one node key or edge identity: plain properties (last write wins,
    `None` kept: it removes the property on an existing node) and the set-valued lists."""

    ident: dict[str, Any]
    props: dict[str, Any] = field(default_factory=dict)
    sets: dict[str, list[Any] | None] = field(default_factory=dict)

    def add(self, props: dict[str, Any]) -> None:
        """Fold one more row's properties in, after the ones already folded."""
        for k, v in props.items():
            if k not in SET_PROPS:
                self.props[k] = v
            elif v is not None:
                old = self.sets.get(k)
                self.sets[k] = v if old is None else merge_list(old, v)  # lists are never mutated in place

    def merge_param(self) -> dict[str, Any]:
        """The parameter row of a MERGE statement (`cypher.merge_nodes`/`merge_edges`)."""
        return {**self.ident, "props": self.props, **{k: self.sets.get(k) for k in SET_PROPS}}

    def create_param(self, *, node: bool) -> dict[str, Any]:
        """The parameter row of a CREATE statement: every property in one map, `None`s left out,
        with `names` for an entity node (`cypher.create_nodes`/`create_edges`)."""
        p = {k: v for k, v in self.props.items() if v is not None}
        p.update({k: v for k, v in self.sets.items() if v is not None})
        if node and p.get("norms") is not None:
            p["names"] = names_field(p["norms"])
        if node and p.get("label") == "Quote":
            p["sort_date"] = cypher.sort_date(p.get("published"))
        p["key"] = self.ident["key"]
        return p if node else {"src": self.ident["src"], "dst": self.ident["dst"], "p": p}


@dataclass
class Grouped:
    """A batch's rows grouped for the statements: `(label or type, new)` -> merged rows, in the
    order their keys first appear."""

    nodes: dict[tuple[str, bool], dict[str, Merged]] = field(default_factory=dict)
    edges: dict[tuple[str, bool], dict[tuple[str, str, str], Merged]] = field(default_factory=dict)

    def add_node(self, n: NodeRow, new: bool) -> None:
        """Fold a node row into its group."""
        group = self.nodes.setdefault((n.label, new), {})
        m = group.get(n.key)
        if m is None:
            m = group[n.key] = Merged({"key": n.key})
            if new:
                m.props["label"] = n.label
        m.add(cypher.stored_props(n.label, n.props))

    def add_edge(self, e: EdgeRow, new: bool) -> None:
        """Fold an edge row into its group."""
        group = self.edges.setdefault((e.type, new), {})
        ident = (e.src, e.dst, e.key)
        m = group.get(ident)
        if m is None:
            m = group[ident] = Merged({"src": e.src, "dst": e.dst, "key": e.key})
        m.add(e.props)

    def rows(self) -> int:
        """How many rows the statements write (after merging)."""
        return sum(len(g) for g in self.nodes.values()) + sum(len(g) for g in self.edges.values())

    def split(self, node: Callable[[tuple[str, bool], str], Hashable | None],
              edge: Callable[[tuple[str, bool], tuple[str, str, str]], Hashable | None]) -> dict[Hashable, Grouped]:
        """The rows divided into parts: a node by `node((label, new), key)`, an edge by
        `edge((type, new), (src, dst, key))`; a row whose part is None is left out.

        >>> from graphbuild.model import NodeRow
        >>> g = group_rows([GraphRows(article="a", nodes=[NodeRow(key="a", label="Article")])], set())
        >>> sorted(g.split(node=lambda group, key: len(key), edge=lambda group, ident: None))
        [1]
        """
        out: dict[Hashable, Grouped] = {}
        for k, ms in self.nodes.items():
            for key, m in ms.items():
                if (part := node(k, key)) is not None:
                    out.setdefault(part, Grouped()).nodes.setdefault(k, {})[key] = m
        for t, es in self.edges.items():
            for ident, m in es.items():
                if (part := edge(t, ident)) is not None:
                    out.setdefault(part, Grouped()).edges.setdefault(t, {})[ident] = m
        return out

    @staticmethod
    def union(parts: Iterable[Grouped]) -> Grouped:
        """The rows of several parts with disjoint keys, as one (for one transaction's statements)."""
        out = Grouped()
        for p in parts:
            for k, ms in p.nodes.items():
                out.nodes.setdefault(k, {}).update(ms)
            for t, es in p.edges.items():
                out.edges.setdefault(t, {}).update(es)
        return out

    def write(self, tx: Any, chunk: int) -> None:
        """Run the statements in a transaction, `chunk` rows per statement: the nodes (new ones
        first), then the edges (every end exists by then)."""
        for (label, new), ms in sorted(self.nodes.items(), key=lambda kv: (not kv[0][1], kv[0][0])):
            q = cypher.create_nodes(label) if new else cypher.merge_nodes(label)
            items = [m.create_param(node=True) if new else m.merge_param() for m in ms.values()]
            for i in range(0, len(items), chunk):
                tx.run(q, rows=items[i : i + chunk], label=label).consume()
        for (rel, new), es in sorted(self.edges.items(), key=lambda kv: (not kv[0][1], kv[0][0])):
            q = cypher.create_edges(rel) if new else cypher.merge_edges(rel)
            items = [m.create_param(node=False) if new else m.merge_param() for m in es.values()]
            for i in range(0, len(items), chunk):
                tx.run(q, rows=items[i : i + chunk]).consume()


def group_rows(batch: Iterable[GraphRows], existing: set[str]) -> Grouped:
    """Group and pre-merge a batch's rows; `existing`: the batch's article ids already stored.

    An article not in `existing` is new: its Article and Quote nodes and every edge touching them
    are CREATEd (an article twice in a batch is created once, its rows merged).

    >>> from graphbuild.model import NodeRow
    >>> rows = GraphRows(article="a", nodes=[NodeRow(key="a", label="Article", props={"articles": ["a"]}),
    ...                                      NodeRow(key="Person:x", label="Person", props={"name": "X", "articles": ["a"]})])
    >>> g = group_rows([rows, rows.model_copy(update={"article": "a"})], set())
    >>> sorted((label, new, len(ms)) for (label, new), ms in g.nodes.items())
    [('Article', True, 1), ('Person', False, 1)]
    """
    out = Grouped()
    for rows in batch:
        fresh = {n.key for n in rows.nodes if n.label in OWN_LABELS} if rows.article not in existing else set()
        for n in rows.nodes:
            out.add_node(n, n.key in fresh)
        for e in rows.edges:
            out.add_edge(e, e.src in fresh or e.dst in fresh)
    return out
