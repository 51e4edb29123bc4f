"""Extract: Article -> spaCy Doc(s) -> `Extraction` records.

Articles stream through `nlp.pipe` in batches (`n_process` workers); long articles are split
into windows at paragraph boundaries (never truncated) and their results merged.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ExtractionError
from ..ids import entity_key, normal_name, statement_id
from ..records import Article, Entity, Extraction, Failure, Mention, Relation, Statement
from .components import EXTENSIONS
from .nlp import DEFAULT_MODEL, WINDOW_CHARS, load_nlp, model_version

__all__ = ["DEFAULT_MODEL", "EXTRACTOR_VERSION", "extract", "extract_stream", "load_nlp", "windows"]

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "graphbuild-rules-1"


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Split text into windows of at most `size` characters at paragraph (else line, else
    whitespace) boundaries. Covers the whole text: nothing is dropped.

    >>> windows("aa\\n\\nbb\\n\\ncc", size=6)
    [(0, 4), (4, 10)]
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        limit = start + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, start + size // 4, limit)
            if cut >= 0:
                cut += len(sep)
                break
        if cut <= start:
            cut = limit
        out.append((start, cut))
        start = cut
    if start < n or not out:
        out.append((start, n))
    return out


def _full_names(names: Iterable[str]) -> dict[str, str]:
    """Article-level person clustering: one-word names -> the unique full name ending in them."""
    full = sorted({n for n in names if len(n.split()) > 1}, key=len, reverse=True)
    mapping: dict[str, str] = {}
    for n in set(names):
        w = normal_name(n).split()
        if len(w) != 1:
            continue
        cands = {normal_name(f): f for f in full if normal_name(f).split()[-1] == w[0]}
        if len(cands) == 1:
            mapping[n] = next(iter(cands.values()))
    return mapping


DocResult = dict[str, Any]


def doc_result(doc: Doc) -> DocResult:
    """The plain results of graphbuild's components on a Doc (the Doc itself can then be freed)."""
    return {name[3:]: getattr(doc._, name) for name in EXTENSIONS}


def _merge(article: Article, parts: list[tuple[int, DocResult]], extractor: str) -> Extraction:
    errors = [d["error"] for _, d in parts if d["error"]]
    if errors:
        raise ExtractionError(errors[0])
    person_names = [m["name"] for _, d in parts for m in d["mentions"] if m["label"] == "Person"]
    full = _full_names(person_names)

    surnames: dict[str, str] = {}
    for n in {v for v in person_names if len(v.split()) > 1}:
        last = n.split()[-1]
        surnames[last] = n if surnames.get(last, n) == n else ""
        for h in ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr"):
            surnames[f"{h} {last}"] = surnames[last]
    surnames = {k: v for k, v in surnames.items() if v}

    def canon(label: str, name: str) -> str:
        return full.get(name, name) if label == "Person" else name

    mentions: list[Mention] = []
    ent_names: dict[str, tuple[str, str]] = {}
    aliases: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    statements: list[Statement] = []
    relations: dict[tuple[str, str, str, str], Relation] = {}
    notes: list[str] = []

    for off, doc in parts:
        doc_mentions: list[Mention] = []
        for m in doc["mentions"]:
            name = canon(m["label"], m["name"])
            key = entity_key(m["label"], name)
            ent_names.setdefault(key, (m["label"], name))
            counts[key] = counts.get(key, 0) + 1
            if m["kind"] != "pronoun":
                surface = re.sub(r"[’']s$", "", m["text"]).strip()
                if normal_name(surface) != normal_name(name) and m["kind"] != "title":
                    aliases.setdefault(key, set()).add(surface)
            doc_mentions.append(Mention(entity=key, start=m["start"] + off, end=m["end"] + off, text=m["text"], kind=m["kind"]))
        mentions += doc_mentions
        for r in doc["roles"]:
            if not r["target"]:
                continue
            src = entity_key("Person", canon("Person", r["person"]))
            dst = entity_key(r["target_label"], r["target"])
            rk = ("HOLDS_ROLE", src, dst, normal_name(r["title"]))
            relations.setdefault(rk, Relation(type="HOLDS_ROLE", source=src, target=dst, title=r["title"], article=article.id,
                                              span=(r["start"] + off, r["end"] + off), evidence=r["evidence"]))
        for p in doc["programs"]:
            src = entity_key("Program", p["name"])
            dst = entity_key(p["owner_label"], p["owner"])
            rk = ("RUN_BY", src, dst, "")
            relations.setdefault(rk, Relation(type="RUN_BY", source=src, target=dst, article=article.id,
                                              span=(p["start"] + off, p["end"] + off), evidence=p["evidence"]))
        for s in doc["statements"]:
            content = [(a + off, b + off) for a, b in s["content"]]
            skey = None
            sname = None
            confidence = s["confidence"]
            if s["speaker_name"]:
                sname = canon(s["speaker_label"], s["speaker_name"])
                skey = entity_key(s["speaker_label"], sname)
            elif s["speaker_text"] and s["speaker_text"] in surnames:
                # Named by surname in a later window than the full name: resolve at article level.
                sname = surnames[s["speaker_text"]]
                skey = entity_key("Person", sname)
                confidence = 0.75
            inside = sorted({mm.entity for mm in doc_mentions if any(a <= mm.start < b for a, b in content)})
            ev_a, ev_b = s["evidence"]
            statements.append(Statement(
                id=statement_id(article.id, content[0][0], content[-1][1]),
                article=article.id,
                kind=s["kind"],
                cue=s["cue"],
                cue_span=(s["cue_span"][0] + off, s["cue_span"][1] + off) if s["cue_span"] else None,
                text=" … ".join(article.text[a:b] for a, b in content),
                content=content,
                speaker=skey,
                speaker_name=sname,
                speaker_mention=s["speaker_text"],
                speaker_span=(s["speaker_span"][0] + off, s["speaker_span"][1] + off) if s["speaker_span"] else None,
                evidence=article.text[ev_a + off : ev_b + off],
                evidence_span=(ev_a + off, ev_b + off),
                confidence=confidence,
                mentions=inside,
            ))
        notes += [f"{msg} (offset {o + off})" for o, msg in doc["notes"]]

    entities = [
        Entity(key=k, label=lbl, name=name, aliases=sorted(aliases.get(k, set())), count=counts[k])  # type: ignore[arg-type]
        for k, (lbl, name) in sorted(ent_names.items())
    ]
    return Extraction(article=article, entities=entities, mentions=mentions, statements=statements,
                      relations=list(relations.values()), notes=notes, extractor=extractor)


def extract_stream(
    items: Iterable[Article | Failure],
    nlp: Language,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    window: int = WINDOW_CHARS,
) -> Iterator[Extraction | Failure]:
    """Stream `Extraction`s (and passed-through or new `Failure`s) from a stream of articles.

    One `nlp.pipe` call over all windows of all articles, in batches; memory holds only the
    articles in flight.

    >>> # for x in extract_stream(iter_articles(["examples"]), load_nlp()): ...
    """
    extractor = f"{EXTRACTOR_VERSION}+{model_version(nlp)}"
    failures: deque[Failure] = deque()
    pending: dict[int, tuple[Article, int, list[tuple[int, DocResult]]]] = {}

    def texts() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for n, item in enumerate(items):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            wins = windows(item.text, window)
            pending[n] = (item, len(wins), [])
            for a, b in wins:
                yield item.text[a:b], (n, a, len(wins))

    for doc, (n, offset, _total) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        while failures:
            yield failures.popleft()
        article, total, parts = pending[n]
        parts.append((offset, doc_result(doc)))  # keep the results, not the (large) Doc
        if len(parts) < total:
            continue
        del pending[n]
        try:
            yield _merge(article, sorted(parts, key=lambda p: p[0]), extractor)
        except Exception as e:  # reported, never silently dropped
            log.warning("extraction failed for %s: %s", article.source, e)
            yield Failure(source=article.source, stage="extract", error=f"{type(e).__name__}: {e}")
    while failures:
        yield failures.popleft()


def extract(article: Article, nlp: Language | None = None, **kwargs: Any) -> Extraction:
    """Extract one article (convenience over `extract_stream`).

    >>> # from graphbuild.ingest import article_from_text
    >>> # x = extract(article_from_text("“Yes,” the minister said.", source="s"))
    """
    nlp = nlp or load_nlp()
    for out in extract_stream([article], nlp, **kwargs):
        if isinstance(out, Failure):
            raise ExtractionError(out.error)
        return out
    raise ExtractionError("no output")
