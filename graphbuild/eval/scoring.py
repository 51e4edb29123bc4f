"""Scoring predicted statements against gold attributions, per slice (quoted / speech / all) and
match rule (exact content span, Jaccard >= 0.5 over content characters, any overlap), one-to-one.

>>> score([[(0, 10)]], [[(0, 10)]], "j50")
(1, 1, 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel

from ..extract.lexicon import default_lexicon
from ..extract.syntax import PERSONAL_PRONOUNS

QUOTE_CHARS = "\"“”„‟«»"
_TRIM = set(" \t\n\r.,;:!?—–-'\"“”‘’„‟«»()[]")
RULES = ("exact", "j50", "overlap")
SLICES = ("quoted", "speech", "all")
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
            if lemma in default_lexicon().reporting_verbs or lemma in {"said", "told", "wrote"}:
                return True
    return False


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
class Accumulator:
    # (slice, rule) -> [gold matched, predictions, gold, predictions matched]
    counts: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    spk_ok: int = 0
    spk_n: int = 0
    pron: int = 0
    n_pred: int = 0

    def add(self, text: str, gold: list[Attribution], pred: list[Attribution]) -> None:
        self.n_pred += len(pred)
        self.pron += sum(1 for p in pred if p.speaker is None and (p.mention or "").lower() in PERSONAL_PRONOUNS)
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


def iter_rows(report: EvalReport) -> Iterable[tuple[str, str, str, float, float, float]]:
    """(system, slice, rule, P, R, F1) rows for tables."""
    for s in report.systems:
        for sc in sorted(s.scores, key=lambda x: (SLICES.index(x.slice), RULES.index(x.rule))):
            yield s.system, sc.slice, sc.rule, sc.precision, sc.recall, sc.f1
