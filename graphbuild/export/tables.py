"""The graph as tables for other tools: a NetworkX graph with flat, typed attributes, and from it
GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi) and JSON Lines.

Attributes are typed for the target format: strings, integers, floats and booleans as they are;
lists (provenance article ids, aliases) joined with ";" (GraphML/GEXF have no list type);
missing values left out; long texts left out of the visual formats.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..store import GraphStore

ARRAY_DELIMITER = ";"
# Long texts and the name index kept out of the visual exports (they are in the JSONL and CSV exports).
_HEAVY = {"text", "boilerplate", "norms"}


def _flat(props: dict[str, Any], *, drop: set[str] = _HEAVY) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if v is None or k in drop:
            continue
        if isinstance(v, (list, tuple)):
            out[k] = ARRAY_DELIMITER.join(str(x) for x in v)
        elif isinstance(v, (bool, int, float, str)):
            out[k] = v
        else:
            out[k] = json.dumps(v, ensure_ascii=False)
    return out


def to_networkx(store: GraphStore, *, keep_text: bool = False, labels: set[str] | None = None) -> nx.MultiDiGraph:
    """The stored graph, or the nodes of some `labels` and the edges between them, as a NetworkX
    MultiDiGraph with flat, typed attributes (streamed from the store: the notebooks' graph).

    >>> import tempfile, os
    >>> from graphbuild.store import open_store
    >>> to_networkx(open_store(os.path.join(tempfile.mkdtemp(), "g.db")), labels={"Person"}).number_of_nodes()
    0
    """
    g = nx.MultiDiGraph()
    drop = set() if keep_text else _HEAVY
    for label in sorted(labels) if labels is not None else [None]:
        for n in store.nodes(label):
            add_node(g, n, drop)
    for e in store.edges():
        if labels is None or (e["src"] in g and e["dst"] in g):
            add_edge(g, e, drop)
    return g


def add_node(g: nx.MultiDiGraph, n: dict[str, Any], drop: set[str] = _HEAVY) -> None:
    """Add a stored node (as `GraphStore.node` gives it) with flat attributes."""
    props = _flat({k: v for k, v in n.items() if k != "key"}, drop=drop)
    props.setdefault("name", n.get("name") or n.get("title") or n.get("text", "")[:80] or n["key"])
    g.add_node(n["key"], **props)


def add_edge(g: nx.MultiDiGraph, e: dict[str, Any], drop: set[str] = _HEAVY) -> None:
    """Add a stored edge (as `GraphStore.edges` gives it) with flat attributes."""
    props = _flat({k: v for k, v in e.items() if k not in {"src", "dst", "key"}}, drop=drop)
    g.add_edge(e["src"], e["dst"], key=f"{e['type']}|{e['key']}", **props)


def _unify_types(g: nx.MultiDiGraph) -> None:
    """GraphML/GEXF declare one type per attribute: a key seen as both int and str becomes str."""
    for items in (list(g.nodes(data=True)), [(None, d) for *_, d in g.edges(keys=True, data=True)]):
        kinds: dict[str, set[type]] = {}
        for _, d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in kinds.items() if len(ts) > 1 and not ts <= {int, float}}
        floats = {k for k, ts in kinds.items() if ts == {int, float}}
        for _, d in items:
            for k in mixed & d.keys():
                d[k] = str(d[k])
            for k in floats & d.keys():
                d[k] = float(d[k])


def write_graphml(store: GraphStore, path: str | Path) -> Path:
    """GraphML (Gephi, Cytoscape, yEd): typed attributes, lists joined with ';'."""
    g = to_networkx(store)
    _unify_types(g)
    nx.write_graphml(g, str(path), named_key_ids=True)
    return Path(path)


def write_gexf(store: GraphStore, path: str | Path) -> Path:
    """GEXF 1.2 (Gephi): typed attributes, lists joined with ';'.

    GEXF reserves `label` (what Gephi shows) and an edge's `type` (directed or not): a node's
    label is its name and its graph label is in `kind`; an edge's relationship type is in
    `relation` (and its label).
    """
    g = to_networkx(store)
    for _, d in g.nodes(data=True):
        d["kind"] = d.pop("label", "")
        d["label"] = str(d.get("name", ""))
    for *_, d in g.edges(keys=True, data=True):
        d["relation"] = d.pop("type", "")
        d["label"] = d["relation"]
    _unify_types(g)
    nx.write_gexf(g, str(path))
    return Path(path)


def write_jsonl(store: GraphStore, path: str | Path) -> Path:
    """One JSON object per line: every node (`"element": "node"`) then every edge (`"element": "edge"`)."""
    with Path(path).open("w", encoding="utf-8") as f:
        for n in store.nodes():
            f.write(json.dumps({**n, "element": "node"}, ensure_ascii=False, sort_keys=True) + "\n")
        for e in store.edges():
            f.write(json.dumps({**e, "element": "edge"}, ensure_ascii=False, sort_keys=True) + "\n")
    return Path(path)
