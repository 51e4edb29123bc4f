"""Query API over a graph built from examples/ (same functions serve every backend)."""

from __future__ import annotations

import pytest

from graphbuild import query as q
from graphbuild.model import QueryError
from graphbuild.store import open_store

from ..conftest import EXAMPLES, SEED

pytestmark = pytest.mark.model


@pytest.fixture(scope="module", params=["sqlite", "networkx", "neo4j"])
def store(request, examples_graph, nlp, tmp_path_factory):
    """The examples graph on each backend: the same queries must give the same answers."""
    from graphbuild.pipeline import build

    if request.param == "sqlite":
        yield open_store(examples_graph)
        return
    sources = [EXAMPLES] + ([SEED / "russia_china_space.txt"] if SEED.exists() else [])
    if request.param == "networkx":
        path = tmp_path_factory.mktemp("nx") / "examples.json"
        assert build(sources, path, nlp=nlp).ok
        yield open_store(path)
        return
    from graphbuild.store.neo4j import Neo4jStore

    st = Neo4jStore(request.getfixturevalue("neo4j_uri"))
    st.clear()
    assert build(sources, st, nlp=nlp).ok
    yield st
    st.clear()
    st.close()


def test_quotes_by_speaker_surname_or_full_name(store) -> None:
    by_surname = q.quotes(store, speaker="Kannan")
    by_name = q.quotes(store, speaker="Sreedhar Kannan")
    assert by_surname == by_name and len(by_name) >= 3
    assert {(r.speaker.key, r.speaker.name) for r in by_name if r.speaker} == {("Person:sreedhar kannan", "Sreedhar Kannan")}
    assert q.quotes(store, speaker="Sreedhar") == by_name  # a given name finds the person too
    assert all(r.article_title and r.evidence for r in by_name)
    assert [(r.article, r.start) for r in by_name] == sorted((r.article, r.start) for r in by_name)


def test_quotes_about_an_entity(store) -> None:
    rows = q.quotes(store, about="Japan")
    assert rows and all("Country:japan" in {m.key for m in r.mentions} for r in rows)
    both = q.quotes(store, speaker="Hiroshi Tanabe", about="Japan")
    assert both and {r.speaker.name for r in both if r.speaker} == {"Hiroshi Tanabe"}


def test_quote_filters(store) -> None:
    direct = q.quotes(store, kind="direct")
    assert direct and {r.kind for r in direct} == {"direct"}
    since = q.quotes(store, since="2024-03-12")
    assert since and all((r.published or "") >= "2024-03-12" for r in since)
    assert len(q.quotes(store, limit=2)) == 2


def test_who_speaks_about(store) -> None:
    rows = q.speakers_about(store, "Japan")
    names = [r.speaker.name for r in rows]
    assert "Hiroshi Tanabe" in names or "Sreedhar Kannan" in names
    assert rows == sorted(rows, key=lambda r: (-r.statements, r.speaker.name))


def test_profile(store) -> None:
    p = q.profile(store, "Tanabe")
    assert p.label == "Person" and p.name == "Hiroshi Tanabe"
    assert "Tanabe" in p.aliases
    assert any(r.of.key == "Country:japan" for r in p.roles)
    assert p.statements_by >= 2 and p.mentions >= 2 and len(p.articles) == 1
    japan = q.profile(store, "Japanese")
    assert japan.key == "Country:japan" and any(h.person.name == "Hiroshi Tanabe" for h in japan.holders)


def test_program_owner_in_profile(store) -> None:
    p = q.profile(store, "Kenyan space program")
    assert p.label == "Program" and [r.name for r in p.run_by] == ["Kenya"]


def test_comentions(store) -> None:
    rows = q.comentions(store, "India")
    assert "Japan" in [r.entity.name for r in rows]


def test_stats_add_up(store) -> None:
    s = q.stats(store)
    assert s.nodes == sum(s.labels.values()) and s.edges == sum(s.types.values())
    assert s.labels["Article"] >= 5 and s.types["SAID"] > 0


def test_unknown_entity_is_a_query_error_with_suggestions(store) -> None:
    with pytest.raises(QueryError, match="no entity named") as e:
        q.quotes(store, speaker="Nobody Atall")
    assert "did you mean" not in str(e.value)
    with pytest.raises(QueryError, match="did you mean 'Sreedhar Kannan'"):
        q.profile(store, "Kanan")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "quoted"}, "kind must be one of direct, indirect, mixed"),
    ({"since": "yesterday"}, "since must be an ISO date"),
    ({"since": "2024-13-45"}, "since must be an ISO date"),
    ({"limit": -1}, "limit must be at least 1"),
    ({"limit": 0}, "limit must be at least 1"),
    ({"speaker": " "}, "speaker must be a name"),
])
def test_bad_query_values_are_rejected(store, kwargs, message) -> None:
    with pytest.raises(QueryError, match=message):
        q.quotes(store, **kwargs)
