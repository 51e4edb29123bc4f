"""Republication: an article whose body is (nearly) another's — a repost with other furniture
and title, a wire story in several outlets — is linked to the earlier one:
`(later)-[:REPUBLISHES {similarity}]->(earlier)` (earlier: publication date, then article id).

Each article carries a bottom-k sketch of its body's word 5-grams (`graphbuild.model.text_sketch`,
written with its rows). Candidates share sketch hashes (an inverted index, so the work grows with
the pairs that share text, not with the square of the articles); a pair republishes when the
estimated resemblance of the two bodies (the share of the union's k smallest hashes found in
both) is at least SIMILARITY. Each article links to the earliest one it copies.

>>> from graphbuild.model import ArticleInfo, text_sketch
>>> body = " ".join(f"word{i}" for i in range(300))
>>> a = ArticleInfo("art_1", text_sketch(body), "2024-01-02")
>>> b = ArticleInfo("art_2", text_sketch(body + " Read more at our site."), "2024-01-03")
>>> [(e.src, e.dst) for e in republications([a, b])]
[('art_2', 'art_1')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model import REPUBLISHES, ArticleInfo, EdgeRow

SIMILARITY = 0.5  # estimated resemblance (Jaccard) of the two bodies' 5-grams
MIN_SKETCH = 16  # bodies with fewer 5-grams (very short texts) are not compared
COMMON_HASH = 200  # a hash in more articles (boilerplate) proposes no pairs

__all__ = ["SIMILARITY", "republications", "resemblance"]


def resemblance(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Estimated Jaccard resemblance of two texts from their bottom-k sketches.

    >>> resemblance(("a", "b", "c"), ("a", "b", "d"))
    0.667
    """
    k = max(len(a), len(b))
    union = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return round(sum(1 for h in union if h in both) / len(union), 3) if union else 0.0


def republications(articles: Iterable[ArticleInfo]) -> list[EdgeRow]:
    """The REPUBLISHES links among `articles`, sorted."""
    arts = sorted((a for a in articles if len(a.sketch) >= MIN_SKETCH), key=lambda a: (a.published or "9999", a.id))
    index: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        for h in a.sketch:
            index[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for posting in index.values():
        if len(posting) > COMMON_HASH:
            continue
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                shared[(i, j)] += 1
    best: dict[int, tuple[int, float]] = {}  # later article -> (earliest it copies, similarity)
    for (i, j), n in sorted(shared.items()):
        if n < MIN_SKETCH // 4:
            continue
        sim = resemblance(arts[i].sketch, arts[j].sketch)
        if sim >= SIMILARITY and (j not in best or i < best[j][0]):
            best[j] = (i, sim)
    out = [EdgeRow(src=arts[j].id, type=REPUBLISHES, dst=arts[i].id, props={"similarity": sim}) for j, (i, sim) in best.items()]
    return sorted(out, key=lambda e: (e.src, e.dst))
