"""Shared fixtures. The spaCy model is real (never mocked); ../shared is used where present."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("GRAPHBUILD_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed"
POLNEAR = SHARED / "bench" / "polnear"

needs_shared = pytest.mark.skipif(not SEED.exists(), reason=f"../shared is absent ({SHARED}): team data not available in this clone")


@pytest.fixture(scope="session")
def nlp():
    """The real default pipeline with graphbuild's components."""
    from graphbuild.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extract_text(nlp) -> Callable:
    """Extract a text given inline: returns the Extraction."""
    from graphbuild.extract import extract
    from graphbuild.ingest import article_from_text

    def run(text: str, **kw):
        return extract(article_from_text(text, source="inline"), nlp, **kw)

    return run


@pytest.fixture(scope="session")
def examples_graph(tmp_path_factory, nlp) -> Path:
    """A graph built once from examples/ (+ the seed when present)."""
    from graphbuild.build import build

    path = tmp_path_factory.mktemp("graphs") / "examples.json"
    sources = [EXAMPLES] + ([SEED / "russia_china_space.txt"] if SEED.exists() else [])
    report = build(sources, path, nlp=nlp)
    assert report.ok, report.failures
    return path
