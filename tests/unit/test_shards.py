"""Shard folders without Ray or the model: the writer (rotation, staging, all or nothing), the
manifest checks, and `load_shards` against `build` with a blank spaCy pipeline (no statements,
so milliseconds). The Ray side is in tests/integration/test_engine_ray.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graphbuild.extract import extract_stream, extractor_version
from graphbuild.ingest import iter_sources
from graphbuild.model import Article, ConfigError, Extraction, Failure, ShardReport
from graphbuild.pipeline import build, load_shards, read_manifest
from graphbuild.pipeline.shards import COLUMNS, ShardWriter, iter_shards, record_row, shard_schema
from graphbuild.store import NetworkXStore

from .conftest import news_folder

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _table(records: list[Extraction]):
    return pa.Table.from_pylist([record_row(x) for x in records], schema=shard_schema())


def _shards(tmp_path, folder, nlp, name: str = "shards", **kw) -> ShardReport:
    """What extract_to_shards writes, made in this process (extract_stream + ShardWriter)."""
    outs = list(extract_stream(iter_sources([folder]), nlp))
    xs = [o for o in outs if isinstance(o, Extraction)]
    report = ShardReport(sources=[str(folder)], extractor=extractor_version(nlp), articles=len(xs),
                         failures=[o for o in outs if isinstance(o, Failure)])
    with ShardWriter(tmp_path / name, **kw) as w:
        w.add(_table(xs))
        return w.publish(report)


def _dump(store: NetworkXStore) -> tuple[list, list]:
    return list(store.nodes()), list(store.edges())


def test_loaded_shards_make_the_graph_a_build_makes_and_a_rebuild_sees_them_unchanged(tmp_path, blank) -> None:
    folder = news_folder(tmp_path, **{"a.txt": "Title A\n\nBody one.", "b.txt": "Title B\n\nBody two.", "c.txt": ""})
    _shards(tmp_path, folder, blank)
    loaded = load_shards(tmp_path / "shards", tmp_path / "l.json")
    built = build([folder], tmp_path / "b.json", nlp=blank)
    assert _dump(NetworkXStore(tmp_path / "l.json")) == _dump(NetworkXStore(tmp_path / "b.json"))
    assert (loaded.articles, loaded.extractor, loaded.failures) == (built.articles, built.extractor, built.failures)
    assert [c.id for c in loaded.changes.added] == [c.id for c in built.changes.added]
    again = build([folder], tmp_path / "l.json", nlp=blank)  # the nightly refresh after a distributed load
    assert (again.articles, again.skipped, again.changes.empty) == (0, 2, True)
    reload = load_shards(tmp_path / "shards", tmp_path / "l.json")
    assert (reload.articles, reload.skipped) == (0, 2)


def test_a_changed_file_loaded_from_new_shards_replaces_its_old_version(tmp_path, blank) -> None:
    folder = news_folder(tmp_path, **{"a.txt": "Title A\n\nBody one.", "b.txt": "Title B\n\nBody two."})
    _shards(tmp_path, folder, blank, name="s1")
    first = load_shards(tmp_path / "s1", tmp_path / "g.json")
    (folder / "a.txt").write_text("Title A\n\nBody one, revised.", encoding="utf-8")
    (folder / "b.txt").unlink()
    _shards(tmp_path, folder, blank, name="s2")
    r = load_shards(tmp_path / "s2", tmp_path / "g.json", retract=True)
    old_a = next(c.id for c in first.changes.added if c.source.endswith("a.txt"))
    assert [c.old_id for c in r.changes.updated] == [old_a]
    assert [c.source.rsplit("/", 1)[-1] for c in r.changes.retracted] == ["b.txt"]
    assert [a["source"].rsplit("/", 1)[-1] for a in NetworkXStore(tmp_path / "g.json").nodes("Article")] == ["a.txt"]


def _records(n: int) -> list[Extraction]:
    return [Extraction(article=Article(id=f"art_{i}", source=f"s{i}", title=f"T{i}", text=f"T{i} body", content_hash=f"h{i}"),
                       extractor="x") for i in range(n)]


def test_the_writer_rotates_shards_and_they_read_back_in_order(tmp_path) -> None:
    with ShardWriter(tmp_path / "out", rows_per_shard=2) as w:
        w.add(_table(_records(3)))
        w.add(_table(_records(5)[3:]))
        report = w.publish(ShardReport(extractor="x", articles=5))
    assert (report.shards, report.rows) == (["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"], [2, 2, 1])
    assert read_manifest(tmp_path / "out") == report
    assert [x.article.id for x in iter_shards(tmp_path / "out", read_batch=1)] == [f"art_{i}" for i in range(5)]
    assert pq.read_schema(tmp_path / "out" / "part-00000.parquet").names == list(COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_nothing_half_written_stays(tmp_path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), ShardWriter(out) as w:
        w.add(_table(_records(2)))
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty"):
        ShardWriter(out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    with ShardWriter(out, overwrite=True) as w:
        w.publish(ShardReport())
    assert sorted(p.name for p in out.iterdir()) == ["_SUCCESS", "manifest.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_incomplete_or_inconsistent_folder_is_refused_before_the_store_is_opened(tmp_path) -> None:
    with ShardWriter(tmp_path / "out") as w:
        w.add(_table(_records(2)))
        w.publish(ShardReport(extractor="x", articles=2))
    (tmp_path / "out" / "_SUCCESS").unlink()
    with pytest.raises(ConfigError, match="not a complete shard folder"):
        load_shards(tmp_path / "out", tmp_path / "g.json")
    assert not (tmp_path / "g.json").exists()
    (tmp_path / "out" / "_SUCCESS").write_bytes(b"")
    manifest = tmp_path / "out" / "manifest.json"
    m = ShardReport.model_validate_json(manifest.read_text(encoding="utf-8"))
    manifest.write_text(m.model_copy(update={"rows": [3]}).model_dump_json(), encoding="utf-8")
    with pytest.raises(ConfigError, match="holds 2 rows, the manifest says 3"):
        read_manifest(tmp_path / "out")
    (tmp_path / "out" / "part-00000.parquet").unlink()
    with pytest.raises(ConfigError, match="missing"):
        read_manifest(tmp_path / "out")


def test_a_bad_record_is_reported_and_the_others_are_loaded(tmp_path) -> None:
    good = _records(2)
    rows = [record_row(x) for x in good]
    rows.insert(1, {**rows[0], "source": "bad", "extraction": '{"article": {"id": 1}}'})
    rows.append({**record_row(_records(3)[2].model_copy(update={"extractor": "y"})), "source": "other"})
    with ShardWriter(tmp_path / "out") as w:
        w.add(pa.Table.from_pylist(rows, schema=shard_schema()))
        w.publish(ShardReport(extractor="x", articles=4, failures=[Failure(source="e.txt", stage="ingest", error="empty input: no text")]))
    r = load_shards(tmp_path / "out", tmp_path / "g.json")
    assert r.articles == 2
    assert [(f.source, f.stage) for f in r.failures] == [("e.txt", "ingest"), ("bad", "extract"), ("other", "extract")]
    assert "invalid record in shard part-00000.parquet" in r.failures[1].error
    assert "extracted by y, the manifest says x" in r.failures[2].error


def test_ray_and_pyarrow_are_imported_only_when_used() -> None:
    code = "import sys, graphbuild, graphbuild.pipeline; print(sorted(m for m in ('ray', 'pyarrow') if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
