"""Claim matching scored on a hand-labelled pair set (bench/gold/claim_pairs.tsv): pairs of
statements by the same speaker in two articles, labelled `same` (one utterance reported twice,
perhaps trimmed or altered) or `different` (another statement, a stock phrase said on another
occasion, a paraphrase). `unsure` pairs are left out.

>>> r = score_pairs([("same", "we will finish the station by 2030", "we will finish the station by 2030 at last")])
>>> (r.tp, r.fp, r.fn)
(1, 0, 0)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from ..model import words
from ..resolve.quotes import CONTAINMENT, MIN_WORDS, same_claim


class PairScore(BaseModel):
    """Precision and recall of `same` decisions on a set of labelled pairs (percentages)."""

    part: str
    pairs: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


class ClaimEvalReport(BaseModel):
    """Claim-matching figures: the rule's thresholds and its scores per part of the pair set."""

    containment: float
    min_words: int
    scores: list[PairScore]
    false_merges: list[str]


def read_pairs(path: str | Path) -> list[tuple[str, str, str, str]]:
    """(pair id, label, text a, text b) of a pair file (tab-separated, no quoting)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["pair"], r["label"], r["text_a"], r["text_b"]) for r in rows if r["label"] in {"same", "different"}]


def score_pairs(pairs: Iterable[tuple[str, str, str]], part: str = "all") -> PairScore:
    """Score (label, text a, text b) pairs with graphbuild's claim rule."""
    tp = fp = fn = n = 0
    for label, a, b in pairs:
        n += 1
        same = same_claim(words(a), words(b)) is not None
        tp += same and label == "same"
        fp += same and label != "same"
        fn += (not same) and label == "same"
    p = 100.0 * tp / (tp + fp) if tp + fp else 100.0
    r = 100.0 * tp / (tp + fn) if tp + fn else 100.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PairScore(part=part, pairs=n, tp=tp, fp=fp, fn=fn, precision=round(p, 1), recall=round(r, 1), f1=round(f, 1))


def evaluate_claims(path: str | Path) -> ClaimEvalReport:
    """Score the claim rule on a pair file: all pairs, and its two halves (even and odd pair
    numbers; the thresholds were chosen looking at the whole set, so both halves are shown).

    >>> # evaluate_claims("bench/gold/claim_pairs.tsv").scores[0].precision
    """
    pairs = read_pairs(path)
    parts = [("all", pairs), ("even pairs", pairs[0::2]), ("odd pairs", pairs[1::2])]
    wrong = [f"{pid}: {a[:60]!r} ~ {b[:60]!r}" for pid, label, a, b in pairs
             if label == "different" and same_claim(words(a), words(b)) is not None]
    return ClaimEvalReport(containment=CONTAINMENT, min_words=MIN_WORDS, false_merges=wrong,
                           scores=[score_pairs(((lbl, a, b) for _, lbl, a, b in ps), name) for name, ps in parts])
