"""Time and peak memory of `graphbuild build` on the hostile inputs of docs/RELIABILITY.md that are
too big for the test suite: a 100k-line JSONL with broken lines, a 60 MB text with no blank line,
a 20 MB single line. Each runs as its own process (the CLI, as a nightly job runs it, into a new
SQLite store); the figures are its wall seconds and peak resident set (the largest process of
the run, spaCy's workers included), with the articles stored and the inputs reported failed.
The baseline of the same run is `graphbuild build` of the 5 bundled example articles.

    python bench/bench_reliability.py --json bench/results/reliability.json
    python bench/bench_reliability.py --cases jsonl100k --lines 100000
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPHBUILD = str(Path(sys.executable).with_name("graphbuild"))
NAMES = ["Ana Ruiz", "Tomas Vidal", "Carla Mendez", "Jonas Berg", "Li Wei", "Omar Haddad"]
PLACES = ["Chile", "Peru", "Japan", "India", "Kenya", "Norway"]


def jsonl(path: Path, lines: int) -> str:
    """`lines` one-article JSON lines, every 100th one broken (cut off mid-string)."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as f:
        for i in range(lines):
            if i % 100 == 57:
                f.write(f'{{"url": "https://news.example.org/{i}", "text": "cut off here\n')
                continue
            n, p = rng.choice(NAMES), rng.choice(PLACES)
            f.write(json.dumps({"url": f"https://news.example.org/{i}", "title": f"Item {i}",
                                "text": f"Item {i}\n\n{n} said that {p} would sign deal number {i} next week. "
                                        f"“We are ready,” {n.split()[1]} said."}) + "\n")
    return f"{lines:,} lines, {lines // 100:,} broken"


def news_block() -> str:
    """The bundled example article's paragraphs as one run of text (single spaces, no newline)."""
    text = (ROOT / "examples" / "india_japan_lunar_rover.txt").read_text(encoding="utf-8")
    return " ".join(text.split()) + " "


def repeated(path: Path, mb: int, block: str) -> None:
    """`block` written again and again until the file holds `mb` MB."""
    with path.open("w", encoding="utf-8") as f:
        size = 0
        while size < mb * 1_000_000:
            f.write(block)
            size += len(block.encode())


def no_blank_line(path: Path, mb: int) -> str:
    """`mb` MB of news text with single newlines and no blank line (one paragraph)."""
    repeated(path, mb, news_block().replace(". ", ".\n"))
    return f"{path.stat().st_size / 1e6:.0f} MB, no blank line"


def single_line(path: Path, mb: int) -> str:
    """`mb` MB of news text on one line."""
    repeated(path, mb, news_block())
    return f"{path.stat().st_size / 1e6:.0f} MB, one line"


def run(src: Path, store: Path, workers: int) -> dict[str, float]:
    """`graphbuild build` in a new process under GNU time: wall seconds, peak RSS (MB: the largest
    process of the run), exit code, what it stored."""
    t = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "GBTIME %M", GRAPHBUILD, "build", str(src), "--store", str(store), "-q",
                           "-w", str(workers)], capture_output=True, text=True)
    wall = time.perf_counter() - t
    peak = next((int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("GBTIME")), 0)
    con = sqlite3.connect(store) if store.exists() else None
    articles = con.execute("SELECT count(*) FROM nodes WHERE label = 'Article'").fetchone()[0] if con else 0
    failed = [line for line in done.stderr.splitlines() if line.lstrip().startswith("failed:")]
    return {"seconds": round(wall, 1), "peak_rss_mb": round(peak / 1024),
            "exit": done.returncode, "articles": articles, "failed_inputs": len(failed),
            "first_failure": failed[0].strip()[:200] if failed else "", "stderr_tail": done.stderr[-300:] if done.returncode > 1 else ""}


CASES: dict[str, Callable[[Path, argparse.Namespace], str]] = {
    "jsonl100k": lambda p, a: jsonl(p, a.lines),
    "no_blank_line": lambda p, a: no_blank_line(p, a.mb),
    "single_line": lambda p, a: single_line(p, a.single_mb),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--mb", type=int, default=60)
    ap.add_argument("--single-mb", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = run(ROOT / "examples", Path(tmp) / "examples.db", args.workers)
        out["baseline: examples/ (5 articles)"] = base
        print(f"{'baseline: examples/':34} {base['seconds']:8.1f} s  exit {base['exit']}", flush=True)
        for name in args.cases:
            src = Path(tmp) / (name + (".jsonl" if name.startswith("jsonl") else ".txt"))
            what = CASES[name](src, args)
            r = run(src, Path(tmp) / f"{name}.db", args.workers)
            r["input"] = what
            out[name] = r
            print(f"{name:34} {r['seconds']:8.1f} s  peak {r['peak_rss_mb']} MB  exit {r['exit']}  "
                  f"{r['articles']:,} articles, {r['failed_inputs']:,} failed  ({what}) {r['first_failure'][:90]}", flush=True)
            src.unlink()
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
