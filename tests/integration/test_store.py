"""Graph rows and the NetworkX store: deterministic rows, idempotent merge, provenance,
all-or-nothing writes, atomic persistence, deletion."""

from __future__ import annotations

import json
import os

import pytest

from graphbuild.graph import to_rows
from graphbuild.model import (
    Article,
    EdgeRow,
    Entity,
    Extraction,
    GraphRows,
    NodeRow,
    Relation,
    Statement,
    StoreError,
    entity_key,
    statement_id,
)
from graphbuild.store import NetworkXStore, open_store


def _article(aid: str, text: str = "Text.") -> Article:
    return Article(id=aid, source=f"{aid}.txt", title=aid, text=text, content_hash=aid * 2, outlet="Wire")


def _extraction(aid: str, quote: str = "It is done", speaker: str = "Ana Ruiz") -> Extraction:
    a = _article(aid, f"{quote}, {speaker} said. Chile agreed.")
    sk = entity_key("Person", speaker)
    ck = entity_key("Country", "Chile")
    st = Statement(
        id=statement_id(aid, 0, len(quote)), article=aid, kind="indirect", cue="said", text=quote, content=[(0, len(quote))],
        speaker=sk, speaker_name=speaker, speaker_mention=speaker, evidence=a.text, evidence_span=(0, len(a.text)),
        confidence=0.8, mentions=[ck],
    )
    return Extraction(
        article=a,
        entities=[Entity(key=sk, label="Person", name=speaker, aliases=["Ruiz"], count=1),
                  Entity(key=ck, label="Country", name="Chile", aliases=["Chilean"], count=2)],
        statements=[st],
        relations=[Relation(type="HOLDS_ROLE", source=sk, target=ck, title="Finance Minister", article=aid, span=(0, 5), evidence="x")],
        extractor="test",
    )


def test_rows_are_deterministic_and_checked() -> None:
    x = _extraction("art_a")
    assert to_rows(x).model_dump() == to_rows(x).model_dump()
    labels = {n.label for n in to_rows(x).nodes}
    assert labels == {"Article", "Outlet", "Person", "Country", "Quote"}
    types = {e.type for e in to_rows(x).edges}
    assert types == {"PUBLISHED_BY", "MENTIONS", "IN", "SAID", "HOLDS_ROLE"}


def test_unknown_label_or_dangling_edge_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown node label"):
        GraphRows(article="a", nodes=[NodeRow(key="x", label="Person) DETACH DELETE n //")]).check()
    with pytest.raises(ValueError, match="not in the rows"):
        GraphRows(article="a", nodes=[NodeRow(key="x", label="Person")], edges=[EdgeRow(src="x", type="SAID", dst="y")]).check()
    # A shared node (an entity, an outlet) needs an edge from its article: Neo4j reads its provenance there.
    article = NodeRow(key="a", label="Article")
    with pytest.raises(ValueError, match="no edge from its article"):
        GraphRows(article="a", nodes=[article, NodeRow(key="x", label="Person")]).check()
    GraphRows(article="a", nodes=[article, NodeRow(key="x", label="Person")], edges=[EdgeRow(src="a", type="MENTIONS", dst="x")]).check()


def snapshot(store) -> tuple[list, list]:
    """Everything in a store, order-normalised, for comparing backends and runs."""
    nodes = sorted((sorted(n.items()) for n in store.nodes()), key=repr)
    edges = sorted((sorted(e.items()) for e in store.edges()), key=repr)
    return nodes, edges


def test_upsert_twice_changes_nothing(any_store) -> None:
    rows = to_rows(_extraction("art_a"))
    any_store.upsert(rows)
    first = snapshot(any_store)
    any_store.upsert(rows)
    any_store.write([rows, rows])
    assert snapshot(any_store) == first


def test_an_article_twice_in_one_batch_is_stored_once(any_store, tmp_path) -> None:
    rows = to_rows(_extraction("art_a"))
    any_store.write([rows, to_rows(_extraction("art_b")), rows])
    once = NetworkXStore(tmp_path / "once.json")
    once.upsert(rows)
    once.upsert(to_rows(_extraction("art_b")))
    assert snapshot(any_store) == snapshot(once)


def test_same_entity_in_two_articles_is_one_node_with_both_provenances(any_store) -> None:
    s = any_store
    s.upsert(to_rows(_extraction("art_a")))
    s.upsert(to_rows(_extraction("art_b", quote="It is not done")))
    person = s.node("Person:ana ruiz")
    assert person is not None and person["articles"] == ["art_a", "art_b"]
    assert len(list(s.nodes("Person"))) == 1 and len(list(s.nodes("Quote"))) == 2
    role = next(s.edges("HOLDS_ROLE", src="Person:ana ruiz"))
    assert role["articles"] == ["art_a", "art_b"] and role["title"] == "Finance Minister"
    index = s.article_index()
    assert {k: (v.content_hash, v.extractor, v.source) for k, v in index.items()} == {
        "art_a": ("art_aart_a", "test", "art_a.txt"), "art_b": ("art_bart_b", "test", "art_b.txt")}


def test_delete_article_removes_its_contributions_and_orphans(any_store) -> None:
    s = any_store
    s.upsert(to_rows(_extraction("art_a")))
    only_a = snapshot(s)
    s.upsert(to_rows(_extraction("art_b", quote="Other words", speaker="Paulo Lima")))
    assert s.delete_article("art_b")
    assert s.node("art_b") is None and s.node("Person:paulo lima") is None
    assert s.node("Person:ana ruiz") is not None
    assert s.node("Country:chile")["articles"] == ["art_a"]
    assert {q["article"] for q in s.nodes("Quote")} == {"art_a"}
    assert snapshot(s) == only_a
    assert not s.delete_article("art_b")


def test_bad_rows_write_nothing(any_store) -> None:
    s = any_store
    s.upsert(to_rows(_extraction("art_a")))
    before = snapshot(s)
    bad = to_rows(_extraction("art_b"))
    bad.edges.append(EdgeRow(src="art_b", type="MENTIONS", dst="Person:nobody"))
    with pytest.raises(StoreError):
        s.upsert(bad)
    with pytest.raises(StoreError):
        s.write([to_rows(_extraction("art_c")), bad])
    assert snapshot(s) == before and s.node("art_b") is None and s.node("art_c") is None


def test_label_conflict_writes_nothing(any_store) -> None:
    s = any_store
    s.upsert(to_rows(_extraction("art_a")))
    before = snapshot(s)
    rows = to_rows(_extraction("art_b"))
    rows.nodes.append(NodeRow(key="Country:chile", label="Person"))
    with pytest.raises(StoreError, match="exists with label"):
        s.upsert(rows)
    assert snapshot(s) == before


@pytest.mark.parametrize(
    "nasty",
    [
        "O'Brien \"the `boss`\" }) // MATCH (n) DETACH DELETE n;\n\u2603",
        "'); DROP TABLE x; --",
        "{\"json\": [1, 2]} \\ $param ${x}",
        "`Person` :Label {key: 'x'}) RETURN 1 //",
        "\u200b\U0001f600 ünïcödé ‘’ “”",
    ],
)
def test_metacharacters_round_trip(any_store, nasty) -> None:
    any_store.upsert(to_rows(_extraction("art_a", quote=nasty, speaker=f"Ana {nasty} Ruiz")))
    (q,) = list(any_store.nodes("Quote"))
    assert q["text"] == nasty
    (p,) = list(any_store.nodes("Person"))
    assert p["name"] == f"Ana {nasty} Ruiz"
    assert len(list(any_store.nodes())) == len(to_rows(_extraction("art_a", quote=nasty, speaker=f"Ana {nasty} Ruiz")).nodes)


def test_file_is_node_link_json_and_reloads(tmp_path) -> None:
    p = tmp_path / "g.json"
    with open_store(p) as s:
        s.upsert(to_rows(_extraction("art_a")))
    data = json.loads(p.read_text(encoding="utf-8"))
    assert "edges" in data and "nodes" in data and data["graph"]["graphbuild"]["format"]
    again = NetworkXStore(p)
    assert again.node("Person:ana ruiz")["aliases"] == ["Ruiz"]
    assert again.article_index()["art_a"].content_hash == "art_aart_a"


def test_write_is_atomic_when_replacing_fails(tmp_path, monkeypatch) -> None:
    p = tmp_path / "g.json"
    s = NetworkXStore(p)
    s.upsert(to_rows(_extraction("art_a")))
    s.flush()
    good = p.read_bytes()
    s.upsert(to_rows(_extraction("art_b")))

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StoreError, match="disk full; the previous version of the file is unchanged"):
        s.flush()
    assert p.read_bytes() == good
    assert [f for f in os.listdir(tmp_path) if f != "g.json"] == []


def test_corrupt_graph_file_is_a_clear_error(tmp_path) -> None:
    p = tmp_path / "g.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a graphbuild graph .* left as it is"):
        NetworkXStore(p)


def test_unknown_store_scheme(tmp_path) -> None:
    with pytest.raises(StoreError, match="scheme"):
        open_store("ftp://x/y")


def test_a_graph_from_before_name_indexes_is_found_by_name_after_a_copy(any_store, tmp_path) -> None:
    """Entity nodes written by graphbuild 0.1 have no `norms`: names still find them, also after
    a copy into Neo4j."""
    from graphbuild import query as q
    from graphbuild.export import copy_store

    old = NetworkXStore(tmp_path / "old.json")
    old.upsert(to_rows(_extraction("art_a")))
    for _, d in old.g.nodes(data=True):
        d.pop("norms", None)
    assert q.find_entity(old, "Ruiz").key == "Person:ana ruiz"
    copy_store(old, any_store)
    assert q.find_entity(any_store, "Ruiz").key == "Person:ana ruiz"
    assert [r.speaker.name for r in q.quotes(any_store, speaker="Ana") if r.speaker] == ["Ana Ruiz"]
