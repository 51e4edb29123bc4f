"""Distributed extraction on Ray Data (local mode) against the local build path, same inputs, one run.

Usage: python bench/bench_engine.py PATH [--limit N] [--workers 2] [--batch-size 8] [--local-batch 16]

PATH is a folder of articles (e.g. ../shared/bench/polnear/dev/text). Measures, on the same files:
  1. local: the extraction of `graphbuild build -w N` (`iter_sources` + `extract_stream` with
     `n_process=N`, nothing stored), after loading the model: the baseline;
  2. ray: `extract_to_shards` with N workers on a local Ray instance (actors load the model,
     extract, the driver writes Parquet shards), with Ray's start-up measured apart.
Wall seconds and CPU seconds of each, the ratios ray/local, and per-article figures for the cost
model (words per CPU-second, CPU-seconds per article). CPU is that of the whole process tree: the
driver and its children (spaCy's worker processes; Ray's GCS, raylet and workers, sampled every
0.2 s while they live), so Ray's own processes are counted. The records are checked to be the
same (ids and statement counts) before anything is printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import psutil

from graphbuild.extract import extract_stream, load_nlp
from graphbuild.ingest import iter_files, iter_sources
from graphbuild.model import Extraction
from graphbuild.pipeline import extract_to_shards
from graphbuild.pipeline.engine import ray_session
from graphbuild.pipeline.shards import iter_shards

T = TypeVar("T")


class TreeCPU:
    """CPU seconds (user + system) of this process and its descendants while the block runs, by part.

    The process itself (`driver`) and the children it reaps (`reaped children`: spaCy's worker
    processes) come from getrusage; every other descendant from sampling its counters every
    `interval` seconds, less what it had used before the block: `extraction actors` (the processes
    titled ray::MapWorker…, by their last title) and `ray system` (GCS, raylet, agents, Ray
    Data's own actors, idle workers).
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.stop = interval, threading.Event()
        self.me = psutil.Process()
        self.last: dict[tuple[int, float], tuple[float, bool, str]] = {}  # (pid, created) -> (CPU s, direct child, part)
        self.parts: dict[str, float] = {}
        self.seconds = 0.0

    @staticmethod
    def _rusage() -> tuple[float, float]:
        s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime

    def _sample(self) -> set[tuple[int, float]]:
        seen = set()
        for p in self.me.children(recursive=True):
            try:
                key, t = (p.pid, p.create_time()), p.cpu_times()
                part = "extraction actors" if " ".join(p.cmdline()).startswith("ray::MapWorker") else "ray system"
                self.last[key] = (t.user + t.system, p.ppid() == self.me.pid, part)
                seen.add(key)
            except psutil.Error:
                pass
        return seen

    def _loop(self) -> None:
        while not self.stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeCPU:
        self.r0 = self._rusage()
        self._sample()
        self.before = {k: cpu for k, (cpu, _, _) in self.last.items()}
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        alive = self._sample()
        r1 = self._rusage()
        self.parts = {"driver": r1[0] - self.r0[0], "reaped children": r1[1] - self.r0[1]}
        for k, (cpu, direct, part) in self.last.items():
            if k in alive or not direct:  # a direct child that ended was reaped: counted by getrusage
                self.parts[part] = self.parts.get(part, 0.0) + cpu - self.before.get(k, 0.0)
        self.seconds = sum(self.parts.values())

    def breakdown(self) -> str:
        return ", ".join(f"{k} {v:.1f}" for k, v in self.parts.items() if v >= 0.05)


BREAKDOWN: dict[str, str] = {}


def measure(fn: Callable[[], T], name: str = "") -> tuple[T, float, float]:
    """(result, wall seconds, CPU seconds of the process tree) of fn(); the CPU by part in BREAKDOWN[name]."""
    cpu = TreeCPU()
    t = time.perf_counter()
    with cpu:
        out = fn()
    BREAKDOWN[name] = cpu.breakdown()
    return out, time.perf_counter() - t, cpu.seconds


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N files.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=8, help="Work items per Ray actor call.")
    ap.add_argument("--local-batch", type=int, default=16, help="nlp.pipe batch size of the local path (build's default).")
    args = ap.parse_args(argv)

    files = [str(f) for f in iter_files([args.path])]
    if args.limit:
        files = files[: args.limit]
    print(f"corpus: {len(files)} files ({args.path}); {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    sys.stdout.flush()

    nlp, load_wall, load_cpu = measure(load_nlp)
    local, l_wall, l_cpu = measure(lambda: [x for x in extract_stream(iter_sources(files), nlp, batch_size=args.local_batch,
                                                                      n_process=args.workers) if isinstance(x, Extraction)], "local")
    words = sum(len(x.article.text.split()) for x in local)
    n = len(local)
    print(f"local  (build -w {args.workers} extraction): {l_wall:7.1f} s wall, {l_cpu:7.1f} CPU-s "
          f"(+ model load {load_wall:.1f} s wall, {load_cpu:.1f} CPU-s)")
    sys.stdout.flush()

    with tempfile.TemporaryDirectory() as d:
        session = ray_session(args.workers)
        _, i_wall, i_cpu = measure(session.__enter__)
        try:
            rep, r_wall, r_cpu = measure(lambda: extract_to_shards(files, Path(d) / "shards", workers=args.workers,
                                                                   batch_size=args.batch_size), "ray")
            ours = [(x.article.id, len(x.statements)) for x in iter_shards(Path(d) / "shards") if isinstance(x, Extraction)]
        finally:
            session.__exit__(None, None, None)
    assert ours == [(x.article.id, len(x.statements)) for x in local], "the shards differ from the local records"
    print(f"ray    ({args.workers} actors, local mode):    {r_wall:7.1f} s wall, {r_cpu:7.1f} CPU-s "
          f"(+ ray.init {i_wall:.1f} s wall, {i_cpu:.1f} CPU-s); {len(rep.shards)} shards, {len(rep.failures)} failures")
    print(f"\n{n} articles, {words:,} words, {sum(s for _, s in ours)} statements; the same records both ways")
    print(f"{'':24} {'wall s':>8} {'CPU s':>8} {'words/CPU-s':>12} {'CPU-ms/article':>15} {'articles/s':>11}")
    rows = [("local extraction", l_wall, l_cpu), ("ray extract_to_shards", r_wall, r_cpu),
            ("ray incl. ray.init", r_wall + i_wall, r_cpu + i_cpu)]
    for name, w, c in rows:
        print(f"{name:24} {w:8.1f} {c:8.1f} {words / c:12,.0f} {1000 * c / n:15.0f} {n / w:11.2f}")
    print(f"\nratios ray/local: wall {r_wall / l_wall:.2f} (incl. ray.init {(r_wall + i_wall) / l_wall:.2f}), "
          f"CPU {r_cpu / l_cpu:.2f} (incl. ray.init {(r_cpu + i_cpu) / l_cpu:.2f})")
    print(f"CPU-s by process: local: {BREAKDOWN['local']}; ray: {BREAKDOWN['ray']}")
    print(f"ray overhead over local: {r_cpu - l_cpu:.1f} CPU-s ({1000 * (r_cpu - l_cpu) / n:.0f} CPU-ms/article), "
          f"fixed: ray.init {i_cpu:.1f} CPU-s; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
