"""The DuckDB store: schema versioning, migrations, transactions, idempotent re-ingest."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import detente
from detente.core.errors import NotFoundError, QueryError, SchemaVersionError, StoreError
from detente.pipeline.identity import Stored
from detente.store.db import Store
from detente.store.migrations import MIGRATIONS, SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("detente_env")

TABLES_V1 = {"meta", "documents", "ingest_runs", "ingest_failures"}
TABLES_ALL = TABLES_V1 | {"mentions", "events", "known_roles", "quotes", "claims", "clusters", "cluster_members"}


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _row(doc_id: str, text: str = "Some text.", **extra) -> dict:
    return {"doc_id": doc_id, "origin": "t.txt", "format": "txt", "raw_text": text, "clean_text": text,
            "content_hash": f"hash-{doc_id}", "language": "en", "status": "ok", **extra}


def test_store_schema_version_recorded(db_path: Path):
    assert SCHEMA_VERSION == len(MIGRATIONS) == 6
    with Store(db_path) as store:
        assert store.version() == SCHEMA_VERSION
        assert _tables(store.con) == TABLES_ALL
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
    finally:
        con.close()


def test_store_reopen_migrates_nothing(db_path: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="detente.store.db")
    with Store(db_path) as store:
        store.insert_documents([_row("d1")])
    first = [r.getMessage() for r in caplog.records if "migrating" in r.getMessage()]
    assert first == [f"migrating {db_path} to schema version {v}" for v in range(1, SCHEMA_VERSION + 1)]
    caplog.clear()
    with Store(db_path) as store:
        assert store.version() == SCHEMA_VERSION
        assert store.count("documents") == 1
    with Store(db_path, read_only=True) as store:
        assert store.document("d1")["clean_text"] == "Some text."
    assert [r for r in caplog.records if "migrating" in r.getMessage()] == []


def test_store_migrates_an_older_store_keeping_its_documents(db_path: Path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute(MIGRATIONS[0])
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO documents (doc_id, clean_text, status) VALUES ('old-1', 'Kept across upgrades.', 'ok')")
    con.close()
    with Store(db_path, read_only=True) as store:
        assert store.version() == 1
    with Store(db_path) as store:
        assert store.version() == SCHEMA_VERSION
        assert _tables(store.con) == TABLES_ALL
        assert store.document("old-1")["clean_text"] == "Kept across upgrades."


def test_store_version_4_gains_encoding_and_warnings(db_path: Path):
    """A store written before documents had an encoding keeps opening, read-only as it is and writable migrated,
    its documents with no encoding and no warnings; new ones keep theirs."""
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for step in MIGRATIONS[:4]:
        con.execute(step)
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    con.execute("INSERT INTO documents (doc_id, clean_text, status) VALUES ('old-1', 'Before encodings.', 'ok')")
    con.close()
    with Store(db_path, read_only=True) as store:
        old = store.document("old-1")
        assert old["warnings"] == [] and old.get("encoding") is None
    warning = {"stage": "decode", "kind": "stray-bytes", "count": 1, "offset": 7, "detail": "1 replaced"}
    with Store(db_path) as store:
        assert store.version() == SCHEMA_VERSION
        store.insert_documents([_row("new-1", encoding="cp1252", warnings=[warning])])
        assert store.document("old-1")["encoding"] is None and store.document("old-1")["warnings"] == []
        new = store.document("new-1")
        assert (new["encoding"], new["warnings"], new["clean_text"]) == ("cp1252", [warning], "Some text.")


@pytest.mark.parametrize("read_only", [False, True])
def test_store_newer_schema_refused(db_path: Path, read_only: bool):
    with Store(db_path) as store:
        store.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(SchemaVersionError, match="Upgrade Detente"):
        Store(db_path, read_only=read_only)


def test_store_read_only_missing_file_is_store_error(tmp_path: Path):
    with pytest.raises(StoreError, match="cannot open store"):
        Store(tmp_path / "never-created.duckdb", read_only=True)
    assert not (tmp_path / "never-created.duckdb").exists()


def test_store_document_round_trip(db_path: Path):
    removals = [{"rule": "share-widget", "line": 3, "text": "Share this"}]
    with Store(db_path) as store:
        store.insert_documents([_row("d1", "Clean.", removals=removals, metadata={"desk": "World"})])
        record = store.document("d1")
    assert record["clean_text"] == "Clean."
    assert record["removals"] == removals
    assert record["metadata"] == {"desk": "World"}
    assert record["ingested_at"] is not None


def test_store_unknown_document_is_not_found(db_path: Path):
    with Store(db_path) as store, pytest.raises(NotFoundError, match="no document with id 'nope'"):
        store.document("nope")


def test_store_insert_same_id_twice_keeps_first(db_path: Path):
    with Store(db_path) as store:
        store.insert_documents([_row("d1", "First.")])
        store.insert_documents([_row("d1", "Second.")])
        assert store.count("documents") == 1
        assert store.document("d1")["clean_text"] == "First."


def test_store_transaction_rolls_back_on_error(db_path: Path):
    with Store(db_path) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.insert_documents([_row("d1")])
            raise RuntimeError("killed mid-batch")
        assert store.count("documents") == 0
        with store.transaction():
            store.insert_documents([_row("d2")])
        assert store.count("documents") == 1


def test_store_known_ids_and_hashes(db_path: Path):
    with Store(db_path) as store:
        store.insert_documents([_row("d1", events_extracted=True)])
        store.insert_documents([_row("d2", status="skipped: language fr")])
        known = store.known(["d1", "d2", "x"], ["hash-d2", "hash-x"])
    assert known.ids == {"d1": Stored("hash-d1", "ok", True), "d2": Stored("hash-d2", "skipped: language fr", False)}
    assert known.hashes == {"hash-d2": "d2"}


def test_store_reingest_same_input_is_a_noop(tmp_path: Path, db_path: Path, write_jsonl, article):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f" date 2021-04-24 {article(1)}", encoding="utf-8")
    (corpus / "b.txt").write_text(article(2), encoding="utf-8")
    write_jsonl(corpus / "c.jsonl", [{"id": f"c{n}", "text": article(10 + n)} for n in range(4)] + ["{broken"])
    first = detente.ingest([corpus], db=db_path, events=False)
    assert (first.read, first.new, first.duplicate) == (6, 6, 0)

    def snapshot():
        with Store(db_path, read_only=True) as store:
            docs = store.con.execute("SELECT doc_id, clean_text, published, status, ingested_at FROM documents "
                                     "ORDER BY doc_id").fetchall()
            return docs, {t: store.count(t) for t in ("documents", "mentions", "events", "quotes", "claims")}

    before = snapshot()
    again = detente.ingest([corpus], db=db_path, events=False)
    assert (again.read, again.new, again.duplicate) == (6, 0, 6)
    assert again.duplicate == again.read
    assert again.undated == 0
    assert [(Path(p).name, line) for p, line, _ in again.failed] == [("c.jsonl", 5)]  # still reported
    assert snapshot() == before
    with Store(db_path, read_only=True) as store:
        runs = store.con.execute("SELECT run_id, summary FROM ingest_runs ORDER BY started_at").fetchall()
    assert [r[0] for r in runs] == [first.run_id, again.run_id]
    assert json.loads(runs[1][1])["duplicate"] == 6


# A process that holds the store for writing for HOLD seconds, then lets go.
_HOLDER = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    return process


@pytest.mark.parametrize("read_only", [True, False])
def test_store_waits_for_another_process_then_opens(db_path: Path, read_only: bool):
    """An ingest commits with the file held for a moment; a reader or writer meanwhile waits rather than fails."""
    Store(db_path).close()
    holder = _hold(db_path, 0.6)
    with Store(db_path, read_only=read_only, wait=30) as store:
        assert store.version() == SCHEMA_VERSION
    assert holder.wait() == 0


def test_store_busy_after_its_wait_says_so(db_path: Path):
    Store(db_path).close()
    holder = _hold(db_path, 3)
    with pytest.raises(detente.StoreBusyError, match="locked by another process") as caught:
        Store(db_path, read_only=True, wait=0.2)
    assert caught.value.status_code == 503
    holder.wait()


def test_ingest_lock_is_one_at_a_time_and_released(db_path: Path):
    """The ingest lock refuses a second holder, and is free again once the first lets go (or its process ends)."""
    from detente.store.runlock import ingest_lock, lock_path

    with ingest_lock(db_path):
        assert lock_path(db_path).read_text() == str(os.getpid())
        # flock is per open file: a second open in this process is refused just as another process would be
        with pytest.raises(detente.StoreBusyError, match=f"process {os.getpid()}"), \
                ingest_lock(db_path):
            pass
    with ingest_lock(db_path):
        pass


@pytest.mark.parametrize(("given", "expected"),
                         [("256MB", "244.1 MiB"), ("1GB", "953.6 MiB"), (" 64 MiB ", "64.0 MiB")])
def test_store_limit_caps_duckdb_memory_and_threads(db_path: Path, given: str, expected: str):
    with Store(db_path) as store:
        store.limit(memory=given, threads=1)
        memory, threads = store.con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()
    assert (memory, threads) == (expected, 1)


@pytest.mark.parametrize("given", ["lots", "256", "1GB; DROP TABLE documents"])
def test_store_limit_refuses_what_is_not_a_size(db_path: Path, given: str):
    with Store(db_path) as store, pytest.raises(QueryError, match="DETENTE_INGEST_MEMORY"):
        store.limit(memory=given, threads=1)


def test_ingest_writer_runs_under_the_memory_setting(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The ingest's sink opens the store with the ``ingest_memory`` setting applied (bounded commits)."""
    from detente.store.writer import StoreSink

    monkeypatch.setenv("DETENTE_INGEST_MEMORY", "100MB")
    sink = StoreSink(db_path)
    with sink._store() as store:
        memory = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert memory == "95.3 MiB"
