"""records -> graph rows: the ONE mapping from extraction records to nodes and edges.

Every backend consumes these rows. Keys are deterministic (see `graphbuild.model.ids`), so
stores MERGE on them and re-running a build changes nothing. Every node and edge carries
`articles`: the ids of the articles that contributed it (provenance, and the basis of
`delete_article`). Entity nodes carry `norms`, the normal forms of their name and aliases, which
the stores index for name lookups; Article nodes carry `sketch`, the bottom-k hashes of their
body's word 5-grams, from which republications are found.

The vocabulary is in `graphbuild.model.vocab` and docs/GRAPH.md.
"""

from __future__ import annotations

from .model import (
    Article,
    EdgeRow,
    Extraction,
    GraphRows,
    NodeRow,
    normal_name,
    outlet_key,
    text_sketch,
)


def _spans(spans: list[tuple[int, int]]) -> str:
    return ";".join(f"{a}-{b}" for a, b in spans)


def _body(a: Article) -> str:
    """The article without its title line (a repost often has another title)."""
    return a.text[len(a.title):] if a.title and a.text.startswith(a.title) else a.text


def to_rows(x: Extraction) -> GraphRows:
    """Map one article's extraction to graph rows.

    >>> from graphbuild.model import Article, Extraction
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
            "text": a.text, "boilerplate": list(a.boilerplate), "extractor": x.extractor, "sketch": list(text_sketch(_body(a))),
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
        norms = sorted({normal_name(ent.name), *(normal_name(al) for al in ent.aliases)} - {""})
        nodes.append(NodeRow(key=ent.key, label=ent.label, props={
            "name": ent.name, "aliases": list(ent.aliases), "norms": norms, "articles": arts}))
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
            "framing": s.framing, "negated": s.negated, "hedged": s.hedged,
            "time_text": s.time_text, "said_on": s.said_on, "said_precision": s.said_precision,
            "speaker_role": s.speaker_role, "speaker_role_of": s.speaker_role_of, "speaker_role_names": list(s.speaker_role_names),
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
            props={"title": r.title, "role": r.role, "evidence": r.evidence, "articles": arts},
        ))
    return GraphRows(article=a.id, content_hash=a.content_hash, extractor=x.extractor, nodes=nodes, edges=edges).check()
