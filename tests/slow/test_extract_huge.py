"""The slow tier (`make test-slow`): pathological inputs extracted whole, in bounded memory
(issue 14). Each runs in a subprocess that reports its own peak RSS (`resource.getrusage`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ..conftest import EXAMPLES

PEAK_LIMIT_MB = 2048

# Extract one file (default budget) and print what came out and the process's peak RSS.
_SCRIPT = """
import json, resource, sys
from graphbuild.extract import extract_stream, load_nlp
from graphbuild.ingest import iter_sources
from graphbuild.model import Extraction
outs = list(extract_stream(iter_sources([sys.argv[1]]), load_nlp()))
x = outs[0]
print(json.dumps({
    "ok": isinstance(x, Extraction),
    "error": getattr(x, "error", None),
    "statements": len(x.statements) if isinstance(x, Extraction) else 0,
    "last_offset": max((s.content[-1][1] for s in x.statements), default=0) if isinstance(x, Extraction) else 0,
    "longest_evidence": max((len(s.evidence) for s in x.statements), default=0) if isinstance(x, Extraction) else 0,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _extract_in_subprocess(path) -> dict:
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("size_mb", [1])
def test_a_megabyte_of_cue_dense_text_without_a_sentence_end(tmp_path, size_mb) -> None:
    """"word said that x " over and over on one line: extracted whole, evidence a sentence long."""
    unit = "word said that x "
    src = tmp_path / "dense.txt"
    src.write_text(unit * (size_mb * 1024 * 1024 // len(unit)), encoding="utf-8")
    r = _extract_in_subprocess(src)
    assert r["ok"], r
    assert r["statements"] > 1000 and r["last_offset"] > src.stat().st_size - 10_000
    assert r["longest_evidence"] < 4000
    assert r["peak_mb"] < PEAK_LIMIT_MB, r


def test_twenty_megabytes_on_a_single_line(tmp_path) -> None:
    """News paragraphs joined into one 20 MB line (no line break at all): cut into bounded windows
    between words, statements from its end too, in bounded memory."""
    paras = [p.strip() for p in (EXAMPLES / "india_japan_lunar_rover.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    line = " ".join(paras) + " "
    size = 20 * 1024 * 1024
    src = tmp_path / "line.txt"
    src.write_text((line * (size // len(line) + 1))[:size], encoding="utf-8")
    assert b"\n" not in src.read_bytes()[:1_000_000]
    r = _extract_in_subprocess(src)
    assert r["ok"], r
    assert r["last_offset"] > size - 200_000
    assert r["peak_mb"] < PEAK_LIMIT_MB, r
