"""Doc results -> records: the windows of one article merged into one `Extraction`.

Offsets move from window to article; person names are clustered over the whole article (a
surname in a later window finds the full name of an earlier one); mentions count towards their
entity and give it aliases; relations are deduplicated.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import (
    Article,
    Entity,
    EntityLabel,
    Extraction,
    ExtractionError,
    Mention,
    Relation,
    Statement,
    entity_key,
    normal_name,
    statement_id,
)
from .annotate import DocResult, DocStatement
from .when import resolve_time

_HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr")


def full_names(names: Iterable[str]) -> dict[str, str]:
    """Article-level person clustering: one-word names -> the unique full name ending in them.

    >>> full_names(["Ana Ruiz", "Ruiz", "Lima"])
    {'Ruiz': 'Ana Ruiz'}
    """
    full = sorted({n for n in names if len(n.split()) > 1}, key=len, reverse=True)
    by_last: dict[str, dict[str, str]] = {}  # last word -> {normal full name: full name} (the last of `full` wins)
    for f in full:
        nf = normal_name(f)
        if nf:
            by_last.setdefault(nf.split()[-1], {})[nf] = f
    mapping: dict[str, str] = {}
    for n in sorted(set(names)):
        w = normal_name(n).split()
        if len(w) != 1:
            continue
        cands = by_last.get(w[0], {})
        if len(cands) == 1:
            mapping[n] = next(iter(cands.values()))
    return mapping


def surname_index(person_names: Iterable[str]) -> dict[str, str]:
    """Surname (also "Mr. Surname") -> the unique full name with that surname.

    >>> surname_index(["Ana Ruiz", "Paulo Lima", "Rosa Lima"])["Mr. Ruiz"]
    'Ana Ruiz'
    """
    surnames: dict[str, str] = {}
    for n in {v for v in person_names if len(v.split()) > 1}:
        last = n.split()[-1]
        surnames[last] = n if surnames.get(last, n) == n else ""
        for h in _HONORIFICS:
            surnames[f"{h} {last}"] = surnames[last]
    return {k: v for k, v in surnames.items() if v}


class _ByStart:
    """A window's mentions by start offset: those starting in [x, y) in log time."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def starting_in(self, x: int, y: int) -> list[Mention]:
        return self.mentions[bisect_left(self.starts, x) : bisect_left(self.starts, y)]


@dataclass
class _Merge:
    """The accumulating state of one article's merge."""

    article: Article
    full: dict[str, str]
    surnames: dict[str, str]
    mentions: list[Mention] = field(default_factory=list)
    names: dict[str, tuple[EntityLabel, str]] = field(default_factory=dict)  # key -> (label, canonical name)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    relations: dict[tuple[str, str, str, str], Relation] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def canon(self, label: str, name: str) -> str:
        return self.full.get(name, name) if label == "Person" else name

    def add_mentions(self, off: int, doc: DocResult) -> _ByStart:
        out: list[Mention] = []
        for m in doc["mentions"]:
            name = self.canon(m["label"], m["name"])
            key = entity_key(m["label"], name)
            self.names.setdefault(key, (m["label"], name))
            self.counts[key] = self.counts.get(key, 0) + 1
            if m["kind"] != "pronoun":
                surface = re.sub(r"[’']s$", "", m["text"]).strip()
                if normal_name(surface) != normal_name(name) and m["kind"] != "title":
                    self.aliases.setdefault(key, set()).add(surface)
            out.append(Mention(entity=key, start=m["start"] + off, end=m["end"] + off, text=m["text"], kind=m["kind"]))
        self.mentions += out
        return _ByStart(out)

    def add_relations(self, off: int, doc: DocResult) -> None:
        aid = self.article.id
        for r in doc["roles"]:
            if not r["target"] or not r["target_label"]:
                continue
            src = entity_key("Person", self.canon("Person", r["person"]))
            dst = entity_key(r["target_label"], r["target"])
            self.relations.setdefault(("HOLDS_ROLE", src, dst, normal_name(r["title"])), Relation(
                type="HOLDS_ROLE", source=src, target=dst, title=r["title"], role=r["signature"], article=aid,
                span=(r["start"] + off, r["end"] + off), evidence=r["evidence"]))
        for p in doc["programs"]:
            src = entity_key("Program", p["name"])
            dst = entity_key(p["owner_label"], p["owner"])
            self.relations.setdefault(("RUN_BY", src, dst, ""), Relation(
                type="RUN_BY", source=src, target=dst, article=aid, span=(p["start"] + off, p["end"] + off), evidence=p["evidence"]))

    def add_statement(self, off: int, s: DocStatement, window_mentions: _ByStart) -> None:
        a = self.article
        content = [(x + off, y + off) for x, y in s["content"]]
        key = name = None
        confidence = s["confidence"]
        if s["speaker_name"] and s["speaker_label"] and s["speaker_name"] in self.surnames and self.surnames[s["speaker_name"]] != s["speaker_name"]:
            # A surname alone in a later window ("Ruiz said"), even as a name the model missed there.
            name = self.surnames[s["speaker_name"]]
            key = entity_key("Person", name)
        elif s["speaker_name"] and s["speaker_label"]:
            name = self.canon(s["speaker_label"], s["speaker_name"])
            key = entity_key(s["speaker_label"], name)
        elif s["speaker_text"] and s["speaker_text"] in self.surnames:
            # Named by surname in a later window than the full name: resolve at article level.
            name = self.surnames[s["speaker_text"]]
            key = entity_key("Person", name)
            confidence = 0.75
        inside = sorted({m.entity for x, y in content for m in window_mentions.starting_in(x, y)})
        ev_a, ev_b = s["evidence"]
        role_of = s["speaker_role_of"] if key is None else None
        role_key = entity_key(role_of[0], self.canon(role_of[0], role_of[1])) if role_of else None
        when = resolve_time(s["time_text"], a.published) if s["time_text"] else (None, None)
        self.statements.append(Statement(
            id=statement_id(a.id, content[0][0], content[-1][1]),
            article=a.id,
            kind=s["kind"],
            cue=s["cue"],
            cue_span=(s["cue_span"][0] + off, s["cue_span"][1] + off) if s["cue_span"] else None,
            text=" … ".join(a.text[x:y] for x, y in content),
            content=content,
            speaker=key,
            speaker_name=name,
            speaker_mention=s["speaker_text"],
            speaker_span=(s["speaker_span"][0] + off, s["speaker_span"][1] + off) if s["speaker_span"] else None,
            evidence=a.text[ev_a + off : ev_b + off],
            evidence_span=(ev_a + off, ev_b + off),
            confidence=confidence,
            mentions=inside,
            framing=s["framing"],
            negated=s["negated"],
            hedged=s["hedged"],
            time_text=s["time_text"],
            said_on=when[0],
            said_precision=when[1],
            speaker_role=s["speaker_role"] if key is None else None,
            speaker_role_of=role_key,
            speaker_role_names=list(s["speaker_role_names"]) if key is None else [],
        ))

    def entities(self) -> list[Entity]:
        out = []
        for k, (label, name) in sorted(self.names.items()):
            out.append(Entity(key=k, label=label, name=name, aliases=sorted(self.aliases.get(k, set())), count=self.counts[k]))
        return out


def assemble(article: Article, parts: list[tuple[int, DocResult]], extractor: str) -> Extraction:
    """One article's records from the results of its windows, given as (offset, results).

    Raises ExtractionError when the rules failed on a window (`errors="record"`).

    >>> from graphbuild.model import Article
    >>> a = Article(id="art_1", source="s", title="T", text="T", content_hash="h")
    >>> empty = {"mentions": [], "roles": [], "programs": [], "statements": [], "notes": [], "error": None}
    >>> assemble(a, [(0, empty)], "x").statements
    []
    """
    errors = [d["error"] for _, d in parts if d["error"]]
    if errors:
        raise ExtractionError(errors[0])
    person_names = [m["name"] for _, d in parts for m in d["mentions"] if m["label"] == "Person"]
    merge = _Merge(article, full_names(person_names), surname_index(person_names))
    for off, doc in parts:
        window_mentions = merge.add_mentions(off, doc)
        merge.add_relations(off, doc)
        for s in doc["statements"]:
            merge.add_statement(off, s, window_mentions)
        merge.notes += [f"{msg} (offset {int(o) + off})" for o, msg in doc["notes"]]
    return Extraction(article=article, entities=merge.entities(), mentions=merge.mentions, statements=merge.statements,
                      relations=list(merge.relations.values()), notes=merge.notes, extractor=extractor)
