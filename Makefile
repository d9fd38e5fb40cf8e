# Two entry points for a fresh machine: `make run` (set up, ingest the bundled sample, show events)
# and `make test` (set up with the test extras, lint, run the tests and the quality gate).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= detente.duckdb

# The lock covers the core dependencies and the test, web and dask extras; `make lock` regenerates it with a
# pinned uv, keeping existing pins where they still fit, and tests/test_packaging.py checks it covers pyproject.
UV_VERSION := 0.9.30
LOCK_EXTRAS := --extra test --extra web --extra dask --extra data

.PHONY: run test install clean lock

$(BIN)/detente: requirements-bootstrap.lock requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-bootstrap.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

install: $(BIN)/detente

run: install
	$(BIN)/detente ingest --sample --db $(DB)
	$(BIN)/detente events --db $(DB) --limit 25
	@echo
	@echo "Browse it: $(BIN)/detente serve --db $(DB)   then open http://127.0.0.1:8000/"

test: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/pytest -q
	$(BIN)/detente gate

lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet "uv==$(UV_VERSION)"
	.venv-lock/bin/uv pip compile pyproject.toml $(LOCK_EXTRAS) --python-version 3.11 --generate-hashes \
		-o requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
