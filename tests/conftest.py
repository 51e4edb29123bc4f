"""Shared fixtures. The spaCy model is real (never mocked); ../shared is used where present.

Tiers, by folder: `unit/` (no model, hand-built Docs, seconds), `integration/` (the real model,
both backends), `slow/` (minutes; `make test-slow`). The default run (`make test`) is unit +
integration.
"""

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
    from graphbuild.extract import load_nlp

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
    from graphbuild.pipeline import build

    path = tmp_path_factory.mktemp("graphs") / "examples.db"
    sources = [EXAMPLES] + ([SEED / "russia_china_space.txt"] if SEED.exists() else [])
    report = build(sources, path, nlp=nlp)
    assert report.ok, report.failures
    return path


# -- Neo4j: a real server started by tools/neo4j_server.py, or the user's NEO4J_URI ---------------
def _load_server_module():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import neo4j_server

    return neo4j_server


@pytest.fixture(scope="session")
def neo4j_server_module():
    return _load_server_module()


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server_module):
    """Bolt URI of a real Neo4j 5.26: NEO4J_URI when set, else a server we start and stop.

    In CI (CI set) a server that cannot start fails the run; elsewhere the tests skip, saying why.
    """
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    try:
        server = neo4j_server_module.start()
    except neo4j_server_module.Neo4jUnavailable as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Neo4j tests, but the server could not start: {e}")
        pytest.skip(f"no Neo4j here (set NEO4J_URI, or install Java 17 + Maven): {e}")
    try:
        yield server.uri
    finally:
        server.stop()


def neo4j_admin(neo4j_server_module) -> list[str]:
    """The `neo4j-admin` command (Java and the harness jars), for the bulk-import checks; in CI a
    missing one fails the run, elsewhere the test skips, saying why."""
    import shutil

    java = shutil.which("java")
    try:
        lib = neo4j_server_module.ensure_jars()
        if not java:
            raise neo4j_server_module.Neo4jUnavailable("no java")
    except neo4j_server_module.Neo4jUnavailable as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the neo4j-admin import check: {e}")
        pytest.skip(f"no Neo4j jars/Java here: {e}")
    return [java, *neo4j_server_module.JVM_FLAGS, "-cp", f"{lib}{os.sep}*", "org.neo4j.cli.AdminTool"]


@pytest.fixture
def neo4j_store(neo4j_uri):
    """An empty graphbuild graph in the Neo4j server (cleared before and after)."""
    from graphbuild.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_uri, user=os.environ.get("NEO4J_USER"), password=os.environ.get("NEO4J_PASSWORD"))
    store.clear()
    yield store
    store.clear()
    store.close()


@pytest.fixture(params=["sqlite", "networkx", "neo4j"])
def any_store(request, tmp_path):
    """The same tests on every backend."""
    if request.param == "networkx":
        from graphbuild.store import NetworkXStore

        yield NetworkXStore(tmp_path / "g.json")
    elif request.param == "sqlite":
        from graphbuild.store import SQLiteStore

        store = SQLiteStore(tmp_path / "g.db")
        yield store
        store.close()
    else:
        yield request.getfixturevalue("neo4j_store")


def pytest_collection_modifyitems(config, items) -> None:
    """Mark tests by tier: the folder decides (slow/ -> slow, integration/ -> model)."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "slow" in parts:
            item.add_marker(pytest.mark.slow)
        elif "integration" in parts:
            item.add_marker(pytest.mark.model)
