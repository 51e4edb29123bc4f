"""PolNeAR (brat standoff): gold attributions read from a path, never copied (see
../shared/bench/README.md for the format)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .scoring import Attribution


def read_ann(path: Path) -> list[Attribution]:
    """Gold attributions of one brat .ann file."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not re.match(r"[TE]\d+\t", line):
            continue  # a span text running over a line break continues on lines of its own
        if line.startswith("T"):
            tid, info, text = (line.split("\t") + [""])[:3]
            typ, _, offs = info.partition(" ")
            parts = [tuple(int(x) for x in p.split()) for p in offs.split(";")]
            spans[tid] = (typ, [(a, b) for a, b in parts], text)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            roles = dict(a.split(":", 1) for a in args.split())
            events.append(roles)
    out = []
    for ev in events:
        content: list[tuple[int, int]] = []
        texts = []
        for role in sorted(k for k in ev if k.startswith("Content")):
            if ev[role] in spans:
                content += spans[ev[role]][1]
                texts.append(spans[ev[role]][2])
        if not content:
            continue
        src = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        source = (min(a for a, _ in src[1]), max(b for _, b in src[1])) if src else None
        out.append(Attribution(content=sorted(content), source=source, source_text=src[2] if src else "",
                               cue=cue[2] if cue else "", text=" ".join(texts)))
    return out


def read_split(path: str | Path, split: str = "dev", limit: int | None = None) -> Iterator[tuple[str, str, list[Attribution]]]:
    """(stem, text, gold attributions) for each article of a split; the first annotator's file."""
    root = Path(path) / split
    texts = sorted((root / "text").glob("*.txt"))[: limit or None]
    anns = sorted((root / "attributions").glob("*.ann"))
    by_stem: dict[str, Path] = {}
    for a in anns:
        stem = a.stem.rsplit("_", 1)[0]
        by_stem.setdefault(stem, a)  # sorted: the first annotator id wins
    for t in texts:
        ann = by_stem.get(t.stem)
        yield t.stem, t.read_text(encoding="utf-8"), read_ann(ann) if ann else []
