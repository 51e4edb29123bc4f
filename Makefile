# Every target does its own setup: a venv in .venv with the package, the model and dev tools.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench schema clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

## Build the graph from examples/ into graph.json (NetworkX file) and print who said what.
demo: $(STAMP)
	$(BIN)/graphbuild build examples --store graph.json
	$(BIN)/graphbuild query quotes --store graph.json

## Run the whole test suite (lint, types, tests).
test: $(STAMP)
	$(BIN)/ruff check graphbuild tests bench
	$(BIN)/mypy graphbuild
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check graphbuild tests bench
	$(BIN)/mypy graphbuild

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py ../shared/bench/polnear/dev

schema: $(STAMP)
	$(BIN)/graphbuild schema

clean:
	rm -rf $(VENV) graph.json graph.json.lock graph.json.reports .pytest_cache .mypy_cache .ruff_cache
