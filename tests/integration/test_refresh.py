"""The nightly refresh: incremental, retraction, change report, curation, feeds, lock, kill -9.

Feeds and pages are served by a local HTTP server on 127.0.0.1 only.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuild.cli import app
from graphbuild.curate import Curation
from graphbuild.ingest import Fetcher, iter_sources
from graphbuild.model import ConfigError, StoreLocked
from graphbuild.pipeline import build
from graphbuild.store import NetworkXStore, open_store

from ..conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.model

ARTICLES = {
    "budget.txt": "Chile Budget Passes\n\nFinance Minister Ana Ruiz of Chile spoke after the vote in Santiago.\n\n"
                  "“The budget is balanced and the deficit is gone,” Ruiz said.\n\n"
                  "Opposition leader Tomas Vidal said the plan would hurt pensioners.",
    "rover.txt": "Peru Plans Lunar Rover\n\nPeruvian Space Agency director Carla Mendez announced the rover on Monday.\n\n"
                 "“We will land on the Moon by 2031,” Mendez told reporters in Lima.",
    "ports.txt": "Ports Deal Signed\n\nTrade Minister Jonas Berg of Sweden signed the agreement in Stockholm.\n\n"
                 "“This deal opens our ports to the world,” Berg said.",
}


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class CountingNlp:
    """The real pipeline, counting the texts it is given (to prove unchanged articles skip spaCy)."""

    def __init__(self, nlp) -> None:
        self.nlp, self.texts = nlp, 0

    def pipe(self, texts, **kw):
        def counted():
            for t in texts:
                self.texts += 1
                yield t
        return self.nlp.pipe(counted(), **kw)

    def __getattr__(self, name):
        return getattr(self.nlp, name)


def _graph(store) -> tuple[set, set]:
    nodes = {(n["key"], n["label"], json.dumps({k: v for k, v in n.items() if k not in {"key"}}, sort_keys=True, default=str)) for n in store.nodes()}
    edges = {(e["src"], e["type"], e["dst"], e["key"], json.dumps({k: v for k, v in e.items() if k not in {"src", "dst", "type", "key"}}, sort_keys=True, default=str)) for e in store.edges()}
    return nodes, edges


# -- incremental refresh, on both backends ---------------------------------------------------------
def test_refresh_is_incremental_and_reports_changes(any_store, tmp_path, nlp) -> None:
    folder = _corpus(tmp_path)
    first = build([folder], any_store, nlp=nlp, retract=True)
    assert first.ok and {c.source for c in first.changes.added} == {str(folder / n) for n in ARTICLES}
    assert {s.name for s in first.changes.new_speakers} >= {"Ana Ruiz", "Carla Mendez", "Jonas Berg"}
    before = _graph(any_store)

    # Unchanged: nothing re-extracted (spaCy sees no text), nothing written.
    counting = CountingNlp(nlp)
    seen: list = []
    again = build([folder], any_store, nlp=counting, retract=True, progress=seen.append)
    assert (again.skipped, again.articles, counting.texts) == (3, 0, 0)
    assert [(type(x).__name__, x.read) for x in seen] == [("Skipped", False)] * 3  # not even decoded: the file's bytes are known
    # Same words, other bytes (CRLF line ends): read again, but the normalised text is unchanged.
    p = folder / "budget.txt"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    seen.clear()
    crlf = build([folder], any_store, nlp=counting, retract=True, progress=seen.append)
    assert (crlf.skipped, crlf.articles, counting.texts) == (3, 0, 0)
    assert sorted((type(x).__name__, x.read) for x in seen) == [("Skipped", False), ("Skipped", False), ("Skipped", True)]
    assert not (again.changes.added or again.changes.updated or again.changes.retracted or again.changes.new_statements)
    assert _graph(any_store) == before

    # One changed, one removed, one new.
    old_id = next(c.id for c in first.changes.added if c.source.endswith("ports.txt"))
    (folder / "ports.txt").write_text(ARTICLES["ports.txt"] + "\n\n“Shipping costs will fall by a fifth,” Berg added.", encoding="utf-8")
    (folder / "rover.txt").unlink()
    (folder / "mine.txt").write_text("Mine Reopens\n\nMining Minister Rosa Quispe of Bolivia visited the site.\n\n"
                                     "“The mine will employ two thousand people,” Quispe said.", encoding="utf-8")
    counting = CountingNlp(nlp)
    r = build([folder], any_store, nlp=counting, retract=True)
    c = r.changes
    assert counting.texts == 2 and r.skipped == 1
    assert [(x.source, x.old_id) for x in c.updated] == [(str(folder / "ports.txt"), old_id)]
    assert [x.source for x in c.retracted] == [str(folder / "rover.txt")]
    assert [x.source for x in c.added] == [str(folder / "mine.txt")]
    assert {s.text for s in c.new_statements} >= {"Shipping costs will fall by a fifth", "The mine will employ two thousand people"}
    assert not any("opens our ports" in s.text for s in c.new_statements)  # kept, not new
    assert {s.name for s in c.new_speakers} == {"Rosa Quispe"}
    assert any_store.node(old_id) is None  # the old version is gone, not mixed in
    assert any_store.node("Person:carla mendez") is None  # retracted with its only article
    sources = {a.source for a in any_store.article_index().values()}
    assert sources == {str(folder / n) for n in ("budget.txt", "ports.txt", "mine.txt")}


def test_keep_removed_and_unreadable_folders_retract_nothing(tmp_path, nlp) -> None:
    folder = _corpus(tmp_path)
    store = tmp_path / "g.json"
    build([folder], store, nlp=nlp, retract=True)
    (folder / "rover.txt").unlink()
    assert build([folder], store, nlp=nlp, retract=False).changes.retracted == []
    assert len(open_store(store).article_index()) == 3
    shutil.rmtree(folder)  # the whole source is gone (unmounted disk?): a failure, not a mass retraction
    r = build([folder], store, nlp=nlp, retract=True)
    assert not r.ok and r.changes.retracted == [] and len(open_store(store).article_index()) == 3


def test_extractor_or_curation_change_reextracts_everything(tmp_path, nlp) -> None:
    folder = _corpus(tmp_path)
    store = tmp_path / "g.json"
    build([folder], store, nlp=nlp)
    cur = tmp_path / "cur.toml"
    cur.write_text('[[aliases]]\nentity = "Person:Ana Ruiz"\nadd = ["The Iron Lady of Santiago"]\n', encoding="utf-8")
    r = build([folder], store, nlp=nlp, curation=cur)
    assert r.articles == 3 and r.skipped == 0 and len(r.changes.updated) == 3
    assert all(x.id == x.old_id for x in r.changes.updated)
    assert "The Iron Lady of Santiago" in open_store(store).node("Person:ana ruiz")["aliases"]
    assert build([folder], store, nlp=nlp, curation=cur).skipped == 3


# -- curation ------------------------------------------------------------------------------------
def test_curation_survives_a_changed_article(any_store, tmp_path, nlp) -> None:
    folder = _corpus(tmp_path)
    cur = tmp_path / "curation.toml"
    cur.write_text(textwrap.dedent('''
        [[same_as]]
        keep = "Person:Jonas Berg"
        merge = ["Person:Tomas Vidal"]

        [[speaker]]
        quote = "We will land on the Moon by 2031"
        speaker = "Organization:Peruvian Space Agency"
    '''), encoding="utf-8")
    build([folder], any_store, nlp=nlp, curation=cur, retract=True)

    def check() -> None:
        assert any_store.node("Person:tomas vidal") is None
        berg = any_store.node("Person:jonas berg")
        assert "Tomas Vidal" in berg["aliases"]
        said = {e["dst"] for e in any_store.edges("SAID", src="Person:jonas berg")}
        texts = {any_store.node(k)["text"] for k in said}
        assert any("hurt pensioners" in t for t in texts)  # Vidal's statement, now Berg's
        (moon,) = [n for n in any_store.nodes("Quote") if "land on the Moon" in n["text"]]
        assert moon["speaker"] == "Organization:peruvian space agency"

    check()
    # The researcher's corrections hold after the articles change and are refreshed.
    for name in ("budget.txt", "rover.txt"):
        p = folder / name
        p.write_text("Update: this story was revised.\n\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    r = build([folder], any_store, nlp=nlp, curation=cur, retract=True)
    assert len(r.changes.updated) == 2
    check()


def test_reattribution_shows_as_speaker_changed(tmp_path, nlp) -> None:
    folder = _corpus(tmp_path)
    store = tmp_path / "g.json"
    build([folder], store, nlp=nlp)
    (q,) = [n for n in open_store(store).nodes("Quote") if "ports to the world" in n["text"]]
    cur = tmp_path / "c.toml"
    cur.write_text(f'[[speaker]]\nstatement = "{q["key"]}"\nspeaker = "Country:Sweden"\n', encoding="utf-8")
    r = build([folder], store, nlp=nlp, curation=cur)
    (ch,) = r.changes.speaker_changed
    assert (ch.id, ch.old_speaker, ch.speaker) == (q["key"], "Person:jonas berg", "Country:sweden")


def test_not_same_as_keeps_a_surname_apart(extract_text) -> None:
    x = extract_text(ARTICLES["budget.txt"])
    assert next(s for s in x.statements if "balanced" in s.text).speaker == "Person:ana ruiz"
    c = Curation.parse('[[not_same_as]]\nentity = "Person:Ana Ruiz"\nname = "Ruiz"\n')
    y = c.apply(x)
    assert next(s for s in y.statements if "balanced" in s.text).speaker == "Person:ruiz"
    assert "Ruiz" not in next(e for e in y.entities if e.key == "Person:ana ruiz").aliases
    assert x.statements[0].speaker is not None  # the input is not changed


@pytest.mark.parametrize(("text", "message"), [
    ("[[same_as]]\nkeep = 'Ana Ruiz'\nmerge = ['Person:Ruiz']", "expected 'Label:Name'"),
    ("[[same_as]]\nkeep = 'Person:A'\nmerge = ['Person:B']\n[[same_as]]\nkeep = 'Person:B'\nmerge = ['Person:A']", "cycle"),
    ("[[speaker]]\nspeaker = 'Person:A'", "give 'statement'"),
    ("[[sameas]]", "unknown section"),
    ("not = [toml", "not valid TOML"),
])
def test_bad_curation_files_are_clear_errors(text, message) -> None:
    with pytest.raises(ConfigError, match=message):
        Curation.parse(text)


def test_cli_bad_curation_exits_2(tmp_path) -> None:
    cur = tmp_path / "c.toml"
    cur.write_text("[[same_as]]\nkeep = 'nobody'\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["refresh", str(EXAMPLES), "--store", str(tmp_path / "g.json"), "--curation", str(cur), "--quiet"])
    assert r.exit_code == 2 and "expected 'Label:Name'" in r.output


# -- feeds and pages over HTTP -------------------------------------------------------------------
def _page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>{paras}</article><footer>© Site</footer></body></html>".encode()


class _Server:
    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, bytes, str, float]]] = {}
        self.log: list[tuple[float, str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
                seq = server.routes.get(self.path) or [(404, b"not found", "text/plain", 0.0)]
                status, body, ctype, delay = seq.pop(0) if len(seq) > 1 else seq[0]
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *a) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, path: str, body: bytes, ctype: str = "text/html", status: int = 200, delay: float = 0.0) -> None:
        self.routes.setdefault(path, []).append((status, body, ctype, delay))


@pytest.fixture
def web():
    s = _Server()
    yield s
    s.httpd.shutdown()


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Item {i}</title><link>{base}{p}</link><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate></item>" for i, p in enumerate(paths))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Andes Wire</title><link>{base}</link><description>x</description>{items}</channel></rss>'.encode()


def test_feed_refresh_fetches_pages_and_lists_failures(web, tmp_path) -> None:
    web.add("/a", _page("Chile Budget Passes", ARTICLES["budget.txt"].split("\n\n", 1)[1]))
    web.add("/b", _page("Ports Deal Signed", ARTICLES["ports.txt"].split("\n\n", 1)[1]))
    web.add("/junk", b"\x00\x01\x02 binary", "application/octet-stream")
    web.add("/feed.xml", _rss(web.url, ["/a", "/missing", "/junk", "/b"]), "application/rss+xml")
    store = tmp_path / "g.json"
    args = ["refresh", f"{web.url}/feed.xml", "--store", str(store), "--host-delay", "0", "--retries", "0", "--json", "--allow-private-urls"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 1, r.output  # an input failed: non-zero for cron
    report = json.loads(r.stdout)
    assert {f["source"] for f in report["failures"]} == {f"{web.url}/missing", f"{web.url}/junk"}
    assert any("404" in f["error"] for f in report["failures"])
    assert sorted(c["source"] for c in report["changes"]["added"]) == [f"{web.url}/a", f"{web.url}/b"]
    assert all(ua.startswith("graphbuild/") for _, _, ua in web.log)
    s = open_store(store)
    a = next(n for n in s.nodes("Article") if n["source"] == f"{web.url}/a")
    assert a["url"] == f"{web.url}/a" and a["published"]
    assert any("budget is balanced" in n["text"] for n in s.nodes("Quote"))
    reports = list((tmp_path / "g.json.reports").glob("*.json"))
    assert len(reports) == 1 and json.loads(reports[0].read_text())["changes"]["added"]

    # The same feed again: pages unchanged, nothing re-extracted; exit code still says what failed.
    again = json.loads(CliRunner().invoke(app, args).stdout)
    assert again["skipped"] == 2 and again["articles"] == 0


def test_fetch_retries_with_backoff_then_succeeds(web) -> None:
    web.add("/flaky", b"busy", "text/plain", status=503)
    web.add("/flaky", b"busy", "text/plain", status=503)
    web.add("/flaky", _page("Ports Deal Signed", ARTICLES["ports.txt"].split("\n\n", 1)[1]))
    (a,) = list(iter_sources([f"{web.url}/flaky"], fetcher=Fetcher(retries=3, backoff=0.05, host_delay=0, allow_private=True)))
    assert a.title == "Ports Deal Signed"
    assert len([p for _, p, _ in web.log if p == "/flaky"]) == 3


def test_fetch_timeout_and_per_host_delay(web) -> None:
    web.add("/slow", b"late", "text/plain", delay=2.0)
    (f,) = list(iter_sources([f"{web.url}/slow"], fetcher=Fetcher(timeout=0.3, retries=1, backoff=0.05, host_delay=0, allow_private=True)))
    assert f.source.endswith("/slow") and "timed out" in f.error and "2 attempts" in f.error
    web.add("/p", _page("Ports Deal Signed", ARTICLES["ports.txt"].split("\n\n", 1)[1]))
    web.log.clear()
    list(iter_sources([f"{web.url}/p", f"{web.url}/p", f"{web.url}/p"], fetcher=Fetcher(host_delay=0.4, allow_private=True)))
    times = [t for t, _, _ in web.log]
    assert len(times) == 3 and all(b - a >= 0.35 for a, b in zip(times, times[1:], strict=False))


def test_feed_file_and_junk_feed(web, tmp_path) -> None:
    web.add("/a", _page("Chile Budget Passes", ARTICLES["budget.txt"].split("\n\n", 1)[1]))
    feed = tmp_path / "andes.rss"
    feed.write_bytes(_rss(web.url, ["/a"]))
    junk = tmp_path / "junk.xml"
    junk.write_text("<html>not a feed</html>", encoding="utf-8")
    out = list(iter_sources([feed, junk], fetcher=Fetcher(host_delay=0, allow_private=True)))
    assert out[0].outlet == "Andes Wire" and out[0].source == f"{web.url}/a"
    assert out[1].source == str(junk) and "not a feed" in out[1].error


# -- one writer at a time ------------------------------------------------------------------------
def test_second_writer_exits_or_waits(tmp_path) -> None:
    store = tmp_path / "g.json"
    holder = NetworkXStore(store)
    runner = CliRunner()
    with holder.lock():
        r = runner.invoke(app, ["refresh", str(EXAMPLES), "--store", str(store), "--quiet"])
        assert r.exit_code == 3 and "locked by another graphbuild" in r.output
    # --wait: the second run waits for the first to finish, then runs.
    done = threading.Event()

    def hold() -> None:
        with holder.lock():
            done.wait(1.0)

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.2)
    r = runner.invoke(app, ["refresh", str(EXAMPLES), "--store", str(store), "--quiet", "--wait", "30"])
    t.join()
    assert r.exit_code == 0, r.output


def test_neo4j_lock(neo4j_store) -> None:
    from graphbuild.store.neo4j import Neo4jStore

    other = Neo4jStore(neo4j_store.uri)
    try:
        with neo4j_store.lock(), pytest.raises(StoreLocked, match="locked by another"), other.lock(wait=0.5, poll=0.1):
            pass
        with other.lock():  # released
            pass
        # A lock left by a process that died on this host is taken over.
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
        assert neo4j_store._try_lock({"token": "stale", "host": socket.gethostname(), "pid": int(dead), "since": 0}) is None
        with other.lock(wait=0):
            pass
    finally:
        other.close()


# -- kill -9 in the middle of a refresh ----------------------------------------------------------
def _many(folder: Path, n: int) -> None:
    folder.mkdir()
    cities = ["Lima", "Quito", "Bogota", "La Paz", "Santiago", "Asuncion", "Montevideo", "Caracas"]
    for i in range(n):
        city = cities[i % len(cities)]
        (folder / f"a{i:03d}.txt").write_text(
            f"Report {i} From {city}\n\nMinister Ana Ruiz met officials in {city} on day {i}.\n\n"
            f"“We agreed on {i + 3} new projects in {city},” Ruiz said.\n\n"
            f"Opposition leader Tomas Vidal said the plan number {i} was too costly.", encoding="utf-8")


KILL_SCRIPT = """
import sys
from graphbuild.pipeline import Written, build
from graphbuild.store import open_store
src, target, force = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
store = open_store(target, **({"autosave_every": 4} if target.endswith(".json") else {}))
print("started", flush=True)
build([src], store, write_batch=4, retract=True, force=force,
      progress=lambda x: isinstance(x, Written) and print("done", flush=True))
store.close()
"""


def _kill_after(src: Path, target: str, after: int, *, force: bool) -> None:
    """Run a build in a new process and kill -9 it once `after` articles were written."""
    p = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(src), target, "1" if force else "0"],
                         stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert p.stdout is not None
    seen = 0
    for line in p.stdout:
        seen += line.startswith("done")
        if seen >= after:
            os.kill(p.pid, signal.SIGKILL)
            break
    p.wait(timeout=120)
    assert p.returncode == -signal.SIGKILL, "the run finished before it could be killed"


@pytest.mark.parametrize("backend", ["networkx", "neo4j"])
def test_kill_9_during_refresh_loses_nothing_and_converges(backend, request, tmp_path, nlp) -> None:
    folder = tmp_path / "news"
    _many(folder, 40)
    if backend == "networkx":
        killed, clean = str(tmp_path / "killed.json"), tmp_path / "clean.json"
        build([folder], clean, nlp=nlp, retract=True)
        reference = _graph(open_store(clean))
        target = killed
    else:
        store = request.getfixturevalue("neo4j_store")
        build([folder], store, nlp=nlp, retract=True)
        reference = _graph(store)
        store.clear()
        target = store.uri
    _kill_after(folder, target, 14, force=False)
    mid = open_store(target)
    states = mid.article_index()
    assert 0 < len(states) < 40  # some articles were written, atomically, before the kill
    mid.close()
    r = build([folder], target, nlp=nlp, retract=True)
    assert r.ok and r.skipped == len(states)
    final = open_store(target)
    assert _graph(final) == reference
    final.close()
