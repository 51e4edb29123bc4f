"""JSON Schemas of the records and graph rows, generated from the pydantic models into `schemas/`.

>>> sorted(schemas())[0]
'article.schema.json'
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .records import Article, Entity, Extraction, Mention, Relation, Statement
from .report import RunReport
from .results import CoMention, Profile, QuoteResult, SpeakerCount, Stats
from .rows import GraphRows

MODELS: dict[str, type[BaseModel]] = {
    "article": Article,
    "entity": Entity,
    "mention": Mention,
    "statement": Statement,
    "relation": Relation,
    "extraction": Extraction,
    "run_report": RunReport,
    "graph_rows": GraphRows,
    # What `graphbuild query … --json` prints (one object, or a list of them).
    "quote_result": QuoteResult,
    "speaker_count": SpeakerCount,
    "profile": Profile,
    "co_mention": CoMention,
    "stats": Stats,
}


def schemas() -> dict[str, str]:
    """File name -> JSON text of every schema (stable formatting)."""
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
