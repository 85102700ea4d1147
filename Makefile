# Skillgap: `make run` serves the app (and runs a worker beside it), `make test` runs lint and the whole suite,
# `make smoke` checks production settings end to end.
# Each creates .venv and installs what it needs on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck bench smoke loadtest clean

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
	# A worker beside the server draws the PDFs and sends the email (docs/deploy.md); it
	# stops with the server. It reloads on code changes as runserver does.
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# ruff's rules, and its formatter's layout (pyproject.toml: 100 columns, double quotes).
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over the apps, lib, config, bench and scripts (pyproject.toml says
# how strict, and why); its cache in .mypy_cache keeps a re-run to a few seconds.
typecheck: $(VENV)/.dev
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest $(PYTEST_ARGS)

# Scoring, import and pages under production settings (SQLite and PostgreSQL, needs wrk);
# about 10 minutes, BENCH_QUICK=1 for a short run. Writes docs/performance.md.
bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

# Production settings on loopback: collectstatic, gunicorn, every journey (DATABASE_URL
# picks PostgreSQL; the check uses its own database, skillgap_smoke).
smoke: $(VENV)/.runtime
	$(BIN)/python scripts/smoke.py

# Two gunicorn servers on PostgreSQL and Redis, 32 simulated users for LOADTEST_SECONDS
# (default 60); fails on any error or any acknowledged save missing from its report.
loadtest: $(VENV)/.runtime
	$(BIN)/python bench/loadtest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache staticfiles
