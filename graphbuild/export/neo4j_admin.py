"""A first load of a new Neo4j database with `neo4j-admin database import full`: a graph store
(typically the SQLite staging store `load_shards` filled) -> CSV files -> the offline importer.

Much faster than transactions for a first load of millions of rows (no locks, no transaction
log, indexes built once), but only into a new or emptied database that is stopped: the command
runs on the Neo4j server's machine, with its `neo4j-admin`. graphbuild creates its constraint and
indexes when it first connects to the imported database. See docs/DISTRIBUTED.md for the
command sequence on a real server.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import StoreError
from ..store import GraphStore
from .neo4j_csv import delimiter_flag, write_neo4j_csv

IMPORT_DELIMITER = "\x1f"  # the unit separator: never in the text of a name, alias or article


@dataclass
class AdminImport:
    """What `neo4j-admin database import full` did: counts from its output, the bad rows of its
    report file (the import fails on the first one: `--bad-tolerance=0`), the time, the command."""

    nodes: int = 0
    relationships: int = 0
    properties: int = 0
    bad: int = 0
    seconds: float = 0.0
    csv_seconds: float = 0.0
    command: list[str] = field(default_factory=list)
    output: str = ""


def import_command(files: Sequence[Path], *, database: str = "neo4j", neo4j_admin: Sequence[str] = ("neo4j-admin",),
                   report_file: Path | None = None, delimiter: str = IMPORT_DELIMITER) -> list[str]:
    """The `neo4j-admin database import full` command for CSV files written by `write_neo4j_csv`.

    >>> import_command([Path("nodes_Person.csv"), Path("rels_SAID.csv")])[:5]
    ['neo4j-admin', 'database', 'import', 'full', 'neo4j']
    >>> import_command([Path("nodes_Person.csv"), Path("rels_SAID.csv")])[-2:]
    ['--nodes=nodes_Person.csv', '--relationships=rels_SAID.csv']
    """
    cmd = [*neo4j_admin, "database", "import", "full", database, f"--array-delimiter={delimiter_flag(delimiter)}",
           "--multiline-fields=true", "--overwrite-destination=true", "--bad-tolerance=0"]
    if report_file is not None:
        cmd.append(f"--report-file={report_file}")
    cmd += [f"--nodes={p}" for p in files if p.name.startswith("nodes_")]
    cmd += [f"--relationships={p}" for p in files if p.name.startswith("rels_")]
    return cmd


def _count(out: str, what: str) -> int:
    m = re.search(rf"^\s*(\d+) {what}\s*$", out, re.M)
    return int(m.group(1)) if m else 0


def neo4j_admin_import(store: GraphStore, folder: str | Path, *, database: str = "neo4j",
                       neo4j_admin: Sequence[str] = ("neo4j-admin",), env: Mapping[str, str] | None = None,
                       timeout: float | None = None) -> AdminImport:
    """Write the store as CSV files into `folder` and import them with `neo4j-admin database
    import full` into `database`, which must be new or stopped (it is overwritten). `neo4j_admin`
    is the command to run (its path, or e.g. `["java", …, "org.neo4j.cli.AdminTool"]`), `env`
    its environment (`NEO4J_HOME`, `NEO4J_CONF`). Raises StoreError when the import fails or
    reports a bad row, with the end of its output.

    >>> # load_shards("shards/", "staging.db")                      # SQLite: fast, merges provenance
    >>> # neo4j_admin_import(open_store("staging.db"), "import/", neo4j_admin=["/var/lib/neo4j/bin/neo4j-admin"])
    """
    out_dir = Path(folder)
    t0 = time.perf_counter()
    files = write_neo4j_csv(store, out_dir, delimiter=IMPORT_DELIMITER)
    csv_seconds = time.perf_counter() - t0
    report = out_dir / "import.report"
    cmd = import_command(files, database=database, neo4j_admin=neo4j_admin, report_file=report)
    t1 = time.perf_counter()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise StoreError(f"neo4j-admin could not run ({cmd[0]}): {e}") from e
    output = r.stdout + r.stderr
    bad = sum(1 for line in report.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()) if report.exists() else 0
    if r.returncode != 0 or "IMPORT DONE" not in output or bad:
        raise StoreError(f"neo4j-admin import failed (exit {r.returncode}, {bad} bad rows): {output[-1500:]}")
    return AdminImport(nodes=_count(output, "nodes"), relationships=_count(output, "relationships"),
                       properties=_count(output, "properties"), bad=bad, seconds=time.perf_counter() - t1,
                       csv_seconds=csv_seconds, command=cmd, output=output)
