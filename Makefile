PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORE := $(VENV)/.installed-core
DEV := $(VENV)/.installed-dev

.PHONY: demo test lint bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo needs the project only; tests, benchmarks and evaluations also need the dev extras.
$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(CORE)

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(CORE) $(DEV)

demo: $(CORE)
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/tradewire demo

test: $(DEV)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

eval: $(DEV)
	$(BIN)/python -m bench.devset_eval ../shared/devset
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/python -m bench.pipeline_eval ../shared/devset

bench: $(DEV)
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/python -m bench

clean:
	rm -rf $(VENV) data
