"""Attribution accuracy on PolNeAR, with a textacy baseline and throughput, all in one run.

>>> # report = evaluate_polnear("../shared/bench/polnear", "dev")
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..extract import extract_stream, load_nlp, load_pipeline
from ..extract.nlp import DEFAULT_MODEL
from ..ingest import article_from_text
from ..model import Extraction, RoleFact, RoleSpeaker
from ..resolve import role_speakers
from .baseline import textacy_baseline
from .corpus import read_ann, read_split
from .scoring import (
    Accumulator,
    Attribution,
    EvalReport,
    SliceScore,
    SystemScore,
    iter_rows,
    match,
    read_referents,
    score,
    speaker_right,
)

__all__ = ["Attribution", "EvalReport", "SliceScore", "SystemScore", "evaluate_polnear", "iter_rows", "match", "read_ann",
           "read_split", "score", "speaker_right"]


def attribute_roles(extractions: Iterable[Extraction]) -> dict[str, str]:
    """Statement id -> speaker name for statements by titles their article does not resolve, from
    the HOLDS_ROLE facts of all the given articles: what a build's ATTRIBUTED_TO links do on the
    graph (`graphbuild.resolve.role_speakers`), here on the evaluated split."""
    xs = list(extractions)
    names = {e.key: e.name for x in xs for e in x.entities}
    facts = [RoleFact(r.source, r.target, r.role, r.title or "", (r.article,)) for x in xs for r in x.relations if r.type == "HOLDS_ROLE" and r.role]
    speakers = [RoleSpeaker(s.id, s.speaker_role, s.speaker_role_of, tuple(s.speaker_role_names), s.said_on or x.article.published)
                for x in xs for s in x.statements if s.speaker is None and s.speaker_role]
    links = role_speakers(speakers, facts, {x.article.id: x.article.published for x in xs})
    return {e.src: names.get(e.dst, e.dst.split(":", 1)[-1]) for e in links}


def _predictions(x: Extraction, attributed: dict[str, str] | None = None) -> list[Attribution]:
    a = x.article
    out = []
    held = attributed or {}
    for s in x.statements:
        content = [(a.source_offset(p), a.source_offset(q - 1) + 1) for p, q in s.content]
        src = (a.source_offset(s.speaker_span[0]), a.source_offset(s.speaker_span[1] - 1) + 1) if s.speaker_span else None
        out.append(Attribution(content=content, source=src, cue=s.cue, speaker=s.speaker_name or held.get(s.id), mention=s.speaker_mention, text=s.text,
                               framing=s.framing, kind=s.kind))
    return out


def evaluate_polnear(
    path: str | Path,
    split: str = "dev",
    *,
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    baseline: bool = True,
    predictions: Callable[[dict[str, Any]], object] | None = None,
    referents: str | Path | None = None,
) -> EvalReport:
    """Run graphbuild (and textacy's direct_quotations) on a PolNeAR split and score both.

    `referents` (bench/gold/sources_dev.tsv for dev) gives who the gold sources that are not
    names refer to, for speaker accuracy at the name level (see `scoring.gold_referent`).

    >>> # report = evaluate_polnear("../shared/bench/polnear", "dev")
    """
    data = list(read_split(path, split, limit))
    words = sum(len(t.split()) for _, t, _ in data)
    nlp = load_nlp(model)
    raw = load_pipeline(model)  # the plain pipeline, no graphbuild components: the speed baseline
    t = time.perf_counter()
    for _ in raw.pipe((text for _, text, _ in data), batch_size=16):
        pass
    raw_wps = words / (time.perf_counter() - t)

    refs = read_referents(referents) if referents else {}
    acc = Accumulator(referents=refs)
    t = time.perf_counter()
    arts = (article_from_text(text, source=stem) for stem, text, _ in data)
    results = {x.article.source: x for x in extract_stream(arts, nlp) if isinstance(x, Extraction)}
    gb_wps = words / (time.perf_counter() - t)
    attributed = attribute_roles(results.values())
    for stem, text, gold in data:
        x = results.get(stem)
        pred = _predictions(x, attributed) if x else []
        acc.add(text, gold, pred, stem)
        if predictions:
            for p in pred:
                predictions({"article": stem, "content": [list(c) for c in p.content], "source": list(p.source) if p.source else None, "speaker": p.speaker,
                             "cue": p.cue, "framing": p.framing, "kind": p.kind})
    systems = [acc.result("graphbuild", gb_wps)]
    if baseline:
        systems.append(textacy_baseline(raw, data, words, refs))
    return EvalReport(split=split, articles=len(data), words=words, gold=sum(len(g) for _, _, g in data),
                      systems=systems, raw_spacy_words_per_second=round(raw_wps))
