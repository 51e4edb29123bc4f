"""The derived links on Neo4j: the compact reads entity, claim and republication matching need
(one query each), and replacing a link type's edges by a new set in one transaction, writing
only the difference."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...model import ArticleInfo, EdgeRow, EntityInfo, RoleFact, RoleSpeaker, StatementInfo
from ..links import checked_link_types, link_diff
from . import cypher

STATEMENT_INFOS = ("MATCH (q:Quote) WHERE q.speaker IS NOT NULL "
                   "RETURN q.key AS id, q.speaker AS speaker, q.text AS text, q.article AS article, q.published AS published")
ROLE_INFOS = (
    "CALL { MATCH (q:Quote) WHERE q.speaker_role IS NOT NULL AND q.speaker IS NULL "
    "RETURN collect({id: q.key, role: q.speaker_role, of: q.speaker_role_of, names: q.speaker_role_names, "
    "date: coalesce(q.said_on, q.published)}) AS speakers } "
    "CALL { MATCH (p)-[r:HOLDS_ROLE]->(t) WHERE r.role IS NOT NULL "
    "RETURN collect({person: p.key, target: t.key, role: r.role, title: r.title, articles: r.articles}) AS facts } "
    "RETURN speakers, facts"
)
ARTICLE_INFOS = "MATCH (a:Article) WHERE a.sketch IS NOT NULL RETURN a.key AS id, a.sketch AS sketch, a.published AS published"


class DerivedLinks:
    """Mixed into `Neo4jStore` (which provides `_read`, `_run_write` and `batch_size`)."""

    batch_size: int
    _read: Callable[..., list[Any]]
    _run_write: Callable[..., Any]

    def entity_infos(self) -> list[EntityInfo]:
        """Every entity node as entity resolution sees it, sorted by key (one read)."""
        rows = self._read(cypher.ENTITY_INFOS)
        return sorted((EntityInfo(r["key"], r["name"] or r["key"], tuple(r["norms"] or ()), r["articles"] or 0) for r in rows),
                      key=lambda e: e.key)

    def replace_links(self, types: Sequence[str], links: Sequence[EdgeRow]) -> int:
        """Make the edges of the link `types` exactly `links`, in one transaction; returns how many changed."""
        kinds = checked_link_types(types)

        def work(tx: Any) -> int:
            have = [((r["src"], t, r["dst"], r["p"].get("key", "")), dict(r["p"])) for t in kinds for r in tx.run(cypher.links_of(t))]
            ends = {k for e in links for k in (e.src, e.dst)}
            exists = {r["k"] for r in tx.run(cypher.EXISTING, keys=sorted(ends))}
            stale, new = link_diff(have, links, kinds, exists=exists)
            for t in kinds:
                gone = [{"src": s, "dst": d, "key": k} for s, tt, d, k in stale if tt == t]
                put = [{"src": e.src, "dst": e.dst, "key": e.key, "props": e.props} for e in new if e.type == t]
                for i in range(0, len(gone), self.batch_size):
                    tx.run(cypher.delete_links(t), rows=gone[i : i + self.batch_size]).consume()
                for i in range(0, len(put), self.batch_size):
                    tx.run(cypher.set_links(t), rows=put[i : i + self.batch_size]).consume()
            return len(stale) + len(new)

        return int(self._run_write(work))

    def statement_infos(self) -> list[StatementInfo]:
        """Every statement with a speaker, as claim matching sees it (one read)."""
        return sorted((StatementInfo(r["id"], r["speaker"], r["text"] or "", r["article"], r["published"])
                       for r in self._read(STATEMENT_INFOS)), key=lambda s: s.id)

    def role_infos(self) -> tuple[list[RoleSpeaker], list[RoleFact]]:
        """Statements by unresolved titles and the HOLDS_ROLE facts, as title resolution sees them (one read)."""
        rec = self._read(ROLE_INFOS)[0]
        speakers = sorted((RoleSpeaker(r["id"], r["role"], r["of"], tuple(r["names"] or ()), r["date"]) for r in rec["speakers"]),
                          key=lambda s: s.id)
        facts = sorted((RoleFact(r["person"], r["target"], r["role"], r["title"] or "", tuple(sorted(r["articles"] or ())))
                        for r in rec["facts"]), key=lambda f: (f.person, f.target, f.title))
        return speakers, facts

    def article_infos(self) -> list[ArticleInfo]:
        """Every article with its body sketch, as republication matching sees it (one read)."""
        return sorted((ArticleInfo(r["id"], tuple(r["sketch"] or ()), r["published"]) for r in self._read(ARTICLE_INFOS)),
                      key=lambda a: a.id)
