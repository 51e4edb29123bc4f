"""Neo4j against a real server: same graph and answers as NetworkX, idempotent re-runs, export,
unreachable server, connection lost mid-run."""

from __future__ import annotations

import os
import threading
import time

import pytest
from typer.testing import CliRunner

from graphbuild import query as q
from graphbuild.cli import app
from graphbuild.model import OWN_LABELS
from graphbuild.pipeline import Written, build
from graphbuild.store import NetworkXStore, open_store
from graphbuild.store.neo4j import Neo4jStore

from ..conftest import EXAMPLES, POLNEAR, SEED
from .tcp_proxy import Proxy
from .test_store import snapshot

pytestmark = pytest.mark.model


def corpus() -> list:
    """examples + seed + a slice of PolNeAR dev (where ../shared is present)."""
    out = [EXAMPLES]
    if SEED.exists():
        out.append(SEED / "russia_china_space.txt")
    dev = POLNEAR / "dev" / "text"
    if dev.exists():
        out += sorted(dev.glob("*.txt"))[:12]
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("ref") / "g.json"
    report = build(corpus(), path, nlp=nlp)
    assert report.ok
    return NetworkXStore(path)


def _answers(store) -> dict:
    names = ["China", "Russia", "Japan", "India", "Sreedhar Kannan", "Trump", "Clinton"]
    out: dict = {"stats": q.stats(store).model_dump()}
    for n in names:
        if not q.find_entities(store, n):
            continue
        out[n] = {
            "about": sorted(r.id for r in q.quotes(store, about=n)),
            "speakers": [s.model_dump() for s in q.speakers_about(store, n)],
            "profile": q.profile(store, n).model_dump(),
            "comentions": sorted((c.entity.key, c.articles) for c in q.comentions(store, n, limit=None)),
        }
        if q.find_entity(store, n).label == "Person":
            out[n]["by"] = [r.model_dump() for r in q.quotes(store, speaker=n)]
            # The first N, read from an index on Neo4j (QUOTES_BY): the same rows as the others give.
            out[n]["first"] = [[r.id for r in q.quotes(store, speaker=n, limit=k, **kw)]
                               for k, kw in ((1, {}), (3, {}), (2, {"kind": "direct"}), (2, {"since": "2016"}))]
    out["all"] = [r.model_dump() for r in q.quotes(store)]
    out["first"] = [[r.id for r in q.quotes(store, limit=k, **kw)]  # QUOTES_ALL and QUOTES_SINCE on Neo4j
                    for k, kw in ((4, {}), (3, {"kind": "direct"}), (5, {"since": "2016"}), (2, {"since": "2016-06", "kind": "indirect"}))]
    return out


def test_same_graph_and_answers_as_networkx(neo4j_store, reference, nlp) -> None:
    report = build(corpus(), neo4j_store, nlp=nlp)
    assert report.ok, report.failures
    assert snapshot(neo4j_store) == snapshot(reference)
    assert _answers(neo4j_store) == _answers(reference)


def test_rebuild_on_neo4j_adds_nothing(neo4j_store, reference, nlp) -> None:
    build(corpus(), neo4j_store, nlp=nlp)
    first = snapshot(neo4j_store)
    again = build(corpus(), neo4j_store, nlp=nlp)
    assert again.articles == 0 and again.skipped == reference_articles(reference)
    forced = build(corpus(), neo4j_store, nlp=nlp, force=True)
    assert forced.ok and forced.articles == reference_articles(reference)
    assert snapshot(neo4j_store) == first


def test_a_graph_written_by_an_earlier_version_drops_its_entity_lists_once_and_reads_the_same(neo4j_store, neo4j_uri, reference) -> None:
    neo4j_store.load(list(reference.nodes()), list(reference.edges()))
    want = snapshot(neo4j_store)
    assert want == snapshot(reference)  # a shared node's articles: the Article nodes with an edge to it
    # The graph as version 2 left it: every entity and outlet with its `articles` list.
    shared = [{"key": n["key"], "articles": n["articles"]} for n in reference.nodes() if n["label"] not in OWN_LABELS]
    neo4j_store.driver.execute_query("UNWIND $rows AS r MATCH (n:GBNode {key: r.key}) SET n.articles = r.articles", rows=shared)
    neo4j_store.driver.execute_query("MATCH (m:GraphbuildMeta {key: 'schema'}) SET m.version = 2")
    with Neo4jStore(neo4j_uri, batch_size=7) as again:  # several migration transactions
        left = again.driver.execute_query("MATCH (n:GBNode) WHERE n.articles IS NOT NULL AND NOT n:Article AND NOT n:Quote "
                                          "RETURN count(n) AS c").records[0]["c"]
        assert left == 0 and len(shared) > 7
        assert snapshot(again) == want


def reference_articles(ref) -> int:
    return len(list(ref.nodes("Article")))


def test_export_copies_a_networkx_file(neo4j_store, neo4j_uri, reference) -> None:
    r = CliRunner().invoke(app, ["export", "--store", str(reference.path), "--to", neo4j_uri])
    assert r.exit_code == 0, r.output
    assert snapshot(neo4j_store) == snapshot(reference)
    r = CliRunner().invoke(app, ["export", "--store", str(reference.path), "--to", neo4j_uri])
    assert snapshot(neo4j_store) == snapshot(reference)  # idempotent


def test_cli_build_and_query_on_neo4j(neo4j_store, neo4j_uri) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["build", str(EXAMPLES / "india_japan_lunar_rover.txt"), "--store", neo4j_uri, "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "quotes", "--speaker", "Kannan", "--store", neo4j_uri, "--json"])
    assert r.exit_code == 0 and "Sreedhar Kannan" in r.output


def test_unreachable_server_is_one_clear_error(tmp_path) -> None:
    uri = "bolt://127.0.0.1:9"
    r = CliRunner().invoke(app, ["build", str(EXAMPLES), "--store", uri, "-q"])
    assert r.exit_code == 2
    assert f"cannot connect to Neo4j at {uri}" in r.output
    assert "Traceback" not in r.output


def test_short_outage_is_retried_by_the_driver(neo4j_store, neo4j_uri, reference, nlp) -> None:
    host, port = neo4j_uri.rsplit("/", 1)[-1].split(":")
    proxy = Proxy(host, int(port))
    try:
        store = Neo4jStore(proxy.uri, max_retry_time=30)
        cut_once = []

        def progress(item) -> None:
            if not cut_once and isinstance(item, Written):
                cut_once.append(1)
                proxy.cut()
                threading.Timer(2.0, proxy.restore).start()

        report = build(corpus(), store, nlp=nlp, write_batch=1, progress=progress)
        assert cut_once and report.ok, report.failures
        assert snapshot(neo4j_store) == snapshot(reference)
        store.close()
    finally:
        proxy.close()


def test_connection_lost_mid_run_is_reported_and_a_rerun_converges(neo4j_store, neo4j_uri, reference, nlp) -> None:
    host, port = neo4j_uri.rsplit("/", 1)[-1].split(":")
    proxy = Proxy(host, int(port))
    try:
        store = Neo4jStore(proxy.uri, max_retry_time=2, connection_timeout=2)
        written = []

        def progress(item) -> None:
            if isinstance(item, Written):
                written.append(item)
                if len(written) == 3:
                    proxy.cut()  # the server stays up; our connection to it is gone for good

        t = time.perf_counter()
        report = build(corpus(), store, nlp=nlp, write_batch=1, progress=progress)
        assert time.perf_counter() - t < 240
        assert report.articles == 3
        assert report.failures and all(f.stage == "store" and "not written" in f.error for f in report.failures)
        assert len(report.failures) == reference_articles(reference) - 3
        partial = snapshot(neo4j_store)
        assert len(partial[0]) < len(snapshot(reference)[0])
        proxy.restore()
        again = build(corpus(), store, nlp=nlp)
        assert again.ok and again.skipped == 3
        assert snapshot(neo4j_store) == snapshot(reference)
        store.close()
    finally:
        proxy.close()


def test_open_store_reads_credentials_from_the_environment(neo4j_uri, monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", "irrelevant-auth-is-off")
    st = open_store(neo4j_uri)
    assert isinstance(st, Neo4jStore)
    st.close()


def test_server_killed_during_a_build(neo4j_server_module, reference, nlp, tmp_path) -> None:
    """A real server process killed mid-build: the run ends, lists every article not written,
    and a re-run against a server that is back converges to the uninterrupted graph."""
    if os.environ.get("NEO4J_URI"):
        pytest.skip("uses its own server; NEO4J_URI is set")
    server = neo4j_server_module.start()
    try:
        store = Neo4jStore(server.uri, max_retry_time=3, connection_timeout=2)
        written = []

        def progress(item) -> None:
            if isinstance(item, Written):
                written.append(item)
                if len(written) == 2:
                    server.kill()

        report = build(corpus(), store, nlp=nlp, write_batch=1, progress=progress)
        assert report.articles == 2
        assert len(report.failures) == reference_articles(reference) - 2
        assert all(f.stage == "store" and "not written" in f.error for f in report.failures)
        store.close()
    finally:
        server.stop()
    server = neo4j_server_module.start()  # the harness keeps no data across processes: start anew
    try:
        store = Neo4jStore(server.uri)
        assert build(corpus(), store, nlp=nlp).ok
        assert snapshot(store) == snapshot(reference)
        store.close()
    finally:
        server.stop()


def test_the_test_server_stops_when_stdin_closes_and_leaves_nothing(tmp_path) -> None:
    """`python tools/neo4j_server.py` as README describes it: a URI line, then it stops on EOF."""
    import subprocess
    import sys

    from ..conftest import ROOT

    if not __import__("shutil").which("java"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the Neo4j tests, but Java is not installed")
        pytest.skip("no Java here (install Java 17 to run the Neo4j test server)")
    proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "neo4j_server.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert proc.stdout is not None and proc.stdin is not None
    line = proc.stdout.readline()
    assert line.startswith("bolt://127.0.0.1:"), line + (proc.stderr.read() if proc.stderr else "")
    assert any(tmp_path.iterdir())  # its data and log
    proc.stdin.close()
    assert proc.wait(timeout=90) == 0
    assert list(tmp_path.iterdir()) == []


def test_each_query_is_one_read_on_neo4j(neo4j_store, nlp) -> None:
    """Every query function makes exactly one read (one Cypher statement) against the server."""
    assert build([EXAMPLES], neo4j_store, nlp=nlp).ok
    reader = neo4j_store.reader
    calls: list[str] = []
    real = reader.read

    def counted(query: str, **params):
        calls.append(query)
        return real(query, **params)

    reader.read = counted
    try:
        for ask in (lambda s: q.quotes(s, speaker="Kannan", about="Japan", kind="direct", since="2024", limit=5),
                    lambda s: q.quotes(s), lambda s: q.speakers_about(s, "Japan"), lambda s: q.profile(s, "Tanabe"),
                    lambda s: q.comentions(s, "India"), q.stats, lambda s: q.find_entities(s, "Sreedhar")):
            calls.clear()
            ask(neo4j_store)
            assert len(calls) == 1, calls
    finally:
        reader.read = real


def _shown(ops: set[str]) -> str:
    """The operators that say how nodes are found and ordered (for a failure's message)."""
    return " ".join(sorted(o for o in ops if any(w in o for w in ("Index", "Scan", "Sort", "Top", "Limit", "Count"))))


def _operators(store, query: str, **params) -> set[str]:
    """The operators of a query's plan (EXPLAIN: planned, not run)."""
    plan = store.driver.execute_query("EXPLAIN " + query, **params).summary.plan
    out: set[str] = set()
    todo = [plan]
    while todo:
        op = todo.pop()
        out.add(op["operatorType"].split("@")[0])
        todo += op.get("children", [])
    return out


def test_stats_and_the_first_statements_read_no_whole_label_on_neo4j(neo4j_store, nlp) -> None:
    """`stats` reads the count store and `quotes --limit N` without a speaker or topic reads the
    statements in index order, stopping at N: both cost the same at 100 or 100,000 articles."""
    from graphbuild.store.neo4j import reads

    assert build([EXAMPLES], neo4j_store, nlp=nlp).ok
    ops = _operators(neo4j_store, reads.STATS)
    assert {"NodeCountFromCountStore", "RelationshipCountFromCountStore"} <= ops and not ops & {"NodeByLabelScan", "Expand(All)"}
    filters = {"kind": "direct", "article": None, "until": None, "framing": None, "limit": 3}
    ops = _operators(neo4j_store, reads.QUOTES_ALL, since=None, **filters)
    assert "NodeIndexSeek" in ops and "Limit" in ops and not ops & {"Sort", "Top", "PartialSort", "PartialTop", "NodeByLabelScan"}, _shown(ops)
    # Since a date: a range of the said_on index and a range of the ordered index, no scan.
    ops = _operators(neo4j_store, reads.QUOTES_SINCE, since="2016-03", **filters)
    assert "NodeIndexSeekByRange" in ops and not ops & {"NodeByLabelScan", "NodeIndexScan", "AllNodesScan"}, _shown(ops)
    # A speaker's first N: a range of the (speaker, …) index per variant, read in its order up to N.
    ops = _operators(neo4j_store, reads.QUOTES_BY, since=None, labels=neo4j_store.reader.labels, **filters, **reads.name_params("sp", "Kannan"))
    assert "NodeIndexSeek" in ops and "Limit" in ops and not ops & {"NodeByLabelScan", "AllNodesScan", "NodeIndexScan"}, _shown(ops)
    # The order the index gives is the order every store answers in: (date, article, start).
    rows = q.quotes(neo4j_store, limit=5)
    every = q.quotes(neo4j_store)
    assert [r.id for r in rows] == [r.id for r in every[:5]]
    assert [(r.published or "", r.article, r.start) for r in every] == sorted((r.published or "", r.article, r.start) for r in every)
