"""CSV files for `neo4j-admin database import full` (a bulk load of a new Neo4j database).

The files hold what `Neo4jStore` writes: every node with its labels (`GBNode` and its own) and
its `label`, `key` and properties, `names` (the indexed name forms) for entities, `sort_date` for
statements, no `articles` list on a shared node (an entity's articles are the Article nodes with
an edge to it); every edge with its `key` and properties. Lists are typed arrays (`string[]`, `long[]`…). Files are written a
label (a type) at a time, reading the store twice (columns, then rows), so memory stays flat.
Two things the format cannot say: an empty list is no property at all (graphbuild reads both
the same way), and an array item holding the delimiter has it replaced (`,` for `;`).

Values are written exactly as stored, a leading `=`, `+`, `-` or `@` included: these files are for
neo4j-admin, not for spreadsheets, so formulas are not neutralised (a spreadsheet export would
prefix such a cell with `'`; there is none). Do not open them in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import EDGE_TYPES, NODE_LABELS
from ..store import GraphStore
from ..store.names import names_field
from ..store.neo4j.cypher import sort_date, stored_props
from .tables import ARRAY_DELIMITER

_SCALAR = {bool: "boolean", int: "long", float: "double"}


def _scalar(kinds: set[type]) -> str:
    """The column type of values of these Python types.

    >>> _scalar({int}), _scalar({int, float}), _scalar({str, int}), _scalar(set())
    ('long', 'double', 'string', 'string')
    """
    if len(kinds) == 1 and (t := _SCALAR.get(next(iter(kinds)))):
        return t
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def _line(fields: Iterable[str | None]) -> str:
    """One CSV line: a missing value is an empty field, an empty string is `""` (neo4j-admin
    reads the first as no property, the second as ''), a value with a comma, quote or line break
    is quoted."""
    out = []
    for f in fields:
        if f is None:
            out.append("")
        elif f == "" or any(c in f for c in ',"\n\r') or f != f.strip():
            out.append('"' + f.replace('"', '""') + '"')
        else:
            out.append(f)
    return ",".join(out) + "\n"


def _node_props(n: dict[str, Any]) -> dict[str, Any]:
    """A node's columns as graphbuild's Neo4j store holds them: a shared node has no `articles`
    list (its articles are the Article nodes with an edge to it) and an entity its indexed `names`."""
    p = stored_props(str(n.get("label")), {k: v for k, v in n.items() if k != "key"})
    if isinstance(n.get("norms"), list) and "names" not in p:
        p["names"] = names_field(n["norms"])
    if n.get("label") == "Quote":
        p["sort_date"] = sort_date(n.get("published"))
    return p


def _columns(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each property's column type over all rows (one pass): `long`, `double`, `boolean`,
    `string`, or an array of one of them.

    >>> _columns([{"a": 1, "b": ["x"]}, {"a": 2.5, "b": [], "c": None}])
    {'a': 'double', 'b': 'string[]', 'c': 'string'}
    """
    kinds: dict[str, set[type]] = {}
    items: dict[str, set[type]] = {}
    for r in rows:
        for k, v in r.items():
            kinds.setdefault(k, set())
            if v is None:
                continue
            kinds[k].add(list if isinstance(v, list | tuple) else type(v))
            if isinstance(v, list | tuple):
                items.setdefault(k, set()).update(type(x) for x in v if x is not None)
    return {k: (_scalar(items.get(k, set())) + "[]" if ks == {list} else _scalar(ks)) for k, ks in sorted(kinds.items())}


def delimiter_flag(delimiter: str) -> str:
    """neo4j-admin's `--array-delimiter` value for a delimiter.

    >>> delimiter_flag(";"), delimiter_flag("\\x1f")
    (';', 'U+001F')
    """
    return delimiter if delimiter.isprintable() else f"U+{ord(delimiter):04X}"


def write_neo4j_csv(store: GraphStore, folder: str | Path, *, base_label: str = "GBNode",
                    delimiter: str = ARRAY_DELIMITER) -> list[Path]:
    """CSV files for `neo4j-admin database import full`: one node file per label (`key:ID`,
    typed property columns, `:LABEL`) and one relationship file per type (`:START_ID`,
    typed columns, `:END_ID`, `:TYPE`), plus `import.sh` with the command. Arrays are joined
    with `delimiter` (`--array-delimiter`; `;` by default, a control character such as `\\x1f`
    never clashes with text).

    >>> # write_neo4j_csv(open_store("graph.db"), "neo4j-import/")   # then: sh neo4j-import/import.sh
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    args: list[str] = []
    for label in sorted(NODE_LABELS):
        types = _columns(_node_props(n) for n in store.nodes(label))
        if not types:
            continue
        cols = [k for k in types if k != "label"]
        p = out / f"nodes_{label}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            f.write(_line(["key:ID", "label:string"] + [f"{k}:{types[k]}" for k in cols] + [":LABEL"]))
            for n in store.nodes(label):
                props = _node_props(n)
                f.write(_line([n["key"], label] + [_value(props.get(k), types[k], delimiter) for k in cols]
                              + [f"{base_label}{delimiter}{label}"]))
        files.append(p)
        args.append(f"--nodes={p.name}")
    for typ in sorted(EDGE_TYPES):
        types = _columns({k: v for k, v in e.items() if k not in {"src", "dst", "type"}} for e in store.edges(typ))
        if not types:
            continue
        p = out / f"rels_{typ}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            f.write(_line([":START_ID"] + [f"{k}:{t}" for k, t in types.items()] + [":END_ID", ":TYPE"]))
            for e in store.edges(typ):
                f.write(_line([e["src"]] + [_value(e.get(k), t, delimiter) for k, t in types.items()] + [e["dst"], typ]))
        files.append(p)
        args.append(f"--relationships={p.name}")
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into an empty (stopped) database; graphbuild creates its constraint and indexes on first connect:\n"
        "#   CREATE CONSTRAINT graphbuild_key IF NOT EXISTS FOR (n:GBNode) REQUIRE n.key IS UNIQUE\n"
        'cd "$(dirname "$0")"\n'
        "neo4j-admin database import full ${1:-neo4j} "
        f"--array-delimiter='{delimiter_flag(delimiter)}' --multiline-fields=true --overwrite-destination=true --bad-tolerance=0 \\\n  "
        + " \\\n  ".join(args) + "\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    files.append(script)
    return files


def _value(v: Any, typ: str, delimiter: str) -> str | None:
    """A property value as a CSV field of its column type (None: no property)."""
    if v is None:
        return None
    if typ.endswith("[]"):
        if not isinstance(v, list | tuple) or not v:
            return None
        clean = "," if delimiter == ";" else " "
        return delimiter.join((_value(x, typ[:-2], delimiter) or "").replace(delimiter, clean) for x in v)
    if typ == "boolean":
        return "true" if v else "false"
    return str(v)
