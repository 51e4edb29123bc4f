"""CLI start-up (issue 13): wall time of commands that only read, and what `import graphbuild.cli`
loads.

    python bench/bench_startup.py --store graph.json --runs 10
    git worktree add /tmp/gb-old <commit> && python bench/bench_startup.py --against /tmp/gb-old

Each command runs `--runs` times in a fresh process (the console script beside this Python, with
this checkout first on PYTHONPATH); the median and the fastest run are printed. The baseline,
measured in the same run, is the interpreter alone (`python -c pass`) and `python -c "import
spacy"` (what a read command costs when it imports spaCy); with `--against DIR`, also the same
commands on another checkout (e.g. the commit before a change), run alternately with this one so
that both see the same load. Without `--store`, a small graph of hand-made records is written to
a temporary folder (no model needed). Then `python -X importtime -c "import graphbuild.cli"`:
its cumulative time (median), whether spaCy is imported, and the heaviest packages it imports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphbuild.graph import to_rows  # noqa: E402
from graphbuild.model import Article, Entity, Extraction, Statement, entity_key, statement_id  # noqa: E402
from graphbuild.store import open_store  # noqa: E402

PY = sys.executable
CLI = str(Path(PY).parent / "graphbuild")


def small_store(path: Path) -> Path:
    """A graph file of one article: one person saying one thing about a country."""
    text = "Ana Ruiz said Chile would sign the deal."
    a = Article(id="art_1", source="a.txt", title="Deal", text=text, content_hash="h1", published="2024-01-05")
    person, chile = entity_key("Person", "Ana Ruiz"), entity_key("Country", "Chile")
    st = Statement(id=statement_id("art_1", 14, 38), article="art_1", kind="indirect", cue="said", text=text[14:38], content=[(14, 38)],
                   speaker=person, speaker_name="Ana Ruiz", speaker_mention="Ana Ruiz", evidence=text, evidence_span=(0, len(text)),
                   confidence=0.9, mentions=[chile])
    ents = [Entity(key=person, label="Person", name="Ana Ruiz"), Entity(key=chile, label="Country", name="Chile")]
    store = open_store(path)
    try:
        store.write([to_rows(Extraction(article=a, entities=ents, statements=[st], extractor="bench"))])
    finally:
        store.close()
    return path


def _run(cmd: list[str], tree: Path) -> subprocess.CompletedProcess[str]:
    """`cmd` in a fresh process importing graphbuild from `tree` (never from the working folder)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())


def timed(cmd: list[str], trees: list[Path], runs: int) -> list[list[float]]:
    """Wall seconds of `runs` runs of `cmd` per tree, the trees taking turns (one unmeasured run each first)."""
    times: list[list[float]] = [[] for _ in trees]
    for tree in trees:
        _run(cmd, tree)
    for _ in range(runs):
        for i, tree in enumerate(trees):
            t = time.perf_counter()
            _run(cmd, tree)
            times[i].append(time.perf_counter() - t)
    return times


def import_profile(tree: Path) -> tuple[float, dict[str, float]]:
    """`import graphbuild.cli` under -X importtime: cumulative seconds and the top-level
    third-party packages it imports (cumulative seconds of each one's first import)."""
    r = _run([PY, "-X", "importtime", "-c", "import graphbuild.cli"], tree)
    total, tops = 0.0, {}
    for line in r.stderr.splitlines():
        parts = [x.strip() for x in line.removeprefix("import time:").split("|")]
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        cum, name = int(parts[1]) / 1e6, parts[2]
        if name == "graphbuild.cli":
            total = cum
        elif "." not in name and not name.startswith(("graphbuild", "_")) and name not in sys.stdlib_module_names:
            tops[name] = cum  # a package is imported once: its first import's cumulative time
    return total, tops


def main() -> None:
    """Print the figures (see the module docstring).

    Example: python bench/bench_startup.py --runs 10
    """
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="A graph file to query (default: a small hand-made one).")
    ap.add_argument("--against", type=Path, help="Another checkout to compare with (its folder holding graphbuild/).")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    names = ["this"] + (["against"] if args.against else [])
    with tempfile.TemporaryDirectory() as tmp:
        store = str(args.store.resolve() if args.store else small_store(Path(tmp) / "g.json"))
        cases = [
            ("python -c pass (baseline)", [PY, "-c", "pass"]),
            ("python -c 'import spacy' (baseline)", [PY, "-c", "import spacy"]),
            ("graphbuild --version", [CLI, "--version"]),
            ("graphbuild --help", [CLI, "--help"]),
            ("graphbuild query stats --store S", [CLI, "query", "stats", "--store", store]),
            ("graphbuild query quotes --store S", [CLI, "query", "quotes", "--store", store, "--limit", "5"]),
        ]
        print(f"{args.runs} runs each, fresh processes; seconds, median (fastest); S: {args.store or 'hand-made, 1 article'}"
              + (f"; against: {args.against}" if args.against else "") + "\n")
        print(f"{'command':40}" + "".join(f"{n:>18}" for n in names) + ("  this/against" if args.against else ""))
        for label, cmd in cases:
            times = timed(cmd, trees[:1] if "(baseline)" in label else trees, args.runs)
            meds = [statistics.median(t) for t in times]
            cells = "".join(f"{m:9.3f} ({min(t):6.3f})" for m, t in zip(meds, times, strict=True))
            print(f"{label:40}{cells}" + (f"{meds[0] / meds[1]:14.2f}" if len(meds) == 2 else ""))
    print("\npython -X importtime -c 'import graphbuild.cli'")
    for name, tree in zip(names, trees, strict=True):
        profiles = [import_profile(tree) for _ in range(max(1, args.runs // 2))]
        total = statistics.median(p[0] for p in profiles)
        tops = profiles[0][1]
        heavy = sorted(tops.items(), key=lambda kv: -kv[1])[:6]
        print(f"  {name}: {total:.3f} s cumulative (median of {len(profiles)}); spaCy imported: {'yes' if 'spacy' in tops else 'no'}; "
              "heaviest: " + ", ".join(f"{n} {s:.3f}" for n, s in heavy))


if __name__ == "__main__":
    main()
