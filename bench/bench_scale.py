"""Store scale (issue 13): what an embedded store costs as it grows — writes, opening, the
README's queries in-process and from the CLI (process start included), and memory — with
replicated real extractions.

    python bench/bench_scale.py ../shared/bench/polnear/train/text --cache /tmp/train.jsonl \
        --store sqlite --sizes 1000 10000 100000

The PolNeAR articles are extracted once (cached as JSON Lines with `--cache`). Copy k of article
A is A with id `A~k`, a suffix in its text (so its content hash differs) and its statements
re-keyed; its entities keep their keys, as the same people recur across a real corpus, so entity
nodes gather more articles as the store grows (at 100k articles the most quoted speaker has
~120x the statements he has in PolNeAR). Each size is written to a fresh store in batches of 100
articles (the build's write batch), then reopened and queried with the README's forms:
`quotes --speaker S --about T`, `quotes --kind direct --since D --limit 3`, `speakers T`,
`profile S`, `comentions T` (limit 20, the CLI's default), `claims --speaker S`, `stats`, and
`quotes --speaker S` with `--limit 20` and without (its answer grows with the store), for the
10 most quoted speakers of PolNeAR (`_top`: hubs, whose answers grow with the store) and 10
others (`_other`) — topics: each speaker's most mentioned entity; and the CLI's `query quotes
--speaker S --about T --json` as a new process each time (the 10 others).
The baseline is the smallest size, measured in the same run: each figure is also printed as a
ratio to it. With more than one round, the first warms the page cache and is not counted. Memory:
this process's peak resident set after the size, and the largest of the CLI query processes'.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import graphbuild.query as q  # noqa: E402
from graphbuild.extract import extract_stream, load_nlp  # noqa: E402
from graphbuild.extract.lexicon import default_lexicon  # noqa: E402
from graphbuild.graph import to_rows  # noqa: E402
from graphbuild.ingest import iter_sources  # noqa: E402
from graphbuild.model import Article, Extraction, statement_id  # noqa: E402
from graphbuild.pipeline.links import update_links  # noqa: E402
from graphbuild.store import open_store  # noqa: E402

BATCH = 100
SUFFIX = {"sqlite": "db", "json": "json"}
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


def corpus_of(base: list[Extraction], n: int, start: int = 0) -> Iterator[Extraction]:
    """`n` articles: the base extractions, then copies of them (from article number `start`)."""
    for i in range(start, start + n):
        yield replica(base[i % len(base)], i // len(base))


def pct(xs: list[float], p: int) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def queries(pairs: list[tuple[str, str]]) -> dict[str, list[Callable[[object], object]]]:
    """The README's query forms, one call per (speaker, topic) pair."""
    return {
        "quotes_sa": [lambda st, s=s, t=t: q.quotes(st, speaker=s, about=t) for s, t in pairs],
        "quotes_kind": [lambda st: q.quotes(st, kind="direct", since="2016-03", limit=3)],
        "speakers": [lambda st, t=t: q.speakers_about(st, t) for _, t in pairs],
        "profile": [lambda st, s=s: q.profile(st, s) for s, _ in pairs],
        "comentions": [lambda st, t=t: q.comentions(st, t, limit=20) for _, t in pairs],
        "claims": [lambda st, s=s: q.claims(st, speaker=s) for s, _ in pairs],
        "stats": [lambda st: q.stats(st)],
        "quotes_by_limit20": [lambda st, s=s: q.quotes(st, speaker=s, limit=20) for s, _ in pairs],
        "quotes_by_all": [lambda st, s=s: q.quotes(st, speaker=s) for s, _ in pairs],
    }


def cli_times(path: Path, pairs: list[tuple[str, str]], runs: int) -> tuple[list[float], float]:
    """Wall ms of `graphbuild query quotes --speaker S --about T --json` as new processes, and
    the largest resident set (MB) among them (`/usr/bin/time -f %M`: the command's own, not
    the forked copy of this process that starts it)."""
    exe = Path(sys.executable).with_name("graphbuild")
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    times, rss = [], 0.0
    for i in range(runs):
        s, t = pairs[i % len(pairs)]
        t0 = time.perf_counter()
        p = subprocess.run([*timer, str(exe), "query", "quotes", "--speaker", s, "--about", t, "--json", "--store", str(path)],
                           check=True, capture_output=True, text=True, env={**os.environ, "COLUMNS": "120"})
        times.append((time.perf_counter() - t0) * 1000)
        if timer:
            rss = max(rss, int(p.stderr.strip().splitlines()[-1]) / 1024)
    return times, rss or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def refresh(path: Path, base: list[Extraction], n: int, share: float) -> dict[str, float]:
    """The store side of a nightly refresh adding `share` new articles to the `n` there: their
    writes (batches of 100) and the derived-link step over the whole store, each timed. The
    store's links are computed first, as the build that made it ends (`links_full_s`)."""
    store = open_store(path)
    t = time.perf_counter()
    first = update_links(store, None, default_lexicon())
    full = time.perf_counter() - t
    m = max(1, round(n * share))
    batch, t0 = [], time.perf_counter()
    for x in corpus_of(base, m, start=n):
        batch.append(to_rows(x))
        if len(batch) == BATCH:
            store.write(batch)
            batch = []
    if batch:
        store.write(batch)
    t1 = time.perf_counter()
    changed = update_links(store, None, default_lexicon())
    t2 = time.perf_counter()
    store.close()
    return {"links_full_s": full, "links_full_changed": first, "refresh_new_articles": m, "refresh_write_s": t1 - t0,
            "refresh_links_s": t2 - t1, "refresh_links_changed": changed,
            "refresh_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(path: Path, base: list[Extraction], n: int, pairs: list[tuple[str, str]], rounds: int, cli_runs: int,
            reuse: bool = False, share: float = 0.0) -> dict[str, float]:
    """Write `n` articles to a fresh store at `path` (or, with `reuse`, take the one there),
    reopen it and query it; the first round warms the caches and is not counted when there are more."""
    store = open_store(path)
    batch, writes = [], []
    t0 = time.perf_counter()
    for x in corpus_of(base, n) if not (reuse and path.exists()) else ():
        batch.append(to_rows(x))
        if len(batch) == BATCH:
            t = time.perf_counter()
            store.write(batch)
            writes.append((time.perf_counter() - t) / BATCH)
            batch = []
    if batch:
        store.write(batch)
    store.close()
    build = time.perf_counter() - t0
    del store
    gc.collect()
    t = time.perf_counter()
    st = open_store(path)
    q.stats(st)
    opened = time.perf_counter() - t
    lat: dict[str, list[float]] = {}
    groups = (("top", pairs[:10]), ("other", pairs[10:]))  # the 10 most quoted speakers (hubs), 10 others
    for r in range(rounds):
        if r == 1:
            lat.clear()  # the first round read the file into the page cache
        for group, chosen in groups:
            for kind, calls in queries(chosen).items():
                for call in calls:
                    t = time.perf_counter()
                    call(st)
                    lat.setdefault(f"{kind}_{group}", []).append((time.perf_counter() - t) * 1000)
    st.close()
    refreshed = refresh(path, base, n, share) if share else {}
    size = sum(f.stat().st_size for f in path.parent.glob(path.name + "*"))
    cli, cli_rss = cli_times(path, pairs[10:] or pairs, cli_runs)
    row: dict[str, float] = {"articles": n, "build_s": build, "write_ms_per_article_last": 1000 * (writes[-1] if writes else 0.0),
                             "file_mb": size / 1e6, "open_s": opened}
    for kind, xs in lat.items():
        row[f"{kind}_p50"], row[f"{kind}_p95"] = pct(xs, 50), pct(xs, 95)
    row.update({"cli_p50": pct(cli, 50), "cli_p95": pct(cli, 95), "cli_peak_rss_mb": cli_rss,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    row.update(refreshed)
    return row


def pairs_of(base: list[Extraction], n: int) -> list[tuple[str, str]]:
    """(speaker, topic): the 10 most quoted speakers and 10 others, each with the entity its statements mention most."""
    said = Counter(s.speaker_name for x in base[:n] for s in x.statements if s.speaker_name and s.speaker)
    names = {e.key: e.name for x in base for e in x.entities}
    ranked = [s for s, _ in said.most_common()]
    chosen = ranked[:10] + random.Random(7).sample(ranked[10:], min(10, len(ranked) - 10))
    out = []
    for sp in chosen:
        topics = Counter(m for x in base[:n] for s in x.statements if s.speaker_name == sp for m in s.mentions)
        if topics:
            out.append((sp, names.get(topics.most_common(1)[0][0], "")))
    return [p for p in out if p[1]]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="Folder of articles (PolNeAR train text).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--store", choices=sorted(SUFFIX), default="sqlite", help="sqlite (the default store) or json (NetworkX file).")
    ap.add_argument("--cache", type=Path, help="JSON Lines of the base extractions, reused when it exists.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="Rounds over the query set at each size.")
    ap.add_argument("--cli-runs", type=int, default=10)
    ap.add_argument("--dir", type=Path, help="Keep the stores in this folder (default: a temporary one, removed).")
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    ap.add_argument("--refresh", type=float, default=0.0, metavar="SHARE",
                    help="After the queries, add SHARE x size new articles and run the derived-link step (a nightly refresh's store side).")
    ap.add_argument("--reuse", action="store_true", help="With --dir: query the stores already there instead of writing them again.")
    args = ap.parse_args(argv)

    base = base_extractions(args.path, args.cache, args.workers)
    pairs = pairs_of(base, min(args.sizes))
    print(f"base: {len(base)} articles, {sum(len(x.statements) for x in base):,} statements; store {args.store}; sizes {args.sizes}")
    print("pairs: " + "; ".join(f"{s} / {t}" for s, t in pairs))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        for n in args.sizes:
            path = folder / f"g{n}.{SUFFIX[args.store]}"
            if not args.reuse:
                for f in folder.glob(path.name + "*"):
                    f.unlink()
            r = measure(path, base, n, pairs, args.rounds, args.cli_runs, reuse=args.reuse, share=args.refresh)
            rows.append(r)
            print(json.dumps(r), flush=True)
            if args.dir is None:
                for f in folder.glob(path.name + "*"):
                    f.unlink()
            gc.collect()
    first = rows[0]
    cols = [c for c in first if c != "articles"]
    print(f"{'figure':>28} " + " ".join(f"{r['articles']:>10}" for r in rows) + "   ratio last/first")
    for c in cols:
        print(f"{c:>28} " + " ".join(f"{r[c]:>10.2f}" for r in rows) + f"   {rows[-1][c] / first[c] if first[c] else 0:>8.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
