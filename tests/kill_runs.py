"""Killed ingests, shared by the kill -9 test and ``scripts/kill_test.py``: a real ``detente ingest`` process is
SIGKILLed at a chosen point (after its n-th committed batch, or after a delay), the ingest is run again, and the store
is compared with one an uninterrupted run built: every document once, the same events, mentions, quotes and the rest,
row for row."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from detente import api
from detente.pipeline.ingest import IngestSummary
from store_rows import TABLES, rows, write_copies

__all__ = ["KillPoint", "Outcome", "compare", "corpus", "env", "ingest", "ingest_command", "killed_run"]

BATCH_SIZE = 4
CORPUS_SIZE = 40
COMMIT_LINE = "committed batch"


#: Paragraphs kept of each sample article: enough for events, quotes and roles, short enough for three runs a minute.
PARAGRAPHS = 3


def corpus(folder: Path, count: int = CORPUS_SIZE) -> Path:
    """``count`` small articles (the bundled sample's first paragraphs under their own ids), as JSON Lines."""
    path = write_copies(folder, count)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for number, record in enumerate(records):
        paragraphs = [p for p in record["text"].split("\n\n") if p.strip()]
        record["text"] = "\n\n".join([*paragraphs[:PARAGRAPHS], f"Copy {number}."])
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def env(batch_size: int = BATCH_SIZE) -> dict[str, str]:
    """The environment of an ingest: no DETENTE_* settings of the caller's shell, small batches, unbuffered logs."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_")}
    values.update(DETENTE_BATCH_SIZE=str(batch_size), PYTHONUNBUFFERED="1", COLUMNS="200")
    return values


def ingest_command(source: Path, db: Path) -> list[str]:
    """One worker: the parallel engine is tested elsewhere, and a kill should meet one process."""
    return [sys.executable, "-m", "detente", "-v", "ingest", str(source), "--db", str(db), "--workers", "1"]


def ingest(source: Path, db: Path, *, batch_size: int = BATCH_SIZE) -> IngestSummary:
    """The same ingest as :func:`ingest_command`, in this process (the pipeline loads once for many runs)."""
    return api.ingest([source], db=db, batch_size=batch_size, workers=1)


@dataclass(frozen=True)
class KillPoint:
    """Where a run is killed: ``after_seconds`` after its ``after_commits``-th committed batch (0 or None: after it
    starts). Counting from a commit puts the kill at a chosen phase of a batch on a fast or a loaded machine alike."""

    after_commits: int | None = None
    after_seconds: float | None = None

    def __str__(self) -> str:
        start = f"commit {self.after_commits}" if self.after_commits else "start"
        return f"{start} + {self.after_seconds or 0:.2f} s"


@dataclass
class Outcome:
    """What a killed run left behind."""

    killed: bool  # False: the run finished before the kill point
    commits_seen: int
    stored_after_kill: int
    seconds: float
    commit_times: list[float]  # seconds from the start at which each commit was logged


def killed_run(source: Path, db: Path, point: KillPoint, *, batch_size: int = BATCH_SIZE,
               timeout: float = 120) -> Outcome:
    """Start an ingest, SIGKILL it at ``point``, and count the documents it had committed."""
    started = time.monotonic()
    process = subprocess.Popen(ingest_command(source, db), env=env(batch_size), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    commits = 0
    times: list[float] = []
    timers: list[threading.Timer] = []

    def arm() -> None:
        if point.after_seconds:
            timers.append(threading.Timer(point.after_seconds, _kill, [process]))
            timers[-1].start()
        else:
            _kill(process)

    if not point.after_commits:
        arm()
    try:
        assert process.stderr is not None
        for line in process.stderr:  # read to the end: the commits made between arming and the kill count too
            if COMMIT_LINE in line:
                commits += 1
                times.append(time.monotonic() - started)
                if commits == point.after_commits:
                    arm()
        process.wait(timeout=timeout)
    finally:
        for timer in timers:
            timer.cancel()
        if process.poll() is None:
            _kill(process)
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    killed = process.returncode == -signal.SIGKILL
    return Outcome(killed, commits, _stored(db), time.monotonic() - started, times)


def _kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
    except duckdb.Error:  # killed before the schema was committed
        return 0


def compare(db: Path, reference: Path, expected_ids: list[str]) -> list[str]:
    """Differences between a resumed store and an uninterrupted run's; empty when they agree."""
    problems = []
    with duckdb.connect(str(db), read_only=True) as con:
        total, distinct = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()  # type: ignore[misc]
        ids = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
        event_ids = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    if total != distinct:
        problems.append(f"documents stored twice: {total} rows, {distinct} ids")
    if ids != sorted(expected_ids):
        problems.append(f"documents: {len(ids)} stored, {len(expected_ids)} expected")
    if event_ids is None or event_ids[0] != event_ids[1]:
        problems.append(f"duplicate events: {event_ids}")
    for table in TABLES:
        got, want = rows(db, table), rows(reference, table)
        if got != want:
            problems.append(f"{table}: {len(got)} rows, {len(want)} in the uninterrupted run, "
                            f"{len(set(got) ^ set(want))} differ")
    return problems
