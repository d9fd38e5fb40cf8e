"""Analysis overlapped with writing: batch k+1 is analysed while batch k is committed. What is stored and the
run's summary must not depend on how many batches are in flight (``ahead``) nor on where batches begin and end."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from detente import api
from detente.intake.prepare import Document
from detente.pipeline.analyse import Memory
from detente.pipeline.ingest import analyse_in_process, ingest
from detente.pipeline.results import DocResult
from detente.store.writer import StoreSink
from store_rows import TABLES, rows, write_copies

pytestmark = pytest.mark.slow

_CACHE: dict[tuple[str, str], DocResult] = {}


class Deferred:
    """A submitting analyser that does nothing until asked for a batch's results (as a pool whose workers are
    still busy), and then analyses the batch in reverse order: a job that wrote a batch before its analysis
    was asked for, or relied on the order of the work, would store something else. Results are cached by
    document (the analysis depends only on the document and the run's memory, which is empty here)."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most_in_flight = 0

    def __call__(self, docs: Sequence[Document], memory: Memory) -> list[DocResult]:
        return self.submit(docs, memory).result()

    def submit(self, docs: Sequence[Document], memory: Memory) -> _Later:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return _Later(self, list(docs), memory)


class _Later:
    def __init__(self, owner: Deferred, docs: list[Document], memory: Memory) -> None:
        self.owner, self.docs, self.memory = owner, docs, memory

    def result(self) -> list[DocResult]:
        self.owner.in_flight -= 1
        found: dict[str, DocResult] = {}
        for doc in reversed(self.docs):
            key = (doc.doc_id, doc.text)
            if doc.doc_id.startswith("fails"):  # a document the worker cannot analyse
                _CACHE[key] = DocResult(doc.doc_id, doc.published, failure="parse: RuntimeError: bad document")
            if key not in _CACHE:
                [_CACHE[key]] = analyse_in_process([doc], self.memory)
            found[doc.doc_id] = _CACHE[key]
        return [found[doc.doc_id] for doc in self.docs]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The sample, copies of it, and a file of repeats, a changed id, unreadable lines, an empty text, a text
    in German and one the analyser fails on, so that the summary's lists mix entries found when reading, when
    cleaning and when writing, from several batches."""
    folder = tmp_path_factory.mktemp("corpus")
    copies = write_copies(folder, 14)
    lines = copies.read_text("utf-8").splitlines()
    extra = folder / "extra.jsonl"
    changed = json.loads(lines[3])
    changed["text"] += " A later sentence."
    failing = {"id": "fails-1", "text": "France condemned Russia on Monday for the expulsion of its diplomats."}
    german = {"id": "german", "text": "Die Regierung in Berlin hat am Montag die Sanktionen gegen das Land "
                                      "verschärft, wie der Sprecher des Ministeriums mitteilte."}
    extra.write_text("\n".join([
        lines[0], "{not json", json.dumps(changed), json.dumps(failing), json.dumps({"id": "empty", "text": ""}),
        json.dumps(german), lines[5], "[1, 2", json.dumps({**failing, "id": "fails-2", "text": "Iran met Iraq."}),
        "{"]) + "\n", "utf-8")
    return [str(api.sample_corpus()), str(copies), str(extra)]


def _run(corpus: list[str], db: Path, *, batch_size: int, ahead: int) -> tuple[dict[str, object], Deferred]:
    analyser = Deferred()
    summary = ingest(corpus, sink=StoreSink(db), analyser=analyser, batch_size=batch_size, ahead=ahead)
    found = summary.as_dict()
    found.pop("run_id")
    found["changes"] = [(c.path, c.line, c.doc_id, c.old_hash, c.new_hash) for c in summary.changes]
    found["skipped_inputs"] = summary.skipped_inputs
    return found, analyser


def _unordered(summary: dict[str, object]) -> dict[str, object]:
    return {key: sorted(map(repr, value)) if isinstance(value, list) else value for key, value in summary.items()}


@pytest.fixture(scope="module")
def reference(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    """One batch for the whole corpus, nothing ahead: the plain sequential run."""
    db = tmp_path_factory.mktemp("reference") / "one.duckdb"
    summary, analyser = _run(corpus, db, batch_size=1000, ahead=0)
    assert analyser.most_in_flight == 1
    assert summary["new"] == 10 + 14 and summary["duplicate"] == 2 and summary["changed"] == 1
    assert summary["skipped"] == {"language de": 1}, summary["skipped"]
    assert len(summary["failed"]) == 6  # type: ignore[arg-type]
    return summary, db


@pytest.mark.parametrize(("batch_size", "ahead"), [(5, 1), (5, 3), (3, 2), (1, 1), (1, 4)])
def test_stored_rows_and_summary_do_not_depend_on_batches_in_flight(
        corpus: list[str], reference: tuple[dict[str, object], Path], tmp_path: Path, batch_size: int, ahead: int):
    summary, analyser = _run(corpus, tmp_path / "run.duckdb", batch_size=batch_size, ahead=ahead)
    # the same batches written one by one give the same summary, lists in the same order
    sequential, _ = _run(corpus, tmp_path / "sequential.duckdb", batch_size=batch_size, ahead=0)
    assert summary == sequential
    # the order of the summary's lists follows the batches (a failure is listed when its batch is written)
    reasons = [f["reason"] for f in summary["failed"]]  # type: ignore[attr-defined]
    if batch_size == 1:
        assert [r.startswith("parse") for r in reasons] == [False, True, False, False, True, False], reasons
    # ... and nothing else depends on where batches begin and end: the rows are those of one batch
    expected, db = reference
    assert _unordered(summary) == _unordered(expected)
    for table in TABLES:
        assert rows(tmp_path / "run.duckdb", table) == rows(db, table), table
    # the job did keep batches in flight, and no more than it was allowed
    assert analyser.most_in_flight == 1 + ahead
