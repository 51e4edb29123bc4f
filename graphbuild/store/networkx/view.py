"""The in-memory graph as a `GraphView`: a name index, per-label key lists and the canonical map,
rebuilt when the graph changed, and adjacency for everything else."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

from ...model import ENTITY_LABELS, SAME_AS, QuoteQuery, Stats
from ..names import entity_norms
from ..view import (
    count_speakers,
    scan_comentions,
    scan_mentioning_articles,
    scan_quotes,
    scan_statement_speakers,
)


class Graph(Protocol):
    """What the view needs of its store: the graph, and a counter bumped by every change."""

    g: nx.MultiDiGraph
    version: int


@dataclass
class _Index:
    version: int = -1
    by_norm: dict[str, set[str]] = field(default_factory=dict)  # normal form -> entity keys
    by_last: dict[str, set[str]] = field(default_factory=dict)  # last word of a normal form -> keys
    by_first: dict[str, set[str]] = field(default_factory=dict)  # first word -> keys
    norms: dict[str, list[str]] = field(default_factory=dict)  # entity key -> its normal forms
    by_label: dict[str, list[str]] = field(default_factory=dict)  # label -> sorted keys
    canon: dict[str, str] = field(default_factory=dict)  # variant key -> canonical key (SAME_AS)
    stats: Stats | None = None


_BULKY = {"articles", "text", "boilerplate", "sketch"}


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    bulky = _BULKY if d.get("label") == "Article" else {"articles"}
    return {k: v for k, v in d.items() if k not in bulky}


class NetworkXView:
    """Lookups on a `NetworkXStore`'s graph (see `graphbuild.store.view.GraphView`).

    >>> import os, tempfile
    >>> from graphbuild.store import NetworkXStore
    >>> NetworkXView(NetworkXStore(os.path.join(tempfile.mkdtemp(), "g.json"))).keys("Quote")
    []
    """

    def __init__(self, store: Graph) -> None:
        self.store = store
        self._ix = _Index()

    @property
    def version(self) -> int:
        """The store's change counter."""
        return self.store.version

    def _index(self) -> _Index:
        if self._ix.version == self.store.version:
            return self._ix
        ix = _Index(version=self.store.version)
        for key, d in self.store.g.nodes(data=True):
            label = d.get("label", "?")
            ix.by_label.setdefault(label, []).append(key)
            if label not in ENTITY_LABELS:
                continue
            ix.norms[key] = forms = entity_norms(d)
            for f in forms:
                words = f.split()
                ix.by_norm.setdefault(f, set()).add(key)
                ix.by_last.setdefault(words[-1], set()).add(key)
                ix.by_first.setdefault(words[0], set()).add(key)
        for keys in ix.by_label.values():
            keys.sort()
        for u, v, d in self.store.g.edges(data=True):
            if d.get("type") == SAME_AS:
                ix.canon.setdefault(str(u), str(v))
        self._ix = ix
        return ix

    def node(self, key: str) -> dict[str, Any] | None:
        """A node's label and properties, or None."""
        g = self.store.g
        return _clean(g.nodes[key]) if key in g else None

    def out(self, key: str, type: str) -> list[tuple[str, dict[str, Any]]]:
        """Outgoing edges of one type."""
        g = self.store.g
        return [(str(v), _clean(d)) for _, v, d in g.out_edges(key, data=True) if d.get("type") == type] if key in g else []

    def inc(self, key: str, type: str) -> list[tuple[str, dict[str, Any]]]:
        """Incoming edges of one type."""
        g = self.store.g
        return [(str(u), _clean(d)) for u, _, d in g.in_edges(key, data=True) if d.get("type") == type] if key in g else []

    def typed(self, type: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Every edge of one type."""
        return [(str(u), str(v), _clean(d)) for u, v, d in self.store.g.edges(data=True) if d.get("type") == type]

    def labelled(self, key: str, label: str) -> bool:
        """True when the node exists with this label."""
        g = self.store.g
        return key in g and g.nodes[key].get("label") == label

    def keys(self, label: str) -> list[str]:
        """Every key of a label, sorted."""
        return list(self._index().by_label.get(label, []))

    def name_candidates(self, norm: str) -> dict[str, list[str]]:
        """Entities matching a normal form exactly, by its last word or by its first."""
        ix = self._index()
        words = norm.split()
        cands = ix.by_norm.get(norm, set()) | ix.by_last.get(words[-1], set()) | ix.by_first.get(words[0], set())
        return {k: ix.norms[k] for k in cands}

    def canon(self, key: str) -> str:
        """The canonical entity of a variant."""
        return self._index().canon.get(key, key)

    def weight(self, key: str) -> int:
        """The sum of the entity's article mention counts."""
        g = self.store.g
        return sum(int(d.get("count") or 0) for u, _, d in g.in_edges(key, data=True)
                   if d.get("type") == "MENTIONS" and g.nodes[u].get("label") == "Article")

    def stats(self) -> Stats:
        """Counts per label and per edge type (cached until the graph changes)."""
        ix = self._index()
        if ix.stats is None:
            g = self.store.g
            labels = {k: len(v) for k, v in sorted(ix.by_label.items())}
            types = Counter(d.get("type", "?") for _, _, d in g.edges(data=True))
            ix.stats = Stats(nodes=g.number_of_nodes(), edges=g.number_of_edges(), labels=labels, types=dict(sorted(types.items())))
        return ix.stats

    def entity_norms(self) -> Iterator[tuple[str, list[str]]]:
        """Every entity with its normal forms, by key."""
        ix = self._index()
        for key in sorted(ix.norms):
            yield key, ix.norms[key]

    def quote_keys(self, speakers: list[str] | None, about: list[str] | None, q: QuoteQuery) -> list[str]:
        """The statements a quotes query answers with, in order (by lookups)."""
        return scan_quotes(self, speakers, about, q)

    def speaker_counts(self, about: list[str]) -> dict[str, tuple[int, int]]:
        """(statements, articles) per canonical speaker of the statements mentioning `about` (by lookups)."""
        return count_speakers(self, scan_statement_speakers(self, about))

    def comention_counts(self, members: list[str]) -> dict[str, int]:
        """Shared articles per co-mentioned canonical entity (by lookups)."""
        return scan_comentions(self, members)

    def mentioning_articles(self, members: list[str]) -> list[tuple[str, int, str | None, str | None]]:
        """The articles mentioning `members`, with counts, titles and dates (by lookups)."""
        return scan_mentioning_articles(self, members)

    def degree(self, key: str, type: str, *, incoming: bool = False) -> int:
        """Edges of one type at a node."""
        return len(self.inc(key, type) if incoming else self.out(key, type))

    def count_mentioning_statements(self, members: list[str]) -> int:
        """MENTIONS edges from statements to `members`."""
        return sum(1 for m in members for u, _ in self.inc(m, "MENTIONS") if self.labelled(u, "Quote"))
