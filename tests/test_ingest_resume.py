"""A killed ingest resumes: a real ``detente ingest`` process is SIGKILLed after its first committed batch,
then a second run completes the store with every document exactly once."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.store.db import Store

# Documents are written at a few ms each (one INSERT per row), so 3000 keep the first run busy for ~10 s
# after its first commit: ample margin for the kill, and the full second run stays well under 30 s.
CORPUS_SIZE = 3000
BATCH_SIZE = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]


def _article(n: int) -> str:
    return (f"The foreign minister met her counterpart in Geneva on Monday to discuss trade, meeting number {n}. "
            f"Officials said the talks covered tariffs, energy and the security of shipping lanes. "
            f"A joint statement is expected later this week, the ministry said after session {n}.")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_")}
    env.update(DETENTE_BATCH_SIZE=str(BATCH_SIZE), COLUMNS="200", PYTHONUNBUFFERED="1")
    return env


def _count(row_label: str, table: str) -> int:
    match = re.search(rf"{re.escape(row_label)}\s*│\s*(\d+)", table)
    assert match, f"no '{row_label}' row in:\n{table}"
    return int(match.group(1))


def test_ingest_resume_after_kill(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    ids = [f"r{n:05d}" for n in range(CORPUS_SIZE)]
    corpus.write_text("".join(json.dumps({"id": i, "text": _article(n)}) + "\n" for n, i in enumerate(ids)),
                      encoding="utf-8")
    db = tmp_path / "resume.duckdb"
    command = [sys.executable, "-m", "detente", "-v", "ingest", str(corpus), "--db", str(db), "--no-events"]

    started = time.monotonic()
    process = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            if "committed batch" in line:
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    assert any("committed batch" in line for line in log), "".join(log)
    assert process.returncode == -signal.SIGKILL, (
        f"the ingest finished (exit {process.returncode}) before it could be killed: make the corpus bigger")

    with Store(db, read_only=True) as store:
        stored_after_kill = store.count("documents")
    assert 0 < stored_after_kill < CORPUS_SIZE
    assert stored_after_kill % BATCH_SIZE == 0  # only whole batches were committed

    result = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _count("read", result.stdout) == CORPUS_SIZE
    assert _count("duplicate (already stored)", result.stdout) == stored_after_kill
    assert _count("new", result.stdout) == CORPUS_SIZE - stored_after_kill

    with Store(db, read_only=True) as store:
        total, distinct = store.con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        stored_ids = [r[0] for r in store.con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
        runs = store.count("ingest_runs")
    assert total == distinct == CORPUS_SIZE
    assert stored_ids == ids
    assert runs == 1  # the killed run never got to record itself
    assert time.monotonic() - started < 60
