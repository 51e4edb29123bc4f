"""Throughput of graphbuild against raw spaCy on the same texts, measured in one run.

Usage: python bench/bench_extract.py PATH [--limit N] [--workers 1 2] [--big-mb 5]

PATH is a folder of .txt articles (e.g. ../shared/bench/polnear/dev/text). Prints words/s for
  1. raw spaCy `nlp.pipe` (the plain pipeline, no graphbuild components): the baseline;
  2. graphbuild extraction (`extract_stream`: windows + components + records);
  3. graphbuild build into a NetworkX file (ingest + extract + rows + store + atomic save);
and the ratios to the baseline, for each worker count. With --big-mb it also builds one
synthetic article of that size (windowed) and reports its time and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from graphbuild.extract import extract_stream, load_nlp, load_pipeline
from graphbuild.ingest import iter_articles
from graphbuild.model import Article, Extraction
from graphbuild.pipeline import build


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N articles.")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--big-mb", type=float, default=0.0, help="Also build one synthetic article of this size.")
    args = ap.parse_args(argv)

    files = sorted(args.path.rglob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    articles = [a for a in iter_articles(files) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} articles, {words:,} words ({args.path})")

    raw = load_pipeline()  # the plain pipeline: the baseline
    gb = load_nlp()
    rows = []
    for w in args.workers:
        t = time.perf_counter()
        for _ in raw.pipe(texts, batch_size=16, n_process=w):
            pass
        base = time.perf_counter() - t

        t = time.perf_counter()
        n_st = sum(len(x.statements) for x in extract_stream(iter(articles), gb, batch_size=16, n_process=w) if isinstance(x, Extraction))
        ext = time.perf_counter() - t

        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            rep = build(files, Path(d) / "g.json", nlp=gb, workers=w)
            full = time.perf_counter() - t
        rows.append((w, base, ext, full, n_st, rep.articles))

    print(f"\n{'workers':>7} {'raw spaCy w/s':>14} {'extract w/s':>12} {'build w/s':>10} {'extract/raw':>12} {'build/raw':>10} {'statements':>10}")
    for w, base, ext, full, n_st, _ in rows:
        print(f"{w:>7} {words / base:>14,.0f} {words / ext:>12,.0f} {words / full:>10,.0f} {base / ext:>12.2f} {base / full:>10.2f} {n_st:>10}")

    if args.big_mb:
        para = (
            "Officials said on Monday that the talks would continue. “We are close,” the minister said, "
            "adding that a deal could be signed next week in Geneva.\n\n"
        )
        n = int(args.big_mb * 1_000_000 / len(para)) + 1
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "big.txt"
            src.write_text("Big Article\n\n" + para * n, encoding="utf-8")
            size = src.stat().st_size
            before = _rss_mb()
            t = time.perf_counter()
            rep = build([src], Path(d) / "g.json", nlp=gb, workers=max(args.workers))
            el = time.perf_counter() - t
            print(f"\nsynthetic article: {size / 1e6:.1f} MB, {rep.statements} statements, {el:.1f} s "
                  f"({max(args.workers)} workers), peak RSS {max(_rss_mb(), before):.0f} MB, failures {len(rep.failures)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
