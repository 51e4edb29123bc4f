"""Distributed extraction on Ray Data (local mode, 2 workers) against the local path: the same
records byte for byte, the same graph, every bad input reported, nothing half-written.

One Ray session for the module (start-up is ~10 s) and one distributed run shared by the tests:
examples/ and a few PolNeAR dev articles (when ../shared is present), with an empty and a binary
file among them."""

from __future__ import annotations

import shutil

import pytest

from graphbuild.curate import Curation
from graphbuild.extract import extract_stream
from graphbuild.ingest import iter_sources
from graphbuild.model import ConfigError, Extraction, ExtractionError, Failure
from graphbuild.pipeline import build, extract_to_shards, load_shards, read_manifest
from graphbuild.store import NetworkXStore

from ..conftest import EXAMPLES, POLNEAR

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

pytestmark = [pytest.mark.model, pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")]

POLNEAR_DEV = POLNEAR / "dev" / "text"
CURATION = Curation.parse('[[aliases]]\nentity = "Country:India"\nadd = ["Bharat"]')


@pytest.fixture(scope="module")
def ray_local():
    """A local Ray instance with 2 CPUs for the module; extract_to_shards uses it as it is."""
    ray.init(num_cpus=2, include_dashboard=False, logging_level="warning")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """examples/, 4 PolNeAR dev articles when ../shared is present, an empty and a binary file."""
    folder = tmp_path_factory.mktemp("engine") / "in"
    shutil.copytree(EXAMPLES, folder)
    if POLNEAR_DEV.exists():
        for f in sorted(POLNEAR_DEV.glob("*.txt"))[:4]:
            shutil.copy(f, folder / f.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def shards(ray_local, corpus):
    """One distributed run over the corpus: (the shard folder, its report)."""
    out = corpus.parent / "shards"
    report = extract_to_shards([corpus], out, workers=2, batch_size=2, rows_per_shard=5)
    return out, report


@pytest.fixture(scope="module")
def local(corpus, nlp) -> list[Extraction | Failure]:
    """What the local path extracts of the same inputs."""
    return list(extract_stream(iter_sources([corpus]), nlp))


def test_shard_records_are_byte_identical_to_a_local_extraction(shards, local) -> None:
    out, report = shards
    rows = [r for name in report.shards for r in pq.read_table(out / name, columns=["article_id", "content_hash", "extraction"]).to_pylist()]
    ours = [x for x in local if isinstance(x, Extraction)]
    assert len(ours) >= 6 and report.articles == len(ours) == len(rows)
    assert [r["article_id"] for r in rows] == [x.article.id for x in ours]  # input order kept
    assert sorted((r["article_id"], r["extraction"]) for r in rows) == sorted((x.article.id, x.model_dump_json()) for x in ours)
    assert [r["content_hash"] for r in rows] == [x.article.content_hash for x in ours]
    assert report.extractor == ours[0].extractor
    assert report.statements == sum(len(x.statements) for x in ours) > 20
    assert len(report.shards) == -(-len(ours) // 5) and sum(report.rows) == len(ours)


def test_bad_inputs_are_reported_with_their_reason(shards, local) -> None:
    out, report = shards
    assert sorted(report.failures, key=lambda f: f.source) == sorted((x for x in local if isinstance(x, Failure)), key=lambda f: f.source)
    assert {(f.source.rsplit("/", 1)[-1], f.stage) for f in report.failures} == {("empty.txt", "ingest"), ("binary.txt", "ingest")}
    assert read_manifest(out) == report
    assert sorted(p.name for p in out.parent.iterdir()) == ["in", "shards"]  # no staging folder left


def test_the_loaded_graph_is_the_graph_of_a_local_build(shards, corpus, nlp, tmp_path) -> None:
    out, _ = shards
    loaded = load_shards(out, NetworkXStore(tmp_path / "g.json"), curation=CURATION)
    built = build([corpus], tmp_path / "b.json", nlp=nlp, curation=CURATION)
    g, b = NetworkXStore(tmp_path / "g.json"), NetworkXStore(tmp_path / "b.json")
    assert list(g.nodes()) == list(b.nodes())
    assert list(g.edges()) == list(b.edges())
    assert "Bharat" in next(n for n in g.nodes("Country") if n["key"] == "Country:india")["aliases"]
    assert (loaded.articles, loaded.statements, loaded.entities, loaded.extractor, loaded.links_changed) == (
        built.articles, built.statements, built.entities, built.extractor, built.links_changed)
    assert sorted(f.source for f in loaded.failures) == sorted(f.source for f in built.failures)
    again = build([corpus], tmp_path / "g.json", nlp=nlp, curation=CURATION, retract=True)  # a refresh after the load
    assert (again.articles, again.skipped, again.changes.empty, again.links_changed) == (0, built.articles, True, 0)


def test_a_run_that_fails_leaves_nothing_and_an_existing_folder_is_kept(shards, corpus, tmp_path) -> None:
    out, _ = shards
    with pytest.raises(ConfigError, match="not empty"):
        extract_to_shards([corpus], out, workers=2)
    assert read_manifest(out).articles > 0
    with pytest.raises(ExtractionError, match="xx_no_such_model"):  # the workers cannot start
        extract_to_shards([corpus], tmp_path / "s", workers=2, model="xx_no_such_model")
    assert list(tmp_path.iterdir()) == []


def test_missing_sources_are_reported_without_starting_workers(tmp_path) -> None:
    report = extract_to_shards([tmp_path / "nope"], tmp_path / "s")
    assert [(f.stage, f.error) for f in report.failures] == [("ingest", "no such file or folder")]
    assert (report.articles, report.shards) == (0, [])
    assert load_shards(tmp_path / "s", tmp_path / "g.json").failures == report.failures


def _report(r) -> dict:
    """The JSON report a `--json` command printed on stdout (Ray may log on the streams around it,
    e.g. an actor's connection reset at shutdown on a loaded machine)."""
    import json

    out = r.stdout
    return json.JSONDecoder().raw_decode(out[out.index("{"):])[0]


def test_the_cli_distributes_and_loads_into_the_default_store(ray_local, shards, corpus, tmp_path, nlp) -> None:
    """`graphbuild distribute … --out` then `graphbuild load … --store graph.db`: the graph of a
    local `graphbuild build` (SQLite, the default store), and a second load writes nothing."""
    from typer.testing import CliRunner

    from graphbuild.cli import app
    from graphbuild.store import SQLiteStore

    from .test_store import snapshot

    runner = CliRunner()
    out = tmp_path / "cli-shards"
    r = runner.invoke(app, ["distribute", str(EXAMPLES), "--out", str(out), "--workers", "2", "--json"])
    assert r.exit_code == 0, r.output
    assert _report(r)["articles"] == build([EXAMPLES], tmp_path / "examples.db", nlp=nlp).articles
    db = tmp_path / "graph.db"
    r = runner.invoke(app, ["load", str(shards[0]), "--store", str(db), "--json"])
    assert r.exit_code == 1, r.output  # the empty and the binary file failed in the extraction: listed, exit 1
    local = tmp_path / "local.db"
    build([corpus], local, nlp=nlp)
    with SQLiteStore(db) as a, SQLiteStore(local) as b:
        assert snapshot(a) == snapshot(b)
    r = runner.invoke(app, ["load", str(shards[0]), "--store", str(db), "--json"])
    assert _report(r)["articles"] == 0
    r = runner.invoke(app, ["load", str(tmp_path / "nowhere"), "--store", str(db)])
    assert r.exit_code == 2 and "not a complete shard folder" in r.output
