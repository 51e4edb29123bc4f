"""Store scale (issue 13): what the embedded store costs as it grows — one save, a load, query
latency and peak memory at each size — with replicated real extractions.

    python bench/bench_scale.py ../shared/bench/polnear/train/text --sizes 1000 2000 4000

The PolNeAR articles are extracted once (cached as JSON Lines with `--cache`). Copy k of article
A is A with id `A~k`, a suffix in its text (so its content hash differs) and its statements
re-keyed; its entities keep their keys, as the same people recur across a real corpus, so entity
nodes gather more articles as the store grows. Each size is written to a fresh store in batches
of 200 articles (the build's autosave), then reopened in a new process state (load) and queried:
`quotes --speaker` for the 10 most quoted speakers of the smallest size and 10 others, `profile`
for the same.
The baseline is the smallest size, measured in the same run: each figure is also printed as a
ratio to it. Peak memory is this process's maximum resident set after the size was loaded.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import graphbuild.query as q  # noqa: E402
from graphbuild.extract import extract_stream, load_nlp  # noqa: E402
from graphbuild.graph import to_rows  # noqa: E402
from graphbuild.ingest import iter_sources  # noqa: E402
from graphbuild.model import Article, Extraction, statement_id  # noqa: E402
from graphbuild.store import NetworkXStore  # noqa: E402

BATCH = 200


def base_extractions(corpus: Path, cache: Path | None, workers: int) -> list[Extraction]:
    """The corpus's extractions, from `cache` when it exists (else extracted and cached)."""
    if cache is not None and cache.exists():
        return [Extraction.model_validate_json(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    nlp = load_nlp()
    arts = (a for a in iter_sources([corpus]) if isinstance(a, Article))
    out = [x for x in extract_stream(arts, nlp, n_process=workers) if isinstance(x, Extraction)]
    if cache is not None:
        cache.write_text("".join(x.model_dump_json() + "\n" for x in out), encoding="utf-8")
    return out


def replica(x: Extraction, k: int) -> Extraction:
    """Copy `k` of an extraction: new article id, text and content hash, statements re-keyed."""
    if k == 0:
        return x
    aid = f"{x.article.id}~{k}"
    art = x.article.model_copy(update={"id": aid, "text": x.article.text + f"\n\n(copy {k})",
                                       "content_hash": f"{x.article.content_hash}~{k}", "url": None})
    sts = [s.model_copy(update={"id": statement_id(aid, s.content[0][0], s.content[-1][1]), "article": aid}) for s in x.statements]
    rels = [r.model_copy(update={"article": aid}) for r in x.relations]
    return x.model_copy(update={"article": art, "statements": sts, "relations": rels})


def corpus_of(base: list[Extraction], n: int) -> Iterator[Extraction]:
    """`n` articles: the base extractions, then copies of them."""
    for i in range(n):
        yield replica(base[i % len(base)], i // len(base))


def pct(xs: list[float], p: int) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def measure(path: Path, base: list[Extraction], n: int, names: list[str]) -> dict[str, float]:
    """Write `n` articles to a fresh store at `path`, reload it and query it."""
    store = NetworkXStore(path, autosave_every=BATCH)
    batch, saves = [], []
    t0 = time.perf_counter()
    for x in corpus_of(base, n):
        batch.append(to_rows(x))
        if len(batch) == BATCH:
            t = time.perf_counter()
            store.write(batch)  # merges, then saves the whole file (autosave)
            saves.append(time.perf_counter() - t)
            batch = []
    if batch:
        store.write(batch)
    store.close()
    build = time.perf_counter() - t0
    del store
    gc.collect()
    t = time.perf_counter()
    st = NetworkXStore(path)
    q.stats(st)
    load = time.perf_counter() - t
    lat: dict[str, list[float]] = {"quotes": [], "profile": []}
    for _ in range(3):
        for name in names:
            for kind, fn in (("quotes", lambda s, x: q.quotes(s, speaker=x)), ("profile", q.profile)):
                t = time.perf_counter()
                fn(st, name)
                lat[kind].append((time.perf_counter() - t) * 1000)
    return {"articles": n, "build_s": build, "last_batch_s": saves[-1] if saves else 0.0, "file_mb": path.stat().st_size / 1e6,
            "load_s": load, "quotes_p50": pct(lat["quotes"], 50), "quotes_p95": pct(lat["quotes"], 95),
            "profile_p50": pct(lat["profile"], 50), "profile_p95": pct(lat["profile"], 95),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="Folder of articles (PolNeAR train text).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    ap.add_argument("--cache", type=Path, help="JSON Lines of the base extractions, reused when it exists.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    args = ap.parse_args(argv)

    base = base_extractions(args.path, args.cache, args.workers)
    said = Counter(s.speaker_name for x in base[: min(args.sizes)] for s in x.statements if s.speaker_name)  # in every size
    ranked = [n for n, _ in said.most_common()]
    names = ranked[:10] + random.Random(7).sample(ranked[10:], min(10, len(ranked) - 10))
    print(f"base: {len(base)} articles, {sum(len(x.statements) for x in base):,} statements; sizes {args.sizes}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            r = measure(Path(tmp) / f"g{n}.json", base, n, names)
            rows.append(r)
            (Path(tmp) / f"g{n}.json").unlink()
            gc.collect()
    first = rows[0]
    cols = ["build_s", "last_batch_s", "file_mb", "load_s", "quotes_p50", "quotes_p95", "profile_p50", "profile_p95", "peak_rss_mb"]
    print(f"{'articles':>8} " + " ".join(f"{c:>12}" for c in cols))
    for r in rows:
        print(f"{r['articles']:>8} " + " ".join(f"{r[c]:>12.2f}" for c in cols))
    print(f"ratio to {first['articles']} articles:")
    for r in rows[1:]:
        print(f"{r['articles']:>8} " + " ".join(f"{(r[c] / first[c] if first[c] else 0):>12.2f}" for c in cols))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
