"""Claims: the same statement in several articles (wire copy, repost, re-quote trimmed or with
words changed) is one claim with its occurrences.

Statements are compared only with statements of the same (canonical) speaker. Candidates share
a word 3-gram (an inverted index per speaker, so the work grows with the pairs that share words,
not with the square of the statements; a 3-gram used by more than COMMON_GRAM statements of one
speaker is a stock phrase and proposes no pairs). A pair is the same claim when the shorter
statement has at least MIN_WORDS words and at least CONTAINMENT of its 3-grams are in the other
(measured on bench/gold/claim_pairs.tsv: `graphbuild eval claims`). Claims are the connected
groups of such pairs; the first occurrence (earliest publication, then article and statement id)
stands for the claim, and every other occurrence gets
`(occurrence)-[:REPEATS {similarity, change, added, removed}]->(first)`, where `change` is
identical, trimmed, extended or altered and `added`/`removed` are the words that differ.

>>> from graphbuild.model import StatementInfo
>>> a = StatementInfo("q1", "Person:ana ruiz", "We will finish the new station by 2030, whatever it costs", "art_1", "2024-01-02")
>>> b = StatementInfo("q2", "Person:ana ruiz", "We will finish the new station by 2030", "art_2", "2024-01-05")
>>> [(e.src, e.dst, e.props["change"], e.props["removed"]) for e in claims([a, b])]
[('q2', 'q1', 'trimmed', 'whatever it costs')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Indel

from ..model import REPEATS, EdgeRow, PropValue, StatementInfo, words

GRAM = 3
MIN_WORDS = 6  # shorter statements ("I hope not") are stock phrases: never joined by their words
CONTAINMENT = 0.7  # share of the shorter statement's 3-grams found in the other
COMMON_GRAM = 50  # a 3-gram in more statements of one speaker proposes no pairs

__all__ = ["CONTAINMENT", "MIN_WORDS", "claims", "same_claim"]


def _grams(w: list[str]) -> set[tuple[str, ...]]:
    return {tuple(w[i : i + GRAM]) for i in range(len(w) - GRAM + 1)}


def same_claim(a: list[str], b: list[str]) -> float | None:
    """The 3-gram containment of two word lists when they are the same claim, else None.

    >>> same_claim("we will finish the station by 2030".split(), "we will finish the station by 2030 at last".split())
    1.0
    """
    if min(len(a), len(b)) < MIN_WORDS:
        return None
    ga, gb = _grams(a), _grams(b)
    c = len(ga & gb) / min(len(ga), len(gb))
    return c if c >= CONTAINMENT else None


def _diff(first: list[str], later: list[str]) -> dict[str, PropValue]:
    added: list[str] = []
    removed: list[str] = []
    gone: list[str] = []
    new: list[str] = []
    for op in [*Indel.opcodes(first, later), None]:  # consecutive changes form one edit
        if op is None or op.tag == "equal":
            if gone:
                removed.append(" ".join(gone))
            if new:
                added.append(" ".join(new))
            gone, new = [], []
            continue
        gone += first[op.src_start : op.src_end] if op.tag in ("delete", "replace") else []
        new += later[op.dest_start : op.dest_end] if op.tag in ("insert", "replace") else []
    change = "identical" if not (added or removed) else "trimmed" if not added else "extended" if not removed else "altered"
    return {"similarity": round(Indel.normalized_similarity(first, later), 3), "change": change,
            "added": " … ".join(added), "removed": " … ".join(removed)}


def claims(statements: Iterable[StatementInfo], canonical: dict[str, str] | None = None) -> list[EdgeRow]:
    """The REPEATS links among `statements`, sorted; `canonical` maps a speaker key to the
    entity it resolves to (SAME_AS), so a variant's statements meet their entity's."""
    canon = canonical or {}
    by_speaker: dict[str, list[StatementInfo]] = defaultdict(list)
    for s in statements:
        by_speaker[canon.get(s.speaker, s.speaker)].append(s)
    out: list[EdgeRow] = []
    for _speaker, group in sorted(by_speaker.items()):
        out += _claims_of(sorted(group, key=lambda s: (s.published or "9999", s.article, s.id)))
    return sorted(out, key=lambda e: (e.src, e.dst))


def _claims_of(group: list[StatementInfo]) -> list[EdgeRow]:
    toks = [words(s.text) for s in group]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, w in enumerate(toks):
        if len(w) >= MIN_WORDS:
            for g in _grams(w):
                index[g].append(i)
    parent = list(range(len(group)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tried: set[tuple[int, int]] = set()
    for posting in index.values():
        if len(posting) < 2 or len(posting) > COMMON_GRAM:
            continue
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                if group[i].article == group[j].article or (i, j) in tried or find(i) == find(j):
                    continue
                tried.add((i, j))
                if same_claim(toks[i], toks[j]) is not None:
                    parent[max(find(i), find(j))] = min(find(i), find(j))  # the earlier one stands for both
    out = []
    for i, s in enumerate(group):
        root = find(i)
        if root != i:
            out.append(EdgeRow(src=s.id, type=REPEATS, dst=group[root].id, props=_diff(toks[root], toks[i])))
    return out
