"""The layout rules of docs/ARCHITECTURE.md, checked on the source: which stage may import which,
module sizes, and that nothing reaches past the store port."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "graphbuild"

# stage -> the stages it may import (besides itself). `model` imports nothing of graphbuild.
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "ingest": {"model"},
    "extract": {"model"},
    "curate": {"model"},
    "graph": {"model"},
    "resolve": {"model"},
    "store": {"model"},
    "query": {"store", "model"},
    "export": {"query", "store", "model"},
    "pipeline": {"ingest", "extract", "curate", "graph", "resolve", "store", "model"},
    "eval": {"ingest", "extract", "resolve", "model"},
    "cli": {"pipeline", "query", "export", "eval", "model"},
}
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem not in {"__init__", "__main__"})


def _stage(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported_stages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1  # folders below graphbuild/
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] == "graphbuild" and len(parts) > 1:
                    out.add(parts[1])
            elif node.level > depth:  # relative import that leaves the stage
                target = (node.module or "").split(".")[0]
                out.update([target] if target else [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("graphbuild."))
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_imports_only_the_stages_before_it(path) -> None:
    stage = _stage(path)
    assert stage in ALLOWED, f"{stage} is not a known stage: add it to docs/ARCHITECTURE.md and ALLOWED"
    wrong = _imported_stages(path) - ALLOWED[stage] - {stage}
    assert not wrong, f"{path.relative_to(PACKAGE)} ({stage}) imports {sorted(wrong)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_nothing_reaches_past_the_store_port() -> None:
    """No duck typing or silenced type errors where stores are used."""
    for path in _modules():
        if _stage(path) not in {"pipeline", "query", "export", "store", "cli"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert "type: ignore" not in text, path
        if _stage(path) != "cli":
            assert "hasattr(" not in text and "getattr(" not in text, path


def test_the_model_imports_nothing_but_pydantic() -> None:
    for path in (PACKAGE / "model").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                level = node.level if isinstance(node, ast.ImportFrom) else 0
                for n in names:
                    assert level == 1 or n.split(".")[0] in {"__future__", "pydantic", "typing", "hashlib", "re", "unicodedata",
                                                             "functools", "bisect", "json", "pathlib", "dataclasses"}, (path.name, n)


def test_the_import_reader_sees_relative_and_absolute_imports() -> None:
    assert _imported_stages(PACKAGE / "cli" / "build.py") == {"model", "pipeline"}
    assert _imported_stages(PACKAGE / "store" / "neo4j" / "store.py") == {"model"}
    assert "store" in _imported_stages(PACKAGE / "query.py")


def _module_graph() -> dict[str, set[str]]:
    """graphbuild module -> the graphbuild modules it imports (anywhere in the file)."""
    mods: dict[str, set[str]] = {}
    for p in PACKAGE.rglob("*.py"):
        parts = list(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        pkg = name if p.name == "__init__.py" else ".".join(parts[:-1])
        deps: set[str] = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + [node.module]) if node.module else ".".join(base)
                deps |= {target} | {f"{target}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names}
        mods[name] = deps
    # A package's own submodules (its __init__ re-exporting them) are not a cycle.
    return {m: {d for d in ds if d in mods and d != m and not d.startswith(m + ".")} for m, ds in mods.items()}


def test_no_import_cycles() -> None:
    graph = _module_graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(u: str) -> None:
        state[u] = 1
        stack.append(u)
        for v in sorted(graph[u]):
            if state.get(v) == 1:
                cycles.append(stack[stack.index(v):] + [v])
            elif v not in state:
                visit(v)
        stack.pop()
        state[u] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, [" -> ".join(c) for c in cycles]
