# Skillgap: `make run` serves the app, `make test` runs lint and the whole suite.
# Both create .venv and install what they need on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench fixture clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when the requirement files change.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_seed
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

# Rebuild fixtures/taxonomy.json from scripts/build_taxonomy.py.
fixture: $(BIN)/python
	$(BIN)/python scripts/build_taxonomy.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
