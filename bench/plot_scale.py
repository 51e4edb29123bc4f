"""Plot the store-scale figures (`bench_scale.py --json`) as docs/img/store_scale.png.

    python bench/plot_scale.py /tmp/scale_1k_10k.json /tmp/scale_100k.json --out docs/img/store_scale.png

Left: the README's queries (p95, in-process) against the number of articles, for typical names
and for the hubs (the most quoted speakers, whose answers grow with the corpus), with the 50 ms
goal; right: a write's cost per article, the CLI query (process start included) and the file
size.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

QUERIES = ["quotes_sa", "quotes_kind", "speakers", "profile", "comentions", "claims", "quotes_by_limit20"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("figures", type=Path, nargs="+", help="JSON files written by bench_scale.py --json.")
    ap.add_argument("--out", type=Path, default=Path("docs/img/store_scale.png"))
    args = ap.parse_args(argv)
    rows = sorted((r for f in args.figures for r in json.loads(f.read_text(encoding="utf-8"))), key=lambda r: r["articles"])
    n = [r["articles"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    for q in QUERIES:
        for group, style in (("other", "-"), ("top", ":")):
            key = f"{q}_{group}_p95"
            if all(key in r for r in rows):
                left.plot(n, [r[key] for r in rows], style, marker="o", label=f"{q} ({'typical' if group == 'other' else 'hubs'})")
    left.axhline(50, color="red", linewidth=1, label="goal: 50 ms")
    left.set(xscale="log", yscale="log", xlabel="articles in the store", ylabel="p95 latency (ms), in-process",
             title="README queries on the SQLite store")
    left.legend(fontsize=7, ncol=2)
    right.plot(n, [r["write_ms_per_article_last"] for r in rows], marker="o", label="write, ms per article (last batch)")
    right.plot(n, [r["cli_p95"] for r in rows], marker="o", label="CLI `query quotes` p95, ms (process start included)")
    right.plot(n, [r["file_mb"] for r in rows], marker="o", label="file size, MB")
    right.axhline(1000, color="red", linewidth=1, label="CLI goal: 1 s")
    right.set(xscale="log", yscale="log", xlabel="articles in the store", title="Writes, CLI, size")
    right.legend(fontsize=8)
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
