"""Claims and republications on a `GraphView`: a claim is a statement's first report and the
later ones with `REPEATS` to it; a republication an article with `REPUBLISHES` to an earlier
one (docs/RESOLUTION.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import (
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
from .view import GraphView


class ClaimReads:
    """Mixed into `AdjacencyReader`, which provides the view and name resolution."""

    v: GraphView

    _resolve: Callable[[str | None], EntityRef | None]
    _members: Callable[[str], list[str]]
    _cref: Callable[[str], EntityRef]

    def _occurrence(self, key: str, edge: dict[str, Any] | None) -> Occurrence:
        q = self.v.node(key) or {}
        a = self.v.node(q["article"]) or {}
        extra: dict[str, Any] = {}
        if edge is not None:
            extra = {"change": edge.get("change"), "similarity": edge.get("similarity"),
                     "added": edge.get("added") or "", "removed": edge.get("removed") or ""}
        return Occurrence(statement=key, text=q.get("text", ""), article=q["article"], article_title=a.get("title"),
                          published=a.get("published"), outlet=a.get("outlet"), **extra)

    def _root(self, key: str) -> str:
        return next((r for r, _ in self.v.out(key, REPEATS)), key)

    def claims(self, q: ClaimQuery) -> tuple[EntityRef | None, list[Claim]]:
        """Claims with their occurrences: of a statement, of a speaker (and variants), or all
        reported more than once; most reported first."""
        v = self.v
        sp = None
        if q.statement is not None:
            roots = [self._root(q.statement)] if v.labelled(q.statement, "Quote") else []
        else:
            sp = self._resolve(q.speaker)
            if q.speaker and sp is None:
                return None, []
            if sp is None:
                roots = sorted({r for _, r, _ in v.typed(REPEATS)})
            else:
                said = {k for m in self._members(sp.key) for k, _ in v.out(m, "SAID")}
                roots = [r for r in sorted({self._root(k) for k in said}) if v.inc(r, REPEATS)]
        out = []
        for r in roots:
            occ = [self._occurrence(r, None), *(self._occurrence(u, d) for u, d in v.inc(r, REPEATS))]
            occ[1:] = sorted(occ[1:], key=lambda o: (o.published or "", o.article, o.statement))
            sk = (v.node(r) or {}).get("speaker")
            out.append(Claim(id=r, speaker=self._cref(sk) if sk else None, occurrences=occ))
        out.sort(key=lambda c: (-len(c.occurrences), c.occurrences[0].published or "", c.id))
        return sp, out[: q.limit] if q.limit else out

    def republications(self, outlet: str | None) -> list[Republication]:
        """Articles whose body is (nearly) an earlier article's; of or by an outlet when given."""
        v = self.v
        ok = outlet_key(outlet) if outlet else None

        def brief(k: str) -> ArticleBrief:
            d = v.node(k) or {}
            return ArticleBrief(id=k, title=d.get("title"), published=d.get("published"), outlet=d.get("outlet"))

        def by(k: str) -> bool:
            return any(o == ok for o, _ in v.out(k, "PUBLISHED_BY"))

        out = [Republication(article=brief(u), original=brief(o), similarity=float(d.get("similarity") or 0.0))
               for u, o, d in v.typed(REPUBLISHES) if ok is None or by(u) or by(o)]
        return sorted(out, key=lambda r: (r.original.published or "", r.original.id, r.article.published or "", r.article.id))
