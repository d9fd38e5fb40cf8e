# Two entry points for a fresh machine: `make run` (set up, ingest the bundled sample, show events)
# and `make test` (set up with the test extras, lint, run the tests and the quality gate).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= detente.duckdb

.PHONY: run test install clean

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

test: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/pytest -q
	$(BIN)/detente gate

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
