"""Exports, each read back by its tool's own reader: networkx for GraphML/GEXF, neo4j-admin for the
CSVs, headless Chromium for the HTML view."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphbuild.cli import app
from graphbuild.export import write_graphml, write_html, write_neo4j_csv
from graphbuild.store import open_store

from ..conftest import neo4j_admin

runner = CliRunner()


@pytest.fixture(scope="module")
def graph(examples_graph):
    return open_store(examples_graph)


def _counts(store) -> tuple[int, int]:
    return sum(1 for _ in store.nodes()), sum(1 for _ in store.edges())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_typed(fmt, graph, examples_graph, tmp_path) -> None:
    out = tmp_path / f"g.{fmt}"
    r = runner.invoke(app, ["export", "--store", str(examples_graph), "--format", fmt, "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == _counts(graph)
    kind, rel = ("label", "type") if fmt == "graphml" else ("kind", "relation")  # GEXF reserves label/type
    person = next(d for _, d in g.nodes(data=True) if d.get(kind) == "Person")
    assert isinstance(person["name"], str) and isinstance(person["articles"], str)  # lists joined with ';'
    if fmt == "gexf":
        assert person["label"] == person["name"]  # what Gephi shows
    quote = next(d for _, d in g.nodes(data=True) if d.get(kind) == "Quote")
    assert isinstance(quote["confidence"], float) and isinstance(quote["start"], int)
    mention = next(d for *_, d in g.edges(data=True) if d.get(rel) == "MENTIONS" and "count" in d)
    assert isinstance(mention["count"], int)
    assert all(not isinstance(v, (list, dict)) for _, d in g.nodes(data=True) for v in d.values())


def test_jsonl_has_every_node_and_edge(graph, examples_graph, tmp_path) -> None:
    out = tmp_path / "g.jsonl"
    assert runner.invoke(app, ["export", "--store", str(examples_graph), "-f", "jsonl", "-o", str(out)]).exit_code == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    nodes = [r for r in rows if r["element"] == "node"]
    edges = [r for r in rows if r["element"] == "edge"]
    assert (len(nodes), len(edges)) == _counts(graph)
    assert any(isinstance(n.get("aliases"), list) for n in nodes)


def test_neo4j_admin_import_accepts_the_csvs(graph, tmp_path, neo4j_server_module) -> None:
    files = write_neo4j_csv(graph, tmp_path / "csv")
    header = (tmp_path / "csv" / "nodes_Quote.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("key:ID,") and header.endswith(",:LABEL") and "confidence:double" in header and "start:long" in header
    assert (tmp_path / "csv" / "rels_SAID.csv").read_text(encoding="utf-8").startswith(":START_ID,")
    admin = neo4j_admin(neo4j_server_module)
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    args = [f"--nodes={p}" for p in files if p.name.startswith("nodes_")] + [f"--relationships={p}" for p in files if p.name.startswith("rels_")]
    cmd = [*admin, "database", "import", "full", "neo4j",
           "--array-delimiter=;", "--multiline-fields=true", "--overwrite-destination=true", f"--report-file={tmp_path / 'import.report'}", *args]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    out = r.stdout + r.stderr
    assert r.returncode == 0 and "IMPORT DONE" in out, out[-2000:]
    n, e = _counts(graph)
    assert f"{n} nodes" in out and f"{e} relationships" in out
    assert "import full ${1:-neo4j} --array-delimiter=';'" in (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8")


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        if os.environ.get("CI"):
            pytest.fail("CI must run the HTML check, but Debian's chromium is not installed (.ci/run installs it)")
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    return exe


def _open_in_chromium(html: Path, shot: Path) -> str:
    exe = _chromium()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tempfile.mkdtemp()}", "--virtual-time-budget=8000"]
    subprocess.run([exe, *flags, "--window-size=1200,900", f"--screenshot={shot}", html.as_uri()], capture_output=True, timeout=120, check=True)
    return subprocess.run([exe, *flags, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout


def _colours(png: Path) -> tuple[float, int]:
    import matplotlib.image as mpimg

    px = mpimg.imread(png)[..., :3]
    non_white = (px < 0.95).any(axis=-1).mean()
    blue = ((abs(px[..., 0] - 0x4E / 255) < 0.05) & (abs(px[..., 1] - 0x79 / 255) < 0.05) & (abs(px[..., 2] - 0xA7 / 255) < 0.05)).sum()
    return float(non_white), int(blue)


def test_html_view_draws_the_graph_in_chromium(graph, tmp_path) -> None:
    html = write_html(graph, tmp_path / "g.html")
    page = html.read_text(encoding="utf-8")
    # Self-contained: nothing is loaded from another site (pyvis links Bootstrap from a CDN).
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", page, re.I)
    assert "vis-network" in page and "bootstrap" not in page.lower()
    dom = _open_in_chromium(html, tmp_path / "g.png")
    assert "<canvas" in dom  # vis-network ran and drew
    assert "Sreedhar Kannan" in dom and "Japan" in dom
    non_white, person_pixels = _colours(tmp_path / "g.png")
    assert non_white > 0.005 and person_pixels > 50  # not blank; Person nodes drawn in their colour


def test_html_view_of_one_speaker(examples_graph, tmp_path) -> None:
    out = tmp_path / "k.html"
    r = runner.invoke(app, ["export", "--store", str(examples_graph), "--format", "html", "--speaker", "Kannan", "--out", str(out)])
    assert r.exit_code == 0, r.output
    dom = _open_in_chromium(out, tmp_path / "k.png")
    assert "<canvas" in dom and "Sreedhar Kannan" in dom
    assert "Kenya Space Agency" not in dom  # someone else's neighbourhood stays out
    assert _colours(tmp_path / "k.png")[0] > 0.002


def test_export_errors_are_clear(examples_graph, tmp_path) -> None:
    r = runner.invoke(app, ["export", "--store", str(examples_graph), "--format", "pdf", "--out", str(tmp_path / "x")])
    assert r.exit_code == 2 and "unknown format 'pdf'" in r.output
    r = runner.invoke(app, ["export", "--store", str(examples_graph), "--format", "html", "--speaker", "Nobody Atall", "--out", str(tmp_path / "x")])
    assert r.exit_code == 2 and "no entity named 'Nobody Atall'" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["export", "--store", str(examples_graph)])
    assert r.exit_code == 2 and "--format" in r.output
    assert write_graphml(open_store(tmp_path / "empty.json"), tmp_path / "e.graphml").exists()
