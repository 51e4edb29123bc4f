"""The adjacency port the embedded backends share: what `AdjacencyReader` asks of a graph to
answer every query by lookups (a node by key, its edges of one type, entity names by normal
form), never by scanning the graph. `NetworkXView` answers from memory, `SQLiteView` from
indexed tables; both give the same answers (the parity tests).

Node dicts carry `label` and the node's properties, without the bulky ones no query needs: an
entity's `articles` provenance list (a hub's grows with the corpus) and an article's `text`,
`boilerplate` and `sketch`; edge dicts carry the edge's properties (without `articles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from ..model import ATTRIBUTED_TO, QuoteQuery, Stats


class GraphView(Protocol):
    """Lookups on a stored graph. `version` changes whenever the graph changes (caches follow it)."""

    @property
    def version(self) -> int:
        """A number that changes with every change of the graph."""
        ...

    def node(self, key: str) -> dict[str, Any] | None:
        """A node's label and properties, or None."""
        ...

    def out(self, key: str, type: str) -> list[tuple[str, dict[str, Any]]]:
        """The (target, edge properties) of a node's outgoing edges of one type."""
        ...

    def inc(self, key: str, type: str) -> list[tuple[str, dict[str, Any]]]:
        """The (source, edge properties) of a node's incoming edges of one type."""
        ...

    def labelled(self, key: str, label: str) -> bool:
        """True when the node exists and has this label."""
        ...

    def typed(self, type: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Every edge of one type, as (source, target, properties)."""
        ...

    def keys(self, label: str) -> list[str]:
        """Every node key of a label, sorted."""
        ...

    def name_candidates(self, norm: str) -> dict[str, list[str]]:
        """Entities with a normal form equal to `norm`, or ending or starting with its last or
        first word, each with all of its normal forms."""
        ...

    def canon(self, key: str) -> str:
        """The entity a variant is resolved to (SAME_AS), itself when none."""
        ...

    def weight(self, key: str) -> int:
        """How often the entity is mentioned (the sum of its articles' mention counts)."""
        ...

    def stats(self) -> Stats:
        """Node counts per label and edge counts per type."""
        ...

    def entity_norms(self) -> Iterator[tuple[str, list[str]]]:
        """Every entity key with its normal forms, sorted by key."""
        ...

    def speaker_counts(self, about: list[str]) -> dict[str, tuple[int, int]]:
        """(statements, articles) per canonical speaker of the statements mentioning `about`."""
        ...

    def degree(self, key: str, type: str, *, incoming: bool = False) -> int:
        """How many edges of one type leave (or reach) a node."""
        ...

    def count_mentioning_statements(self, members: list[str]) -> int:
        """How many MENTIONS edges reach one of `members` from statements."""
        ...

    def mentioning_articles(self, members: list[str]) -> list[tuple[str, int, str | None, str | None]]:
        """(article, mention count, title, published) of each MENTIONS edge from an article to
        one of `members` (an article mentioning two members appears twice)."""
        ...

    def comention_counts(self, members: list[str]) -> dict[str, int]:
        """For each entity mentioned in an article that mentions one of `members`: in how many
        such articles (entities counted as their canonical entity)."""
        ...

    def quote_keys(self, speakers: list[str] | None, about: list[str] | None, q: QuoteQuery) -> list[str]:
        """The statements said by (or attributed to) one of `speakers` and/or mentioning one of
        `about` (None: any), passing `q`'s filters, in answer order (the article's date, the
        article, the position), at most `q.limit`."""
        ...


def scan_quotes(v: GraphView, speakers: list[str] | None, about: list[str] | None, q: QuoteQuery) -> list[str]:
    """`GraphView.quote_keys` by lookups: the candidates' nodes read one by one.

    >>> import os, tempfile
    >>> from graphbuild.store import NetworkXStore
    >>> from graphbuild.store.networkx import NetworkXView
    >>> scan_quotes(NetworkXView(NetworkXStore(os.path.join(tempfile.mkdtemp(), "g.json"))), ["Person:x"], None, QuoteQuery())
    []
    """
    keys: set[str] | None = None
    if speakers is not None:
        keys = {k for m in speakers for k, _ in v.out(m, "SAID")} | {k for m in speakers for k, _ in v.inc(m, ATTRIBUTED_TO)}
    if about is not None:
        mentioned = {k for m in about for k, _ in v.inc(m, "MENTIONS") if v.labelled(k, "Quote")}
        keys = mentioned if keys is None else keys & mentioned
    rows = []
    for key in v.keys("Quote") if keys is None else keys:
        d = v.node(key) or {}
        if (q.kind and d.get("kind") != q.kind) or (q.article and d.get("article") != q.article):
            continue
        if q.framing and (d.get("framing") or "neutral") != q.framing:
            continue
        when = d.get("said_on") or d.get("published") or ""
        if (q.since and when < q.since) or (q.until and (not when or when >= q.until)):
            continue
        art = v.node(d["article"]) or {}
        rows.append(((art.get("published") or "", d["article"], d.get("start", 0)), key))
    rows.sort()
    return [k for _, k in (rows[: q.limit] if q.limit else rows)]


def scan_statement_speakers(v: GraphView, about: list[str]) -> list[tuple[str, str, str]]:
    """(statement, speaker, article) of the statements mentioning `about`, by lookups."""
    out = []
    for m in about:
        for u, _ in v.inc(m, "MENTIONS"):
            d = v.node(u) or {}
            if d.get("label") != "Quote":
                continue
            sk = d.get("speaker") or next((h for h, _ in v.out(u, ATTRIBUTED_TO)), None)
            if sk:
                out.append((u, sk, d["article"]))
    return out


def count_speakers(v: GraphView, rows: Iterable[tuple[str, str, str]]) -> dict[str, tuple[int, int]]:
    """`GraphView.speaker_counts` from (statement, speaker, article) rows: per canonical speaker,
    its statements and their articles, each counted once."""
    per: dict[str, set[str]] = {}
    arts: dict[str, set[str]] = {}
    for u, sk, article in rows:
        who = v.canon(sk) if v.node(sk) is not None else sk
        per.setdefault(who, set()).add(u)
        arts.setdefault(who, set()).add(article)
    return {k: (len(per[k]), len(arts[k])) for k in per}


def scan_comentions(v: GraphView, members: list[str]) -> dict[str, int]:
    """`GraphView.comention_counts` by lookups."""
    counter: dict[str, int] = {}
    arts = {a for m in members for a, _ in v.inc(m, "MENTIONS") if v.labelled(a, "Article")}
    for a in arts:
        for c in {v.canon(e) for e, _ in v.out(a, "MENTIONS")}:
            counter[c] = counter.get(c, 0) + 1
    return counter


def scan_mentioning_articles(v: GraphView, members: list[str]) -> list[tuple[str, int, str | None, str | None]]:
    """`GraphView.mentioning_articles` by lookups."""
    out = []
    for m in members:
        for u, d in v.inc(m, "MENTIONS"):
            a = v.node(u) or {}
            if a.get("label") == "Article":
                out.append((u, int(d.get("count") or 0), a.get("title"), a.get("published")))
    return out
