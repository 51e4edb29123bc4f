"""Queries on the in-memory graph, as lookups: a name index and per-label node lists, rebuilt
when the graph changed, then adjacency from the entity a name resolves to. No query scans all
nodes (but `quotes` without a speaker or topic, which lists every statement)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

from ...model import (
    ENTITY_LABELS,
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
    normal_name,
)
from ..names import NameQuery


class Graph(Protocol):
    """What the reader needs of its store: the graph, and a counter bumped by every change."""

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
    stats: Stats | None = None


def _norms(d: dict[str, Any]) -> list[str]:
    """The normal forms of an entity: those stored, and those of its name and aliases (a graph
    written before `norms` existed has none stored)."""
    forms = {*(d.get("norms") or []), normal_name(d.get("name", "")), *(normal_name(a) for a in d.get("aliases") or [])}
    return sorted(forms - {""})


class NetworkXReader:
    """The read port of a `NetworkXStore`."""

    def __init__(self, store: Graph) -> None:
        self.store = store
        self._ix = _Index()

    # -- indexes ---------------------------------------------------------------------------
    def _index(self) -> _Index:
        if self._ix.version == self.store.version:
            return self._ix
        ix = _Index(version=self.store.version)
        for key, d in self.store.g.nodes(data=True):
            label = d.get("label", "?")
            ix.by_label.setdefault(label, []).append(key)
            if label not in ENTITY_LABELS:
                continue
            ix.norms[key] = forms = _norms(d)
            for f in forms:
                words = f.split()
                ix.by_norm.setdefault(f, set()).add(key)
                ix.by_last.setdefault(words[-1], set()).add(key)
                ix.by_first.setdefault(words[0], set()).add(key)
        for keys in ix.by_label.values():
            keys.sort()
        self._ix = ix
        return ix

    def _ref(self, key: str) -> EntityRef:
        d = self.store.g.nodes[key]
        return EntityRef(key=key, label=d.get("label", "?"), name=d.get("name", key))

    def _weight(self, key: str) -> int:
        g = self.store.g
        return sum(int(d.get("count") or 0) for u, _, d in g.in_edges(key, data=True)
                   if d.get("type") == "MENTIONS" and g.nodes[u].get("label") == "Article")

    # -- names -----------------------------------------------------------------------------
    def find(self, name: str, label: str | None = None) -> list[EntityRef]:
        """The entities a name refers to, best first (see `graphbuild.store.names`)."""
        ix = self._index()
        labels = {label} if label else set(ENTITY_LABELS)
        q = NameQuery.of(name)
        g = self.store.g
        if q.key is not None and q.key in g and g.nodes[q.key].get("label") in labels:
            return [self._ref(q.key)]
        if not q.norm:
            return []
        words = q.norm.split()
        cands = ix.by_norm.get(q.norm, set()) | ix.by_last.get(words[-1], set()) | ix.by_first.get(words[0], set())
        ranked: dict[int, list[str]] = {}
        for key in cands:
            rank = q.rank(ix.norms[key])
            if rank is not None and g.nodes[key].get("label") in labels:
                ranked.setdefault(rank, []).append(key)
        if not ranked:
            return []
        best = ranked[min(ranked)]
        best.sort(key=lambda k: (-self._weight(k), k))
        return [self._ref(k) for k in best]

    def _resolve(self, name: str | None) -> EntityRef | None:
        if not name:
            return None
        found = self.find(name)
        return found[0] if found else None

    def entity_names(self) -> Iterator[tuple[EntityRef, list[str]]]:
        """Every entity with its normal forms."""
        ix = self._index()
        for key in sorted(ix.norms):
            yield self._ref(key), ix.norms[key]

    # -- queries ---------------------------------------------------------------------------
    def _quote(self, key: str, arts: dict[str, dict[str, Any]]) -> QuoteResult:
        g = self.store.g
        q = g.nodes[key]
        art = arts.setdefault(q["article"], dict(g.nodes[q["article"]]) if q["article"] in g else {})
        mentions = sorted((self._ref(v) for _, v, d in g.out_edges(key, data=True) if d.get("type") == "MENTIONS"),
                          key=lambda r: (r.name, r.key))
        speaker = EntityRef.from_key(q["speaker"], q.get("speaker_name")) if q.get("speaker") else None
        return QuoteResult(
            id=key, text=q.get("text", ""), kind=q.get("kind", ""), cue=q.get("cue", ""),
            speaker=speaker, speaker_mention=q.get("speaker_mention"),
            article=q["article"], article_title=art.get("title"), published=art.get("published"), outlet=art.get("outlet"),
            evidence=q.get("evidence", ""), start=q.get("start", 0), end=q.get("end", 0),
            confidence=q.get("confidence", 0.0), mentions=mentions,
        )

    def _quote_keys(self, sp: EntityRef | None, ab: EntityRef | None) -> list[str]:
        g = self.store.g
        keys: set[str] | None = None
        if sp is not None:
            keys = {v for _, v, d in g.out_edges(sp.key, data=True) if d.get("type") == "SAID"}
        if ab is not None:
            about = {u for u, _, d in g.in_edges(ab.key, data=True) if d.get("type") == "MENTIONS" and g.nodes[u].get("label") == "Quote"}
            keys = about if keys is None else keys & about
        return list(self._index().by_label.get("Quote", [])) if keys is None else list(keys)

    def quotes(self, q: QuoteQuery) -> Quotes:
        """Statements by a speaker and/or about an entity, filtered and ordered."""
        sp, ab = self._resolve(q.speaker), self._resolve(q.about)
        if (q.speaker and sp is None) or (q.about and ab is None):
            return Quotes(speaker=sp, about=ab)
        g = self.store.g
        arts: dict[str, dict[str, Any]] = {}
        rows = []
        for key in self._quote_keys(sp, ab):
            d = g.nodes[key]
            if (q.kind and d.get("kind") != q.kind) or (q.article and d.get("article") != q.article):
                continue
            if q.since and (d.get("published") or "") < q.since:
                continue
            rows.append(key)
        rows.sort(key=lambda k: (g.nodes[g.nodes[k]["article"]].get("published") or "" if g.nodes[k]["article"] in g else "",
                                 g.nodes[k]["article"], g.nodes[k].get("start", 0)))
        if q.limit:
            rows = rows[: q.limit]
        return Quotes(speaker=sp, about=ab, rows=[self._quote(k, arts) for k in rows])

    def speakers_about(self, name: str) -> tuple[EntityRef | None, list[SpeakerCount]]:
        """Who speaks about an entity, most active first."""
        ent = self._resolve(name)
        if ent is None:
            return None, []
        g = self.store.g
        per: dict[str, set[str]] = {}
        arts: dict[str, set[str]] = {}
        for u, _, d in g.in_edges(ent.key, data=True):
            q = g.nodes[u]
            if d.get("type") != "MENTIONS" or q.get("label") != "Quote" or not q.get("speaker"):
                continue
            per.setdefault(q["speaker"], set()).add(u)
            arts.setdefault(q["speaker"], set()).add(q["article"])
        out = [SpeakerCount(speaker=self._ref(k) if k in g else EntityRef.from_key(k), statements=len(qs), articles=len(arts[k]))
               for k, qs in per.items()]
        out.sort(key=lambda s: (-s.statements, s.speaker.name))
        return ent, out

    def profile(self, name: str) -> Profile | None:
        """An entity's type, aliases, roles, mentions, articles and statements."""
        ent = self._resolve(name)
        if ent is None:
            return None
        g, key = self.store.g, ent.key
        roles, holders, programs, owners, articles = [], [], [], [], []
        by = about = mentions = 0
        for _, v, d in g.out_edges(key, data=True):
            t = d.get("type")
            if t == "HOLDS_ROLE":
                roles.append(Role(title=d.get("title"), of=self._ref(v)))
            elif t == "RUN_BY":
                owners.append(self._ref(v))
            elif t == "SAID":
                by += 1
        for u, _, d in g.in_edges(key, data=True):
            t, src = d.get("type"), g.nodes[u]
            if t == "MENTIONS" and src.get("label") == "Article":
                mentions += int(d.get("count") or 0)
                articles.append(ArticleRef(id=u, title=src.get("title"), published=src.get("published"), mentions=int(d.get("count") or 0)))
            elif t == "MENTIONS" and src.get("label") == "Quote":
                about += 1
            elif t == "RUN_BY":
                programs.append(self._ref(u))
            elif t == "HOLDS_ROLE":
                holders.append(Holder(person=self._ref(u), title=d.get("title")))
        d = g.nodes[key]
        return Profile(
            key=key, label=ent.label, name=ent.name, aliases=list(d.get("aliases") or []),
            roles=sorted(roles, key=lambda r: (r.of.name, r.title or "")), mentions=mentions,
            articles=sorted(articles, key=lambda a: (a.published or "", a.id)), statements_by=by, statements_about=about,
            holders=sorted(holders, key=lambda h: (h.person.name, h.title or "")), programs=sorted(programs, key=lambda r: r.name),
            run_by=sorted(owners, key=lambda r: r.name),
        )

    def comentions(self, name: str, limit: int | None) -> tuple[EntityRef | None, list[CoMention]]:
        """Entities mentioned in the same articles, by number of shared articles."""
        ent = self._resolve(name)
        if ent is None:
            return None, []
        g = self.store.g
        counter: Counter[str] = Counter()
        for a, _, d in g.in_edges(ent.key, data=True):
            if d.get("type") != "MENTIONS" or g.nodes[a].get("label") != "Article":
                continue
            counter.update({v for _, v, e in g.out_edges(a, data=True) if e.get("type") == "MENTIONS" and v != ent.key})
        out = sorted((CoMention(entity=self._ref(k), articles=n) for k, n in counter.items()), key=lambda c: (-c.articles, c.entity.name))
        return ent, out[:limit] if limit else out

    def stats(self) -> Stats:
        """Node counts per label and edge counts per type (cached until the graph changes)."""
        ix = self._index()
        if ix.stats is None:
            g = self.store.g
            labels = {k: len(v) for k, v in sorted(ix.by_label.items())}
            types = Counter(d.get("type", "?") for _, _, d in g.edges(data=True))
            ix.stats = Stats(nodes=g.number_of_nodes(), edges=g.number_of_edges(), labels=labels, types=dict(sorted(types.items())))
        return ix.stats
