"""Commands that only read never import spaCy (issue 13): `--version`, `--help`, every `query`
command and `export` run in a fresh interpreter on a small hand-made graph (no model), and after
each one neither spaCy, thinc nor graphbuild's extract package is loaded. The lazy API of
`import graphbuild` stays whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graphbuild.graph import to_rows
from graphbuild.model import Article, Entity, Extraction, Statement, entity_key, statement_id
from graphbuild.store import open_store

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "thinc", "graphbuild.extract")

# Each `query` command with arguments that find something in the graph below.
QUERIES: dict[str, list[str]] = {
    "quotes": ["--speaker", "Ruiz"],
    "speakers": ["Chile"],
    "profile": ["Ana Ruiz"],
    "comentions": ["Chile"],
    "claims": [],
    "republished": [],
    "stats": ["--json"],
}

# Runs the commands one after another in one fresh interpreter; after each, prints its exit code,
# its output and the heavy modules loaded so far (imports only accumulate: the first command that
# loads one is the one that imports it).
SCRIPT = """
import json, sys
from typer.testing import CliRunner
from graphbuild.cli import app

heavy, runner, report = {heavy!r}, CliRunner(), []
report.append({{"command": "import graphbuild.cli", "code": 0, "output": "", "heavy": [m for m in heavy if m in sys.modules]}})
for args in json.loads(sys.argv[1]):
    r = runner.invoke(app, args)
    report.append({{"command": " ".join(args), "code": r.exit_code, "output": r.output, "heavy": [m for m in heavy if m in sys.modules]}})
print(json.dumps(report))
"""


def _graph(path: Path) -> Path:
    """One article: Ana Ruiz says something about Chile."""
    text = "Ana Ruiz said Chile would sign the deal."
    a = Article(id="art_1", source="a.txt", title="Deal", text=text, content_hash="h1", published="2024-01-05")
    person, chile = entity_key("Person", "Ana Ruiz"), entity_key("Country", "Chile")
    st = Statement(id=statement_id("art_1", 14, 38), article="art_1", kind="indirect", cue="said", text=text[14:38], content=[(14, 38)],
                   speaker=person, speaker_name="Ana Ruiz", speaker_mention="Ana Ruiz", evidence=text, evidence_span=(0, len(text)),
                   confidence=0.9, mentions=[chile])
    ents = [Entity(key=person, label="Person", name="Ana Ruiz", aliases=["Ruiz"]), Entity(key=chile, label="Country", name="Chile")]
    store = open_store(path)
    try:
        store.write([to_rows(Extraction(article=a, entities=ents, statements=[st], extractor="test"))])
    finally:
        store.close()
    return path


def _python(code: str, *args: str) -> str:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_table_covers_every_query_command() -> None:
    from typer.main import get_command

    from graphbuild.cli.query import app

    assert set(get_command(app).commands) == set(QUERIES)  # type: ignore[attr-defined]


def test_commands_that_only_read_never_import_spacy(tmp_path) -> None:
    store = str(_graph(tmp_path / "g.json"))
    commands = [["--version"], ["--help"], ["query", "--help"], ["export", "--help"],
                *(["query", name, *args, "--store", store] for name, args in QUERIES.items()),
                ["export", "--format", "jsonl", "--out", str(tmp_path / "g.jsonl"), "--store", store],
                ["export", "--format", "graphml", "--out", str(tmp_path / "g.graphml"), "--store", store]]
    report = json.loads(_python(SCRIPT.format(heavy=HEAVY), json.dumps(commands)))
    assert [r["command"] for r in report[1:]] == [" ".join(c) for c in commands]
    for r in report:
        assert r["code"] == 0, (r["command"], r["output"])
        assert not r["heavy"], f"`{r['command']}` imports {r['heavy']}"
    out = {r["command"].split(" --store")[0]: r["output"] for r in report}
    assert out["--version"].startswith("graphbuild ")
    assert "Ana Ruiz" in out["query quotes --speaker Ruiz"] and "Ana Ruiz" in out["query profile Ana Ruiz"]
    assert json.loads(out["query stats --json"])["labels"]["Article"] == 1
    assert (tmp_path / "g.jsonl").stat().st_size and (tmp_path / "g.graphml").stat().st_size


def test_the_lazy_api_is_whole_and_gb_extract_stays_the_function() -> None:
    code = """
import sys
import graphbuild as gb
assert "spacy" not in sys.modules and "graphbuild.extract" not in sys.modules
import graphbuild.extract  # the subpackage of the same name as the function gb.extract
assert gb.extract is sys.modules["graphbuild.extract"].extract, gb.extract
missing = [n for n in gb.__all__ if not hasattr(gb, n)]
assert not missing, missing
assert all(callable(getattr(gb, n)) for n in ("build", "refresh", "extract", "quotes", "open_store", "to_rows", "load_file"))
assert set(gb.__all__) <= set(dir(gb))
try:
    gb.no_such_name
except AttributeError:
    pass
else:
    raise AssertionError("gb.no_such_name")
"""
    _python(code)


def test_the_query_and_export_layers_import_without_spacy() -> None:
    code = f"import sys, graphbuild.query, graphbuild.export; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    assert _python(code).strip() == "[]"


def test_reading_the_default_sqlite_store_never_imports_networkx_either(tmp_path) -> None:
    """The SQLite store answers from SQL: `--version`, `--help` and every query command load
    neither spaCy nor networkx (the in-memory graph is only for `.json` stores and exports)."""
    store = str(_graph(tmp_path / "g.db"))
    commands = [["--version"], ["--help"], *(["query", name, *args, "--store", store] for name, args in QUERIES.items())]
    report = json.loads(_python(SCRIPT.format(heavy=(*HEAVY, "networkx")), json.dumps(commands)))
    for r in report:
        assert r["code"] == 0, (r["command"], r["output"])
        assert not r["heavy"], f"`{r['command']}` imports {r['heavy']}"
