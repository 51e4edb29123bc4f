"""The team's own attribution gold in styles PolNeAR lacks (bench/gold/styles: wire copy, press
releases, interviews, op-eds, transcripts, features): statements and speakers scored per style
with the PolNeAR measures (`scoring.Accumulator`).

Each gold statement names its speaker; the name-level check takes the referent's words as the
speaker's canonical name plus the source as written when that is a name (an alias: "NASA",
"SEN. HARTLEY"), and a null speaker wants no speaker.

>>> # report = evaluate_styles("bench/gold/styles")
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..extract import extract_stream, load_nlp
from ..extract.nlp import DEFAULT_MODEL
from ..ingest import article_from_text
from ..model import Extraction, GraphbuildError, words
from .scoring import Accumulator, Attribution, SystemScore, is_name, name_words


class StyleArticle(BaseModel):
    """One article of the set: its text, style, dates and gold statements."""

    stem: str
    style: str
    text: str
    published: str | None = None
    outlet: str | None = None
    gold: list[Attribution]

    model_config = {"arbitrary_types_allowed": True}


def _find(text: str, s: str, occurrence: int, start: int = 0) -> int:
    pos = start - len(s)
    for _ in range(occurrence):
        pos = text.find(s, pos + len(s))
        if pos < 0:
            raise GraphbuildError(f"gold text not found in the article: {s[:60]!r}")
    return pos


def _gold(text: str, st: dict[str, Any]) -> Attribution:
    parts = st["content"] if isinstance(st["content"], list) else [st["content"]]
    content, at = [], 0
    for k, part in enumerate(parts):
        a = _find(text, part, st.get("occurrence", 1) if k == 0 else 1, at)
        content.append((a, a + len(part)))
        at = a + len(part)
    source = None
    src = st.get("source")
    if src:  # the mention nearest the content
        hits = [m.start() for m in re.finditer(re.escape(src), text)]
        if hits:
            s = min(hits, key=lambda i: min(abs(i - content[0][0]), abs(i - content[-1][1])))
            source = (s, s + len(src))
    ref: tuple[str, ...] = ()
    if st.get("speaker"):
        ref = tuple(words(st["speaker"]))
        if src and is_name(src):
            ref += tuple(w for w in name_words(src) if w not in ref)
    return Attribution(content=content, source=source, source_text=src or "", cue=st.get("cue", ""), referent=ref,
                       text=" … ".join(parts))


def read_styles(path: str | Path) -> Iterator[StyleArticle]:
    """The articles of the set, in file order; every gold string is checked against its text.

    >>> # next(read_styles("bench/gold/styles")).style -> 'wire'
    """
    for txt in sorted(Path(path).glob("*.txt")):
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
        yield StyleArticle(stem=txt.stem, style=meta["style"], text=text, published=meta.get("published"),
                           outlet=meta.get("outlet"), gold=[_gold(text, st) for st in meta["statements"]])


class StylesReport(BaseModel):
    """Scores per style and over the whole set."""

    articles: int
    words: int
    gold: int
    styles: dict[str, SystemScore]
    overall: SystemScore


def evaluate_styles(path: str | Path = "bench/gold/styles", *, model: str = DEFAULT_MODEL) -> StylesReport:
    """Extract every article of the set and score it against its gold, per style.

    >>> # evaluate_styles("bench/gold/styles").overall.name_accuracy
    """
    from . import _predictions  # the same conversion as the PolNeAR evaluation

    arts = list(read_styles(path))
    if not arts:
        raise GraphbuildError(f"no gold articles in {path}")
    nlp = load_nlp(model)
    t = time.perf_counter()
    stream = (article_from_text(a.text, source=a.stem, published=a.published, outlet=a.outlet) for a in arts)
    results = {x.article.source: x for x in extract_stream(stream, nlp) if isinstance(x, Extraction)}
    elapsed = time.perf_counter() - t
    n_words = sum(len(a.text.split()) for a in arts)
    overall, per = Accumulator(), dict[str, Accumulator]()
    for a in arts:
        x = results.get(a.stem)
        pred = _predictions(x) if x else []
        overall.add(a.text, a.gold, pred, a.stem)
        per.setdefault(a.style, Accumulator()).add(a.text, a.gold, pred, a.stem)
    wps = n_words / elapsed if elapsed else 0.0
    return StylesReport(articles=len(arts), words=n_words, gold=sum(len(a.gold) for a in arts),
                        styles={k: acc.result(k, wps) for k, acc in per.items()}, overall=overall.result("all styles", wps))
