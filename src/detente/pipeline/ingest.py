"""The ingest job: read -> prepare -> analyse -> write, in batches, idempotent and resumable.

The job knows nothing of the store: it writes through a :class:`Sink` (the store layer's ``StoreSink``), and
analyses through an :data:`Analyser` (in this process by default; a pool of workers or a Dask cluster plug in
the same way). Corpus memory is read once at the start of a run, so what a document teaches about a person
never depends on which batch or worker saw it first; it is written with each batch for the next run.

One bad document never stops a run: reading, cleaning, analysis and writing each have a per-document boundary.
A failure is written with the batch it occurs in (so a killed run keeps it), and a document that failed after
it was read is stored with its ``failed: <stage>: <reason>`` status, so a rerun recognises it and does not try
it again.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from detente.core import settings
from detente.intake.prepare import Document, identity, prepare
from detente.intake.readers import RawDocument, ReadFailure, ReadSkip, read_paths
from detente.pipeline.analyse import Item, Memory, analyze_docs
from detente.pipeline.results import DocResult

__all__ = ["Analyser", "IngestSummary", "Sink", "analyse_in_process", "ingest", "new_run_id", "problem_records",
           "write_errors"]

logger = logging.getLogger(__name__)

#: Analyses a batch of prepared documents with a corpus memory; returns one result per document, in order.
Analyser = Callable[[Sequence[Document], Memory], list[DocResult]]


class Sink(Protocol):
    """Where an ingest writes: the store implements it; a test or an exporter may too."""

    def memory(self) -> Memory: ...

    def known(self, doc_ids: Sequence[str], hashes: Sequence[str]) -> tuple[set[str], dict[str, str]]: ...

    def write(self, documents: Sequence[Document], results: Sequence[DocResult], *, run_id: str = "",
              failures: Sequence[tuple[str, int | None, str]] = ()) -> None: ...

    def finish(self, summary: IngestSummary, *, started: datetime, finished: datetime, paths: list[str]) -> None: ...


@dataclass
class IngestSummary:
    """What an ingest run did. ``failed`` lists (path, line, reason) so a user can find every bad input."""

    run_id: str
    read: int = 0
    new: int = 0
    duplicate: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, int | None, str]] = field(default_factory=list)
    undated: int = 0
    events: int = 0
    #: every skipped input by name, as ``failed`` (``skipped`` counts them by reason)
    skipped_inputs: list[tuple[str, int | None, str]] = field(default_factory=list)
    #: stored documents whose text decoding or cleaning had to repair, by kind of warning
    warnings: Counter[str] = field(default_factory=Counter)

    @property
    def failed_by_reason(self) -> Counter[str]:
        return Counter(reason for _, _, reason in self.failed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "read": self.read, "new": self.new, "duplicate": self.duplicate,
            "skipped": dict(self.skipped), "failed": [
                {"path": p, "line": n, "reason": r} for p, n, r in self.failed
            ], "undated": self.undated, "events": self.events, "warnings": dict(self.warnings),
        }


def new_run_id() -> str:
    """A fresh ingest run id (12 hex digits)."""
    return uuid.uuid4().hex[:12]


def analyse_in_process(docs: Sequence[Document], memory: Memory) -> list[DocResult]:
    """The default analyser: the pipeline in this process."""
    return list(analyze_docs((Item(d.doc_id, d.text, d.published, d.url, d.source) for d in docs), memory=memory))


def ingest(
    paths: Iterable[str | Path],
    *,
    sink: Sink,
    field_map: dict[str, str] | None = None,
    analyser: Analyser | None = analyse_in_process,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    run_id: str | None = None,
) -> IngestSummary:
    """Read ``paths`` into ``sink``; with an ``analyser`` (None: documents only) also their events.

    Documents are written in transactions of ``batch_size``; a run killed half-way loses at most the batch in
    flight, which the next run writes (already-stored documents are recognised by id and hash). ``run_id`` is
    the run's name in the store (default: a new one); an analyser that writes files names them after it.
    """
    names = [str(p) for p in paths]
    size = batch_size or int(settings.get("batch_size"))
    summary = IngestSummary(run_id=run_id or new_run_id())
    started = datetime.now()
    memory = sink.memory() if analyser is not None else {}
    batch: list[RawDocument] = []
    written = 0  # failures already written with a batch
    for item in read_paths(names, field_map=field_map):
        if isinstance(item, ReadSkip):
            summary.skipped[item.reason] += 1
            summary.skipped_inputs.append((item.path, None, item.reason))
            continue
        if isinstance(item, ReadFailure):
            logger.warning("%s", item)
            summary.failed.append((item.path, item.line, item.reason))
            continue
        summary.read += 1
        if progress:
            progress(1)
        batch.append(item)
        if len(batch) >= size:
            written = _write(_unstored(batch, sink, summary), sink, summary, analyser, memory, written)
            batch = []
    if batch or written < len(summary.failed):
        _write(_unstored(batch, sink, summary), sink, summary, analyser, memory, written)
    sink.finish(summary, started=started, finished=datetime.now(), paths=names)
    return summary


def _unstored(batch: list[RawDocument], sink: Sink, summary: IngestSummary) -> list[Document]:
    """The batch's documents not stored yet, cleaned: one whose id or raw-text hash the store has is counted as a
    duplicate before it is cleaned (re-reading a stored corpus costs no cleaning or language id); duplicates
    within the batch are told by :func:`_fresh`, after cleaning, as before."""
    identities = [identity(raw) for raw in batch]
    known_ids, known_hashes = sink.known([i for i, _ in identities], [h for _, h in identities]) if batch \
        else (set(), {})
    prepared: list[Document] = []
    for raw, (doc_id, digest) in zip(batch, identities, strict=True):
        if doc_id in known_ids or digest in known_hashes:
            summary.duplicate += 1
            if doc_id not in known_ids:
                logger.info("%s: same text as document %s; not stored again", raw.origin, known_hashes[digest])
            continue
        if (doc := _prepared(raw, summary)) is not None:
            prepared.append(doc)
    return prepared


def _prepared(raw: RawDocument, summary: IngestSummary) -> Document | None:
    """The cleaned document, or None with the failure recorded (the cleaner's own bug, with ``--verbose``)."""
    try:
        return prepare(raw)
    except Exception as error:  # noqa: BLE001  (the clean stage's boundary)
        reason = f"clean: {type(error).__name__}: {str(error)[:300]}"
        logger.warning("%s: %s", f"{raw.origin}:{raw.line}" if raw.line is not None else raw.origin, reason)
        logger.info("traceback of the failure", exc_info=True)
        summary.failed.append((raw.origin, raw.line, reason))
        return None


def _fresh(batch: list[Document], sink: Sink, summary: IngestSummary) -> list[Document]:
    """The documents of a batch not stored yet (by id, then by content hash), counted in the summary."""
    known_ids, known_hashes = sink.known([d.doc_id for d in batch], [d.content_hash for d in batch])
    fresh: list[Document] = []
    seen_ids: set[str] = set()
    seen_hashes: set[str] = set()
    for doc in batch:
        if doc.doc_id in known_ids or doc.doc_id in seen_ids:
            summary.duplicate += 1
            continue
        if doc.content_hash in known_hashes or doc.content_hash in seen_hashes:
            summary.duplicate += 1
            logger.info("%s: same text as document %s; not stored again", doc.origin,
                        known_hashes.get(doc.content_hash, "earlier in this run"))
            continue
        seen_ids.add(doc.doc_id)
        seen_hashes.add(doc.content_hash)
        fresh.append(doc)
        summary.warnings.update({w["kind"] for w in doc.warnings})
        if doc.status.startswith("skipped"):
            summary.skipped[doc.status.removeprefix("skipped: ")] += 1
            summary.skipped_inputs.append((doc.origin, doc.line, doc.status.removeprefix("skipped: ")))
        elif doc.status.startswith("failed"):
            summary.failed.append((doc.origin, doc.line, doc.status.removeprefix("failed: ")))
        else:
            summary.new += 1
            if doc.published is None:
                summary.undated += 1
    return fresh


def _analysed(docs: list[Document], summary: IngestSummary, analyser: Analyser | None,
              memory: Memory) -> list[DocResult]:
    """The results of the analysable documents; one that failed keeps its document, stored as failed."""
    if analyser is None or not docs:
        return []
    results = analyser(docs, memory)
    by_id = {d.doc_id: d for d in docs}
    for result in results:
        if result.failure is not None and (doc := by_id.get(result.doc_id)) is not None:
            doc.status = f"failed: {result.failure}"
            summary.new -= 1
            summary.undated -= doc.published is None
            summary.failed.append((doc.origin, doc.line, result.failure))
            logger.warning("%s: %s", f"{doc.origin}:{doc.line}" if doc.line is not None else doc.origin,
                           result.failure)
    return [r for r in results if r.failure is None]


def _write(batch: list[Document], sink: Sink, summary: IngestSummary, analyser: Analyser | None,
           memory: Memory, written: int) -> int:
    """Write a batch and the failures not written yet; returns how many failures are now written."""
    fresh = _fresh(batch, sink, summary)
    analysable = [d for d in fresh if d.status == "ok"]
    results = _analysed(analysable, summary, analyser, memory)
    sink.write(fresh, results, run_id=summary.run_id, failures=summary.failed[written:])
    summary.events += sum(len(r.events) for r in results)
    logger.info("committed batch of %d documents (%d new in store)", len(batch), len(fresh))
    return len(summary.failed)


# Reasons of failures after reading start with their stage ("parse: ...", "clean: ..."); a reason without one is
# the reader's.
_STAGES = ("decode", "clean", "date", "parse", "extract", "store")


def _stage(reason: str) -> str:
    head = reason.split(":", 1)[0]
    if head in _STAGES:
        return head
    return "clean" if reason == "no text after cleaning" else "read"


def problem_records(summary: IngestSummary) -> list[dict[str, Any]]:
    """Every failed and skipped input of a run (file, line, stage, reason): the records the summary counts."""
    return [
        *({"outcome": "failed", "path": p, "line": n, "stage": _stage(r), "reason": r} for p, n, r in summary.failed),
        *({"outcome": "skipped", "path": p, "line": n, "stage": "language" if r.startswith("language") else "read",
           "reason": r} for p, n, r in summary.skipped_inputs),
    ]


def write_errors(summary: IngestSummary, path: str | Path) -> int:
    """Write :func:`problem_records` as JSON Lines to ``path``; returns how many were written."""
    records = problem_records(summary)
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)
