"""Hostile input, slow tier: a 100k-line JSON Lines file with broken lines, read whole."""

from __future__ import annotations

import json
import time

from graphbuild.ingest import load_file
from graphbuild.model import Article, Failure


def test_hundred_thousand_jsonl_lines_with_broken_ones(tmp_path) -> None:
    p = tmp_path / "big.jsonl"
    with p.open("w", encoding="utf-8") as fh:
        for i in range(100_000):
            if i % 1000 == 7:
                fh.write("{broken\n" if i % 2 else "[" * 6000 + "\n")
            else:
                fh.write(json.dumps({"id": i, "text": f"Line {i}\n\nThe minister said it was done {i} times."}) + "\n")
    t = time.monotonic()
    articles = failures = 0
    for x in load_file(p):
        if isinstance(x, Article):
            articles += 1
        else:
            assert isinstance(x, Failure) and "invalid JSON" in x.error
            failures += 1
    assert (articles, failures) == (99_900, 100)
    assert time.monotonic() - t < 300
