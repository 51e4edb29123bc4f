"""CSV files for `neo4j-admin database import full` (a bulk load of a new Neo4j database)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..store import GraphStore
from .tables import ARRAY_DELIMITER


def _csv_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "string"
    if kinds <= {list, tuple}:
        return "string[]"
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _csv_value(v: Any, typ: str) -> str:
    if v is None:
        return ""
    if typ == "string[]":
        return ARRAY_DELIMITER.join(str(x).replace(ARRAY_DELIMITER, ",") for x in v)
    if typ == "boolean":
        return "true" if v else "false"
    return str(v)


def write_neo4j_csv(store: GraphStore, folder: str | Path, *, base_label: str = "GBNode") -> list[Path]:
    """CSV files for `neo4j-admin database import full`: one node file per label (`key:ID`,
    typed property columns, `:LABEL`) and one relationship file per type (`:START_ID`,
    `:END_ID`, `:TYPE`), plus `import.sh` with the command. Arrays use ';'.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for n in store.nodes():
        by_label.setdefault(n["label"], []).append(n)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in store.edges():
        by_type.setdefault(e["type"], []).append(e)
    files: list[Path] = []
    args: list[str] = []
    for label, rows in sorted(by_label.items()):
        props = sorted({k for r in rows for k in r if k not in {"key", "label"}})
        types = {k: _csv_type(r.get(k) for r in rows) for k in props}
        p = out / f"nodes_{label}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["key:ID"] + [f"{k}:{types[k]}" for k in props] + [":LABEL"])
            for r in rows:
                w.writerow([r["key"]] + [_csv_value(r.get(k), types[k]) for k in props] + [f"{base_label};{label}"])
        files.append(p)
        args.append(f"--nodes={p.name}")
    for typ, rows in sorted(by_type.items()):
        props = sorted({k for r in rows for k in r if k not in {"src", "dst", "type"}})
        types = {k: _csv_type(r.get(k) for r in rows) for k in props}
        p = out / f"rels_{typ}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([":START_ID"] + [f"{k}:{types[k]}" for k in props] + [":END_ID", ":TYPE"])
            for r in rows:
                w.writerow([r["src"]] + [_csv_value(r.get(k), types[k]) for k in props] + [r["dst"], typ])
        files.append(p)
        args.append(f"--relationships={p.name}")
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into an empty (stopped) database; then create the constraint graphbuild uses:\n"
        "#   CREATE CONSTRAINT graphbuild_key IF NOT EXISTS FOR (n:GBNode) REQUIRE n.key IS UNIQUE\n"
        'cd "$(dirname "$0")"\n'
        "neo4j-admin database import full ${1:-neo4j} "
        f"--array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true --overwrite-destination=true \\\n  "
        + " \\\n  ".join(args) + "\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    files.append(script)
    return files
