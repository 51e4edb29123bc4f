"""What a newcomer tries first: every command and the Python snippet of the README's tour work on
the graph `make demo` builds, run as the installed console script in a folder of their own."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXE = Path(sys.executable).with_name("graphbuild")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def _commands() -> list[str]:
    cmds = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line.startswith("graphbuild "):
                cmds.append(line)
    return cmds


def _make(target: str) -> list[str]:
    """The commands of a Makefile target (the `$(BIN)/` prefix dropped)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    body = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.M)
    assert body, target
    return [line.strip().replace("$(BIN)/", "") for line in body.group(1).splitlines() if "graphbuild " in line]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A folder where `make demo` ran: examples/ and the graph.db it builds."""
    home = tmp_path_factory.mktemp("newcomer")
    shutil.copytree(EXAMPLES, home / "examples")
    for cmd in _make("demo"):
        r = subprocess.run([str(EXE), *shlex.split(cmd)[1:]], cwd=home, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, (cmd, r.stdout[-2000:], r.stderr[-2000:])
    assert (home / "graph.db").exists()
    return home


def test_the_readme_has_the_two_quick_start_commands_and_a_tour() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make (\w+)", quick, re.M) == ["demo", "test"]
    assert len(_commands()) >= 8 and len(README.splitlines()) <= 200


@pytest.mark.parametrize("cmd", _commands())
def test_every_readme_command_works_on_the_demo_graph(cmd, demo) -> None:
    r = subprocess.run([str(EXE), *shlex.split(cmd)[1:]], cwd=demo, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, (r.stdout[-2000:], r.stderr[-2000:])
    assert r.stdout.strip() or (demo / "kannan.html").exists()
    assert "Traceback" not in r.stderr and "WARNING" not in r.stderr
    if "--json" in cmd:
        assert json.loads(r.stdout)


def test_the_readme_python_snippet_works(demo, monkeypatch, capsys) -> None:
    (snippet,) = _blocks("python")
    monkeypatch.chdir(demo)
    exec(compile(snippet, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Sreedhar Kannan" in out
