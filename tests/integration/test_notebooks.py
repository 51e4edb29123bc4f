"""The notebooks run top to bottom: on the embedded default, and on Neo4j (NEO4J_URI)."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from ..conftest import ROOT

pytestmark = pytest.mark.model
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _run(path, monkeypatch, **env) -> nbformat.NotebookNode:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_notebooks_are_stored_without_outputs() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_relations.ipynb"]
    for p in NOTEBOOKS:
        nb = json.loads(p.read_text(encoding="utf-8"))
        assert all(not c.get("outputs") and not c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"), p


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_embedded_default(path, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    nb = _run(path, monkeypatch, GRAPHBUILD_STORE=str(tmp_path / "nb.json"))
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert f"store: {tmp_path / 'nb.json'}" in text
    if path.stem == "02_relations":
        images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        html = [o for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
        assert len(images) >= 4 and html and "vis-network" in html[0]["data"]["text/html"]
        assert "Orbital Daily" in text and "republished Example Wire" in text  # the claim and the repost in examples/


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_neo4j(path, monkeypatch, neo4j_store) -> None:
    nb = _run(path, monkeypatch, NEO4J_URI=neo4j_store.uri)
    assert f"store: {neo4j_store.uri}" in "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert any(True for _ in neo4j_store.nodes("Quote"))
