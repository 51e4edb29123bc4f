"""Queries on the in-memory graph, as lookups: a name index and per-label node lists, rebuilt
when the graph changed, then adjacency from the entity a name resolves to. No query scans all
nodes (but `quotes` without a speaker or topic, which lists every statement).

Entity resolution is followed at read time: a name resolves to the canonical entity (through
its `SAME_AS` link), whose statements, mentions and roles include those of its variants;
`POSSIBLY_SAME` names are reported apart (`AmbiguousName`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import networkx as nx
from pydantic import BaseModel

from ...model import (
    ATTRIBUTED_TO,
    ENTITY_LABELS,
    POSSIBLY_SAME,
    SAME_AS,
    AmbiguousName,
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
from .claims import ClaimReads

T = TypeVar("T", bound=BaseModel)


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
    canon: dict[str, str] = field(default_factory=dict)  # variant key -> canonical key (SAME_AS)
    stats: Stats | None = None


def _norms(d: dict[str, Any]) -> list[str]:
    """The normal forms of an entity: those stored, and those of its name and aliases (a graph
    written before `norms` existed has none stored)."""
    forms = {*(d.get("norms") or []), normal_name(d.get("name", "")), *(normal_name(a) for a in d.get("aliases") or [])}
    return sorted(forms - {""})


def _uniq(items: Iterable[T]) -> list[T]:
    """Distinct result models (by their JSON), in first-seen order."""
    seen: dict[str, T] = {}
    for it in items:
        seen.setdefault(it.model_dump_json(), it)
    return list(seen.values())


class NetworkXReader(ClaimReads):
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
        for u, v, d in self.store.g.edges(data=True):
            if d.get("type") == SAME_AS:
                ix.canon.setdefault(str(u), str(v))
        self._ix = ix
        return ix

    def _ref(self, key: str) -> EntityRef:
        d = self.store.g.nodes[key]
        return EntityRef(key=key, label=d.get("label", "?"), name=d.get("name", key))

    # -- entity resolution -----------------------------------------------------------------
    def _canon(self, key: str) -> str:
        """The entity a variant is resolved to (itself when it is no variant)."""
        return self._index().canon.get(key, key)

    def _members(self, key: str) -> list[str]:
        """An entity and its variants (SAME_AS to it)."""
        g = self.store.g
        return [key, *sorted(u for u, _, d in g.in_edges(key, data=True) if d.get("type") == SAME_AS)]

    def _ambiguous(self, key: str) -> list[AmbiguousName]:
        """Names that may be this entity (POSSIBLY_SAME to it), with their statements and candidates."""
        g = self.store.g
        out = []
        for u in sorted(u for u, _, d in g.in_edges(key, data=True) if d.get("type") == POSSIBLY_SAME):
            said = sum(1 for _, _, d in g.out_edges(u, data=True) if d.get("type") == "SAID")
            cands = sorted((self._ref(v) for _, v, d in g.out_edges(u, data=True) if d.get("type") == POSSIBLY_SAME),
                           key=lambda r: (r.name, r.key))
            out.append(AmbiguousName(entity=self._ref(u), statements=said, candidates=cands))
        return sorted(out, key=lambda a: (-a.statements, a.entity.name, a.entity.key))

    def _cref(self, key: str) -> EntityRef:
        """The canonical entity of a key, as a reference."""
        c = self._canon(key) if key in self.store.g else key
        return self._ref(c) if c in self.store.g else EntityRef.from_key(c)

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
            return [self._cref(q.key)]
        if not q.norm:
            return []
        words = q.norm.split()
        cands = ix.by_norm.get(q.norm, set()) | ix.by_last.get(words[-1], set()) | ix.by_first.get(words[0], set())
        # Each match counts for its canonical entity, with its best rank and its largest weight.
        found: dict[str, tuple[int, int]] = {}
        for key in cands:
            rank = q.rank(ix.norms[key])
            if rank is None or g.nodes[key].get("label") not in labels:
                continue
            c = self._canon(key)
            r, w = found.get(c, (rank, 0))
            found[c] = (min(r, rank), max(w, self._weight(key)))
        if not found:
            return []
        best = min(r for r, _ in found.values())
        keys = sorted((k for k, (r, _) in found.items() if r == best), key=lambda k: (-found[k][1], k))
        return [self._ref(k) for k in keys]

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
        mentions = sorted(_uniq(self._cref(v) for _, v, d in g.out_edges(key, data=True) if d.get("type") == "MENTIONS"),
                          key=lambda r: (r.name, r.key))
        sk = q.get("speaker")
        speaker = None if not sk else self._cref(sk) if sk in g else EntityRef.from_key(sk, q.get("speaker_name"))
        role = None
        if speaker is None:  # a title its article does not resolve, attributed to the role's holder
            held = self._held(key)
            if held is not None:
                speaker, role = self._cref(held[0]), held[1].get("title")
        return QuoteResult(
            id=key, text=q.get("text", ""), kind=q.get("kind", ""), cue=q.get("cue", ""),
            speaker=speaker, speaker_mention=q.get("speaker_mention"),
            article=q["article"], article_title=art.get("title"), published=art.get("published"), outlet=art.get("outlet"),
            evidence=q.get("evidence", ""), start=q.get("start", 0), end=q.get("end", 0),
            confidence=q.get("confidence", 0.0), mentions=mentions,
            framing=q.get("framing") or "neutral", negated=bool(q.get("negated")), hedged=bool(q.get("hedged")),
            said_on=q.get("said_on"), said_precision=q.get("said_precision"), speaker_role=role,
        )

    def _speaker_of(self, quote: str) -> str | None:
        """A statement's speaker key: the extracted one, else the holder of the role its title names (ATTRIBUTED_TO)."""
        held = self._held(quote)
        return self.store.g.nodes[quote].get("speaker") or (held[0] if held else None)

    def _held(self, quote: str) -> tuple[str, dict[str, Any]] | None:
        """The holder a statement by an unresolved title is attributed to, with the link's properties."""
        return next(((str(v), d) for _, v, d in self.store.g.out_edges(quote, data=True) if d.get("type") == ATTRIBUTED_TO), None)

    def _quote_keys(self, sp: EntityRef | None, ab: EntityRef | None) -> list[str]:
        g = self.store.g
        keys: set[str] | None = None
        if sp is not None:
            members = self._members(sp.key)
            keys = {v for m in members for _, v, d in g.out_edges(m, data=True) if d.get("type") == "SAID"}
            keys |= {u for m in members for u, _, d in g.in_edges(m, data=True) if d.get("type") == ATTRIBUTED_TO}
        if ab is not None:
            about = {u for m in self._members(ab.key) for u, _, d in g.in_edges(m, data=True)
                     if d.get("type") == "MENTIONS" and g.nodes[u].get("label") == "Quote"}
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
            if q.framing and (d.get("framing") or "neutral") != q.framing:
                continue
            when = d.get("said_on") or d.get("published") or ""
            if (q.since and when < q.since) or (q.until and (not when or when >= q.until)):
                continue
            rows.append(key)
        rows.sort(key=lambda k: (g.nodes[g.nodes[k]["article"]].get("published") or "" if g.nodes[k]["article"] in g else "",
                                 g.nodes[k]["article"], g.nodes[k].get("start", 0)))
        if q.limit:
            rows = rows[: q.limit]
        return Quotes(speaker=sp, about=ab, rows=[self._quote(k, arts) for k in rows],
                      ambiguous=self._ambiguous(sp.key) if sp is not None else [])

    def speakers_about(self, name: str) -> tuple[EntityRef | None, list[SpeakerCount]]:
        """Who speaks about an entity, most active first."""
        ent = self._resolve(name)
        if ent is None:
            return None, []
        g = self.store.g
        per: dict[str, set[str]] = {}
        arts: dict[str, set[str]] = {}
        for m in self._members(ent.key):
            for u, _, d in g.in_edges(m, data=True):
                q = g.nodes[u]
                sk = self._speaker_of(u) if d.get("type") == "MENTIONS" and q.get("label") == "Quote" else None
                if sk is None:
                    continue
                who = self._cref(sk).key
                per.setdefault(who, set()).add(u)
                arts.setdefault(who, set()).add(q["article"])
        out = [SpeakerCount(speaker=self._cref(k), statements=len(qs), articles=len(arts[k])) for k, qs in per.items()]
        out.sort(key=lambda s: (-s.statements, s.speaker.name))
        return ent, out

    def profile(self, name: str) -> Profile | None:
        """An entity's type, aliases, roles, mentions, articles and statements."""
        ent = self._resolve(name)
        if ent is None:
            return None
        g, key = self.store.g, ent.key
        roles, holders, programs, owners = [], [], [], []
        articles: dict[str, ArticleRef] = {}
        by = about = 0
        members = self._members(key)
        for m in members:
            for _, v, d in g.out_edges(m, data=True):
                t = d.get("type")
                if t == "HOLDS_ROLE":
                    roles.append(Role(title=d.get("title"), of=self._cref(v)))
                elif t == "RUN_BY":
                    owners.append(self._cref(v))
                elif t == "SAID":
                    by += 1
            for u, _, d in g.in_edges(m, data=True):
                t, src = d.get("type"), g.nodes[u]
                if t == ATTRIBUTED_TO:
                    by += 1
                elif t == "MENTIONS" and src.get("label") == "Article":
                    n = int(d.get("count") or 0) + (articles[u].mentions if u in articles else 0)
                    articles[u] = ArticleRef(id=u, title=src.get("title"), published=src.get("published"), mentions=n)
                elif t == "MENTIONS" and src.get("label") == "Quote":
                    about += 1
                elif t == "RUN_BY":
                    programs.append(self._cref(u))
                elif t == "HOLDS_ROLE":
                    holders.append(Holder(person=self._cref(u), title=d.get("title")))
        aliases = {a for m in members for a in (g.nodes[m].get("aliases") or [])} | {g.nodes[m].get("name", "") for m in members[1:]}
        return Profile(
            key=key, label=ent.label, name=ent.name, aliases=sorted(aliases - {"", ent.name}),
            roles=sorted(_uniq(roles), key=lambda r: (r.of.name, r.title or "", r.of.key)),
            mentions=sum(a.mentions for a in articles.values()),
            articles=sorted(articles.values(), key=lambda a: (a.published or "", a.id)), statements_by=by, statements_about=about,
            holders=sorted(_uniq(holders), key=lambda h: (h.person.name, h.title or "", h.person.key)),
            programs=sorted(_uniq(programs), key=lambda r: (r.name, r.key)), run_by=sorted(_uniq(owners), key=lambda r: (r.name, r.key)),
            variants=sorted((self._ref(m) for m in members[1:]), key=lambda r: (r.name, r.key)), ambiguous=self._ambiguous(key),
        )

    def comentions(self, name: str, limit: int | None) -> tuple[EntityRef | None, list[CoMention]]:
        """Entities mentioned in the same articles, by number of shared articles."""
        ent = self._resolve(name)
        if ent is None:
            return None, []
        g = self.store.g
        counter: Counter[str] = Counter()
        arts = {a for m in self._members(ent.key) for a, _, d in g.in_edges(m, data=True)
                if d.get("type") == "MENTIONS" and g.nodes[a].get("label") == "Article"}
        for a in arts:
            counter.update({self._canon(v) for _, v, e in g.out_edges(a, data=True) if e.get("type") == "MENTIONS"} - {ent.key})
        nodes = g.nodes
        top = sorted(counter.items(), key=lambda kn: (-kn[1], nodes[kn[0]].get("name", kn[0]) if kn[0] in nodes else kn[0], kn[0]))
        return ent, [CoMention(entity=self._ref(k) if k in nodes else EntityRef.from_key(k), articles=n)
                     for k, n in (top[:limit] if limit else top)]

    def stats(self) -> Stats:
        """Node counts per label and edge counts per type (cached until the graph changes)."""
        ix = self._index()
        if ix.stats is None:
            g = self.store.g
            labels = {k: len(v) for k, v in sorted(ix.by_label.items())}
            types = Counter(d.get("type", "?") for _, _, d in g.edges(data=True))
            ix.stats = Stats(nodes=g.number_of_nodes(), edges=g.number_of_edges(), labels=labels, types=dict(sorted(types.items())))
        return ix.stats
