"""The slow tier: kill -9 of build and refresh at many random points, on the default store and
Neo4j; after every kill no article is missing, and the run after converges to the graph of an
uninterrupted run (docs/RELIABILITY.md)."""

from __future__ import annotations

import random

import pytest

from graphbuild.pipeline import build
from graphbuild.store import open_store

from ..integration.test_faults import _target
from ..integration.test_refresh import _graph, _kill_after, _many

KILLS = 12


@pytest.mark.parametrize("backend", ["sqlite", "neo4j"])
def test_many_kills_during_builds_and_forced_refreshes_converge(backend, request, tmp_path, nlp) -> None:
    folder = tmp_path / "news"
    _many(folder, 40)
    reference_path = tmp_path / "reference.db"
    assert build([folder], reference_path, nlp=nlp, retract=True).ok
    reference = _graph(open_store(reference_path))
    target = _target(backend, tmp_path, request, "g")
    rng = random.Random(1414)
    stored = 0
    for k in range(KILLS):
        force = stored == 40  # once all are in: forced re-extractions (each article replaced under its id)
        _kill_after(folder, target, rng.randrange(1, 37 if force else max(2, 40 - stored)), force=force)
        st = open_store(target)
        now = len(st.article_index())
        st.close()
        assert now >= stored, f"kill {k}: {stored - now} articles lost"
        stored = now
        if k % 4 == 3:  # now and then a run to the end, which must converge
            r = build([folder], target, nlp=nlp, retract=True)
            assert r.ok
            st = open_store(target)
            assert _graph(st) == reference, f"kill {k}: the graph did not converge"
            stored = len(st.article_index())
            st.close()
    r = build([folder], target, nlp=nlp, retract=True)
    st = open_store(target)
    assert r.ok and _graph(st) == reference
    st.close()
