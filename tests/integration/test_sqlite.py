"""The SQLite store (the embedded default): the same graph and answers as the NetworkX file and
Neo4j, a crash mid-write loses nothing and leaves no half article, another process's writes are
seen by a reader that stays open, the migration of a graph.json, browsing with SQL (the
`statements` view and full-text search), and subgraphs materialised as NetworkX graphs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from graphbuild import query as q
from graphbuild.cli import app
from graphbuild.export import migrate, neighbourhood, to_networkx
from graphbuild.model import ATTRIBUTED_TO, SAME_AS, EdgeRow, StoreError
from graphbuild.pipeline import build
from graphbuild.store import NetworkXStore, SQLiteStore, open_store
from graphbuild.store.sqlite.aggregates import rebuild

from ..conftest import EXAMPLES
from .test_neo4j import _answers, corpus
from .test_store import _extraction, snapshot

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    """The same corpus built into a NetworkX file and into a SQLite file."""
    folder = tmp_path_factory.mktemp("both")
    for name in ("g.json", "g.db"):
        report = build(corpus(), folder / name, nlp=nlp)
        assert report.ok, report.failures
    return NetworkXStore(folder / "g.json"), SQLiteStore(folder / "g.db")


def test_same_graph_and_answers_as_the_networkx_file(built) -> None:
    ref, db = built
    assert snapshot(db) == snapshot(ref)
    assert _answers(db) == _answers(ref)
    for speaker in ("Trump", "Clinton", "Kannan"):
        if q.find_entities(ref, speaker):
            assert q.claims(db, speaker=speaker) == q.claims(ref, speaker=speaker)
    assert q.claims(db) == q.claims(ref) and q.republications(db) == q.republications(ref)
    # a speaker's first statements read from `nodes_speaker_order`, filters included
    people = [e.name for e, _ in ref.reader.entity_names() if e.label == "Person"]
    asked = 0
    for name in people:
        for kw in ({"limit": 1}, {"limit": 3}, {"limit": 2, "kind": "direct"}, {"limit": 2, "since": "2016-03"}):
            mine, theirs = q.quotes(db, speaker=name, **kw), q.quotes(ref, speaker=name, **kw)
            assert mine == theirs, (name, kw)
            asked += bool(theirs)
    assert asked > 20


def test_same_graph_and_answers_as_neo4j(built, neo4j_store, nlp) -> None:
    _, db = built
    report = build(corpus(), neo4j_store, nlp=nlp)
    assert report.ok, report.failures
    assert snapshot(neo4j_store) == snapshot(db)
    assert _answers(neo4j_store) == _answers(db)


def test_a_rebuild_writes_nothing_and_a_deleted_article_leaves_nothing(built, nlp, tmp_path) -> None:
    ref, db = built
    again = build(corpus(), db.path, nlp=nlp)
    assert again.articles == 0 and again.skipped == len(list(ref.nodes("Article")))
    copy = tmp_path / "copy.db"
    assert migrate(ref.path, copy)[0] == len(list(ref.nodes()))
    with open_store(copy) as s:
        for a in [a["key"] for a in s.nodes("Article")]:
            assert s.delete_article(a)
        nodes, edges = snapshot(s)
        assert q.stats(s).nodes == 0 and q.stats(s).edges == 0
    assert nodes == [] and edges == []


def _counts(path) -> tuple[list, list]:
    con = sqlite3.connect(path)
    try:
        return (con.execute("SELECT * FROM agg_comentions ORDER BY 1, 2").fetchall(),
                con.execute("SELECT * FROM agg_speakers ORDER BY 1, 2").fetchall())
    finally:
        con.close()


def _recounted(path, tmp_path) -> tuple[list, list]:
    """The maintained counts computed from scratch, on a copy."""
    copy = tmp_path / "recount.db"
    with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    dst.close()
    with sqlite3.connect(copy) as con:
        rebuild(con)
    con.close()
    out = _counts(copy)
    copy.unlink()
    return out


def _hub_answers(store) -> dict:
    """`speakers` and `comentions` of every entity."""
    return {e.key: ([s.model_dump() for s in q.speakers_about(store, e.name)],
                    sorted((c.entity.key, c.articles) for c in q.comentions(store, e.name, limit=None)))
            for e, _ in store.reader.entity_names()}


def test_the_maintained_counts_stay_exact_through_every_kind_of_write(built, tmp_path) -> None:
    """`speakers`/`comentions` read counts the writes keep (issue 13): after a build, a delete,
    SAME_AS and ATTRIBUTED_TO links added and removed, they equal a recount from scratch, and the
    answers equal the scans' (a file without the counts) and the NetworkX file's."""
    ref, db = built
    path = tmp_path / "g.db"
    assert migrate(db.path, path)[0] > 0
    assert _counts(path)[0] and _counts(path) == _recounted(path, tmp_path)
    with SQLiteStore(path) as s:
        assert _hub_answers(s) == _hub_answers(ref)
        people = [e for e, _ in s.reader.entity_names() if e.label == "Person"]
        same = [EdgeRow(src=a.key, type=SAME_AS, dst=b.key, props={"rule": "test"}) for a, b in zip(people[1:8:2], people[2:9:2], strict=False)]
        kept = [EdgeRow(src=e["src"], type=SAME_AS, dst=e["dst"], props={}) for e in s.edges(SAME_AS)][1:]
        assert s.replace_links([SAME_AS], kept + same) > 0
        assert _counts(path) == _recounted(path, tmp_path)
        said = [EdgeRow(src=e["src"], type=ATTRIBUTED_TO, dst=e["dst"], props={}) for e in s.edges(ATTRIBUTED_TO)]
        quotes = [n["key"] for n in s.nodes("Quote") if not n.get("speaker")][:3]
        said = said[1:] + [EdgeRow(src=k, type=ATTRIBUTED_TO, dst=people[0].key, props={}) for k in quotes]
        assert s.replace_links([ATTRIBUTED_TO], said) > 0
        assert _counts(path) == _recounted(path, tmp_path)
        for a in [a["key"] for a in s.nodes("Article")][::3]:
            assert s.delete_article(a)
        assert _counts(path) == _recounted(path, tmp_path)
        answers = _hub_answers(s)
    scanned = tmp_path / "scanned.db"
    with sqlite3.connect(path) as src, sqlite3.connect(scanned) as dst:
        src.backup(dst)
        dst.execute("DELETE FROM meta WHERE name = 'aggregates'")  # a file from before the counts: queries scan
    dst.close()
    with SQLiteStore(scanned) as s:
        assert _hub_answers(s) == answers
        s.replace_links([SAME_AS], [])  # its first write computes the counts, once
    assert _counts(scanned) == _recounted(scanned, tmp_path) and _counts(scanned)[0]


def test_the_default_store_is_a_sqlite_file(tmp_path) -> None:
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = runner.invoke(app, ["build", str(EXAMPLES), "-q"])
        assert r.exit_code == 0, r.output
        with open("graph.db", "rb") as f:
            assert f.read(16) == b"SQLite format 3\x00"
        r = runner.invoke(app, ["query", "quotes", "--speaker", "Kannan", "--json"])
        assert r.exit_code == 0 and "Sreedhar Kannan" in r.output
    finally:
        os.chdir(cwd)


def test_a_graph_json_is_migrated_by_one_command_and_queries_the_same(built, tmp_path) -> None:
    ref, _ = built
    target = tmp_path / "graph.db"
    r = CliRunner().invoke(app, ["migrate", str(ref.path), str(target)])
    assert r.exit_code == 0, r.output
    with open_store(target) as db:
        assert snapshot(db) == snapshot(ref) and _answers(db) == _answers(ref)
    r = CliRunner().invoke(app, ["migrate", str(ref.path), str(target)])  # never into an existing store
    assert r.exit_code == 2 and "exists already" in r.output
    with pytest.raises(StoreError, match="not a SQLite graph file"):
        SQLiteStore(ref.path)


def test_kill_9_during_a_write_leaves_the_previous_graph_and_no_half_article(tmp_path) -> None:
    path = tmp_path / "g.db"
    with SQLiteStore(path) as s:
        from graphbuild.graph import to_rows

        s.upsert(to_rows(_extraction("art_a")))
        before = snapshot(s)
    # A writer that stops dead inside its transaction, after an article's nodes, before its edges.
    code = textwrap.dedent(f"""
        import os, signal
        from graphbuild.graph import to_rows
        from graphbuild.store import SQLiteStore
        from graphbuild.store.sqlite import writes
        from tests.integration.test_store import _extraction
        def edges(self, *a, **k):  # the nodes are written, the edges not yet
            os.kill(os.getpid(), signal.SIGKILL)
        writes.Writer._merge_edges = edges
        SQLiteStore({str(path)!r}).upsert(to_rows(_extraction("art_b", speaker="Bo Li")))
    """)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert p.returncode == -signal.SIGKILL, p.stderr
    with SQLiteStore(path) as s:
        assert snapshot(s) == before and "art_b" not in s.article_index()
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_reader_that_stays_open_sees_another_process_writes(tmp_path) -> None:
    from graphbuild.graph import to_rows

    path = tmp_path / "g.db"
    reader = SQLiteStore(path)
    writer = SQLiteStore(path)
    writer.upsert(to_rows(_extraction("art_a")))
    reader = SQLiteStore(path)  # the file exists now
    assert [r.speaker.name for r in q.quotes(reader, speaker="Ruiz") if r.speaker] == ["Ana Ruiz"]
    writer.upsert(to_rows(_extraction("art_b", speaker="Bo Li")))
    assert q.find_entity(reader, "Bo Li").name == "Bo Li"  # cached lookups start again
    assert writer.delete_article("art_b") and q.find_entities(reader, "Bo Li") == []
    reader.close()
    writer.close()


def test_the_file_is_browsable_with_sql_statements_and_full_text_search(built) -> None:
    _, db = built
    con = sqlite3.connect(db.path)
    n = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert n == q.stats(db).labels["Quote"]
    hits = con.execute("SELECT s.speaker_name, s.article_title FROM statements_fts f JOIN statements s ON s.rowid = f.rowid "
                       "WHERE statements_fts MATCH 'rover' ORDER BY rank").fetchall()
    assert hits and any(name and "Kannan" in name for name, _ in hits)
    (mentions,) = con.execute("SELECT mentions FROM entities WHERE name = 'Sreedhar Kannan'").fetchone()
    assert mentions > 0
    assert json.loads(con.execute("SELECT aliases FROM entities WHERE name = 'Sreedhar Kannan'").fetchone()[0])


def test_subgraphs_are_materialised_as_networkx_graphs(built) -> None:
    ref, db = built
    people = to_networkx(db, labels={"Person", "Country"})
    assert {d["label"] for _, d in people.nodes(data=True)} == {"Person", "Country"}
    assert people.number_of_nodes() == q.stats(db).labels["Person"] + q.stats(db).labels["Country"]
    assert to_networkx(db).number_of_edges() == to_networkx(ref).number_of_edges()
    around = neighbourhood(db, "Kannan", depth=1)
    assert "Person:sreedhar kannan" in around and not any(d["label"] == "Article" for _, d in around.nodes(data=True))
    assert sorted(around.edges(keys=True)) == sorted(neighbourhood(ref, "Kannan", depth=1).edges(keys=True))


def test_datasette_browses_searches_and_facets_the_statements(built, tmp_path) -> None:
    """The documented path: `datasette graph.db --metadata docs/datasette.yaml` (here `--get`, no server)."""
    _, db = built
    path = tmp_path / "graph.db"
    migrate(db.path, path)
    exe = os.path.join(os.path.dirname(sys.executable), "datasette")
    meta = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "datasette.yaml")

    def get(url: str) -> object:
        p = subprocess.run([exe, str(path), "--metadata", meta, "--get", url], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)

    found = get("/graph/statements.json?_search=rover&_shape=array")
    assert found and all("rover" in r["text"].lower() for r in found)
    assert any(r["speaker_name"] == "Sreedhar Kannan" and r["article_title"] for r in found)
    kinds = get("/graph/statements.json?_facet=kind&_size=0")["facet_results"]["kind"]["results"]
    assert sum(k["count"] for k in kinds) == q.stats(db).labels["Quote"]
    people = get("/graph/entities.json?label=Person&_shape=array&_size=max")
    assert {r["name"] for r in people} >= {"Sreedhar Kannan"}
