"""Cost of the nightly refresh against a full build of the same corpus, measured in one run.

Usage: python bench/bench_refresh.py PATH [--limit N] [--changed 0.01] [--store bolt://…]

PATH is a folder of .txt articles (e.g. ../shared/bench/polnear/train/text); it is copied to a
temporary folder (the benchmark edits the copy, never the corpus). Prints the time of
  1. a full build of the corpus (the baseline);
  2. a refresh of the unchanged corpus (target: <= 5 % of the full build);
  3. a refresh after changing a share of the articles (--changed, default 1 %; target: about
     that share of the full build);
  4. a refresh that adds that share of new articles (held back from the full build), which join
     the existing entities through the entity links;
  5. the derived-link step alone (entities, claims, republications: read, match, write the
     difference), which every build and refresh runs once;
and each as a ratio to the full build. The store is a NetworkX file unless --store is given.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from graphbuild.extract import lexicon_of
from graphbuild.model import LINK_TYPES
from graphbuild.pipeline import build, load_nlp
from graphbuild.pipeline.links import update_links
from graphbuild.store import open_store


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N articles.")
    ap.add_argument("--changed", type=float, default=0.01, help="Share of articles changed before the second refresh.")
    ap.add_argument("--store", default="", help="bolt://… to measure on Neo4j (the database is cleared first).")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = sorted(args.path.rglob("*.txt"))[: args.limit or None]
        n = max(1, round(len(files) * args.changed))
        held = files[1 :: max(1, len(files) // n)][:n]  # new articles for phase 4
        files = [f for f in files if f not in held]
        for f in files:
            shutil.copy(f, corpus / f.name)
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in corpus.iterdir())
        print(f"corpus: {len(files)} articles, {words:,} words (copy of {args.path})")
        store_uri = args.store or str(Path(tmp) / "graph.json")
        if args.store:
            s = open_store(args.store)
            s.clear()
            s.close()
        nlp = load_nlp()

        t = time.perf_counter()
        full = build([corpus], store_uri, nlp=nlp, retract=True)
        t_full = time.perf_counter() - t
        assert full.ok, full.failures

        t = time.perf_counter()
        same = build([corpus], store_uri, nlp=nlp, retract=True)
        t_same = time.perf_counter() - t
        assert same.skipped == len(files) and same.articles == 0

        for f in sorted(corpus.iterdir())[:: max(1, len(files) // n)][:n]:
            f.write_text(f.read_text(encoding="utf-8") + "\n\nThe spokesman said the talks would resume next week.\n", encoding="utf-8")
        t = time.perf_counter()
        some = build([corpus], store_uri, nlp=nlp, retract=True)
        t_some = time.perf_counter() - t
        assert len(some.changes.updated) == n, some.changes.updated

        for f in held:
            shutil.copy(f, corpus / f.name)
        t = time.perf_counter()
        new = build([corpus], store_uri, nlp=nlp, retract=True)
        t_new = time.perf_counter() - t
        assert len(new.changes.added) == len(held), new.changes.added

        with open_store(store_uri) as st:
            t = time.perf_counter()
            update_links(st, None, lexicon_of(nlp))
            t_link = time.perf_counter() - t
            counts = st.reader.stats().types

    print(f"{'run':<34} {'seconds':>8} {'of full build':>14}")
    print(f"{'full build':<34} {t_full:8.2f} {1:14.1%}")
    print(f"{'refresh, nothing changed':<34} {t_same:8.2f} {t_same / t_full:14.1%}")
    print(f"{f'refresh, {n} changed ({n / len(files):.1%})':<34} {t_some:8.2f} {t_some / t_full:14.1%}")
    print(f"{f'refresh, {len(held)} new ({len(held) / len(files):.1%})':<34} {t_new:8.2f} {t_new / t_full:14.1%}"
          f"   ({new.links_changed} derived links written or deleted)")
    links = ", ".join(f"{counts.get(t, 0):,} {t}" for t in LINK_TYPES)
    print(f"{'derived links alone':<34} {t_link:8.2f} {t_link / t_full:14.1%}   ({links})")


if __name__ == "__main__":
    main()
