"""Extraction cost on pathological texts against raw spaCy on the same text, in one run.

Usage: python bench/bench_pathological.py [--kb 40 80] [--kinds said quotes ...] [--profile]

For each kind of generated text (cue-dense, quote-dense, names, titles, "according to", a mix;
one line, no sentence end unless the kind has one) and each size, prints the seconds of raw spaCy
`nlp.pipe` (the plain pipeline), of graphbuild's `extract` (windows, components, records), their
ratio, the rules' work counters (`graphbuild.extract.limits.WORK`) per KB, and the ratio of the
largest size's figures to the smallest's (linear: the ratio of the sizes). `--profile` prints a
cProfile of the rules for the largest size of each kind.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from graphbuild.extract import extract, load_nlp, load_pipeline
from graphbuild.extract.limits import WORK
from graphbuild.ingest import article_from_text

UNITS = {
    "said": "word said that x ",
    "quotes": "“We will win the vote,” Ana Ruiz said. ",
    "quotes_noend": '"we will win" said Ruiz and ',
    "names": "Ana Ruiz said that Paulo Lima told Rosa Diaz that ",
    "titles": "Finance Minister Ana Ruiz of Chile said the plan works. The minister said it would pass, he said. ",
    "according": "according to Ana Ruiz, the plan failed, Lima said, ",
    "mixed": "Ana Ruiz said that “the plan” failed, according to the minister; it, he added, ",
}


def make(kind: str, kb: int) -> str:
    unit = UNITS[kind]
    return unit * max(1, kb * 1024 // len(unit.encode()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, nargs="+", default=[40, 80])
    ap.add_argument("--kinds", nargs="+", default=list(UNITS), choices=list(UNITS))
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    raw, gb = load_pipeline(), load_nlp()
    raw.max_length = gb.max_length
    print(f"{'kind':<13} {'KB':>5} {'spaCy s':>8} {'graphbuild s':>12} {'ratio':>6} {'stmts':>6}  work per KB")
    for kind in args.kinds:
        rows = []
        for kb in args.kb:
            text = make(kind, kb)
            t = time.perf_counter()
            for _ in raw.pipe([text[i : i + 100_000] for i in range(0, len(text), 100_000)]):
                pass
            base = time.perf_counter() - t
            WORK.clear()
            prof = cProfile.Profile() if args.profile and kb == max(args.kb) else None
            t = time.perf_counter()
            if prof:
                prof.enable()
            x = extract(article_from_text(text, source=kind), gb)
            if prof:
                prof.disable()
            ext = time.perf_counter() - t
            work = sum(WORK.values())
            rows.append((kb, base, ext, work))
            per = ", ".join(f"{k} {v / kb:,.0f}" for k, v in sorted(WORK.items()))
            print(f"{kind:<13} {kb:>5} {base:>8.2f} {ext:>12.2f} {ext / base:>6.2f} {len(x.statements):>6}  {per}")
            if prof:
                pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        (k0, b0, e0, w0), (k1, b1, e1, w1) = rows[0], rows[-1]
        if k1 != k0:
            print(f"{kind:<13} size x{k1 / k0:.1f}: spaCy x{b1 / b0:.2f}, graphbuild x{e1 / e0:.2f}, work x{w1 / max(w0, 1):.2f}")


if __name__ == "__main__":
    main()
