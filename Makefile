PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/tradewire demo

test: $(STAMP)
	$(BIN)/ruff check .
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/tradewire eval ../shared/devset

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data
