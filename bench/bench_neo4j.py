"""Rows/s into Neo4j: the batched writer (UNWIND … MERGE, many articles per transaction) against
a naive writer (one MERGE per row, one transaction per article), same rows, same run.

Usage: python bench/bench_neo4j.py PATH [--limit N] [--uri bolt://…]

PATH: folder of .txt articles (e.g. ../shared/bench/polnear/train/text). Without --uri (or
NEO4J_URI) a real Neo4j 5.26 is started with tools/neo4j_server.py. The database is cleared
before each writer runs.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from graphbuild.extract import extract_stream, load_nlp  # noqa: E402
from graphbuild.graph import to_rows  # noqa: E402
from graphbuild.ingest import iter_articles  # noqa: E402
from graphbuild.model import Extraction, GraphRows  # noqa: E402
from graphbuild.store.neo4j import (
    Neo4jStore,  # noqa: E402
    cypher,  # noqa: E402
)


def naive_write(store: Neo4jStore, rows: GraphRows) -> None:
    def work(tx) -> None:  # type: ignore[no-untyped-def]
        for n in rows.nodes:
            tx.run(cypher.merge_node_single(n.label), row=store._row(n.props, key=n.key), label=n.label).consume()
        for e in rows.edges:
            tx.run(cypher.merge_edge_single(e.type), row=store._row(e.props, src=e.src, dst=e.dst, key=e.key)).consume()

    store._run_write(work)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    ap.add_argument("--batch-articles", type=int, default=100)
    ap.add_argument("--cache", type=Path, help="Pickle the extracted rows here / reuse them.")
    args = ap.parse_args()

    files = sorted(args.path.rglob("*.txt"))[: args.limit or None]
    t = time.perf_counter()
    if args.cache and args.cache.exists():
        batches = pickle.loads(args.cache.read_bytes())
    else:
        batches = [to_rows(x) for x in extract_stream(iter_articles(files), load_nlp(), n_process=2) if isinstance(x, Extraction)]
        if args.cache:
            args.cache.write_bytes(pickle.dumps(batches))
    n_rows = sum(len(r.nodes) + len(r.edges) for r in batches)
    print(f"{len(batches)} articles -> {n_rows:,} rows (extracted in {time.perf_counter() - t:.0f}s)")

    server = None
    uri = args.uri
    if not uri:
        import neo4j_server

        server = neo4j_server.start()
        uri = server.uri
        print(f"started Neo4j {neo4j_server.VERSION} at {uri} in {server.started_in:.1f}s")
    try:
        store = Neo4jStore(uri)
        results = {}
        # One unmeasured pass first: the JVM compiles its hot paths during the first writes.
        store.clear()
        for i in range(0, len(batches), args.batch_articles):
            store.write(batches[i : i + args.batch_articles])
        store.clear()
        t = time.perf_counter()
        for i in range(0, len(batches), args.batch_articles):
            store.write(batches[i : i + args.batch_articles])
        results["batched (UNWIND, 100 articles/tx)"] = time.perf_counter() - t
        store.clear()
        t = time.perf_counter()
        for rows in batches:
            store.upsert(rows)
        results["batched (UNWIND, 1 article/tx)"] = time.perf_counter() - t
        store.clear()
        t = time.perf_counter()
        for rows in batches:
            naive_write(store, rows)
        results["naive (1 MERGE per row, 1 article/tx)"] = time.perf_counter() - t
        base = results["naive (1 MERGE per row, 1 article/tx)"]
        print(f"\n{'writer':<40} {'seconds':>8} {'rows/s':>9} {'vs naive':>9}")
        for name, secs in results.items():
            print(f"{name:<40} {secs:>8.1f} {n_rows / secs:>9,.0f} {base / secs:>8.1f}x")
        store.close()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
