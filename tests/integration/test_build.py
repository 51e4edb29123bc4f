"""build(): end to end into the NetworkX file, idempotence, the run report, bad inputs."""

from __future__ import annotations

import json

import pytest

from graphbuild.model import GraphbuildError
from graphbuild.pipeline import build
from graphbuild.store import NetworkXStore

from ..conftest import EXAMPLES

pytestmark = pytest.mark.model


def test_build_twice_gives_an_identical_graph(tmp_path, nlp) -> None:
    p = tmp_path / "g.json"
    r1 = build([EXAMPLES], p, nlp=nlp)
    assert r1.ok and r1.articles == 6 and r1.statements > 20
    first = p.read_bytes()
    r2 = build([EXAMPLES], p, nlp=nlp)
    assert r2.skipped == 6 and r2.articles == 0
    assert p.read_bytes() == first
    r3 = build([EXAMPLES], p, nlp=nlp, force=True)  # re-extract and re-merge everything
    assert r3.articles == 6
    assert p.read_bytes() == first


def test_bad_inputs_are_reported_and_nothing_of_them_is_stored(tmp_path, nlp) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Port Deal Signed\n\n“The port will open in May,” said Harbor Minister Tomas Vidal.", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "latin1.txt").write_bytes("Le ministre a dit: «Très bien».".encode("latin-1"))
    (src / "junk.html").write_text("<html><body><div></div><<>>", encoding="utf-8")
    (src / "feed.jsonl").write_text('{"text": "Feed Item\\n\\nOfficials said the bridge was safe."}\n{"text": 42}\n{broken\n', encoding="utf-8")
    (src / "quotes.txt").write_text("Odd Marks\n\n“Unbalanced, he said.\n\n”Reversed“ marks and \"straight ones.", encoding="utf-8")
    (src / "meta.txt").write_text("Meta {\"x\": 1} '); MATCH (n) DETACH DELETE n; //\n\n“Values ' \" ` }) // survive,” said Ana Ruiz.", encoding="utf-8")
    p = tmp_path / "g.json"
    report = build([src], p, nlp=nlp)
    failed = {f.source.rsplit("/", 1)[-1]: f for f in report.failures}
    assert set(failed) == {"empty.txt", "binary.txt", "latin1.txt", "junk.html", "feed.jsonl#2", "feed.jsonl#3"}
    assert all(f.error for f in failed.values())
    assert report.articles == 4  # good.txt, feed.jsonl#1, quotes.txt, meta.txt
    g = NetworkXStore(p)
    sources = {a["source"].rsplit("/", 1)[-1] for a in g.nodes("Article")}
    assert sources == {"good.txt", "feed.jsonl#1", "quotes.txt", "meta.txt"}
    texts = {q["text"] for q in g.nodes("Quote")}
    assert "Values ' \" ` }) // survive" in texts
    report_json = json.loads(report.model_dump_json())
    assert len(report_json["failures"]) == 6


def test_on_error_raise_stops_at_the_first_failure(tmp_path, nlp) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(GraphbuildError, match="empty"):
        build([tmp_path], tmp_path / "g.json", nlp=nlp, on_error="raise")


def test_jsonl_metadata_reaches_the_graph(tmp_path, nlp) -> None:
    p = tmp_path / "g.json"
    build([EXAMPLES / "wire_feed.jsonl"], p, nlp=nlp)
    g = NetworkXStore(p)
    arts = {a["title"]: a for a in g.nodes("Article")}
    a = arts["Kenya Unveils Five-Year Space Program"]
    assert a["published"] == "2024-03-12" and a["url"].endswith("kenya-space-program")
    assert next(g.edges("PUBLISHED_BY", src=a["key"]))["dst"] == "Outlet:example wire"


def test_a_long_article_is_built_whole_across_window_boundaries(tmp_path, nlp) -> None:
    """Statements from the first, middle and last windows reach the graph (two worker processes)."""
    intro = "Finance Minister Ana Ruiz of Chile opened the archive.\n\n"
    filler = "".join(f"The committee met for the {i}th time to review the budget figures.\n\n" for i in range(60))
    parts = [intro] + [filler + f"Ruiz said that shipment number {n} had arrived in Valparaiso.\n\n" for n in range(12)]
    src = tmp_path / "long.txt"
    src.write_text("".join(parts), encoding="utf-8")
    p = tmp_path / "g.json"
    report = build([src], p, nlp=nlp, workers=2, window=4_000)
    assert report.ok and report.articles == 1
    assert len(src.read_text(encoding="utf-8")) > 12 * 4_000  # more than a dozen windows
    texts = {q["text"] for q in NetworkXStore(p).nodes("Quote")}
    for n in (0, 6, 11):
        assert f"shipment number {n} had arrived in Valparaiso" in texts
