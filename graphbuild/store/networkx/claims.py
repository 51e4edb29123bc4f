"""Claims and republications on the in-memory graph: a claim is a statement's first report and
the later ones with `REPEATS` to it; a republication an article with `REPUBLISHES` to an
earlier one (docs/RESOLUTION.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...model import (
    REPEATS,
    REPUBLISHES,
    ArticleBrief,
    Claim,
    ClaimQuery,
    EntityRef,
    Occurrence,
    Republication,
    outlet_key,
)


class ClaimReads:
    """Mixed into `NetworkXReader`, which provides the store, name resolution and the index."""

    store: Any  # the NetworkX store (`reads.Graph`)

    _resolve: Callable[[str | None], EntityRef | None]
    _members: Callable[[str], list[str]]
    _cref: Callable[[str], EntityRef]
    _index: Callable[[], Any]

    # -- claims and republications --------------------------------------------------------
    def _occurrence(self, key: str, edge: dict[str, Any] | None) -> Occurrence:
        g = self.store.g
        q = g.nodes[key]
        a = g.nodes[q["article"]] if q.get("article") in g else {}
        extra: dict[str, Any] = {}
        if edge is not None:
            extra = {"change": edge.get("change"), "similarity": edge.get("similarity"),
                     "added": edge.get("added") or "", "removed": edge.get("removed") or ""}
        return Occurrence(statement=key, text=q.get("text", ""), article=q["article"], article_title=a.get("title"),
                          published=a.get("published"), outlet=a.get("outlet"), **extra)

    def _root(self, key: str) -> str:
        for _, v, d in self.store.g.out_edges(key, data=True):
            if d.get("type") == REPEATS:
                return str(v)
        return key

    def claims(self, q: ClaimQuery) -> tuple[EntityRef | None, list[Claim]]:
        """Claims with their occurrences: of a statement, of a speaker (and variants), or all
        reported more than once; most reported first."""
        g = self.store.g
        sp = None
        if q.statement is not None:
            roots = [self._root(q.statement)] if q.statement in g and g.nodes[q.statement].get("label") == "Quote" else []
        else:
            sp = self._resolve(q.speaker)
            if q.speaker and sp is None:
                return None, []
            said = ([v for m in self._members(sp.key) for _, v, d in g.out_edges(m, data=True) if d.get("type") == "SAID"]
                    if sp is not None else self._index().by_label.get("Quote", []))
            roots = [r for r in {self._root(k) for k in said} if any(d.get("type") == REPEATS for _, _, d in g.in_edges(r, data=True))]
        out = []
        for r in roots:
            later = [(u, d) for u, _, d in g.in_edges(r, data=True) if d.get("type") == REPEATS]
            occ = [self._occurrence(r, None), *(self._occurrence(u, d) for u, d in later)]
            occ[1:] = sorted(occ[1:], key=lambda o: (o.published or "", o.article, o.statement))
            sk = g.nodes[r].get("speaker")
            out.append(Claim(id=r, speaker=self._cref(sk) if sk else None, occurrences=occ))
        out.sort(key=lambda c: (-len(c.occurrences), c.occurrences[0].published or "", c.id))
        return sp, out[: q.limit] if q.limit else out

    def republications(self, outlet: str | None) -> list[Republication]:
        """Articles whose body is (nearly) an earlier article's; of or by an outlet when given."""
        g = self.store.g
        ok = outlet_key(outlet) if outlet else None
        brief = lambda k: ArticleBrief(id=k, title=g.nodes[k].get("title"), published=g.nodes[k].get("published"),  # noqa: E731
                                       outlet=g.nodes[k].get("outlet"))
        by = lambda k: any(d.get("type") == "PUBLISHED_BY" and v == ok for _, v, d in g.out_edges(k, data=True))  # noqa: E731
        out = [Republication(article=brief(u), original=brief(v), similarity=float(d.get("similarity") or 0.0))
               for u in self._index().by_label.get("Article", []) for _, v, d in g.out_edges(u, data=True)
               if d.get("type") == REPUBLISHES and (ok is None or by(u) or by(v))]
        return sorted(out, key=lambda r: (r.original.published or "", r.original.id, r.article.published or "", r.article.id))

