"""The pipeline's bookkeeping without the model: a blank spaCy pipeline (no parser, so no
statements) drives build() through ingest, plan, writer and store in milliseconds."""

from __future__ import annotations

from graphbuild.graph import to_rows
from graphbuild.model import Article, Changes, EdgeRow, Extraction, Failure
from graphbuild.pipeline import Extracted, Skipped, Written, build
from graphbuild.pipeline.plan import Plan
from graphbuild.pipeline.writer import Pending, Writer
from graphbuild.store import ArticleState, NetworkXStore

from .conftest import news_folder


def test_only_missing_inputs_touch_nothing(tmp_path, blank) -> None:
    store = tmp_path / "g.json"
    report = build([tmp_path / "nope", tmp_path / "nada.txt"], store, nlp=blank)
    assert [(f.source.rsplit("/", 1)[-1], f.error) for f in report.failures] == [("nope", "no such file or folder"), ("nada.txt", "no such file or folder")]
    assert list(tmp_path.iterdir()) == []  # no graph file, no lock file, no folder


def test_events_and_an_unchanged_rebuild(tmp_path, blank) -> None:
    folder = news_folder(tmp_path, **{"a.txt": "Title A\n\nBody one.", "b.txt": "Title B\n\nBody two.", "c.txt": ""})
    store = tmp_path / "g.json"
    events: list = []
    first = build([folder], store, nlp=blank, progress=events.append)
    assert (first.articles, first.skipped, len(first.failures)) == (2, 0, 1)
    assert sorted(type(e).__name__ for e in events) == ["Extracted", "Extracted", "Failure", "Written", "Written"]
    assert all(e.source.endswith(("a.txt", "b.txt")) for e in events if isinstance(e, Extracted | Written))
    events.clear()
    again = build([folder], store, nlp=blank, progress=events.append)
    assert (again.articles, again.skipped, again.changes.empty) == (0, 2, True)
    assert [type(e).__name__ for e in events if not isinstance(e, Failure)] == ["Skipped", "Skipped"]
    assert all(isinstance(e, Skipped) and not e.read for e in events if not isinstance(e, Failure))
    assert not (tmp_path / "g.json.lock").exists()


def test_a_changed_file_replaces_its_old_version_and_a_gone_one_is_retracted(tmp_path, blank) -> None:
    folder = news_folder(tmp_path, **{"a.txt": "Title A\n\nBody one.", "b.txt": "Title B\n\nBody two."})
    store = tmp_path / "g.json"
    first = build([folder], store, nlp=blank)
    old_a = next(c.id for c in first.changes.added if c.source.endswith("a.txt"))
    (folder / "a.txt").write_text("Title A\n\nBody one, revised.", encoding="utf-8")
    (folder / "b.txt").unlink()
    r = build([folder], store, nlp=blank, retract=True)
    assert [(c.source.rsplit("/", 1)[-1], c.old_id) for c in r.changes.updated] == [("a.txt", old_a)]
    assert [c.source.rsplit("/", 1)[-1] for c in r.changes.retracted] == ["b.txt"]
    assert [a.source.rsplit("/", 1)[-1] for a in NetworkXStore(store).article_index().values()] == ["a.txt"]


def test_plan_decisions() -> None:
    index = {"art_1": ArticleState("h1", "x", "news/a.txt", "f1"), "art_2": ArticleState("h2", "x", "news/b.txt"),
             "art_3": ArticleState("h3", "x", "other/c.txt")}
    plan = Plan(index, "x", ["news"], force=False)
    assert plan.skip_file("news/a.txt", "f1") == "art_1" and plan.skip_file("news/a.txt", "f2") is None
    new_b = Article(id="art_9", source="news/b.txt", title="B", text="B", content_hash="h9")
    assert plan.older_versions(new_b) == ["art_2"] and not plan.unchanged(new_b)
    same = Article(id="art_2", source="news/b.txt", title="B", text="B", content_hash="h2")
    assert plan.unchanged(same) and plan.older_versions(same) == ["art_2"]
    assert Plan(index, "y", ["news"], force=False).unchanged(same) is False  # another extractor
    assert Plan(index, "x", ["news"], force=True).skip_file("news/a.txt", "f1") is None


def test_the_writer_isolates_a_bad_article_and_writes_the_rest(tmp_path) -> None:
    store = NetworkXStore(tmp_path / "g.json")
    written: list[str] = []
    failed: list[Failure] = []
    w = Writer(store, Changes(), size=3, written=lambda p: written.append(p.extraction.article.id), failed=failed.append)
    for aid in ("art_1", "art_2", "art_3"):
        x = Extraction(article=Article(id=aid, source=f"{aid}.txt", title=aid, text=aid, content_hash=aid))
        rows = to_rows(x)
        if aid == "art_2":
            rows.edges.append(EdgeRow(src=aid, type="MENTIONS", dst="Person:nobody"))  # an edge to nowhere
        w.add(Pending(x, rows, [], False))
    w.flush()
    assert written == ["art_1", "art_3"]
    assert [(f.source, f.stage) for f in failed] == [("art_2.txt", "store")] and "not in the rows" in failed[0].error
    assert store.node("art_2") is None
