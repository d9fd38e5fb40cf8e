"""kill -9 in the middle of an ingest with events: a real ``detente ingest`` process is SIGKILLed after a committed
batch chosen by a fixed seed, the ingest is run again, and the store must equal an uninterrupted run's row for row
(documents once each, the same event ids and rows, mentions, quotes, claims, clusters, roles). Twenty random kill
points, timed rather than counted, are ``scripts/kill_test.py`` (its output is in docs/ROBUSTNESS.md)."""

from __future__ import annotations

import json
import random
import signal
import time
from pathlib import Path

import pytest

from kill_runs import BATCH_SIZE, CORPUS_SIZE, KillPoint, compare, corpus, ingest, killed_run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("detente_env"),
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

SEED = 12
BATCHES = CORPUS_SIZE // BATCH_SIZE


def test_killed_ingest_with_events_resumes_to_the_uninterrupted_store(tmp_path: Path):
    started = time.monotonic()
    source = corpus(tmp_path)
    ids = [json.loads(line)["id"] for line in source.read_text(encoding="utf-8").splitlines()]
    reference = tmp_path / "reference.duckdb"
    complete = ingest(source, reference)
    assert complete.new == CORPUS_SIZE and complete.events > 0 and not complete.failed

    after = random.Random(SEED).randint(1, BATCHES - 2)  # leaves batches to lose and to redo
    db = tmp_path / "killed.duckdb"
    outcome = killed_run(source, db, KillPoint(after_commits=after))
    assert outcome.killed, f"the ingest finished before its {after}th commit"
    assert outcome.stored_after_kill in (after * BATCH_SIZE, (after + 1) * BATCH_SIZE)  # whole batches only

    resumed = ingest(source, db)
    assert resumed.duplicate == outcome.stored_after_kill
    assert resumed.new == CORPUS_SIZE - outcome.stored_after_kill and not resumed.failed
    assert compare(db, reference, ids) == []
    assert time.monotonic() - started < 60


def test_the_comparison_sees_a_lost_batch_and_a_duplicate(tmp_path: Path):
    """The check above can fail: a store missing a document, or with an event that differs, is reported."""
    import duckdb

    source = corpus(tmp_path, 6)
    ids = [json.loads(line)["id"] for line in source.read_text(encoding="utf-8").splitlines()]
    reference, db = tmp_path / "reference.duckdb", tmp_path / "other.duckdb"
    ingest(source, reference)
    ingest(source, db)
    assert compare(db, reference, ids) == []
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM documents WHERE doc_id = ?", [ids[0]])
        con.execute("UPDATE events SET confidence = confidence / 2 WHERE event_id = "
                    "(SELECT min(event_id) FROM events)")
    problems = compare(db, reference, ids)
    assert [p.split(":")[0] for p in problems] == ["documents", "documents", "events"], problems
