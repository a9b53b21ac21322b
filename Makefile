# ilokg — run `make help` for the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DEV  := $(VENV)/.installed-dev
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help serve test bench bench-quick lint docs clean validate build venv

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(STAMP_RUN)

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,dev,bench]'
	@touch $@ $(STAMP_TEST) $(STAMP_RUN)

venv: $(STAMP_RUN) ## create .venv and install ilokg

validate: $(STAMP_RUN) ## SHACL-validate ontology and data
	$(BIN)/ilokg validate

build: $(STAMP_RUN) ## validate and build the store (atomic swap)
	$(BIN)/ilokg build

serve: $(STAMP_RUN) ## install, validate, build, serve on http://127.0.0.1:8000
	$(BIN)/ilokg validate
	$(BIN)/ilokg build
	$(BIN)/ilokg serve

test: $(STAMP_TEST) ## install with test extras and run the whole suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP_DEV) ## benchmarks against peers (not part of test)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP_DEV) ## 10k-triple benchmark only
	$(BIN)/python bench/run.py --quick

lint: $(STAMP_DEV) ## ruff and mypy
	$(BIN)/ruff check service tests
	$(BIN)/ruff format --check service tests
	$(BIN)/mypy service/ilokg

docs: $(STAMP_DEV) ## ontology HTML (pyLODE) into build/docs
	mkdir -p build/docs
	$(BIN)/pylode ontology/ilokg.ttl -o build/docs/ontology.html

clean: ## remove the venv, the store and build outputs
	rm -rf $(VENV) var build dist .pytest_cache
