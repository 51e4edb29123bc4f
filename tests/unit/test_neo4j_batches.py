"""The Neo4j writers' pure parts, without a server: rows merged per key before they are sent give
what writing them one after another gives, and the parallel writer's packing never gives a key
to two transactions of a round. (Against a real server: tests/integration/test_neo4j_load.py.)"""

from __future__ import annotations

import random
from typing import Any

from graphbuild.model import SET_PROPS, EdgeRow, GraphRows, NodeRow
from graphbuild.store.names import names_field
from graphbuild.store.neo4j.batch import Grouped, group_rows, merge_list
from graphbuild.store.neo4j.parallel import bucket, pack


def _server_merge(node: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """What `cypher.merge_nodes` does to a stored node with one parameter row."""
    out = {**node}
    for k, v in row["props"].items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    for k in SET_PROPS:
        if row.get(k) is not None:
            out[k] = merge_list(out.get(k), row[k])
    if out.get("norms") is not None:
        out["names"] = names_field(out["norms"])
    return out


def test_merging_lists_composes() -> None:
    rng = random.Random(7)
    for _ in range(500):
        old, a, b = ([rng.choice("abcdef") for _ in range(rng.randint(0, 5))] for _ in range(3))
        assert merge_list(merge_list(old, a), b) == merge_list(old, merge_list(a, b))


def test_one_merged_row_per_key_writes_what_the_rows_one_by_one_write() -> None:
    rng = random.Random(11)
    for _ in range(200):
        rows = [NodeRow(key="Person:x", label="Person", props={
            "name": rng.choice(["X", "Mr X", None]), "aliases": rng.sample("abcd", rng.randint(0, 3)),
            "norms": rng.sample("xyz", rng.randint(1, 2)), "articles": [f"a{i}"]}) for i in range(rng.randint(1, 6))]
        stored = {"name": "Old", "aliases": ["q"], "norms": ["x"], "articles": ["a0"]}
        one_by_one = stored
        for r in rows:  # a shared node's `articles` is never written: its articles are the edges to it
            one_by_one = _server_merge(one_by_one, {"props": {k: v for k, v in r.props.items() if k not in SET_PROPS},
                                                    **{k: r.props.get(k) for k in SET_PROPS if k != "articles"}})
        (merged,) = group_rows([GraphRows(article=f"a{i}", nodes=[r]) for i, r in enumerate(rows)], {"a0"}).nodes[("Person", False)].values()
        assert merged.merge_param()["articles"] is None
        assert _server_merge(stored, merged.merge_param()) == one_by_one


def test_rows_of_new_articles_are_created_whole_without_nulls() -> None:
    rows = GraphRows(article="art", nodes=[
        NodeRow(key="art", label="Article", props={"title": "T", "url": None, "articles": ["art"]}),
        NodeRow(key="q1", label="Quote", props={"text": "x", "speaker": None, "articles": ["art"]}),
        NodeRow(key="Person:x", label="Person", props={"name": "X", "norms": ["x"], "articles": ["art"]})],
        edges=[EdgeRow(src="q1", type="IN", dst="art", props={"articles": ["art"]})])
    g = group_rows([rows], set())
    assert set(g.nodes) == {("Article", True), ("Quote", True), ("Person", False)} and set(g.edges) == {("IN", True)}
    assert g.nodes[("Article", True)]["art"].create_param(node=True) == {"key": "art", "label": "Article", "title": "T", "articles": ["art"]}
    assert g.edges[("IN", True)][("q1", "art", "")].create_param(node=False) == {"src": "q1", "dst": "art", "p": {"articles": ["art"], "key": ""}}
    stored = group_rows([rows], {"art"})  # stored already: everything is merged
    assert {new for _, new in stored.nodes} == {False}
    parts = g.split(node=lambda k, key: "new" if k[1] else None, edge=lambda t, e: None)
    assert sorted(k for k, _ in parts["new"].nodes) == ["Article", "Quote"] and Grouped.union(parts.values()).rows() == 2


def test_a_round_never_gives_a_key_to_two_transactions_and_every_article_is_written_once() -> None:
    rng = random.Random(3)
    for _ in range(100):
        arts = [f"a{i}" for i in range(rng.randint(1, 40))]
        hubs = [f"k{j}" for j in range(rng.randint(1, 15))]
        keys = {a: set(rng.sample(hubs, rng.randint(0, min(3, len(hubs))))) for a in arts}
        weight = {a: rng.randint(1, 50) for a in arts}
        todo, seen, rounds = arts, [], 0
        while todo:
            groups, later = pack(todo, keys, weight, rng.randint(1, 4))
            assert groups, "a round always makes progress"
            owners: dict[str, int] = {}
            for i, group in enumerate(groups):
                for a in group:
                    for k in keys[a]:
                        assert owners.setdefault(k, i) == i, f"{k} in two transactions of a round"
            seen += [a for g in groups for a in g]
            todo, rounds = later, rounds + 1
        assert sorted(seen) == sorted(arts) and rounds <= len(arts)


def test_keys_fall_in_stable_buckets() -> None:
    assert bucket("Person:donald trump", 4) == bucket("Person:donald trump", 4) in range(4)
