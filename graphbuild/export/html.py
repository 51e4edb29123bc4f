"""A standalone interactive HTML view (pyvis / vis-network): every script and style inlined, no
link to any other site, so it opens offline and from a mail attachment.

Article text (names, quotes, titles, outlets) is hostile input: it reaches the page only as JSON
inside the page's script, with `<`, `>`, `&` and `'` written as `\\u003c`… (no value can close the
script or open a tag), and is shown only as text: labels are drawn on the canvas and the hover
tooltip is vis-network's, which sets `innerText`. pyvis's other tooltip (switched on when any
title contains "href", it sets `innerHTML`: a name like `<img onerror=…>` would run), its heading
and its select menus (unescaped) are never used.
"""

from __future__ import annotations

import logging
import re
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx

from ..model import QueryError
from ..query import find_entity
from ..store import GraphStore
from .tables import add_edge, add_node, to_networkx

log = logging.getLogger(__name__)

_COLORS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#e15759", "Program": "#76b7b2",
           "Location": "#59a14f", "Quote": "#bab0ac", "Article": "#edc948", "Outlet": "#b07aa1"}
# pyvis's template links Bootstrap (and, in other modes, vis-network) from CDNs: dropped, the
# view does not need them.
_REMOTE = re.compile(r"<link\b[^>]*\bhref=[\"']https?://[^>]*>|<script\b[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", re.I | re.S)


def self_contained(html: str) -> str:
    """The page without tags that load anything from another site.

    >>> self_contained('<link href="https://cdn.x/b.css" rel="stylesheet"/><p>x</p><script src="https://cdn.x/b.js"></script>')
    '<p>x</p>'
    """
    return _REMOTE.sub("", html)


def neighbourhood(store: GraphStore, entity: str, *, depth: int = 1) -> nx.MultiDiGraph:
    """The sub-graph around one entity (its statements, what they mention, its roles), `depth` hops,
    read from the store edge by edge (only the neighbourhood is materialised).

    Quotes count as a hop's middle: speaker -> quote -> mentioned entity is one step.

    >>> # neighbourhood(open_store("graph.db"), "Kannan", depth=2).number_of_nodes()
    """
    ent = find_entity(store, entity)  # QueryError naming the entity when there is none
    nodes: dict[str, dict[str, Any]] = {}

    def label(k: str) -> str:
        if k not in nodes:
            nodes[k] = store.node(k) or {"key": k, "label": "?"}
        return str(nodes[k].get("label"))

    keep = {ent.key}
    frontier = {ent.key}
    for _ in range(depth):
        nxt: set[str] = set()
        for k in sorted(frontier):
            for e in [*store.edges(src=k), *store.edges(dst=k)]:
                nb = e["dst"] if e["src"] == k else e["src"]
                if label(nb) == "Article":
                    continue
                nxt.add(nb)
                if label(nb) == "Quote":
                    nxt.update(x["dst"] for x in store.edges(src=nb) if label(x["dst"]) != "Article")
        keep |= nxt
        frontier = nxt
    g = nx.MultiDiGraph()
    for k in sorted(keep):
        label(k)
        add_node(g, nodes[k])
    for k in sorted(keep):
        for e in store.edges(src=k):
            if e["dst"] in keep:
                add_edge(g, e)
    return g


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
    html = self_contained(_page(net))
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)


def _page(net: Any) -> str:
    """pyvis's page for `net` with every HTML sink of node data off: no HTML tooltip (pyvis turns
    it on for a title containing "href"), no heading, no select or filter menus, no DOT string.
    Nodes and edges go through Jinja's `tojson` (HTML-safe JSON).

    >>> from pyvis.network import Network
    >>> net = Network(cdn_resources="in_line")
    >>> net.add_node("a", label="a", title="<a href=x>")
    >>> page = _page(net)
    >>> "innerHTML = nodeData" in page, "<a href=x>" in page, "\\\\u003ca href=x\\\\u003e" in page
    (False, False, True)
    """
    nodes, edges, _heading, height, width, options = net.get_network_data()
    return str(net.templateEnv.get_template(net.path).render(
        height=height, width=width, nodes=nodes, edges=edges, heading="", options=options, physics_enabled=True,
        use_DOT=False, dot_lang="", widget=False, bgcolor=net.bgcolor, conf=False, tooltip_link=False,
        neighborhood_highlight=False, select_menu=False, filter_menu=False, notebook=False, cdn_resources=net.cdn_resources))
