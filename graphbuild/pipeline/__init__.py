"""Pipeline: the stages wired together — ingest -> extract -> curate -> rows -> store.

- `build` / `refresh`: a run over sources into a store, with its report (`build.py`);
- `plan`: what the store holds and what to skip, replace or retract;
- `writer`: batched, all-or-nothing writes and the change bookkeeping;
- `events`: what a run reports as it goes (for progress bars);
- `tools`: records without a store (`extract_sources`), input counts, the model, report folders;
- `engine`: distributed extraction on Ray Data into Parquet shards (`extract_to_shards`);
  `shards`: the shard folder, and `load_shards` into a store (optional extra `graphbuild[ray]`).

>>> # from graphbuild.pipeline import build
>>> # build(["examples"], "graph.db").ok
"""

from .build import build, refresh, run_extractor, unlock
from .engine import extract_to_shards
from .events import Event, Extracted, Progress, Skipped, Written
from .shards import load_shards, read_manifest
from .tools import (
           DEFAULT_MODEL,
           DEFAULT_STORE,
           Fetcher,
           count_inputs,
           extract_sources,
           load_nlp,
           reports_dir,
)

__all__ = ["DEFAULT_MODEL", "DEFAULT_STORE", "Event", "Extracted", "Fetcher", "Progress", "Skipped", "Written", "build", "count_inputs", "extract_sources",
           "extract_to_shards", "load_nlp", "load_shards", "read_manifest", "refresh", "reports_dir", "run_extractor", "unlock"]
