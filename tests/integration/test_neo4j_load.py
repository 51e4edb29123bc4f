"""Loading shards into a real Neo4j: parallel writers (the same graph as one writer, no deadlock,
an interrupted load completed by a re-run) and the bulk first load with neo4j-admin (the imported
database answers like the store it came from)."""

from __future__ import annotations

import pytest

from graphbuild import query as q
from graphbuild.export import neo4j_admin_import
from graphbuild.extract import extract_stream, extractor_version
from graphbuild.ingest import iter_sources
from graphbuild.model import ConfigError, Extraction, ShardReport, StoreUnavailable, statement_id
from graphbuild.pipeline import load_shards
from graphbuild.pipeline.shards import ShardWriter, record_row, shard_schema
from graphbuild.store import SQLiteStore
from graphbuild.store.neo4j import Neo4jStore
from graphbuild.store.neo4j.parallel import LoadStats, ParallelWriter

from ..conftest import neo4j_admin
from .test_neo4j import corpus
from .test_store import snapshot

pa = pytest.importorskip("pyarrow")
pytestmark = pytest.mark.model

COPIES = 3  # the corpus and two copies (new ids, the same entities): shared entities, sparse and dense


def _copy(x: Extraction, k: int) -> Extraction:
    """Copy k of an article: another id and content hash, the statements re-keyed, the same entities."""
    if k == 0:
        return x
    aid = f"{x.article.id}~{k}"
    art = x.article.model_copy(update={"id": aid, "text": x.article.text + f"\n\n(copy {k})",
                                       "content_hash": f"{x.article.content_hash}~{k}", "url": None})
    sts = [s.model_copy(update={"id": statement_id(aid, s.content[0][0], s.content[-1][1]), "article": aid}) for s in x.statements]
    return x.model_copy(update={"article": art, "statements": sts, "relations": [r.model_copy(update={"article": aid}) for r in x.relations]})


@pytest.fixture(scope="module")
def shards(tmp_path_factory, nlp):
    xs = [x for x in extract_stream(iter_sources(corpus()), nlp) if isinstance(x, Extraction)]
    records = [_copy(x, k) for k in range(COPIES) for x in xs]
    out = tmp_path_factory.mktemp("load") / "shards"
    with ShardWriter(out, rows_per_shard=25) as w:
        w.add(pa.Table.from_pylist([record_row(x) for x in records], schema=shard_schema()))
        w.publish(ShardReport(sources=[str(s) for s in corpus()], extractor=extractor_version(nlp), articles=len(records)))
    return out


def test_four_writers_load_the_graph_one_writer_loads_and_never_deadlock(neo4j_store, shards) -> None:
    one = load_shards(shards, neo4j_store, write_batch=8)
    assert one.ok
    expected = snapshot(neo4j_store)
    neo4j_store.clear()
    neo4j_store.load_stats = LoadStats()
    four = load_shards(shards, neo4j_store, write_batch=8, writers=4)
    stats = neo4j_store.load_stats
    assert four.ok and four.articles == one.articles and four.links_changed == one.links_changed
    assert snapshot(neo4j_store) == expected
    assert (stats.deadlocks, stats.retries) == (0, 0), stats
    assert stats.transactions > stats.rounds, f"no round ran two transactions at once: {stats}"
    assert four.notes == [*one.notes, f"4 writers: {stats.transactions} transactions in {stats.rounds} rounds, 0 retried (0 deadlocks)"]


def test_an_interrupted_parallel_load_is_completed_by_a_rerun(neo4j_store, shards, monkeypatch) -> None:
    load_shards(shards, neo4j_store, write_batch=8)
    expected = snapshot(neo4j_store)
    neo4j_store.clear()
    calls = {"n": 0}
    attempts = ParallelWriter._attempts

    def lost_once(self, job):  # the server goes away among the first batch's articles
        calls["n"] += 1
        if calls["n"] == 8:
            raise StoreUnavailable("connection lost (test)")
        return attempts(self, job)

    monkeypatch.setattr(ParallelWriter, "_attempts", lost_once)
    first = load_shards(shards, neo4j_store, write_batch=8, writers=4)
    assert calls["n"] > 8 and first.failures and all(f.stage == "store" for f in first.failures)
    monkeypatch.setattr(ParallelWriter, "_attempts", attempts)
    again = load_shards(shards, neo4j_store, write_batch=8, writers=4)
    # The failed batch is reported failed whole; those of its articles stored whole before the
    # failure are skipped by the re-run as unchanged, the others written.
    assert again.ok and again.articles <= len(first.failures) and again.articles + again.skipped == first.articles + len(first.failures)
    assert snapshot(neo4j_store) == expected


def test_parallel_writers_need_neo4j(shards, tmp_path) -> None:
    with pytest.raises(ConfigError, match="needs a Neo4j store"):
        load_shards(shards, tmp_path / "g.db", writers=2)


def _answers(store) -> dict:
    """A few answers: a cold server compiles each query once, slowly, so few query forms."""
    speaker = q.find_entity(store, "Kannan")
    assert speaker is not None
    return {"stats": q.stats(store).model_dump(), "by": [r.model_dump() for r in q.quotes(store, speaker="Kannan")],
            "profile": q.profile(store, "Kannan").model_dump(), "speakers": [s.model_dump() for s in q.speakers_about(store, "Japan")]}


def _without_empty_lists(snap: tuple[list, list]) -> tuple[list, list]:
    """neo4j-admin stores no property for an empty list (graphbuild reads both alike)."""
    nodes, edges = ([sorted((k, v) for k, v in row if v != []) for row in part] for part in snap)
    return sorted(nodes, key=repr), sorted(edges, key=repr)


def test_bulk_import_with_neo4j_admin_answers_like_the_store_it_came_from(shards, tmp_path, neo4j_server_module) -> None:
    admin = neo4j_admin(neo4j_server_module)
    staging = SQLiteStore(tmp_path / "staging.db")
    assert load_shards(shards, staging).ok
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    done = neo4j_admin_import(staging, tmp_path / "csv", neo4j_admin=admin,
                              env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}, timeout=600)
    stats = q.stats(staging)
    assert done.bad == 0 and (done.nodes, done.relationships) == (stats.nodes, stats.edges)
    server = neo4j_server_module.start(copy_from=home)  # the test server on a copy of the imported database
    try:
        imported = Neo4jStore(server.uri)  # creates graphbuild's constraint and indexes on the imported data
        assert _without_empty_lists(snapshot(imported)) == _without_empty_lists(snapshot(staging))
        assert imported.article_index() == staging.article_index()
        assert _answers(imported) == _answers(staging)  # names found through the imported index
        imported.close()
    finally:
        server.stop()
        staging.close()
