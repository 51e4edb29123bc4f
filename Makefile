# Every target does its own setup: a venv in .venv with the package, the model and dev tools.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
PYTEST := $(BIN)/pytest --durations=10

.PHONY: demo test test-slow lint bench bench-query bench-scale bench-neo4j-load bench-neo4j-100k bench-refresh bench-engine eval-entities eval-claims eval-styles docs schema clean

$(STAMP): pyproject.toml
	@echo "== setting up $(VENV): graphbuild, the spaCy model en_core_web_sm 3.8.0, dev tools =="
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# setuptools warns about every editable install; there is nothing to act on.
	PYTHONWARNINGS=ignore $(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

## Build the graph from examples/ into graph.db (the SQLite file, the embedded default) and print who said what.
demo: $(STAMP)
	$(BIN)/graphbuild build examples --store graph.db
	$(BIN)/graphbuild query quotes --store graph.db

## Run the default test suite: lint, types, the unit tier, the integration tier (real model, NetworkX and Neo4j).
test: $(STAMP)
	@echo "== ruff: lint =="
	$(BIN)/ruff check graphbuild tests bench tools scripts
	@echo "== mypy: types =="
	$(BIN)/mypy graphbuild
	@echo "== pytest, unit tier: rules on hand-built Docs, stores, pipeline (no model; seconds) =="
	$(PYTEST) tests/unit graphbuild
	@echo "== pytest, integration tier: the real model, NetworkX and a real Neo4j, CLI, notebooks, exports =="
	$(PYTEST) tests/integration

## The slow tier: a 5 MB article, huge and pathological inputs, many kill -9s (docs/TESTING.md; 20-25 minutes).
test-slow: $(STAMP)
	$(PYTEST) tests/slow -m slow

lint: $(STAMP)
	$(BIN)/ruff check graphbuild tests bench tools scripts
	$(BIN)/mypy graphbuild

## Extraction throughput against raw spaCy on PolNeAR dev (docs/BENCHMARKS.md).
bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py $(SHARED)/bench/polnear/dev/text

## Query latency (p50/p95) on the PolNeAR train graph, NetworkX and Neo4j (docs/BENCHMARKS.md).
bench-query: $(STAMP)
	$(BIN)/python bench/bench_query.py $(SHARED)/bench/polnear/train/text

## The embedded store against its size: writes, open, the README's queries (in-process and CLI), memory (replicated PolNeAR train extractions).
bench-scale: $(STAMP)
	$(BIN)/python bench/bench_scale.py $(SHARED)/bench/polnear/train/text --cache .bench-train.jsonl --store sqlite --sizes 1000 10000 100000 --refresh 0.01

## Neo4j load: rows/s of the batched MERGE with 1, 2 and 4 writers and of neo4j-admin bulk import, then query latency, at 1k and 10k replicated articles (real Neo4j 5.26 test servers).
bench-neo4j-load: $(STAMP)
	$(BIN)/python bench/bench_neo4j_load.py $(SHARED)/bench/polnear/train/text --cache .bench-train.jsonl --sizes 1000 10000 --writers 2 4 --json bench/results/neo4j_load.json

## Neo4j at 100k replicated articles: one MERGE writer, then the query latencies (about 30 minutes).
bench-neo4j-100k: $(STAMP)
	$(BIN)/python bench/bench_neo4j_load.py $(SHARED)/bench/polnear/train/text --cache .bench-train.jsonl --sizes 100000 --writers --skip-bulk --rounds 2 --json bench/results/neo4j_load_100k_queries.json

## The nightly refresh (unchanged, 1 % changed, 1 % new, the derived links) against a full build of PolNeAR train.
bench-refresh: $(STAMP)
	$(BIN)/python bench/bench_refresh.py $(SHARED)/bench/polnear/train/text

## Distributed extraction on Ray Data (local mode, 2 actors) against the local build -w 2 extraction, PolNeAR dev.
bench-engine: $(STAMP)
	$(BIN)/python bench/bench_engine.py $(SHARED)/bench/polnear/dev/text

## Entity merges on the PolNeAR dev gold clustering, resolved over dev + train (docs/RESOLUTION.md).
eval-entities: $(STAMP)
	$(BIN)/graphbuild eval entities $(SHARED)/bench/polnear --gold bench/gold/entities_dev.tsv --context train

## Claim matching on the labelled statement pairs (docs/RESOLUTION.md).
eval-claims: $(STAMP)
	$(BIN)/graphbuild eval claims --pairs bench/gold/claim_pairs.tsv

## Statements and speakers on the team's own gold in six styles (bench/gold/styles).
eval-styles: $(STAMP)
	$(BIN)/graphbuild eval styles bench/gold/styles

## Regenerate docs/CLI.md from the commands' --help.
docs: $(STAMP)
	$(BIN)/python scripts/make_cli_docs.py

schema: $(STAMP)
	$(BIN)/graphbuild schema

clean:
	rm -rf $(VENV) graph.db graph.db-wal graph.db-shm graph.db.lock graph.db.reports .pytest_cache .mypy_cache .ruff_cache
