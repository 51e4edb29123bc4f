"""Exports of a stored graph for other tools: GraphML, GEXF, JSONL, neo4j-admin import CSVs, HTML.

Reads through the store interface (any backend). Attributes are typed for the target format:
strings, integers, floats and booleans as they are; lists (provenance article ids, aliases)
joined with ";" for GraphML/GEXF (which have no list type) and written as `string[]` columns for
neo4j-admin; missing values left out.

>>> FORMATS
('graphml', 'gexf', 'jsonl', 'neo4j-csv', 'html')
"""

from __future__ import annotations

import csv
import json
import logging
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import QueryError
from .store import GraphStore

log = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf", "jsonl", "neo4j-csv", "html")
ARRAY_DELIMITER = ";"
# Long texts kept out of the visual exports (they are in the JSONL and CSV exports).
_HEAVY = {"text", "boilerplate"}
_COLORS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#e15759", "Program": "#76b7b2",
           "Location": "#59a14f", "Quote": "#bab0ac", "Article": "#edc948", "Outlet": "#b07aa1"}


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


def to_networkx(store: GraphStore, *, keep_text: bool = False) -> nx.MultiDiGraph:
    """The stored graph as a NetworkX MultiDiGraph with flat, typed attributes.

    >>> import tempfile, os
    >>> from graphbuild.store import open_store
    >>> to_networkx(open_store(os.path.join(tempfile.mkdtemp(), "g.json"))).number_of_nodes()
    0
    """
    g = nx.MultiDiGraph()
    drop = set() if keep_text else _HEAVY
    for n in store.nodes():
        props = _flat({k: v for k, v in n.items() if k != "key"}, drop=drop)
        props.setdefault("name", n.get("name") or n.get("title") or n.get("text", "")[:80] or n["key"])
        g.add_node(n["key"], **props)
    for e in store.edges():
        props = _flat({k: v for k, v in e.items() if k not in {"src", "dst", "key"}}, drop=drop)
        g.add_edge(e["src"], e["dst"], key=f"{e['type']}|{e['key']}", **props)
    return g


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


def _csv_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "string"
    if kinds <= {list, tuple}:
        return "string[]"
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _csv_value(v: Any, typ: str) -> str:
    if v is None:
        return ""
    if typ == "string[]":
        return ARRAY_DELIMITER.join(str(x).replace(ARRAY_DELIMITER, ",") for x in v)
    if typ == "boolean":
        return "true" if v else "false"
    return str(v)


def write_neo4j_csv(store: GraphStore, folder: str | Path, *, base_label: str = "GBNode") -> list[Path]:
    """CSV files for `neo4j-admin database import full`: one node file per label (`key:ID`,
    typed property columns, `:LABEL`) and one relationship file per type (`:START_ID`,
    `:END_ID`, `:TYPE`), plus `import.sh` with the command. Arrays use ';'.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for n in store.nodes():
        by_label.setdefault(n["label"], []).append(n)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in store.edges():
        by_type.setdefault(e["type"], []).append(e)
    files: list[Path] = []
    args: list[str] = []
    for label, rows in sorted(by_label.items()):
        props = sorted({k for r in rows for k in r if k not in {"key", "label"}})
        types = {k: _csv_type(r.get(k) for r in rows) for k in props}
        p = out / f"nodes_{label}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["key:ID"] + [f"{k}:{types[k]}" for k in props] + [":LABEL"])
            for r in rows:
                w.writerow([r["key"]] + [_csv_value(r.get(k), types[k]) for k in props] + [f"{base_label};{label}"])
        files.append(p)
        args.append(f"--nodes={p.name}")
    for typ, rows in sorted(by_type.items()):
        props = sorted({k for r in rows for k in r if k not in {"src", "dst", "type"}})
        types = {k: _csv_type(r.get(k) for r in rows) for k in props}
        p = out / f"rels_{typ}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([":START_ID"] + [f"{k}:{types[k]}" for k in props] + [":END_ID", ":TYPE"])
            for r in rows:
                w.writerow([r["src"]] + [_csv_value(r.get(k), types[k]) for k in props] + [r["dst"], typ])
        files.append(p)
        args.append(f"--relationships={p.name}")
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into an empty (stopped) database; then create the constraint graphbuild uses:\n"
        "#   CREATE CONSTRAINT graphbuild_key IF NOT EXISTS FOR (n:GBNode) REQUIRE n.key IS UNIQUE\n"
        'cd "$(dirname "$0")"\n'
        "neo4j-admin database import full ${1:-neo4j} "
        f"--array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true --overwrite-destination=true \\\n  "
        + " \\\n  ".join(args) + "\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    files.append(script)
    return files


def neighbourhood(store: GraphStore, entity: str, *, depth: int = 1) -> nx.MultiDiGraph:
    """The sub-graph around one entity (its statements, what they mention, its roles), `depth` hops.

    Quotes count as a hop's middle: speaker -> quote -> mentioned entity is one step.
    """
    from .query import find_entity

    ent = find_entity(store, entity)  # QueryError naming the entity when there is none
    g = to_networkx(store)
    keep = {ent["key"]}
    frontier = {ent["key"]}
    for _ in range(depth):
        nxt: set[str] = set()
        for k in frontier:
            for nb in [*g.successors(k), *g.predecessors(k)]:
                if g.nodes[nb].get("label") == "Article":
                    continue
                nxt.add(nb)
                if g.nodes[nb].get("label") == "Quote":
                    nxt.update(x for x in g.successors(nb) if g.nodes[x].get("label") != "Article")
        keep |= nxt
        frontier = nxt
    return g.subgraph(keep).copy()


def write_html(store: GraphStore, path: str | Path, *, speaker: str | None = None, depth: int = 1,
               max_nodes: int = 1500) -> Path:
    """A standalone interactive HTML view (pyvis / vis-network, scripts inlined: works offline):
    the whole graph without articles, or one speaker's neighbourhood. Nodes are coloured by label.
    """
    try:
        from pyvis.network import Network
    except ImportError as e:  # pragma: no cover - pyvis is a dependency
        raise QueryError("the HTML export needs pyvis: pip install pyvis") from e
    g = neighbourhood(store, speaker, depth=depth) if speaker else to_networkx(store)
    g = g.subgraph([n for n, d in g.nodes(data=True) if d.get("label") != "Article"]).copy()
    if g.number_of_nodes() > max_nodes:
        top = sorted(g.nodes, key=lambda n: g.degree(n), reverse=True)[:max_nodes]
        g = g.subgraph(top).copy()
        log.warning("HTML view limited to the %d most connected nodes", max_nodes)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for n, d in g.nodes(data=True):
        label = d.get("label", "")
        text = str(d.get("name") or n)
        title = f"{label}: {d.get('text', text)}" if label == "Quote" else f"{label}: {text}"
        net.add_node(n, label=text if label != "Quote" else textwrap.shorten(text, 40, placeholder="…"), title=title,
                     color=_COLORS.get(label, "#999999"), shape="box" if label == "Quote" else "dot",
                     size=10 if label == "Quote" else 18)
    for u, v, d in g.edges(data=True):
        net.add_edge(u, v, title=d.get("type", ""), label=d.get("type", ""))
    net.toggle_physics(True)
    html = net.generate_html(notebook=False)
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)


def export(store: GraphStore, fmt: str, path: str | Path, **kwargs: Any) -> list[Path]:
    """Write the store in one of FORMATS; returns the files written.

    >>> # export(open_store("graph.json"), "graphml", "graph.graphml")
    """
    if fmt == "graphml":
        return [write_graphml(store, path)]
    if fmt == "gexf":
        return [write_gexf(store, path)]
    if fmt == "jsonl":
        return [write_jsonl(store, path)]
    if fmt == "neo4j-csv":
        return write_neo4j_csv(store, path)
    if fmt == "html":
        return [write_html(store, path, **kwargs)]
    raise QueryError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
