"""The Dask engine: a LocalCluster of two workers stores exactly what the local one-worker run does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pytest

from detente import api
from detente.core.errors import QueryError, WorkerError
from store_rows import TABLES, rows, write_copies

pytestmark = [pytest.mark.slow, pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                                   reason="dask[distributed] is not installed (extra 'dask')")]

COPIES = 14  # with the sample's 10 documents: 24 documents, two batches of 12, two partitions each


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled sample and its texts again under other ids (each with its own last line)."""
    copies = write_copies(tmp_path_factory.mktemp("corpus"), COPIES)
    return [str(api.sample_corpus()), f"file://{copies}"]


@pytest.fixture(scope="module")
def stores(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stores")
    found = {"local": folder / "local.duckdb", "dask": folder / "dask.duckdb"}
    local = api.ingest([corpus[0], corpus[1].removeprefix("file://")], db=found["local"], workers=1)
    # batches of 12: each batch is cut into two partitions, and memory learnt in the first batch is not used
    # by the second within the run (as for the local engine)
    dask = api.ingest(corpus, db=found["dask"], workers=2, engine="dask", batch_size=12,
                      shards=str(folder / "shards"))
    assert local.new == dask.new == COPIES + 10
    assert dask.events == local.events > 100
    RUNS["dask"] = dask
    return found


RUNS: dict[str, api.IngestSummary] = {}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_dask_two_workers_store_what_one_local_worker_does(stores: dict[str, Path], table: str):
    local, dask = rows(stores["local"], table), rows(stores["dask"], table)
    assert local, f"no {table} rows"
    assert dask == local


def test_dask_run_leaves_a_parquet_dataset_of_its_shards(stores: dict[str, Path]):
    run = RUNS["dask"].run_id
    shards = stores["dask"].parent / "shards" / run
    with duckdb.connect() as con:
        [(events,)] = con.execute(f"SELECT count(*) FROM read_parquet('{shards}/events/*.parquet')").fetchall()
        names = sorted(p.name for p in (shards / "documents").iterdir())
    assert events == RUNS["dask"].events
    assert names == [f"part-{b:05d}-{p:04d}.parquet" for b in range(2) for p in range(2)]


def test_dask_rerun_stores_nothing_new(stores: dict[str, Path], corpus: list[str], tmp_path: Path):
    before = {table: rows(stores["dask"], table) for table in TABLES}
    again = api.ingest(corpus, db=stores["dask"], workers=2, engine="dask", shards=str(tmp_path / "again"))
    assert (again.new, again.duplicate, again.events) == (0, COPIES + 10, 0)
    assert {table: rows(stores["dask"], table) for table in TABLES} == before
    assert not (tmp_path / "again").exists()  # nothing to analyse: no cluster, no shards


def test_worker_failure_names_the_partition_documents(corpus: list[str], tmp_path: Path):
    """A partition that fails on a worker (here: its shard cannot be written) is one clear error."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the shards should go", encoding="utf-8")
    with pytest.raises(WorkerError, match=r"Dask partition part-00000-0000 failed \(documents .*copy-0"):
        api.ingest([corpus[1]], db=tmp_path / "failed.duckdb", workers=1, engine="dask", shards=str(blocker))
    with duckdb.connect(str(tmp_path / "failed.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)


@pytest.mark.parametrize(("options", "option"), [({"engine": "spark"}, "engine"),
                                                 ({"scheduler": "tcp://x:8786"}, "scheduler"),
                                                 ({"shards": "s"}, "shards")])
def test_engine_options_are_checked(options: dict[str, str], option: str, tmp_path: Path):
    with pytest.raises(QueryError, match=option):
        api.ingest(str(api.sample_corpus()), db=tmp_path / "x.duckdb", **options)
