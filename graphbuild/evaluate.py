"""Attribution accuracy on PolNeAR (brat standoff), with a textacy baseline and throughput.

Scores predicted statements against gold attributions, per slice (quoted / speech / all) and
match rule (exact content span, Jaccard >= 0.5 over content characters, any overlap), one-to-one.
The corpus is read from a path and never copied (see ../shared/bench/README.md for the format).

>>> score([[(0, 10)]], [[(0, 10)]], "j50")
(1, 1, 1)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .extract import extract_stream
from .extract.lexicon import LEX
from .extract.nlp import DEFAULT_MODEL, _load, load_nlp
from .ingest import article_from_text
from .records import Extraction

QUOTE_CHARS = "\"“”„‟«»"
_TRIM = set(" \t\n\r.,;:!?—–-'\"“”‘’„‟«»()[]")
RULES = ("exact", "j50", "overlap")
SLICES = ("quoted", "speech", "all")
_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "i", "we", "you"}
_STOP = {"the", "a", "an", "of", "and", "for", "to", "in", "on", "at", "mr", "mrs", "ms", "dr"}


@dataclass
class Attribution:
    """One gold or predicted statement (character offsets into the article's text file)."""

    content: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    source_text: str = ""
    cue: str = ""
    speaker: str | None = None  # predicted canonical speaker
    mention: str | None = None  # predicted speaker as written
    text: str = ""

    def chars(self, text: str) -> set[int]:
        """Content character offsets, surrounding punctuation, quote marks and spaces trimmed."""
        out: set[int] = set()
        for a, b in self.content:
            while a < b and text[a] in _TRIM:
                a += 1
            while b > a and text[b - 1] in _TRIM:
                b -= 1
            out.update(range(a, b))
        return out


def _quoted(text: str) -> bool:
    return any(c in text for c in QUOTE_CHARS) or bool(re.search(r"(^|\W)['‘][^'’]+['’](\W|$)", text))


def _speech_cue(cue: str) -> bool:
    words = re.findall(r"[a-z]+", cue.lower())
    if "according" in words:
        return True
    for w in words:
        for lemma in (w, re.sub(r"(ed|d|s|ing)$", "", w), re.sub(r"ied$", "y", w), re.sub(r"ing$", "e", w)):
            if lemma in LEX.reporting_verbs or lemma in {"said", "told", "wrote"}:
                return True
    return False


def read_ann(path: Path) -> list[Attribution]:
    """Gold attributions of one brat .ann file."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not re.match(r"[TE]\d+\t", line):
            continue  # a span text running over a line break continues on lines of its own
        if line.startswith("T"):
            tid, info, text = (line.split("\t") + [""])[:3]
            typ, _, offs = info.partition(" ")
            parts = [tuple(int(x) for x in p.split()) for p in offs.split(";")]
            spans[tid] = (typ, [(a, b) for a, b in parts], text)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            roles = dict(a.split(":", 1) for a in args.split())
            events.append(roles)
    out = []
    for ev in events:
        content: list[tuple[int, int]] = []
        texts = []
        for role in sorted(k for k in ev if k.startswith("Content")):
            if ev[role] in spans:
                content += spans[ev[role]][1]
                texts.append(spans[ev[role]][2])
        if not content:
            continue
        src = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        source = (min(a for a, _ in src[1]), max(b for _, b in src[1])) if src else None
        out.append(Attribution(content=sorted(content), source=source, source_text=src[2] if src else "",
                               cue=cue[2] if cue else "", text=" ".join(texts)))
    return out


def read_split(path: str | Path, split: str = "dev", limit: int | None = None) -> Iterator[tuple[str, str, list[Attribution]]]:
    """(stem, text, gold attributions) for each article of a split; the first annotator's file."""
    root = Path(path) / split
    texts = sorted((root / "text").glob("*.txt"))[: limit or None]
    anns = sorted((root / "attributions").glob("*.ann"))
    by_stem: dict[str, Path] = {}
    for a in anns:
        stem = a.stem.rsplit("_", 1)[0]
        by_stem.setdefault(stem, a)  # sorted: the first annotator id wins
    for t in texts:
        ann = by_stem.get(t.stem)
        yield t.stem, t.read_text(encoding="utf-8"), read_ann(ann) if ann else []


def score(gold: list[list[tuple[int, int]]], pred: list[list[tuple[int, int]]], rule: str) -> tuple[int, int, int]:
    """(matched, n_pred, n_gold) with one-to-one matching under `rule`, on raw spans."""
    g = [{i for a, b in x for i in range(a, b)} for x in gold]
    p = [{i for a, b in x for i in range(a, b)} for x in pred]
    return len(match(g, p, rule)), len(p), len(g)


def match(gold: list[set[int]], pred: list[set[int]], rule: str) -> list[tuple[int, int]]:
    """The one-to-one (gold index, pred index) pairs under `rule`."""
    pairs = []
    for i, gs in enumerate(gold):
        for j, ps in enumerate(pred):
            inter = len(gs & ps)
            if inter:
                jac = inter / len(gs | ps)
                if (rule == "exact" and gs == ps) or (rule == "j50" and jac >= 0.5) or rule == "overlap":
                    pairs.append((jac, i, j))
    pairs.sort(reverse=True)
    ug: set[int] = set()
    up: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in ug and j not in up:
            ug.add(i)
            up.add(j)
            out.append((i, j))
    return out


def speaker_right(g: Attribution, p: Attribution) -> bool:
    """The predicted speaker mention overlaps the gold Source span, or the canonical name shares
    a word with it; a gold attribution without a source wants no speaker."""
    if g.source is None:
        return p.speaker is None and p.source is None
    if p.source and p.source[0] < g.source[1] and g.source[0] < p.source[1]:
        return True
    if p.speaker:
        words = {w for w in re.findall(r"\w+", p.speaker.lower()) if w not in _STOP and len(w) > 1}
        return bool(words & set(re.findall(r"\w+", g.source_text.lower())))
    return False


class SliceScore(BaseModel):
    """P/R/F1 of one slice under one rule."""

    slice: str
    rule: str
    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    gold: int


class SystemScore(BaseModel):
    """All scores of one system on a split."""

    system: str
    scores: list[SliceScore]
    speaker_accuracy: float
    speaker_matched: int
    unresolved_pronoun_share: float
    statements: int
    words_per_second: float


class EvalReport(BaseModel):
    """The evaluation of graphbuild (and the baseline) on one split."""

    split: str
    articles: int
    words: int
    gold: int
    systems: list[SystemScore]
    raw_spacy_words_per_second: float


@dataclass
class _Acc:
    # (slice, rule) -> [gold matched, predictions, gold, predictions matched]
    counts: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    spk_ok: int = 0
    spk_n: int = 0
    pron: int = 0
    n_pred: int = 0

    def add(self, text: str, gold: list[Attribution], pred: list[Attribution]) -> None:
        self.n_pred += len(pred)
        self.pron += sum(1 for p in pred if p.speaker is None and (p.mention or "").lower() in _PRONOUNS)
        gsets = [g.chars(text) for g in gold]
        psets = [p.chars(text) for p in pred]
        g_in = {
            "all": set(range(len(gold))),
            "quoted": {i for i, g in enumerate(gold) if _quoted(g.text)},
            "speech": {i for i, g in enumerate(gold) if _speech_cue(g.cue)},
        }
        # A prediction is "quoted" when quote marks bound or fall inside its content.
        p_in = {
            "all": set(range(len(pred))),
            "quoted": {j for j, p in enumerate(pred) if _quoted(text[max(p.content[0][0] - 1, 0) : p.content[-1][1] + 1])},
            "speech": {j for j, p in enumerate(pred) if _speech_cue(p.cue)},
        }
        for rule in RULES:
            m = match(gsets, psets, rule)  # one matching over everything, then counted per slice
            for sl in SLICES:
                c = self.counts.setdefault((sl, rule), [0, 0, 0, 0])
                c[0] += sum(1 for i, _ in m if i in g_in[sl])
                c[1] += len(p_in[sl])
                c[2] += len(g_in[sl])
                c[3] += sum(1 for _, j in m if j in p_in[sl])
            if rule == "j50":
                for i, j in m:
                    self.spk_n += 1
                    self.spk_ok += speaker_right(gold[i], pred[j])

    def result(self, system: str, wps: float) -> SystemScore:
        scores = []
        for (sl, rule), c in self.counts.items():
            m, np_, ng, pm = c
            p = pm / np_ if np_ else 0.0
            r = m / ng if ng else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            scores.append(SliceScore(slice=sl, rule=rule, precision=round(100 * p, 1), recall=round(100 * r, 1), f1=round(100 * f, 1), matched=m, predicted=np_, gold=ng))
        return SystemScore(system=system, scores=scores, speaker_accuracy=round(100 * self.spk_ok / self.spk_n, 1) if self.spk_n else 0.0,
                           speaker_matched=self.spk_n, unresolved_pronoun_share=round(100 * self.pron / self.n_pred, 1) if self.n_pred else 0.0,
                           statements=self.n_pred, words_per_second=round(wps))


def _predictions(x: Extraction) -> list[Attribution]:
    a = x.article
    out = []
    for s in x.statements:
        content = [(a.source_offset(p), a.source_offset(q - 1) + 1) for p, q in s.content]
        src = (a.source_offset(s.speaker_span[0]), a.source_offset(s.speaker_span[1] - 1) + 1) if s.speaker_span else None
        out.append(Attribution(content=content, source=src, cue=s.cue, speaker=s.speaker_name, mention=s.speaker_mention, text=s.text))
    return out


def evaluate_polnear(
    path: str | Path,
    split: str = "dev",
    *,
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    baseline: bool = True,
    predictions: Callable[[dict[str, Any]], object] | None = None,
) -> EvalReport:
    """Run graphbuild (and textacy's direct_quotations) on a PolNeAR split and score both.

    >>> # report = evaluate_polnear("../shared/bench/polnear", "dev")
    """
    data = list(read_split(path, split, limit))
    words = sum(len(t.split()) for _, t, _ in data)
    nlp = load_nlp(model)
    raw = _load(model)  # the plain pipeline, no graphbuild components: the speed baseline
    t = time.perf_counter()
    for _ in raw.pipe((text for _, text, _ in data), batch_size=16):
        pass
    raw_wps = words / (time.perf_counter() - t)

    acc = _Acc()
    t = time.perf_counter()
    arts = (article_from_text(text, source=stem) for stem, text, _ in data)
    results = {x.article.source: x for x in extract_stream(arts, nlp) if isinstance(x, Extraction)}
    gb_wps = words / (time.perf_counter() - t)
    for stem, text, gold in data:
        x = results.get(stem)
        pred = _predictions(x) if x else []
        acc.add(text, gold, pred)
        if predictions:
            for p in pred:
                predictions({"article": stem, "content": [list(c) for c in p.content], "source": list(p.source) if p.source else None, "speaker": p.speaker})
    systems = [acc.result("graphbuild", gb_wps)]
    if baseline:
        systems.append(_textacy(raw, data, words))
    return EvalReport(split=split, articles=len(data), words=words, gold=sum(len(g) for _, _, g in data),
                      systems=systems, raw_spacy_words_per_second=round(raw_wps))


def _textacy(nlp: Any, data: list[tuple[str, str, list[Attribution]]], words: int) -> SystemScore:
    from textacy.extract.triples import direct_quotations

    acc = _Acc()
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
    for (_, text, gold), pred in zip(data, per, strict=True):
        acc.add(text, gold, pred)
    return acc.result("textacy direct_quotations", wps)


def iter_rows(report: EvalReport) -> Iterable[tuple[str, str, str, float, float, float]]:
    """(system, slice, rule, P, R, F1) rows for tables."""
    for s in report.systems:
        for sc in sorted(s.scores, key=lambda x: (SLICES.index(x.slice), RULES.index(x.rule))):
            yield s.system, sc.slice, sc.rule, sc.precision, sc.recall, sc.f1
