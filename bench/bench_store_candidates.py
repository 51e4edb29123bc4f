"""Candidate embedded stores for issue 13, measured before choosing one: the same graph rows
written one article per transaction into SQLite (stdlib, WAL) and DuckDB (if installed:
`pip install duckdb`), against the current node-link JSON file (`NetworkXStore`) as baseline.

    python bench/bench_store_candidates.py ../shared/bench/polnear/train/text --articles 4000 --cache x.jsonl

The rows are `graphbuild.graph.to_rows` of replicated PolNeAR train extractions (see
`bench_scale.py`). Both candidates get the same tables — nodes(key, label, props JSON),
edges(src, type, dst, key, props JSON), and which articles support each (the provenance sets
a graph row merges) — with indexes on edge ends; each article is one transaction of upserts,
as a crash-safe writer would do. Measured: the whole write, the last 200 articles' write (does
a write cost O(changed) or O(store)?), file size, opening and first query, and p50/p95 of two
reads: the statements of a speaker (rows decoded from JSON) and the number of articles that
mention an entity. The JSON baseline is written in batches of 200 with its whole-file save.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import BATCH, base_extractions, corpus_of, pct  # noqa: E402

from graphbuild.graph import to_rows  # noqa: E402
from graphbuild.model import SET_PROPS, entity_key  # noqa: E402
from graphbuild.store import NetworkXStore  # noqa: E402

SCHEMA = [
    "CREATE TABLE nodes (key TEXT PRIMARY KEY, label TEXT, props TEXT)",
    "CREATE TABLE node_articles (key TEXT, article TEXT, PRIMARY KEY (key, article))",
    "CREATE TABLE edges (src TEXT, type TEXT, dst TEXT, k TEXT, props TEXT, PRIMARY KEY (src, type, dst, k))",
    "CREATE TABLE edge_articles (src TEXT, type TEXT, dst TEXT, k TEXT, article TEXT, PRIMARY KEY (src, type, dst, k, article))",
    "CREATE INDEX edges_dst ON edges (dst, type)",
    "CREATE INDEX node_articles_article ON node_articles (article)",
    "CREATE INDEX edge_articles_article ON edge_articles (article)",
]
UPSERT_NODE = "INSERT INTO nodes VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET label = excluded.label, props = excluded.props"
UPSERT_EDGE = "INSERT INTO edges VALUES (?, ?, ?, ?, ?) ON CONFLICT (src, type, dst, k) DO UPDATE SET props = excluded.props"
QUOTES = "SELECT n.props FROM edges e JOIN nodes n ON n.key = e.dst WHERE e.src = ? AND e.type = 'SAID'"
MENTIONED = "SELECT count(*) FROM edges WHERE dst = ? AND type = 'MENTIONS'"


def _props(p: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in p.items() if k not in SET_PROPS}, sort_keys=True)


def write_sql(con: Any, rows_iter: Any) -> tuple[float, float]:
    """Write every article in its own transaction; (total seconds, seconds of the last BATCH)."""
    times = []
    for rows in rows_iter:
        t = time.perf_counter()
        con.execute("BEGIN")
        con.executemany(UPSERT_NODE, [(n.key, n.label, _props(n.props)) for n in rows.nodes])
        con.executemany("INSERT OR IGNORE INTO node_articles VALUES (?, ?)", [(n.key, rows.article) for n in rows.nodes])
        con.executemany(UPSERT_EDGE, [(e.src, e.type, e.dst, e.key, _props(e.props)) for e in rows.edges])
        con.executemany("INSERT OR IGNORE INTO edge_articles VALUES (?, ?, ?, ?, ?)",
                        [(e.src, e.type, e.dst, e.key, rows.article) for e in rows.edges])
        con.execute("COMMIT")
        times.append(time.perf_counter() - t)
    return sum(times), sum(times[-BATCH:])


def read_sql(con: Any, speakers: list[str], entities: list[str]) -> dict[str, float]:
    lat: dict[str, list[float]] = {"quotes": [], "mentioned": []}
    for _ in range(3):
        for s, e in zip(speakers, entities, strict=True):
            t = time.perf_counter()
            [json.loads(r[0]) for r in con.execute(QUOTES, (s,)).fetchall()]
            lat["quotes"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            con.execute(MENTIONED, (e,)).fetchall()
            lat["mentioned"].append((time.perf_counter() - t) * 1000)
    return {f"{k}_{p}": pct(v, p) for k, v in lat.items() for p in (50, 95)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engines", nargs="+", default=["sqlite", "duckdb"], choices=["sqlite", "duckdb"])
    args = ap.parse_args(argv)
    base = base_extractions(args.path, args.cache, args.workers)
    said = Counter(s.speaker for x in base for s in x.statements if s.speaker)
    ranked = [k for k, _ in said.most_common()]
    speakers = ranked[:10] + random.Random(7).sample(ranked[10:], 10)
    ents = Counter(e.key for x in base for e in x.entities if e.label == "Country")
    entities = [k for k, _ in ents.most_common(20)] or [entity_key("Country", "United States")] * 20
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Baseline: the node-link JSON file, batches of BATCH articles, each ending in a whole-file save.
        path = Path(tmp) / "g.json"
        store = NetworkXStore(path, autosave_every=BATCH)
        t0 = time.perf_counter()
        batch, last = [], 0.0
        for x in corpus_of(base, args.articles):
            batch.append(to_rows(x))
            if len(batch) == BATCH:
                t = time.perf_counter()
                store.write(batch)
                last = time.perf_counter() - t
                batch = []
        store.write(batch)
        store.close()
        out["json file"] = {"write_s": time.perf_counter() - t0, "last_200_s": last, "size_mb": path.stat().st_size / 1e6}
        t = time.perf_counter()
        st = NetworkXStore(path)
        list(st.edges("SAID", src=speakers[0]))
        out["json file"]["open_s"] = time.perf_counter() - t
        lat: dict[str, list[float]] = {"quotes": [], "mentioned": []}
        for _ in range(3):
            for s, e in zip(speakers, entities, strict=True):
                t = time.perf_counter()
                [st.node(d["dst"]) for d in st.edges("SAID", src=s)]
                lat["quotes"].append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                sum(1 for _ in st.edges("MENTIONS", dst=e))
                lat["mentioned"].append((time.perf_counter() - t) * 1000)
        out["json file"].update({f"{k}_{p}": pct(v, p) for k, v in lat.items() for p in (50, 95)})
        del st, store
        engines: list[tuple[str, Any]] = [("sqlite (WAL)", None)] if "sqlite" in args.engines else []
        if "duckdb" in args.engines:
            try:
                import duckdb

                engines.append(("duckdb", duckdb))
            except ImportError:
                print("duckdb not installed (pip install duckdb): skipped")
        for name, duck in engines:
            db = Path(tmp) / ("g.duckdb" if duck else "g.sqlite")
            if duck:
                con = duck.connect(str(db))
            else:
                con = sqlite3.connect(db, isolation_level=None)
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
            for stmt in SCHEMA:
                con.execute(stmt)
            total, last = write_sql(con, (to_rows(x) for x in corpus_of(base, args.articles)))
            con.close()
            size = sum(p.stat().st_size for p in Path(tmp).glob(db.name + "*"))
            t = time.perf_counter()
            con = duck.connect(str(db)) if duck else sqlite3.connect(db)
            con.execute(QUOTES, (speakers[0],)).fetchall()
            opened = time.perf_counter() - t
            out[name] = {"write_s": total, "last_200_s": last, "size_mb": size / 1e6, "open_s": opened, **read_sql(con, speakers, entities)}
            con.close()
    cols = ["write_s", "last_200_s", "size_mb", "open_s", "quotes_50", "quotes_95", "mentioned_50", "mentioned_95"]
    print(f"{args.articles} articles (replicated PolNeAR train); seconds, MB, milliseconds")
    print(f"{'store':<14} " + " ".join(f"{c:>12}" for c in cols))
    for name, r in out.items():
        print(f"{name:<14} " + " ".join(f"{r.get(c, 0.0):>12.2f}" for c in cols))


if __name__ == "__main__":
    main()
