"""Loading records into Neo4j at scale (issue 13): rows/s of the batched MERGE writer with one
writer and with N parallel writers, and of a bulk first load with `neo4j-admin database import
full` (records -> SQLite staging store -> CSV -> import); then Neo4j query latency on the loaded
graph. Replicated real extractions, as bench/bench_scale.py makes them.

    python bench/bench_neo4j_load.py ../shared/bench/polnear/train/text --cache /tmp/train.jsonl \
        --sizes 1000 10000 --writers 2 4 --json bench/results/neo4j_load.json
    python bench/bench_neo4j_load.py … --sizes 100000 --skip-merge --bulk-queries --rounds 1

A row is one node or edge row of `graph.to_rows`. For each size and each way, a new Neo4j 5.26
test server is started (tools/neo4j_server.py; or `--uri`, then cleared in batches), warmed up
with 1000 articles and cleared, then the articles are written `--batch` (100) per transaction —
the build's write batch — or, with N writers, `--batch` x N per parallel write
(`Neo4jStore.write_parallel`). Only the write calls are timed (the rows are made between them).
The bulk load times the SQLite staging writes, the CSV files and neo4j-admin separately, into a
new database folder (the server is not involved). The 1-writer MERGE of the same size, in the same
run, is the baseline of every ratio. Queries: the README's forms (bench_scale.py's `queries()`),
one unmeasured round then `--rounds` rounds, on the 1-writer graph of the largest size, or with
`--bulk-queries` on the imported database (a test server on a copy of it; the first connect,
which creates graphbuild's constraint and indexes, is timed until they are online). With a
server this script starts, the server process's CPU seconds during the timed writes are recorded
too (`server_cpu_s`), with the load average before and after each measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools"), str(ROOT / "bench")]

import neo4j_server  # noqa: E402
from bench_scale import base_extractions, corpus_of, pairs_of, pct, queries  # noqa: E402

from graphbuild.export import neo4j_admin_import  # noqa: E402
from graphbuild.graph import to_rows  # noqa: E402
from graphbuild.model import Extraction, GraphRows  # noqa: E402
from graphbuild.store import SQLiteStore  # noqa: E402
from graphbuild.store.neo4j import Neo4jStore  # noqa: E402
from graphbuild.store.neo4j.parallel import LoadStats  # noqa: E402

WARMUP = 1000


def batches(base: list[Extraction], n: int, size: int) -> Iterator[list[GraphRows]]:
    """The rows of `n` replicated articles, `size` articles at a time."""
    batch: list[GraphRows] = []
    for x in corpus_of(base, n):
        batch.append(to_rows(x))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def timed_writes(base: list[Extraction], n: int, size: int, write: Callable[[list[GraphRows]], object]) -> tuple[float, int, int]:
    """Seconds spent in `write` over all batches, the rows written and the number of calls
    (progress on stderr every 10,000 articles)."""
    secs, rows, calls, done = 0.0, 0, 0, 0
    for b in batches(base, n, size):
        rows += sum(len(r.nodes) + len(r.edges) for r in b)
        t = time.perf_counter()
        write(b)
        secs += time.perf_counter() - t
        calls += 1
        if (done + len(b)) // 10000 > done // 10000:
            print(f"  … {done + len(b)} articles, {secs:.0f} s in writes, {rows / secs:,.0f} rows/s", file=sys.stderr, flush=True)
        done += len(b)
    return secs, rows, calls


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (0 when unknown)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def clear(store: Neo4jStore) -> None:
    """Delete the graph in batches (one transaction for millions of rows needs a large heap)."""
    with store.session() as s:
        s.run("MATCH (n:GBNode) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS").consume()
    store.clear()


class Server:
    """A fresh test server per measurement, or the given URI (cleared)."""

    def __init__(self, uri: str | None) -> None:
        self.uri, self.server = uri, None

    @property
    def pid(self) -> int | None:
        """The started server's process id (None with `--uri`)."""
        return self.server.proc.pid if self.server is not None else None

    def __enter__(self) -> Neo4jStore:
        if self.uri is None:
            self.server = neo4j_server.start()
        store = Neo4jStore(self.uri or self.server.uri)
        clear(store)
        return store

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.stop()


def merge(base: list[Extraction], n: int, args: argparse.Namespace, writers: int) -> dict[str, float]:
    """Rows/s of the MERGE writer (1 writer: `write`; N: `write_parallel`) on a fresh database."""
    server = Server(args.uri)
    with server as store:
        for b in batches(base, WARMUP, args.batch):  # the JVM compiles its hot paths
            store.write(b)
        clear(store)
        store.load_stats = LoadStats()
        load0, cpu0 = os.getloadavg()[0], cpu_seconds(server.pid)
        if writers == 1:
            secs, rows, calls = timed_writes(base, n, args.batch, store.write)
            store.load_stats = LoadStats(transactions=calls, rounds=calls)
        else:
            secs, rows, calls = timed_writes(base, n, args.batch * writers, lambda b: store.write_parallel(b, writers=writers))
        s = store.load_stats
        out = {"seconds": secs, "rows": rows, "rows_per_s": rows / secs, "transactions": s.transactions, "rounds": s.rounds,
               "retries": s.retries, "deadlocks": s.deadlocks, "server_cpu_s": cpu_seconds(server.pid) - cpu0,
               "load_start": load0, "load_end": os.getloadavg()[0]}
        if writers == 1 and n == max(args.sizes):
            out.update(query_latency(store, base, args))
        store.close()
    return out


def bulk(base: list[Extraction], n: int, args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    """SQLite staging writes, CSV files, neo4j-admin import into a new database folder."""
    db, home = tmp / f"staging{n}.db", tmp / f"home{n}"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    load0 = os.getloadavg()[0]
    staging = SQLiteStore(db)
    stage_s, rows, _ = timed_writes(base, n, args.batch, staging.write)
    java = shutil.which("java") or "java"
    admin = [java, *neo4j_server.JVM_FLAGS, "-cp", f"{neo4j_server.ensure_jars()}{os.sep}*", "org.neo4j.cli.AdminTool"]
    done = neo4j_admin_import(staging, tmp / f"csv{n}", neo4j_admin=admin, env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    staging.close()
    total = stage_s + done.csv_seconds + done.seconds
    out = {"rows": rows, "staging_s": stage_s, "csv_s": done.csv_seconds, "import_s": done.seconds, "seconds": total,
           "rows_per_s": rows / total, "import_rows_per_s": rows / done.seconds, "nodes": done.nodes,
           "relationships": done.relationships, "bad": done.bad,
           "load_start": load0, "load_end": os.getloadavg()[0]}
    shutil.rmtree(tmp / f"csv{n}", ignore_errors=True)
    if args.bulk_queries and n == max(args.sizes):
        out.update(imported_queries(home, base, args))
    shutil.rmtree(home, ignore_errors=True)
    for f in tmp.glob(db.name + "*"):
        f.unlink()
    return out


def imported_queries(home: Path, base: list[Extraction], args: argparse.Namespace) -> dict[str, float]:
    """Start a test server on a copy of the imported database, connect (graphbuild creates its
    constraint and indexes), wait for the indexes, then measure the queries."""
    t = time.perf_counter()
    server = neo4j_server.start(copy_from=home, timeout=1800)
    started = time.perf_counter() - t
    try:
        t = time.perf_counter()
        store = Neo4jStore(server.uri)
        with store.session() as s:
            s.run("CALL db.awaitIndexes(3600)").consume()
        out = {"server_start_s": started, "first_connect_s": time.perf_counter() - t}
        out.update(query_latency(store, base, args))
        store.close()
    finally:
        server.stop()
    return out


def query_latency(store: Neo4jStore, base: list[Extraction], args: argparse.Namespace) -> dict[str, float]:
    """p50/p95 ms of the README's queries, in process, on the loaded graph."""
    pairs = pairs_of(base, min(args.sizes))
    lat: dict[str, list[float]] = {}
    for r in range(args.rounds + 1):
        for group, chosen in (("top", pairs[:10]), ("other", pairs[10:])):
            for kind, calls in queries(chosen).items():
                for call in calls:
                    t = time.perf_counter()
                    call(store)
                    if r:  # the first round is unmeasured: each query form is compiled once
                        lat.setdefault(f"{kind}_{group}", []).append((time.perf_counter() - t) * 1000)
    out: dict[str, float] = {}
    for kind, xs in lat.items():
        out[f"q_{kind}_p50"], out[f"q_{kind}_p95"] = pct(xs, 50), pct(xs, 95)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="Folder of articles (PolNeAR train text).")
    ap.add_argument("--cache", type=Path, help="JSON Lines of the base extractions, reused when it exists.")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--writers", type=int, nargs="*", default=[4], help="Parallel writer counts to measure besides 1 (none: 1 only).")
    ap.add_argument("--batch", type=int, default=100, help="Articles per transaction (per writer).")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI"), help="A server to use (cleared) instead of fresh test servers.")
    ap.add_argument("--skip-bulk", action="store_true")
    ap.add_argument("--skip-merge", action="store_true", help="Only the bulk load (with --bulk-queries: a large size's queries).")
    ap.add_argument("--bulk-queries", action="store_true", help="Measure the queries on the imported database of the largest size.")
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    args = ap.parse_args(argv)

    base = base_extractions(args.path, args.cache, 2)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "load_start": os.getloadavg()[0], "base_articles": len(base),
            "batch": args.batch, "rounds": args.rounds, "warmup_articles": WARMUP}
    print(f"base: {len(base)} articles; sizes {args.sizes}; writers 1, {args.writers}; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            res = results[str(n)] = {}
            if not args.skip_merge:
                res["merge, 1 writer"] = merge(base, n, args, 1)
                print(n, "merge, 1 writer", json.dumps(res["merge, 1 writer"]), flush=True)
            for w in [] if args.skip_merge else args.writers:
                res[f"merge, {w} writers"] = merge(base, n, args, w)
                print(n, f"merge, {w} writers", json.dumps(res[f"merge, {w} writers"]), flush=True)
            if not args.skip_bulk:
                res["bulk (neo4j-admin)"] = bulk(base, n, args, Path(tmp))
                print(n, "bulk", json.dumps(res["bulk (neo4j-admin)"]), flush=True)
    print(f"\n{'articles':>8} {'way':<22} {'rows':>10} {'seconds':>8} {'rows/s':>8} {'vs 1 writer':>11}  notes")
    for n, res in results.items():
        one = res["merge, 1 writer"]["rows_per_s"] if "merge, 1 writer" in res else float("nan")
        for way, r in res.items():
            notes = (f"{r['transactions']} tx, {r['rounds']} rounds, {r['retries']} retries, {r['deadlocks']} deadlocks; "
                     f"server CPU {r['server_cpu_s']:.0f} s" if "deadlocks" in r else
                     f"staging {r['staging_s']:.1f}s + CSV {r['csv_s']:.1f}s + import {r['import_s']:.1f}s "
                     f"({r['import_rows_per_s']:,.0f} rows/s); {r['bad']} bad rows")
            ratio = f"{r['rows_per_s'] / one:>10.2f}x" if one == one else f"{'-':>11}"
            print(f"{n:>8} {way:<22} {r['rows']:>10,} {r['seconds']:>8.1f} {r['rows_per_s']:>8,.0f} {ratio}  {notes}")
    largest = results[str(max(args.sizes))]
    last = largest.get("merge, 1 writer") or largest.get("bulk (neo4j-admin)") or {}
    kinds = sorted({k[2:].rsplit("_", 1)[0] for k in last if k.startswith("q_")})
    if kinds:
        print(f"\nNeo4j query latency at {max(args.sizes)} articles (ms, p50 / p95)")
        for k in kinds:
            print(f"{k:<24} {last[f'q_{k}_p50']:>8.1f} / {last[f'q_{k}_p95']:>8.1f}")
    if args.json:
        meta["load_end"] = os.getloadavg()[0]
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
