"""Backend-neutral read functions: who said what, about whom, in which articles.

Every function takes a `GraphStore` first and returns pydantic models (so `--json` and
notebooks get the same answers on every backend).

>>> # from graphbuild.store import open_store
>>> # store = open_store("graph.json")
>>> # [q.text for q in quotes(store, speaker="Kannan", about="China")]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from .errors import QueryError
from .graph import NODE_LABELS
from .ids import normal_name
from .records import ENTITY_LABELS
from .store.base import GraphStore


class QuoteResult(BaseModel):
    """One statement with its speaker and provenance."""

    id: str
    text: str
    kind: str
    cue: str
    speaker: str | None = Field(description="Canonical speaker name, None when unresolved.")
    speaker_key: str | None
    speaker_mention: str | None
    article: str
    article_title: str | None
    published: str | None
    outlet: str | None
    evidence: str
    start: int
    end: int
    confidence: float
    mentions: list[str] = Field(default_factory=list, description="Names of entities mentioned.")


class SpeakerCount(BaseModel):
    """A speaker and how often they spoke about something."""

    speaker: str
    key: str
    label: str
    statements: int
    articles: int


class Role(BaseModel):
    """A title held (HOLDS_ROLE)."""

    title: str | None
    of: str
    of_label: str


class Profile(BaseModel):
    """Everything the graph knows about one entity."""

    key: str
    label: str
    name: str
    aliases: list[str]
    roles: list[Role]
    mentions: int
    articles: list[dict[str, Any]]
    statements_by: int
    statements_about: int
    holders: list[str] = Field(default_factory=list, description="People holding a role of this country/organisation.")
    programs: list[str] = Field(default_factory=list, description="Programs RUN_BY this entity.")
    run_by: list[str] = Field(default_factory=list, description="Owners, for a Program.")


class CoMention(BaseModel):
    """An entity mentioned in the same articles."""

    name: str
    key: str
    label: str
    articles: int


class Stats(BaseModel):
    """Node counts per label and edge counts per type."""

    nodes: int
    edges: int
    labels: dict[str, int]
    types: dict[str, int]


def find_entities(store: GraphStore, name: str, label: str | None = None) -> list[dict[str, Any]]:
    """Entity nodes matching a name, key or alias (normal form; a surname matches a full name).

    >>> # find_entities(store, "rogozin")[0]["name"]
    """
    if label is not None and label not in NODE_LABELS:
        raise QueryError(f"unknown label {label!r}; one of {', '.join(ENTITY_LABELS)}")
    if ":" in name:
        n = store.node(name)
        if n is not None:
            return [n]
    target = normal_name(name)
    exact, partial = [], []
    for lbl in [label] if label else ENTITY_LABELS:
        for n in store.nodes(lbl):
            forms = {normal_name(n.get("name", ""))} | {normal_name(a) for a in n.get("aliases") or []}
            if target in forms:
                exact.append(n)
            elif target and any(target.split() == f.split()[-len(target.split()):] for f in forms if f):
                partial.append(n)
    return exact or partial


def find_entity(store: GraphStore, name: str, label: str | None = None) -> dict[str, Any]:
    """The one entity a name refers to; the most mentioned when several match.

    Raises QueryError when nothing matches.
    """
    found = find_entities(store, name, label)
    if not found:
        raise QueryError(f"no entity named {name!r} in the graph")
    if len(found) > 1:
        weight = {n["key"]: sum(e.get("count", 0) for e in store.edges("MENTIONS", dst=n["key"])) for n in found}
        found.sort(key=lambda n: (-weight[n["key"]], n["key"]))
    return found[0]


def _quote(store: GraphStore, q: dict[str, Any], articles: dict[str, dict[str, Any]]) -> QuoteResult:
    art = articles.get(q["article"])
    if art is None:
        art = store.node(q["article"]) or {}
        articles[q["article"]] = art
    names = []
    for e in store.edges("MENTIONS", src=q["key"]):
        n = store.node(e["dst"])
        if n is not None:
            names.append(n.get("name", e["dst"]))
    return QuoteResult(
        id=q["key"], text=q.get("text", ""), kind=q.get("kind", ""), cue=q.get("cue", ""),
        speaker=q.get("speaker_name"), speaker_key=q.get("speaker"), speaker_mention=q.get("speaker_mention"),
        article=q["article"], article_title=art.get("title"), published=art.get("published"), outlet=art.get("outlet"),
        evidence=q.get("evidence", ""), start=q.get("start", 0), end=q.get("end", 0),
        confidence=q.get("confidence", 0.0), mentions=sorted(names),
    )


def quotes(
    store: GraphStore,
    *,
    speaker: str | None = None,
    about: str | None = None,
    kind: str | None = None,
    article: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> list[QuoteResult]:
    """Statements, optionally by a speaker, about an entity, of a kind, in an article, since a date.

    Ordered by article (published, then id) and position.

    >>> # quotes(store, speaker="Sreedhar Kannan", about="China")
    """
    keys: set[str] | None = None
    if speaker:
        sp = find_entity(store, speaker)
        keys = {e["dst"] for e in store.edges("SAID", src=sp["key"])}
    if about:
        ab = find_entity(store, about)
        about_keys = {e["src"] for e in store.edges("MENTIONS", dst=ab["key"]) if (store.node(e["src"]) or {}).get("label") == "Quote"}
        keys = about_keys if keys is None else keys & about_keys
    if keys is None:
        qs = list(store.nodes("Quote"))
    else:
        qs = [n for n in (store.node(k) for k in keys) if n is not None]
    arts: dict[str, dict[str, Any]] = {}
    out = []
    for q in qs:
        if kind and q.get("kind") != kind:
            continue
        if article and q.get("article") != article:
            continue
        if since and (q.get("published") or "") < since:
            continue
        out.append(_quote(store, q, arts))
    out.sort(key=lambda r: (r.published or "", r.article, r.start))
    return out[:limit] if limit else out


def speakers_about(store: GraphStore, entity: str) -> list[SpeakerCount]:
    """Who speaks about an entity, with statement and article counts, most active first."""
    ent = find_entity(store, entity)
    per: dict[str, set[str]] = {}
    arts: dict[str, set[str]] = {}
    for e in store.edges("MENTIONS", dst=ent["key"]):
        q = store.node(e["src"])
        if q is None or q.get("label") != "Quote" or not q.get("speaker"):
            continue
        per.setdefault(q["speaker"], set()).add(q["key"])
        arts.setdefault(q["speaker"], set()).add(q["article"])
    out = []
    for key, qs in per.items():
        n = store.node(key) or {"name": key, "label": "?"}
        out.append(SpeakerCount(speaker=n.get("name", key), key=key, label=n.get("label", "?"), statements=len(qs), articles=len(arts[key])))
    out.sort(key=lambda s: (-s.statements, s.speaker))
    return out


def profile(store: GraphStore, name: str) -> Profile:
    """An entity's type, aliases, roles, mention counts, articles and statements."""
    ent = find_entity(store, name)
    key = ent["key"]
    roles = []
    for e in store.edges("HOLDS_ROLE", src=key):
        t = store.node(e["dst"]) or {}
        roles.append(Role(title=e.get("title"), of=t.get("name", e["dst"]), of_label=t.get("label", "?")))
    mentions = 0
    articles = []
    for e in store.edges("MENTIONS", dst=key):
        src = store.node(e["src"]) or {}
        if src.get("label") == "Article":
            mentions += int(e.get("count") or 0)
            articles.append({"id": src["key"], "title": src.get("title"), "published": src.get("published"), "mentions": e.get("count")})
    about = sum(1 for e in store.edges("MENTIONS", dst=key) if (store.node(e["src"]) or {}).get("label") == "Quote")
    by = sum(1 for _ in store.edges("SAID", src=key))
    programs = sorted((store.node(e["src"]) or {}).get("name", e["src"]) for e in store.edges("RUN_BY", dst=key))
    owners = sorted((store.node(e["dst"]) or {}).get("name", e["dst"]) for e in store.edges("RUN_BY", src=key))
    holders = sorted(
        f"{(store.node(e['src']) or {}).get('name', e['src'])} ({e.get('title')})" for e in store.edges("HOLDS_ROLE", dst=key)
    )
    articles.sort(key=lambda a: (a.get("published") or "", a["id"]))
    return Profile(key=key, label=ent["label"], name=ent.get("name", key), aliases=list(ent.get("aliases") or []),
                   roles=sorted(roles, key=lambda r: (r.of, r.title or "")), mentions=mentions, articles=articles,
                   statements_by=by, statements_about=about, holders=holders, programs=programs, run_by=owners)


def comentions(store: GraphStore, name: str, *, limit: int | None = 20) -> list[CoMention]:
    """Entities mentioned in the same articles as `name`, by number of shared articles."""
    ent = find_entity(store, name)
    arts = [e["src"] for e in store.edges("MENTIONS", dst=ent["key"]) if (store.node(e["src"]) or {}).get("label") == "Article"]
    counter: Counter[str] = Counter()
    for a in arts:
        for e in store.edges("MENTIONS", src=a):
            if e["dst"] != ent["key"]:
                counter[e["dst"]] += 1
    out = []
    for key, n in counter.items():
        node = store.node(key) or {}
        out.append(CoMention(name=node.get("name", key), key=key, label=node.get("label", "?"), articles=n))
    out.sort(key=lambda c: (-c.articles, c.name))
    return out[:limit] if limit else out


def stats(store: GraphStore) -> Stats:
    """Node counts per label and edge counts per type."""
    labels: Counter[str] = Counter(n.get("label", "?") for n in store.nodes())
    types: Counter[str] = Counter(e.get("type", "?") for e in store.edges())
    return Stats(nodes=sum(labels.values()), edges=sum(types.values()), labels=dict(sorted(labels.items())), types=dict(sorted(types.items())))
