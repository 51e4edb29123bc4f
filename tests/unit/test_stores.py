"""The embedded store as a file, store URIs, and the queries on a small graph built from hand-made
records (no model): name lookups, filters, validation, suggestions."""

from __future__ import annotations

import json
import os
import stat
import threading
import time

import pytest

from graphbuild import query as q
from graphbuild.graph import to_rows
from graphbuild.model import (
    Article,
    Entity,
    Extraction,
    QueryError,
    Statement,
    StoreError,
    StoreLocked,
    entity_key,
    statement_id,
)
from graphbuild.store import NetworkXStore, StoreURI, open_store
from graphbuild.store.names import NameQuery


def _article(aid: str, published: str) -> Extraction:
    """One article: `people` say one thing each about Chile."""
    people = {"art_1": ["Ana Ruiz", "Bill Clinton", "Hillary Clinton"], "art_2": ["Hillary Clinton", "Ana Ruiz"], "art_3": ["Ana Ruiz"]}[aid]
    text = " ".join(f"{p} spoke about Chile." for p in people)
    a = Article(id=aid, source=f"{aid}.txt", title=f"Title {aid}", text=text, content_hash=aid, published=published)
    chile = entity_key("Country", "Chile")
    ents = [Entity(key=entity_key("Person", p), label="Person", name=p, aliases=[p.split()[-1]], count=2 if "Hillary" in p else 1)
            for p in people] + [Entity(key=chile, label="Country", name="Chile", aliases=["Chilean"], count=len(people))]
    stmts = []
    for i, p in enumerate(people):
        start = text.index(p)
        stmts.append(Statement(
            id=statement_id(aid, start, start + 5), article=aid, kind="direct" if i % 2 else "indirect", cue="said",
            text=f"{p} about Chile", content=[(start, start + 5)], speaker=entity_key("Person", p), speaker_name=p,
            speaker_mention=p, evidence=text, evidence_span=(0, len(text)), confidence=0.9, mentions=[chile],
        ))
    return Extraction(article=a, entities=ents, statements=stmts, extractor="test")


@pytest.fixture(params=["g.db", "g.json"], ids=["sqlite", "networkx"])
def store(tmp_path, request):
    """The embedded stores: SQLite (the default) and the NetworkX file."""
    s = open_store(tmp_path / request.param)
    s.write([to_rows(_article("art_1", "2024-01-05")), to_rows(_article("art_2", "2024-03-01"))])
    yield s
    s.close()


# -- names -----------------------------------------------------------------------------------------
def test_name_ranks() -> None:
    forms = ["sreedhar kannan", "kannan"]
    assert NameQuery.of("Sreedhar Kannan’s").rank(forms) == 1
    assert NameQuery.of("Kannan").rank(["sreedhar kannan"]) == 2
    assert NameQuery.of("Sreedhar").rank(forms) == 3
    assert NameQuery.of("Kann").rank(forms) is None and NameQuery.of("  ").needles is None


def test_a_name_finds_the_best_match_and_the_most_mentioned_among_equals(store) -> None:
    assert [e.name for e in q.find_entities(store, "Ruiz")] == ["Ana Ruiz"]  # an alias: exact
    assert [e.name for e in q.find_entities(store, "Clinton")] == ["Hillary Clinton", "Bill Clinton"]  # both aliases: most mentioned first
    assert q.find_entity(store, "Hillary").name == "Hillary Clinton"  # a given name
    assert q.find_entity(store, "Chilean").key == "Country:chile"
    assert q.find_entity(store, "Person:ana ruiz").name == "Ana Ruiz"  # a key
    with pytest.raises(QueryError, match=r"no entity named 'Hilary Clintn' in the graph; did you mean 'Hillary Clinton'"):
        q.find_entity(store, "Hilary Clintn")


def test_quotes_filters_and_order(store) -> None:
    rows = q.quotes(store, about="Chile")
    assert [(r.article, r.speaker.name if r.speaker else None) for r in rows] == [
        ("art_1", "Ana Ruiz"), ("art_1", "Bill Clinton"), ("art_1", "Hillary Clinton"), ("art_2", "Hillary Clinton"), ("art_2", "Ana Ruiz")]
    assert {r.kind for r in q.quotes(store, kind="direct")} == {"direct"}
    assert {r.article for r in q.quotes(store, since="2024-02")} == {"art_2"}
    assert len(q.quotes(store, speaker="Ana Ruiz", limit=1)) == 1
    (first,) = q.quotes(store, speaker="Ruiz", about="Chilean", limit=1)
    assert first.speaker.key == "Person:ana ruiz" and [m.key for m in first.mentions] == ["Country:chile"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "quoted"}, "kind must be one of direct, indirect, mixed, not 'quoted'"),
    ({"since": "yesterday"}, "since must be an ISO date"),
    ({"since": "2024-13-45"}, "since must be an ISO date"),
    ({"limit": 0}, "limit must be at least 1"),
    ({"limit": -1}, "limit must be at least 1"),
    ({"about": "Atlantis"}, "no entity named 'Atlantis'"),
])
def test_bad_values_are_one_line_errors(store, kwargs, message) -> None:
    with pytest.raises(QueryError, match=message):
        q.quotes(store, **kwargs)


def test_speakers_profile_comentions_stats(store) -> None:
    speakers = q.speakers_about(store, "Chile")
    assert [(s.speaker.name, s.statements, s.articles) for s in speakers] == [
        ("Ana Ruiz", 2, 2), ("Hillary Clinton", 2, 2), ("Bill Clinton", 1, 1)]
    p = q.profile(store, "Hillary")
    assert (p.name, p.statements_by, p.mentions, [a.id for a in p.articles]) == ("Hillary Clinton", 2, 4, ["art_1", "art_2"])
    co = q.comentions(store, "Bill Clinton")
    assert [(c.entity.name, c.articles) for c in co] == [("Ana Ruiz", 1), ("Chile", 1), ("Hillary Clinton", 1)]
    s = q.stats(store)
    assert s.labels == {"Article": 2, "Country": 1, "Person": 3, "Quote": 5} and s.edges == sum(s.types.values())


def test_the_read_indexes_follow_writes(store) -> None:
    assert q.find_entities(store, "Kannan") == []
    x = _article("art_1", "2024-01-05")
    x.entities[0] = x.entities[0].model_copy(update={"aliases": ["Ruiz", "Kannan"]})
    store.upsert(to_rows(x))
    assert q.find_entity(store, "Kannan").name == "Ana Ruiz"
    assert store.delete_article("art_1") and store.delete_article("art_2")
    assert q.stats(store).nodes == 0


# -- the graph file --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["g.db", "g.json"])
def test_nothing_is_written_until_something_changed(tmp_path, name) -> None:
    path = tmp_path / name
    with open_store(path) as s:
        assert s.reader.stats().nodes == 0 and not s.delete_article("art_1")
    assert not path.exists()


def test_a_missing_folder_is_an_error_not_a_new_tree(tmp_path) -> None:
    s = NetworkXStore(tmp_path / "no" / "such" / "g.json")
    s.upsert(to_rows(_article("art_1", "2024-01-05")))
    with pytest.raises(StoreError, match="folder .* does not exist"):
        s.flush()
    with pytest.raises(StoreError, match="does not exist"), s.lock():
        pass
    assert not (tmp_path / "no").exists()


def test_the_file_gets_the_umask_permissions_and_keeps_its_own(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "g.json"
        with open_store(path) as s:
            s.upsert(to_rows(_article("art_1", "2024-01-05")))
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o640)
        with open_store(path) as s:
            s.upsert(to_rows(_article("art_2", "2024-03-01")))
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert len(json.loads(path.read_text(encoding="utf-8"))["nodes"]) > 5
    finally:
        os.umask(old)


def test_the_writer_lock_is_exclusive_says_who_holds_it_and_leaves_nothing(tmp_path) -> None:
    a, b = NetworkXStore(tmp_path / "g.json"), NetworkXStore(tmp_path / "g.json")
    with a.lock(), pytest.raises(StoreLocked, match=rf"locked by another graphbuild .* pid={os.getpid()}"), b.lock(wait=0.2, poll=0.05):
        pass
    assert not (tmp_path / "g.json.lock").exists()
    released = threading.Event()

    def hold() -> None:
        with a.lock():
            released.wait(0.5)

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.1)
    with b.lock(wait=5, poll=0.05):  # waits for the holder, then gets it
        assert (tmp_path / "g.json.lock").exists()
    t.join()
    assert not (tmp_path / "g.json.lock").exists()


def test_store_uris_are_parsed_in_one_place(tmp_path) -> None:
    assert StoreURI.parse("bolt://h:7687").kind == "neo4j" and StoreURI.parse("neo4j+s://h").kind == "neo4j"
    assert StoreURI.parse(tmp_path / "g.json").reports_dir() == tmp_path / "g.json.reports"
    assert str(StoreURI.parse("bolt://h:7687").reports_dir()) == "graphbuild-reports"
    with pytest.raises(StoreError, match="unknown store URI scheme 'ftp'"):
        StoreURI.parse("ftp://x/y")
    with pytest.raises(QueryError, match="no graph at .*graphbuild build"):
        q.connect(tmp_path / "none.json")


def test_since_uses_the_statement_date_when_known_on_every_embedded_store(store) -> None:
    """A statement published before `since` but said after it is in the answer, first (its
    article's date orders it), also with a limit (SQLite answers it from two index ranges)."""
    x = _article("art_3", "2024-01-20")
    x.statements[0] = x.statements[0].model_copy(update={"said_on": "2024-04-02"})
    store.upsert(to_rows(x))
    rows = q.quotes(store, since="2024-03")
    assert [r.article for r in rows][:1] == ["art_3"] and {r.article for r in rows} == {"art_2", "art_3"}
    assert q.quotes(store, since="2024-03", limit=2) == rows[:2]
    assert [r.id for r in q.quotes(store, since="2024-03", until="2024-04")] == [r.id for r in rows if r.article == "art_2"]
    assert q.quotes(store, since="2024-03", kind="direct") == [r for r in rows if r.kind == "direct"]
