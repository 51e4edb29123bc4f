"""Cross-article entity resolution scored against a hand-made gold clustering (bench/gold/).

Items are the persons and organisations graphbuild extracts from each article of a PolNeAR split;
each gets the gold identity of its surface names (`bench/gold/entities_dev.tsv`: article, label,
surface, gold). Two items are merged when they share an entity key or entity resolution links
their keys (`SAME_AS`; `POSSIBLY_SAME` is not a merge). Scores are pairwise and B-cubed
precision/recall, with and without resolution; resolution runs over the split and any `context`
splits (more evidence, as in a real corpus), items come from the split only.

>>> _prf(9, 10, 12)
(90.0, 75.0, 81.8)
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..extract import extract_stream, load_nlp
from ..extract.lexicon import default_lexicon
from ..extract.nlp import DEFAULT_MODEL
from ..ingest import article_from_text
from ..model import SAME_AS, EdgeRow, Extraction, normal_name
from ..resolve import entity_infos, resolve
from .corpus import read_split

# Junk person names reported on PolNeAR dev+train before the name rules (issue 11), checked again.
SEEN_JUNK = ("Crooked Hillary Clinton", "Ignore Clinton", "Injecting Clinton", "’s Clinton", "Telling Jeb Bush",
             "Neither Cruz", "Presidents Obama", "Ferrera Sent Donald", "Clinton Cash Debunks Hillary")


class MergeScore(BaseModel):
    """Pairwise and B-cubed scores of one clustering (percentages)."""

    system: str
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    clusters: int


class EntityEvalReport(BaseModel):
    """Entity-resolution figures on a gold clustering."""

    split: str
    context: list[str]
    articles: int
    items: int = Field(description="Extracted person/organisation entities with a gold identity.")
    identities: int
    scores: list[MergeScore]
    wrong_merges: list[str] = Field(description="Resolution links joining different gold identities.")
    one_word_people: dict[str, int] = Field(description="One-word person nodes: linked, ambiguous, no candidate.")
    top_speaker_fragments: list[str] = Field(description="One-word persons left among the 100 most frequent (resolved) speakers, and why.")
    junk_seen: list[str] = Field(description="Names of SEEN_JUNK still in the graph.")
    junk_like: int = Field(description="Person names starting with a common word that is no given name.")


def _prf(tp: int, sys: int, gold: int) -> tuple[float, float, float]:
    p = 100.0 * tp / sys if sys else 100.0
    r = 100.0 * tp / gold if gold else 100.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 1), round(r, 1), round(f, 1)


def score_clustering(system: str, items: Sequence[tuple[str, str]]) -> MergeScore:
    """Scores of (system cluster, gold identity) items.

    >>> score_clustering("s", [("a", "x"), ("a", "x"), ("b", "x")]).pairwise_r
    33.3
    """
    by_sys: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: Counter[str] = Counter()
    for s, g in items:
        by_sys[s][g] += 1
        by_gold[g] += 1
    pairs = lambda n: n * (n - 1) // 2  # noqa: E731
    tp = sum(pairs(n) for c in by_sys.values() for n in c.values())
    sys_pairs = sum(pairs(sum(c.values())) for c in by_sys.values())
    gold_pairs = sum(pairs(n) for n in by_gold.values())
    pp, pr, pf = _prf(tp, sys_pairs, gold_pairs)
    n = len(items) or 1
    bp = sum(c[g] ** 2 / sum(c.values()) for c in by_sys.values() for g in c) / n
    br = sum(c[g] ** 2 / by_gold[g] for c in by_sys.values() for g in c) / n
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0
    return MergeScore(system=system, pairwise_p=pp, pairwise_r=pr, pairwise_f1=pf, bcubed_p=round(100 * bp, 1),
                      bcubed_r=round(100 * br, 1), bcubed_f1=round(100 * bf, 1), clusters=len(by_sys))


def read_gold(path: str | Path) -> dict[tuple[str, str], str]:
    """(article, normal surface) -> gold identity ('-' and '?' rows left out)."""
    out: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["gold"] not in {"-", "?"}:
                out[(row["article"], normal_name(row["surface"]))] = row["gold"]
    return out


def _gold_of(stem: str, names: Iterable[str], gold: dict[tuple[str, str], str]) -> str | None:
    votes = Counter(g for n in names if (g := gold.get((stem, normal_name(n)))))
    return votes.most_common(1)[0][0] if votes else None


def evaluate_entities(path: str | Path, gold_path: str | Path, split: str = "dev", *, context: Sequence[str] = (),
                      model: str = DEFAULT_MODEL, limit: int | None = None) -> EntityEvalReport:
    """Extract the split (and `context` splits), resolve entities across them, score the merges.

    >>> # evaluate_entities("../shared/bench/polnear", "bench/gold/entities_dev.tsv", context=["train"])
    """
    gold = read_gold(gold_path)
    nlp = load_nlp(model)
    xs: list[Extraction] = []
    for sp in (split, *context):
        arts = (article_from_text(text, source=f"{sp}/{stem}") for stem, text, _ in read_split(path, sp, limit))
        xs += [x.model_copy(update={"article": x.article.model_copy(update={"text": ""})})
               for x in extract_stream(arts, nlp) if isinstance(x, Extraction)]
    lex = default_lexicon()
    links = resolve(entity_infos(xs), given_names=lex.common_given_names, common_words=lex.common_words | set(lex.first_names))
    same = {e.src: e.dst for e in links if e.type == SAME_AS}
    names = {e.key: e.name for x in xs for e in x.entities}
    items: list[tuple[str, str, str]] = []  # (key, root, gold)
    for x in xs:
        sp, _, stem = x.article.source.partition("/")
        if sp != split:
            continue
        for e in x.entities:
            g = _gold_of(stem, [e.name, *e.aliases], gold) if e.label in {"Person", "Organization"} else None
            if g:
                items.append((e.key, same.get(e.key, e.key), g))
    scores = [score_clustering("extraction only (per-article keys)", [(k, g) for k, _, g in items]),
              score_clustering("with cross-article resolution", [(r, g) for _, r, g in items])]
    golds: dict[str, set[str]] = defaultdict(set)
    for k, _, g in items:
        golds[k].add(g)
    wrong = sorted({f"{names.get(e.src, e.src)} -> {names.get(e.dst, e.dst)} ({e.props['rule']})"
                    for e in links if e.type == SAME_AS and golds.get(e.src) and golds.get(e.dst)
                    and not golds[e.src] & golds[e.dst]})
    return EntityEvalReport(split=split, context=list(context), articles=sum(1 for x in xs if x.article.source.startswith(split + "/")),
                            items=len(items), identities=len({g for _, _, g in items}), scores=scores, wrong_merges=wrong,
                            **_graph_checks(xs, links))


def _graph_checks(xs: list[Extraction], links: list[EdgeRow]) -> dict[str, Any]:
    """One-word people, fragments among the top speakers, junk names (on everything extracted)."""
    same = {e.src for e in links if e.type == SAME_AS}
    maybe = {e.src for e in links if e.type != SAME_AS}
    people = {e.key: e.name for x in xs for e in x.entities if e.label == "Person"}
    one = [k for k in people if " " not in k.split(":", 1)[1]]
    counts = Counter("linked" if k in same else "ambiguous" if k in maybe else "no candidate" for k in one)
    said: Counter[str] = Counter()
    for x in xs:
        said.update(s.speaker for s in x.statements if s.speaker)
    canon = {e.src: e.dst for e in links if e.type == SAME_AS}
    top: Counter[str] = Counter()
    for k, n in said.items():
        top[canon.get(k, k)] += n
    status = lambda k: "ambiguous" if k in maybe else "no candidate"  # noqa: E731
    frag = [f"{people[k]}: {n} statements, {status(k)}" for k, n in top.most_common(100) if k in one]
    all_names = {n for x in xs for e in x.entities if e.label == "Person" for n in (e.name, *e.aliases)}
    lex = default_lexicon()
    junk_like = sum(1 for n in all_names if len(n.split()) > 1 and normal_name(n.split()[0]) in lex.common_words)
    return {"one_word_people": dict(sorted(counts.items())), "top_speaker_fragments": frag,
            "junk_seen": sorted(j for j in SEEN_JUNK if j in all_names), "junk_like": junk_like}
