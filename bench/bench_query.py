"""Query latency on both backends, against the generic-reads baseline, measured in one run.

Usage: python bench/bench_query.py PATH [--graph FILE] [--uri bolt://…] [--rounds 3] [--workers 2]

PATH is a folder of .txt articles (e.g. ../shared/bench/polnear/train/text). The graph is built
once into a NetworkX file (`--graph` keeps and reuses it), then copied into Neo4j (a real 5.26
server started by tools/neo4j_server.py, or `--uri`/NEO4J_URI, whose graph is replaced). Each
query type runs over a fixed set of names from the graph (the most quoted speakers and most
mentioned countries, and as many picked at random, seeded), once unmeasured, then `--rounds`
times; the table gives p50 and p95 per query type and backend, and the read round trips per
query on Neo4j. The baseline answers the same questions the way graphbuild 0.1 did: through
the store's generic node and edge reads (many small reads, name lookups by scanning).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from graphbuild import query as q  # noqa: E402
from graphbuild.export import copy_store  # noqa: E402
from graphbuild.model import ENTITY_LABELS, normal_name  # noqa: E402
from graphbuild.pipeline import build  # noqa: E402
from graphbuild.store import GraphStore, NetworkXStore, open_store  # noqa: E402

Query = tuple[str, Callable[[GraphStore, str], Any], list[str]]


# -- the baseline: graphbuild 0.1's query strategy, through the generic reads --------------------
def _old_find(store: GraphStore, name: str) -> dict[str, Any]:
    target = normal_name(name)
    exact, partial = [], []
    for lbl in ENTITY_LABELS:
        for n in store.nodes(lbl):
            forms = {normal_name(n.get("name", ""))} | {normal_name(a) for a in n.get("aliases") or []}
            if target in forms:
                exact.append(n)
            elif target and any(target.split() == f.split()[-len(target.split()):] for f in forms if f):
                partial.append(n)
    found = exact or partial
    weight = {n["key"]: sum(e.get("count", 0) for e in store.edges("MENTIONS", dst=n["key"])) for n in found}
    return sorted(found, key=lambda n: (-weight[n["key"]], n["key"]))[0]


def old_quotes(store: GraphStore, name: str) -> int:
    sp = _old_find(store, name)
    rows = []
    for e in store.edges("SAID", src=sp["key"]):
        qn = store.node(e["dst"]) or {}
        art = store.node(qn.get("article", "")) or {}
        names = [(store.node(m["dst"]) or {}).get("name") for m in store.edges("MENTIONS", src=qn.get("key", ""))]
        rows.append((art.get("published"), qn.get("text"), names))
    return len(rows)


def old_speakers(store: GraphStore, name: str) -> int:
    ent = _old_find(store, name)
    per: Counter[str] = Counter()
    for e in store.edges("MENTIONS", dst=ent["key"]):
        qn = store.node(e["src"]) or {}
        if qn.get("label") == "Quote" and qn.get("speaker"):
            per[qn["speaker"]] += 1
    return len([store.node(k) for k in per])


def old_profile(store: GraphStore, name: str) -> int:
    ent = _old_find(store, name)
    key = ent["key"]
    n = sum(1 for e in store.edges("HOLDS_ROLE", src=key) if store.node(e["dst"]))
    n += sum(1 for e in store.edges("MENTIONS", dst=key) if (store.node(e["src"]) or {}).get("label") in {"Article", "Quote"})
    return n + sum(1 for _ in store.edges("SAID", src=key))


def old_comentions(store: GraphStore, name: str) -> int:
    ent = _old_find(store, name)
    counter: Counter[str] = Counter()
    for e in store.edges("MENTIONS", dst=ent["key"]):
        if (store.node(e["src"]) or {}).get("label") == "Article":
            counter.update(x["dst"] for x in store.edges("MENTIONS", src=e["src"]) if x["dst"] != ent["key"])
    return len([store.node(k) for k, _ in counter.most_common(20)])


def old_stats(store: GraphStore, _: str) -> int:
    return len(Counter(n.get("label") for n in store.nodes())) + len(Counter(e.get("type") for e in store.edges()))


# -- the measured queries ------------------------------------------------------------------------
def queries(store: NetworkXStore, n: int, seed: int) -> list[Query]:
    """The query set: n most quoted speakers + n random ones; n most mentioned countries + n random."""
    rng = random.Random(seed)
    said = Counter({p["key"]: sum(1 for _ in store.edges("SAID", src=p["key"])) for p in store.nodes("Person")})
    speakers = [store.node(k)["name"] for k, c in said.most_common() if c]  # type: ignore[index]
    countries = sorted((p for p in store.nodes("Country")), key=lambda c: -q.profile(store, c["key"]).mentions)
    cnames = [c["name"] for c in countries]
    people = speakers[:n] + rng.sample(speakers[n:], min(n, len(speakers) - n))
    places = cnames[: n // 2] + rng.sample(cnames[n // 2 :], min(n // 2, len(cnames) - n // 2))
    return [
        ("quotes --speaker", lambda s, x: q.quotes(s, speaker=x), people),
        ("speakers COUNTRY", q.speakers_about, places),
        ("profile PERSON", q.profile, people),
        ("comentions COUNTRY", q.comentions, places),
        ("stats", lambda s, _: q.stats(s), ["-"] * n),
    ]


BASELINE = {"quotes --speaker": old_quotes, "speakers COUNTRY": old_speakers, "profile PERSON": old_profile,
            "comentions COUNTRY": old_comentions, "stats": old_stats}


def measure(store: GraphStore, fn: Callable[[GraphStore, str], Any], names: list[str], rounds: int) -> list[float]:
    """Latencies in ms: one unmeasured pass (caches, JIT), then `rounds` passes over the names."""
    for x in names:
        fn(store, x)
    out = []
    for _ in range(rounds):
        for x in names:
            t = time.perf_counter()
            fn(store, x)
            out.append((time.perf_counter() - t) * 1000)
    return out


def _pct(xs: list[float], p: float) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[int(p) - 1] if len(xs) > 1 else xs[0]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--graph", type=Path, help="Graph file to build once and reuse.")
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--names", type=int, default=20, help="Names per query type: this many top ones and as many random ones.")
    ap.add_argument("--baseline-names", type=int, default=5, help="Names per query type for the (slow) baseline.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory()
    graph = args.graph or Path(tmp.name) / "graph.json"
    if not graph.exists():
        t = time.perf_counter()
        report = build([args.path], graph, workers=args.workers)
        print(f"built {graph}: {report.articles} articles in {time.perf_counter() - t:.0f}s")
    nx_store = NetworkXStore(graph)
    st = q.stats(nx_store)
    print(f"graph: {st.labels.get('Article', 0)} articles, {st.nodes:,} nodes, {st.edges:,} edges ({args.path})")
    qs = queries(nx_store, args.names, args.seed)

    server = None
    uri = args.uri
    if not uri:
        import neo4j_server

        server = neo4j_server.start()
        uri = server.uri
    try:
        neo = open_store(uri)
        neo.clear()
        t = time.perf_counter()
        copy_store(nx_store, neo)
        print(f"copied into Neo4j at {uri} in {time.perf_counter() - t:.0f}s")
        reads = {"n": 0}
        real_read = neo._read  # type: ignore[attr-defined]

        def counted(*a: Any, **k: Any) -> Any:
            reads["n"] += 1
            return real_read(*a, **k)

        neo._read = counted  # type: ignore[attr-defined]
        neo.reader.read = counted  # type: ignore[attr-defined]
        print(f"\n{args.rounds} rounds x {args.names * 2} names per query (one unmeasured pass first); milliseconds\n")
        print(f"{'query':<20} {'backend':<9} {'p50':>8} {'p95':>8} {'reads/q':>8} {'0.1 p50':>9} {'0.1 p95':>9} {'0.1 reads/q':>11}")
        for name, fn, names in qs:
            base_names = names[: args.baseline_names]
            for label, store in (("networkx", nx_store), ("neo4j", neo)):
                reads["n"] = 0
                lat = measure(store, fn, names, args.rounds)
                per_q = reads["n"] / (len(names) * (args.rounds + 1))
                reads["n"] = 0
                old = measure(store, BASELINE[name], base_names, 1)
                old_per_q = reads["n"] / (len(base_names) * 2)
                r = f"{per_q:>8.1f}" if label == "neo4j" else f"{'-':>8}"
                ro = f"{old_per_q:>11.0f}" if label == "neo4j" else f"{'-':>11}"
                print(f"{name:<20} {label:<9} {_pct(lat, 50):>8.1f} {_pct(lat, 95):>8.1f} {r} {_pct(old, 50):>9.1f} {_pct(old, 95):>9.1f} {ro}")
        neo.close()
    finally:
        if server is not None:
            server.stop()
        tmp.cleanup()


if __name__ == "__main__":
    main()
