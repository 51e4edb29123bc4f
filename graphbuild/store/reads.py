"""The queries of the embedded backends, answered by lookups on a `GraphView` (a node by key,
its edges of one type, names by normal form); no query scans the graph (but `quotes` without a
speaker or topic, which lists every statement).

Entity resolution is followed at read time: a name resolves to the canonical entity (through
its `SAME_AS` link), whose statements, mentions and roles include those of its variants;
`POSSIBLY_SAME` names are reported apart (`AmbiguousName`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel

from ..model import (
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
)
from .claims import ClaimReads
from .names import NameQuery
from .view import GraphView

T = TypeVar("T", bound=BaseModel)


def _uniq(items: Iterable[T]) -> list[T]:
    """Distinct result models (by their JSON), in first-seen order."""
    seen: dict[str, T] = {}
    for it in items:
        seen.setdefault(it.model_dump_json(), it)
    return list(seen.values())


class AdjacencyReader(ClaimReads):
    """The read port of the embedded stores (NetworkX file, SQLite file), on their `GraphView`.

    >>> import os, tempfile
    >>> from graphbuild.store import open_store
    >>> open_store(os.path.join(tempfile.mkdtemp(), "g.db")).reader.find("Ana Ruiz")
    []
    """

    def __init__(self, view: GraphView) -> None:
        self.v = view

    def _ref(self, key: str) -> EntityRef:
        d = self.v.node(key) or {}
        return EntityRef(key=key, label=d.get("label", "?"), name=d.get("name", key))

    # -- entity resolution -----------------------------------------------------------------
    def _members(self, key: str) -> list[str]:
        """An entity and its variants (SAME_AS to it)."""
        return [key, *sorted(u for u, _ in self.v.inc(key, SAME_AS))]

    def _ambiguous(self, key: str) -> list[AmbiguousName]:
        """Names that may be this entity (POSSIBLY_SAME to it), with their statements and candidates."""
        v = self.v
        out = []
        for u in sorted(u for u, _ in v.inc(key, POSSIBLY_SAME)):
            cands = sorted((self._ref(c) for c, _ in v.out(u, POSSIBLY_SAME)), key=lambda r: (r.name, r.key))
            out.append(AmbiguousName(entity=self._ref(u), statements=v.degree(u, "SAID"), candidates=cands))
        return sorted(out, key=lambda a: (-a.statements, a.entity.name, a.entity.key))

    def _cref(self, key: str) -> EntityRef:
        """The canonical entity of a key, as a reference."""
        c = self.v.canon(key) if self.v.node(key) is not None else key
        return self._ref(c) if self.v.node(c) is not None else EntityRef.from_key(c)

    # -- names -----------------------------------------------------------------------------
    def find(self, name: str, label: str | None = None) -> list[EntityRef]:
        """The entities a name refers to, best first (see `graphbuild.store.names`)."""
        v = self.v
        labels = {label} if label else set(ENTITY_LABELS)
        q = NameQuery.of(name)
        if q.key is not None and (v.node(q.key) or {}).get("label") in labels:
            return [self._cref(q.key)]
        if not q.norm:
            return []
        # Each match counts for its canonical entity, with its best rank and its largest weight.
        found: dict[str, tuple[int, int]] = {}
        for key, norms in v.name_candidates(q.norm).items():
            rank = q.rank(norms)
            if rank is None or (v.node(key) or {}).get("label") not in labels:
                continue
            c = v.canon(key)
            r, w = found.get(c, (rank, 0))
            found[c] = (min(r, rank), max(w, v.weight(key)))
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
        for key, norms in self.v.entity_norms():
            yield self._ref(key), norms

    # -- queries ---------------------------------------------------------------------------
    def _quote(self, key: str) -> QuoteResult:
        v = self.v
        q = v.node(key) or {}
        art = v.node(q["article"]) or {}
        mentions = sorted(_uniq(self._cref(m) for m, _ in v.out(key, "MENTIONS")), key=lambda r: (r.name, r.key))
        sk = q.get("speaker")
        speaker = None if not sk else self._cref(sk) if v.node(sk) is not None else EntityRef.from_key(sk, q.get("speaker_name"))
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
        return (self.v.node(quote) or {}).get("speaker") or (held[0] if held else None)

    def _held(self, quote: str) -> tuple[str, dict[str, Any]] | None:
        """The holder a statement by an unresolved title is attributed to, with the link's properties."""
        return next(iter(self.v.out(quote, ATTRIBUTED_TO)), None)

    def quotes(self, q: QuoteQuery) -> Quotes:
        """Statements by a speaker and/or about an entity, filtered and ordered."""
        sp, ab = self._resolve(q.speaker), self._resolve(q.about)
        if (q.speaker and sp is None) or (q.about and ab is None):
            return Quotes(speaker=sp, about=ab)
        keys = self.v.quote_keys(self._members(sp.key) if sp else None, self._members(ab.key) if ab else None, q)
        return Quotes(speaker=sp, about=ab, rows=[self._quote(k) for k in keys],
                      ambiguous=self._ambiguous(sp.key) if sp is not None else [])

    def speakers_about(self, name: str) -> tuple[EntityRef | None, list[SpeakerCount]]:
        """Who speaks about an entity, most active first."""
        ent = self._resolve(name)
        if ent is None:
            return None, []
        out = [SpeakerCount(speaker=self._cref(k), statements=n, articles=a)
               for k, (n, a) in self.v.speaker_counts(self._members(ent.key)).items()]
        out.sort(key=lambda s: (-s.statements, s.speaker.name))
        return ent, out

    def profile(self, name: str) -> Profile | None:
        """An entity's type, aliases, roles, mentions, articles and statements."""
        ent = self._resolve(name)
        if ent is None:
            return None
        v, key = self.v, ent.key
        roles, holders, programs, owners = [], [], [], []
        articles: dict[str, ArticleRef] = {}
        by = 0
        members = self._members(key)
        for m in members:
            roles += [Role(title=d.get("title"), of=self._cref(o)) for o, d in v.out(m, "HOLDS_ROLE")]
            owners += [self._cref(o) for o, _ in v.out(m, "RUN_BY")]
            by += v.degree(m, "SAID") + v.degree(m, ATTRIBUTED_TO, incoming=True)
            programs += [self._cref(u) for u, _ in v.inc(m, "RUN_BY")]
            holders += [Holder(person=self._cref(u), title=d.get("title")) for u, d in v.inc(m, "HOLDS_ROLE")]
        for u, n, title, published in v.mentioning_articles(members):
            n += articles[u].mentions if u in articles else 0
            articles[u] = ArticleRef(id=u, title=title, published=published, mentions=n)
        about = v.count_mentioning_statements(members)
        nodes = {m: v.node(m) or {} for m in members}
        aliases = {a for m in members for a in (nodes[m].get("aliases") or [])} | {nodes[m].get("name", "") for m in members[1:]}
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
        v = self.v
        counter = v.comention_counts(self._members(ent.key))
        counter.pop(ent.key, None)
        ranked = sorted(counter.items(), key=lambda kn: -kn[1])
        if limit and len(ranked) > limit:  # names only for what can make the cut (ties at the limit included)
            ranked = [kn for kn in ranked if kn[1] >= ranked[limit - 1][1]]
        names = {k: (v.node(k) or {}).get("name", k) for k, _ in ranked}
        top = sorted(ranked, key=lambda kn: (-kn[1], names[kn[0]], kn[0]))
        return ent, [CoMention(entity=self._ref(k) if v.node(k) is not None else EntityRef.from_key(k), articles=n)
                     for k, n in (top[:limit] if limit else top)]

    def stats(self) -> Stats:
        """Node counts per label and edge counts per type."""
        return self.v.stats()
