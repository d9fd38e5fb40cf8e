"""Reading while another process writes. DuckDB lets one process at a time hold a file for writing and locks
readers out meanwhile, so the app opens a short-lived read-only connection per request and retries briefly:

* a writer that commits in batches and releases the file between them (what an ingest does): every request is
  answered, and each batch is visible as soon as it is committed;
* a writer that holds the file for longer than the retry: requests get 503 with Retry-After, never a 500, and
  answers resume when it is done;
* a real `detente.ingest` in another process: every request answered while it runs, its batches visible as
  they commit; a second ingest meanwhile is refused with a clear error.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from detente.web import access
from detente.web.app import create_app

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

pytestmark = pytest.mark.usefixtures("detente_env")

# A writer in another process: BATCHES transactions of one document each, holding the write lock HOLD seconds
# per batch and releasing the file for GAP seconds between them. It retries opening, as every writer sharing a
# file with readers must.
WRITER = textwrap.dedent("""
    import sys, time
    from detente.core.errors import StoreError
    from detente.store.db import Store

    db, batches, hold, gap = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    for i in range(batches):
        while True:
            try:
                store = Store(db)
                break
            except StoreError:
                time.sleep(0.01)
        with store.transaction():
            store.insert_documents([{"doc_id": f"batch-{i}", "status": "ok", "clean_text": f"Batch {i}.",
                                     "content_hash": f"h{i}"}])
            print("locked", flush=True)
            time.sleep(hold)
        store.close()
        time.sleep(gap)
""")


def _writer(db: Path, batches: int, hold: float, gap: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(batches), str(hold), str(gap)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"  # it holds the file now
    return process


@pytest.fixture
def store_copy(tmp_path: Path, web_store: Path) -> Path:
    db = tmp_path / "copy.duckdb"
    shutil.copy(web_store, db)
    return db


def test_web_reads_between_batch_commits(store_copy: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG, logger="detente.store.db")
    with TestClient(create_app(store_copy)) as client:
        before = client.get("/api/v1/documents", params={"limit": 1}).json()["total"]
        changed_before = client.get("/api/v1/stats").json()["freshness"]["last_document_stored"]
        writer = _writer(store_copy, batches=6, hold=0.3, gap=0.15)
        totals, statuses = [], []
        while writer.poll() is None:
            response = client.get("/api/v1/documents", params={"limit": 1})
            statuses.append(response.status_code)
            if response.status_code == 200:
                totals.append(response.json()["total"])
        assert writer.wait() == 0
        after = client.get("/api/v1/stats").json()
    assert set(statuses) == {200}, statuses
    assert totals == sorted(totals) and len(set(totals)) > 1  # batches became visible one by one
    assert after["documents"] == before + 6
    assert after["freshness"]["last_document_stored"] > changed_before
    assert any("retrying" in r.getMessage() for r in caplog.records)  # requests did meet the writer's lock


def test_web_long_writer_gets_503_then_answers(store_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(access, "RETRY_SECONDS", 0.3)
    with TestClient(create_app(store_copy)) as client:
        writer = _writer(store_copy, batches=1, hold=2.0, gap=0)
        api = client.get("/api/v1/events")
        page = client.get("/events")
        assert writer.wait() == 0
        assert api.status_code == 503 and api.headers["retry-after"] == str(access.RETRY_AFTER)
        assert "locked" in api.json()["error"]
        assert page.status_code == 503 and "reload this page" in page.text
        assert client.get("/api/v1/events").status_code == 200


INGEST = textwrap.dedent("""
    import sys
    from pathlib import Path
    import detente

    marker = Path(sys.argv[3])
    detente.ingest([sys.argv[1]], db=sys.argv[2], batch_size=4, workers=1,
                   progress=lambda n: marker.exists() or marker.write_text("reading"))
""")


def _start_ingest(tmp_path: Path, db: Path, write_jsonl, article, topic: str) -> tuple[Path, subprocess.Popen]:
    """A real ingest of 24 articles into ``db`` in another process, returned once it has begun reading."""
    corpus = write_jsonl(tmp_path / "in" / "more.jsonl", [
        {"id": f"more-{n}", "text": article(n, topic=topic), "published": "2022-03-01"} for n in range(24)])
    marker = tmp_path / "started"
    ingest = subprocess.Popen([sys.executable, "-c", INGEST, str(corpus), str(db), str(marker)])
    deadline = time.monotonic() + 120
    while not marker.exists() and ingest.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the ingest has opened the store and begun reading
    return corpus, ingest


def test_web_reads_during_a_real_ingest(tmp_path: Path, store_copy: Path, write_jsonl, article):
    """An ingest holds the file only while it checks or commits a batch: the app answers every request while
    the ingest runs (never 503, 500 or a hang), sees its batches arrive, and has everything right after it."""
    _, ingest = _start_ingest(tmp_path, store_copy, write_jsonl, article, "sanctions on Russia")
    deadline = time.monotonic() + 120
    statuses, totals = [], []
    with TestClient(create_app(store_copy)) as client:
        while ingest.poll() is None and time.monotonic() < deadline:
            response = client.get("/api/v1/stats")
            statuses.append(response.status_code)
            if response.status_code == 200:
                totals.append(response.json()["documents"])
            time.sleep(0.02)
        assert ingest.wait(timeout=5) == 0
        stats = client.get("/api/v1/stats").json()
    assert statuses and set(statuses) == {200}, statuses
    assert totals == sorted(totals) and len(set(totals)) > 1, totals  # batches became visible as they committed
    assert stats["documents"] == 10 + 24


def test_second_ingest_is_refused_while_one_runs(tmp_path: Path, store_copy: Path, write_jsonl, article):
    """Readers get in between an ingest's batches; a second writer of documents does not: it is refused at once
    with a StoreBusyError naming the store, and the first ingest completes unharmed."""
    import detente

    corpus, ingest = _start_ingest(tmp_path, store_copy, write_jsonl, article, "talks in Geneva")
    assert ingest.poll() is None, "the first ingest ended before the second could try"
    with pytest.raises(detente.StoreBusyError, match="another ingest"):
        detente.ingest([corpus], db=store_copy, workers=1)
    assert ingest.wait(timeout=120) == 0
    assert detente.documents(db=store_copy).shape[0] == 10 + 24


def test_web_correction_waits_for_readers_in_the_same_process(store_copy: Path):
    """DuckDB refuses a read-write connection while read-only ones are open in the same process: the write
    waits for the readers (and they for it), so concurrent requests all succeed."""
    token = "a-token-of-enough-length-1234"
    errors: list[str] = []
    with TestClient(create_app(store_copy, token=token)) as client:
        def read() -> None:
            for _ in range(15):
                status = client.get("/api/v1/actors/CHN").status_code
                if status != 200:
                    errors.append(f"read {status}")

        readers = [threading.Thread(target=read) for _ in range(3)]
        for thread in readers:
            thread.start()
        for n in range(3):
            response = client.post("/api/v1/actors/corrections", json={"name": f"Person {n}", "code": "CHN",
                                                                        "sector": "GOV"},
                                   headers={"Authorization": f"Bearer {token}"})
            if response.status_code != 201:
                errors.append(f"write {response.status_code} {response.text}")
        for thread in readers:
            thread.join()
        names = {p["name"] for p in client.get("/api/v1/actors/CHN").json()["persons_corpus"]}
    assert not errors
    assert {"Person 0", "Person 1", "Person 2"} <= names
