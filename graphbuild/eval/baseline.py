"""The baseline: textacy's `direct_quotations` on the same texts and model (the optional extra
`graphbuild[eval]`)."""

from __future__ import annotations

import time
from typing import Any

from ..model import ConfigError
from .scoring import Accumulator, Attribution, SystemScore


def textacy_baseline(nlp: Any, data: list[tuple[str, str, list[Attribution]]], words: int,
                     referents: dict[tuple[str, int, int], str] | None = None) -> SystemScore:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as e:
        raise ConfigError("the textacy baseline needs textacy: pip install 'graphbuild[eval]' (or pass --no-baseline)") from e

    acc = Accumulator(referents=referents or {})
    t = time.perf_counter()
    per: list[list[Attribution]] = []
    for doc in nlp.pipe((text for _, text, _ in data), batch_size=16):
        pred = []
        try:
            for q in direct_quotations(doc):
                content = [(q.content[0].idx, q.content[-1].idx + len(q.content[-1]))]
                src = (q.speaker[0].idx, q.speaker[-1].idx + len(q.speaker[-1])) if q.speaker else None
                stext = " ".join(t.text for t in q.speaker)
                pred.append(Attribution(content=content, source=src, cue=" ".join(t.text for t in q.cue), speaker=stext or None, mention=stext, text=doc.text[content[0][0]:content[0][1]]))
        except Exception:  # textacy raises on unbalanced quote marks: no predictions for that doc
            pass
        per.append(pred)
    wps = words / (time.perf_counter() - t)
    for (stem, text, gold), pred in zip(data, per, strict=True):
        acc.add(text, gold, pred, stem)
    return acc.result("textacy direct_quotations", wps)
