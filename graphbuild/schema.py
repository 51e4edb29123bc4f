"""JSON Schemas of the records, generated from the pydantic models into `schemas/`."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .graph import GraphRows
from .records import SCHEMA_MODELS

MODELS: dict[str, type[BaseModel]] = {**SCHEMA_MODELS, "graph_rows": GraphRows}


def schemas() -> dict[str, str]:
    """File name -> JSON text of every schema (stable formatting).

    >>> sorted(schemas())[0]
    'article.schema.json'
    """
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, model in MODELS.items()
    }


def write_schemas(folder: str | Path) -> list[Path]:
    """Write all schemas into `folder`; returns the paths written."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schemas().items():
        p = out / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def drift(folder: str | Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from the models."""
    out = Path(folder)
    return [name for name, text in schemas().items() if not (out / name).exists() or (out / name).read_text(encoding="utf-8") != text]
