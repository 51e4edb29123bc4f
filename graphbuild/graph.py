"""records -> graph rows: the ONE mapping from extraction records to nodes and edges.

Every backend consumes these rows. Keys are deterministic (see `graphbuild.ids`), so stores
MERGE on them and re-running a build changes nothing. Every node and edge carries `articles`:
the ids of the articles that contributed it (provenance, and the basis of `delete_article`).

Vocabulary (documented in the README and schemas/graph.schema.json):

Nodes: Article, Outlet, Person, Organization, Country, Program, Location, Quote.
Edges: (Person|Organization|Country)-[:SAID]->(Quote), (Quote)-[:IN]->(Article),
(Quote)-[:MENTIONS]->(entity), (Article)-[:MENTIONS {count}]->(entity),
(Person)-[:HOLDS_ROLE {title}]->(Country|Organization), (Program)-[:RUN_BY]->(Country|Organization),
(Article)-[:PUBLISHED_BY]->(Outlet), (Article)-[:REPUBLISHED_FROM]->(Outlet).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .ids import normal_name, outlet_key
from .records import ENTITY_LABELS, Extraction

NODE_LABELS: tuple[str, ...] = ("Article", "Outlet", *ENTITY_LABELS, "Quote")
EDGE_TYPES: tuple[str, ...] = ("SAID", "IN", "MENTIONS", "HOLDS_ROLE", "RUN_BY", "PUBLISHED_BY", "REPUBLISHED_FROM")
# Properties whose values are merged as sets across articles (all others: last write wins).
SET_PROPS = frozenset({"articles", "aliases"})

PropValue = str | int | float | bool | None | list[str]


class NodeRow(BaseModel):
    """One node to MERGE on `key`."""

    model_config = ConfigDict(extra="forbid")
    key: str
    label: str
    props: dict[str, PropValue] = Field(default_factory=dict)


class EdgeRow(BaseModel):
    """One relationship to MERGE on (src, type, dst, key)."""

    model_config = ConfigDict(extra="forbid")
    src: str
    type: str
    dst: str
    key: str = Field(default="", description="Distinguishes parallel edges of one type (e.g. two titles).")
    props: dict[str, PropValue] = Field(default_factory=dict)


class GraphRows(BaseModel):
    """All rows one article contributes; a store writes them all or none."""

    model_config = ConfigDict(extra="forbid")
    article: str
    content_hash: str = ""
    extractor: str = ""
    nodes: list[NodeRow] = Field(default_factory=list)
    edges: list[EdgeRow] = Field(default_factory=list)

    def check(self) -> GraphRows:
        """Validate labels and types against the vocabulary and that every edge end exists.

        Raises ValueError. Stores call this before writing anything.
        """
        keys = {n.key for n in self.nodes}
        for n in self.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
        for e in self.edges:
            if e.type not in EDGE_TYPES:
                raise ValueError(f"unknown relationship type {e.type!r}")
            if e.src not in keys or e.dst not in keys:
                raise ValueError(f"edge {e.src} -[{e.type}]-> {e.dst} has an end that is not in the rows")
        return self


def _spans(spans: list[tuple[int, int]]) -> str:
    return ";".join(f"{a}-{b}" for a, b in spans)


def to_rows(x: Extraction) -> GraphRows:
    """Map one article's extraction to graph rows.

    >>> from graphbuild.records import Article, Extraction
    >>> a = Article(id="art_1", source="s", title="T", text="T", content_hash="h")
    >>> [n.label for n in to_rows(Extraction(article=a)).nodes]
    ['Article']
    """
    a = x.article
    arts = [a.id]
    nodes: list[NodeRow] = [
        NodeRow(key=a.id, label="Article", props={
            "title": a.title, "source": a.source, "url": a.url, "published": a.published,
            "outlet": a.outlet, "republished_from": a.republished_from, "content_hash": a.content_hash, "file_hash": a.file_hash,
            "text": a.text, "boilerplate": list(a.boilerplate), "extractor": x.extractor,
            "statements": len(x.statements), "articles": arts,
        })
    ]
    edges: list[EdgeRow] = []
    for role, name in (("PUBLISHED_BY", a.outlet), ("REPUBLISHED_FROM", a.republished_from)):
        if name and normal_name(name):
            k = outlet_key(name)
            if k not in {n.key for n in nodes}:
                nodes.append(NodeRow(key=k, label="Outlet", props={"name": name, "articles": arts}))
            edges.append(EdgeRow(src=a.id, type=role, dst=k, props={"articles": arts}))
    for ent in x.entities:
        nodes.append(NodeRow(key=ent.key, label=ent.label, props={"name": ent.name, "aliases": list(ent.aliases), "articles": arts}))
        edges.append(EdgeRow(src=a.id, type="MENTIONS", dst=ent.key, props={"count": ent.count, "aliases": list(ent.aliases), "articles": arts}))
    known = {n.key for n in nodes}
    for s in x.statements:
        nodes.append(NodeRow(key=s.id, label="Quote", props={
            "text": s.text, "kind": s.kind, "cue": s.cue, "article": a.id,
            "speaker": s.speaker, "speaker_name": s.speaker_name, "speaker_mention": s.speaker_mention,
            "speaker_start": s.speaker_span[0] if s.speaker_span else None,
            "speaker_end": s.speaker_span[1] if s.speaker_span else None,
            "start": s.content[0][0], "end": s.content[-1][1], "spans": _spans(s.content),
            "evidence": s.evidence, "evidence_start": s.evidence_span[0], "evidence_end": s.evidence_span[1],
            "confidence": s.confidence, "published": a.published, "articles": arts,
        }))
        edges.append(EdgeRow(src=s.id, type="IN", dst=a.id, props={"articles": arts}))
        if s.speaker and s.speaker in known:
            edges.append(EdgeRow(src=s.speaker, type="SAID", dst=s.id, props={"articles": arts}))
        for k in s.mentions:
            if k in known and k != s.speaker:
                edges.append(EdgeRow(src=s.id, type="MENTIONS", dst=k, props={"articles": arts}))
    for r in x.relations:
        if r.source not in known or r.target not in known:
            continue
        edges.append(EdgeRow(
            src=r.source, type=r.type, dst=r.target, key=normal_name(r.title or ""),
            props={"title": r.title, "evidence": r.evidence, "articles": arts},
        ))
    return GraphRows(article=a.id, content_hash=a.content_hash, extractor=x.extractor, nodes=nodes, edges=edges).check()


def check_batch(batch: list[GraphRows]) -> None:
    """Validate every article's rows of a batch (ValueError naming the article), before any write."""
    for rows in batch:
        try:
            rows.check()
        except ValueError as e:
            raise ValueError(f"rows of article {rows.article} rejected: {e}") from e
