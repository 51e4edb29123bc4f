"""Faults a nightly job meets (issue 14; docs/RELIABILITY.md): kill -9 during a re-extraction
that replaces articles under the same id, an emptied source folder, a full or read-only disk,
a file that is not a graphbuild store, a writer lock left by a crashed host.

Each run after a kill must converge to the graph of an uninterrupted run, and no article may be
missing at any moment: a re-extracted article's old version is deleted in the transaction that
writes its new rows.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuild.cli import app
from graphbuild.model import StoreError
from graphbuild.pipeline import build
from graphbuild.store import open_store

from ..conftest import EXAMPLES
from .test_refresh import _graph, _kill_after, _many


def _said(res) -> str:
    """What a CLI run printed, on one line (Rich wraps long messages)."""
    return " ".join(res.output.split())


def _target(backend: str, tmp_path: Path, request: pytest.FixtureRequest, name: str) -> str:
    if backend == "neo4j":
        store = request.getfixturevalue("neo4j_store")
        store.clear()
        return str(store.uri)
    return str(tmp_path / (name + (".json" if backend == "networkx" else ".db")))


def _url_keyed(folder: Path, n: int, version: int) -> None:
    """`n` one-line JSONL files whose articles are keyed by their URL: version 2 changes every
    text, so each article is re-extracted under the same id."""
    folder.mkdir(exist_ok=True)
    for i in range(n):
        extra = f" The ministry added {i + version} details on {version} March." if version > 1 else ""
        rec = {"url": f"https://news.example.org/{i}", "title": f"Report {i}",
               "text": f"Report {i}\n\nMinister Ana Ruiz met officials on day {i}.{extra}\n\n"
                       f"“We agreed on {i + 3} new projects,” Ruiz said."}
        (folder / f"a{i:03d}.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")


@pytest.mark.parametrize("backend", ["sqlite", "networkx", "neo4j"])
def test_kill_9_during_a_forced_re_extraction_never_loses_an_article(backend, request, tmp_path, nlp) -> None:
    """`--force` (or a new model or curation) re-extracts every article under its own id: killed
    at several points, the store holds all 40 articles each time, and a re-run converges."""
    folder = tmp_path / "news"
    _many(folder, 40)
    target = _target(backend, tmp_path, request, "g")
    assert build([folder], target, nlp=nlp, retract=True).ok
    reference = _graph(open_store(target))
    for after in random.Random(14).sample(range(3, 36), 2 if backend == "sqlite" else 1):
        _kill_after(folder, target, after, force=True)
        mid = open_store(target)
        assert len(mid.article_index()) == 40, f"killed after {after} re-extracted articles: articles were lost"
        mid.close()
    r = build([folder], target, nlp=nlp, retract=True)
    assert r.ok and not r.changes.retracted
    final = open_store(target)
    assert _graph(final) == reference
    final.close()


@pytest.mark.parametrize("backend", ["sqlite", "neo4j"])
def test_kill_9_while_url_keyed_articles_change_keeps_each_one_in_some_version(backend, request, tmp_path, nlp) -> None:
    """Articles keyed by URL whose text changed: a refresh killed midway leaves every article
    stored (old or new version, never neither), and the next refresh converges to the graph of
    an uninterrupted one."""
    folder = tmp_path / "feed"
    _url_keyed(folder, 24, 1)
    target = _target(backend, tmp_path, request, "g")
    clean = str(tmp_path / "clean.db")
    assert build([folder], target, nlp=nlp, retract=True).ok
    ids = set(open_store(target).article_index())
    _url_keyed(folder, 24, 2)
    assert build([folder], clean, nlp=nlp, retract=True).ok
    _kill_after(folder, target, 9, force=False)
    mid = open_store(target)
    assert set(mid.article_index()) == ids
    mid.close()
    r = build([folder], target, nlp=nlp, retract=True)
    assert r.ok and len(r.changes.updated) + r.skipped == 24 and not r.changes.added
    assert _graph(open_store(target)) == _graph(open_store(clean))


# -- an emptied source folder (an unmounted disk) --------------------------------------------------
def test_a_refresh_of_an_emptied_folder_retracts_nothing_and_fails(tmp_path, nlp) -> None:
    folder = tmp_path / "news"
    _many(folder, 6)
    store = tmp_path / "g.db"
    assert build([folder], store, nlp=nlp, retract=True).ok
    before = _graph(open_store(store))
    moved = tmp_path / "moved"
    folder.rename(moved)
    folder.mkdir()  # the mount point, without its disk
    r = build([folder], store, nlp=nlp, retract=True)
    assert not r.ok and not r.changes.retracted
    assert [f.source for f in r.failures] == [str(folder)]
    assert "refused to retract 6 of the 6 articles" in r.failures[0].error and "--max-retract" in r.failures[0].error
    assert _graph(open_store(store)) == before
    # Most files gone is refused too; a few are retracted as before; --max-retract 1 allows all.
    for f in sorted(moved.iterdir())[:2]:
        shutil.copy(f, folder / f.name)
    r = build([folder], store, nlp=nlp, retract=True)
    assert not r.ok and not r.changes.retracted
    for f in sorted(moved.iterdir())[2:5]:
        shutil.copy(f, folder / f.name)
    r = build([folder], store, nlp=nlp, retract=True)
    assert r.ok and len(r.changes.retracted) == 1
    shutil.rmtree(folder)
    folder.mkdir()
    res = CliRunner().invoke(app, ["refresh", str(folder), "--store", str(store), "-q", "--report-dir", str(tmp_path / "r")])
    assert res.exit_code == 1 and "refused to retract" in _said(res)
    res = CliRunner().invoke(app, ["refresh", str(folder), "--store", str(store), "-q", "--max-retract", "1",
                                   "--report-dir", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert open_store(store).article_index() == {}


# -- disks that cannot be written ---------------------------------------------------------------------
def _tmpfs(path: Path, options: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the full and read-only disk cases, which mount a small tmpfs as root")
        pytest.skip("mounting a small tmpfs (a full or read-only disk) needs root")
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the full and read-only disk cases, but mounting a tmpfs failed: {done.stderr.strip()}")
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    _tmpfs(disk, "size=2m")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("name", ["g.db", "g.json"])
def test_a_full_disk_is_a_clear_error_and_the_stored_graph_stays(small_disk, name, nlp) -> None:
    store = small_disk / name
    assert build([EXAMPLES / "india_japan_lunar_rover.txt"], store, nlp=nlp).ok
    before = _graph(open_store(store))
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as f:  # the rest of the disk
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    try:
        r = build([EXAMPLES], store, nlp=nlp)
        assert not r.ok and all("disk is full" in f.error or "No space left" in f.error for f in r.failures), r.failures
    except StoreError as e:  # the graph file is written at the end: the whole run fails
        assert "No space left on device" in str(e) and "unchanged" in str(e)
    filler.unlink()
    assert _graph(open_store(store)) == before
    assert not list(small_disk.glob(f".{name}.*.tmp")) and not (small_disk / f"{name}.lock").exists()


def test_a_read_only_location_is_a_clear_error(tmp_path, nlp) -> None:
    ro = tmp_path / "ro"
    _tmpfs(ro, "ro,size=64k")
    try:
        res = CliRunner().invoke(app, ["build", str(EXAMPLES / "india_japan_lunar_rover.txt"), "--store", str(ro / "g.db"), "-q"])
        assert res.exit_code == 2 and "Read-only file system" in _said(res), res.output
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=False)


# -- files that are not graphbuild stores -----------------------------------------------------------
def _foreign_sqlite(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
    con.execute("INSERT INTO invoices VALUES (1, 9.5)")
    con.commit()
    con.close()


@pytest.mark.parametrize("make", ["sqlite", "json", "junk", "truncated"])
def test_a_file_that_is_not_a_graphbuild_store_is_refused_and_left_as_it_is(make, tmp_path, nlp) -> None:
    store = tmp_path / ("g.json" if make == "json" else "g.db")
    if make == "sqlite":
        _foreign_sqlite(store)
    elif make == "json":
        store.write_text('{"invoices": [1, 2]}', encoding="utf-8")
    elif make == "junk":
        store.write_bytes(os.urandom(5000))
    else:  # a graph file cut short by a copy
        assert build([EXAMPLES / "india_japan_lunar_rover.txt"], tmp_path / "whole.json", nlp=nlp).ok
        data = (tmp_path / "whole.json").read_bytes()
        store = tmp_path / "g.json"
        store.write_bytes(data[: len(data) // 2])
    before = store.read_bytes()
    res = CliRunner().invoke(app, ["build", str(EXAMPLES / "india_japan_lunar_rover.txt"), "--store", str(store), "-q"])
    assert res.exit_code == 2 and "not a graphbuild" in _said(res) and "left as it is" in _said(res), res.output
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(store.name)) == [store.name]  # no -wal, no lock


# -- the Neo4j writer lock of a crashed host ----------------------------------------------------------
def test_a_neo4j_lock_left_by_a_crashed_host_is_taken_over_after_its_ttl_or_unlocked(neo4j_store) -> None:
    from graphbuild.model import StoreLocked
    from graphbuild.store.neo4j import Neo4jStore

    gone = {"token": "t-gone", "host": "container-3f9a", "pid": 7, "since": time.time() - 3600}
    assert neo4j_store._try_lock(gone) is None  # a crashed container's lock (another host: no pid to check)
    other = Neo4jStore(neo4j_store.uri, lock_ttl=2.0)
    try:
        with pytest.raises(StoreLocked, match="container-3f9a.*graphbuild unlock"), other.lock(wait=0):
            pass
        time.sleep(2.5)  # no heartbeat for longer than the ttl: taken over
        with other.lock(wait=0):
            pass
        # A live holder's heartbeat keeps its lock however long the run takes.
        with other.lock():
            time.sleep(1.0)
            third = Neo4jStore(neo4j_store.uri, lock_ttl=0.5)
            try:
                time.sleep(0.6)
                with pytest.raises(StoreLocked), third.lock(wait=0):
                    pass
            finally:
                third.close()
        # `graphbuild unlock` removes a lock at once, and says whose it was.
        assert neo4j_store._try_lock(gone) is None
        res = CliRunner().invoke(app, ["unlock", "--store", neo4j_store.uri])
        assert res.exit_code == 0 and "container-3f9a" in _said(res), res.output
        with other.lock(wait=0):
            pass
        res = CliRunner().invoke(app, ["unlock", "--store", neo4j_store.uri])
        assert res.exit_code == 0 and "not locked" in _said(res)
    finally:
        other.close()


def test_credentials_in_a_store_uri_are_refused_without_echoing_them(tmp_path) -> None:
    res = CliRunner().invoke(app, ["query", "stats", "--store", "bolt://neo4j:s3cr3t-pw@127.0.0.1:1"])
    assert res.exit_code == 2 and "NEO4J_PASSWORD" in _said(res)
    assert "s3cr3t-pw" not in res.output
    res = CliRunner().invoke(app, ["query", "stats", "--store", "bolt://127.0.0.1:1"], env={"NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "s3cr3t-pw"})
    assert res.exit_code == 2 and "s3cr3t-pw" not in res.output


# -- failed runs leave nothing behind --------------------------------------------------------------
@pytest.mark.parametrize("name", ["g.db", "g.json"])
def test_a_run_whose_inputs_all_fail_writes_no_store_and_no_lock(name, tmp_path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(tmp_path / "empty.txt"), "--store", str(tmp_path / name), "-q"])
    assert res.exit_code == 1 and "empty input" in _said(res)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_a_mistyped_store_folder_is_an_error_and_creates_no_folder(tmp_path) -> None:
    res = CliRunner().invoke(app, ["build", str(EXAMPLES / "india_japan_lunar_rover.txt"), "--store", str(tmp_path / "nope" / "sub" / "g.db"), "-q"])
    assert res.exit_code == 2 and "does not exist" in _said(res)
    assert not (tmp_path / "nope").exists()


def test_wrong_neo4j_credentials_are_one_error_that_never_shows_the_password(neo4j_server_module) -> None:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("starts its own server with auth on; NEO4J_URI is set")
    server = neo4j_server_module.start(auth=True)
    try:
        res = CliRunner().invoke(app, ["query", "stats", "--store", server.uri],
                                 env={"NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "s3cr3t-wrong-pw"})
        assert res.exit_code == 2 and "refused the credentials" in _said(res), res.output
        assert "s3cr3t-wrong-pw" not in res.output
    finally:
        server.stop()


def test_a_folder_as_the_store_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "g.db").mkdir()
    res = CliRunner().invoke(app, ["query", "stats", "--store", str(tmp_path / "g.db")])
    assert res.exit_code == 2 and "Is a directory" in _said(res), res.output
