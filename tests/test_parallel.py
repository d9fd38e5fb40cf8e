"""Parallel ingest and extract: the same documents, events, ids and clusters for any number of workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente import api
from detente.core.errors import QueryError
from detente.pipeline import parallel
from detente.pipeline.parallel import POOL_MIN_DOCS, resolve_workers
from store_rows import TABLES, rows, write_copies

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled sample, and its texts again under other ids (each with its own last line, or the store would
    rightly refuse the same text twice) so that the input is large enough to start the workers."""
    copies = write_copies(tmp_path_factory.mktemp("corpus"), POOL_MIN_DOCS + 8)
    return [str(api.sample_corpus()), str(copies)]


@pytest.fixture(scope="module")
def stores(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The corpus ingested with one worker and with two; ``started`` records the pools the runs started."""
    folder = tmp_path_factory.mktemp("stores")
    found: dict[int, Path] = {}
    started: list[int] = []
    original = parallel.ProcessAnalyser._start

    def start(self: parallel.ProcessAnalyser):
        started.append(self.workers)
        return original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel.ProcessAnalyser, "_start", start)
        for workers in (1, 2):
            found[workers] = folder / f"workers-{workers}.duckdb"
            summary = api.ingest(corpus, db=found[workers], workers=workers)
            assert summary.new == POOL_MIN_DOCS + 8 + 10 and summary.events > 100
    STARTED[:] = started
    return found


STARTED: list[int] = []


@pytest.mark.parametrize("table", sorted(TABLES))
def test_ingest_two_workers_stores_what_one_does(stores: dict[int, Path], table: str):
    one, two = rows(stores[1], table), rows(stores[2], table)
    assert one, f"no {table} rows"
    assert one == two


def test_ingest_two_workers_started_a_pool(stores: dict[int, Path]):
    """Guards the comparison above: the run of two workers did use a pool, the run of one did not."""
    assert STARTED == [2]


def test_extract_two_workers_gives_records_in_input_order(corpus: list[str]):
    one = list(api.extract(corpus, workers=1))
    two = list(api.extract(corpus, workers=2))
    assert len(one) > 100
    assert [r["event_id"] for r in two] == [r["event_id"] for r in one]
    assert two == one


def test_small_input_is_analysed_in_process(monkeypatch: pytest.MonkeyPatch):
    def refuse(self: parallel.ProcessAnalyser):
        raise AssertionError("a pool was started for one document")

    monkeypatch.setattr(parallel.ProcessAnalyser, "_start", refuse)
    path = api.sample_corpus() / "01_skripal_expulsions.txt"
    assert list(api.extract(path, workers=2)) == list(api.extract(path, workers=1))


def test_workers_setting(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DETENTE_WORKERS", "3")
    assert resolve_workers() == 3
    assert resolve_workers(1) == 1
    monkeypatch.setenv("DETENTE_WORKERS", "")
    assert resolve_workers() >= 1
    monkeypatch.setenv("DETENTE_WORKERS", "many")
    with pytest.raises(QueryError, match="DETENTE_WORKERS"):
        resolve_workers()
    with pytest.raises(QueryError, match="at least 1"):
        resolve_workers(0)
