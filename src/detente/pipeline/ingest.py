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
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from detente.core import settings
from detente.intake.prepare import Document, identity, prepare
from detente.intake.readers import RawDocument, ReadFailure, ReadSkip, read_paths
from detente.pipeline.analyse import Item, Memory, analyze_docs
from detente.pipeline.identity import Identities, Known, Verdict
from detente.pipeline.results import DocResult

__all__ = ["AHEAD", "Analyser", "Change", "IngestSummary", "Pending", "Sink", "Submitter", "analyse_in_process",
           "count_stored", "ingest", "new_run_id", "note_verdict", "prepared", "problem_records", "write_errors"]

logger = logging.getLogger(__name__)

#: Analyses a batch of prepared documents with a corpus memory; returns one result per document, in order.
Analyser = Callable[[Sequence[Document], Memory], list[DocResult]]

#: Batches whose analysis is started before the batch before them is written: the workers parse batch k+1
#: while this process commits batch k, and at most ``1 + AHEAD`` batches are held in memory.
AHEAD = 1


class Pending(Protocol):
    """A batch's analysis under way (a :class:`concurrent.futures.Future` is one)."""

    def result(self) -> list[DocResult]: ...


class Submitter(Protocol):
    """An analyser that can start a batch and be asked for its results later (a pool of workers, a cluster):
    the ingest job then writes one batch while the next is analysed. A plain :data:`Analyser` is run when its
    batch is started."""

    def __call__(self, docs: Sequence[Document], memory: Memory) -> list[DocResult]: ...

    def submit(self, docs: Sequence[Document], memory: Memory) -> Pending: ...


@dataclass(frozen=True)
class _Done:
    """The results of an analyser that ran at once."""

    results: list[DocResult]

    def result(self) -> list[DocResult]:
        return self.results


class Sink(Protocol):
    """Where an ingest writes: the store implements it; a test or an exporter may too."""

    def memory(self) -> Memory: ...

    def known(self, doc_ids: Sequence[str], hashes: Sequence[str]) -> Known: ...

    def stored(self, doc_ids: Sequence[str]) -> list[Document]: ...

    def write(self, documents: Sequence[Document], results: Sequence[DocResult], *, run_id: str = "",
              failures: Sequence[tuple[str, int | None, str]] = (), analysed: bool = True,
              replace: Sequence[str] = (), completed: Sequence[Document] = ()) -> None: ...

    def finish(self, summary: IngestSummary, *, started: datetime, finished: datetime, paths: list[str]) -> None: ...


@dataclass(frozen=True)
class Change:
    """A document id seen again with another text: where, and the content hashes of both versions."""

    path: str
    line: int | None
    doc_id: str
    old_hash: str
    new_hash: str
    #: True when the new version replaced the old one (``update``), else the old one was kept
    replaced: bool = False


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
    #: ids seen again with another text: kept as they were (``changed``) or replaced (``updated``)
    changes: list[Change] = field(default_factory=list)
    #: documents stored earlier without events whose events this run extracted
    completed: int = 0

    @property
    def changed(self) -> int:
        return sum(not c.replaced for c in self.changes)

    @property
    def updated(self) -> int:
        return sum(c.replaced for c in self.changes)

    @property
    def failed_by_reason(self) -> Counter[str]:
        return Counter(reason for _, _, reason in self.failed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "read": self.read, "new": self.new, "duplicate": self.duplicate,
            "changed": self.changed, "updated": self.updated, "completed": self.completed,
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
    update: bool = False,
    ahead: int = AHEAD,
) -> IngestSummary:
    """Read ``paths`` into ``sink``; with an ``analyser`` (None: documents only) also their events.

    Documents are written in transactions of ``batch_size``; a run killed half-way loses at most the batches in
    flight (``1 + ahead``), which the next run writes (already-stored documents are recognised by id and hash).
    ``run_id`` is the run's name in the store (default: a new one); an analyser that writes files names them
    after it.
    An id seen again with another text is reported as changed and the stored version kept, or with ``update``
    replaced with its events; a stored document that has no events yet gets them when an analyser is given.
    With an analyser that can :meth:`~Submitter.submit`, ``ahead`` batches are analysed while the one before
    them is written; the summary and what is stored do not depend on it.
    """
    names = [str(p) for p in paths]
    size = batch_size or int(settings.get("batch_size"))
    summary = IngestSummary(run_id=run_id or new_run_id())
    started = datetime.now()
    memory = sink.memory() if analyser is not None else {}
    identities = Identities(update=update)
    flights: deque[_Flight] = deque()
    part = IngestSummary(run_id=summary.run_id)  # what reading the batch being read found
    batch: list[RawDocument] = []
    written = 0  # failures already written with a batch
    try:
        for item in read_paths(names, field_map=field_map):
            if isinstance(item, ReadSkip):
                part.skipped[item.reason] += 1
                part.skipped_inputs.append((item.path, None, item.reason))
                continue
            if isinstance(item, ReadFailure):
                logger.warning("%s", item)
                part.failed.append((item.path, item.line, item.reason))
                continue
            part.read += 1
            if progress:
                progress(1)
            batch.append(item)
            if len(batch) >= size:
                flights.append(_launch(batch, part, sink, identities, analyser, memory))
                batch, part = [], IngestSummary(run_id=summary.run_id)
                while len(flights) > max(0, ahead):
                    written = _land(flights.popleft(), sink, summary, written)
        if batch or part.failed:
            flights.append(_launch(batch, part, sink, identities, analyser, memory))
        else:
            _merge(summary, part)  # skipped inputs after the last batch
        while flights:
            written = _land(flights.popleft(), sink, summary, written)
    finally:
        for flight in flights:  # a failed write or analysis: the batches in flight are not written
            _cancel(flight.pending)
    sink.finish(summary, started=started, finished=datetime.now(), paths=names)
    return summary


@dataclass
class _Flight:
    """A batch whose documents are judged and whose analysis is started: what it found so far (``part``, merged
    into the run's summary when the batch is written, so the summary is the same for any ``ahead``)."""

    part: IngestSummary
    plan: _Plan
    analysable: list[Document]
    pending: Pending | None
    analysing: bool
    cleaned: int  # documents cleaned and judged


def _launch(batch: list[RawDocument], part: IngestSummary, sink: Sink, identities: Identities,
            analyser: Analyser | None, memory: Memory) -> _Flight:
    """Clean and judge a batch (against the run so far and the store) and start its analysis."""
    analysing = analyser is not None
    docs = _unstored(batch, sink, part, identities, analysing=analysing)
    plan = _plan(docs, sink, part, identities, analysing=analysing)
    analysable = [d for d in [*plan.write, *plan.complete] if d.status == "ok"]
    pending: Pending | None = None
    if analyser is not None and analysable:
        submit = getattr(analyser, "submit", None)
        pending = submit(analysable, memory) if submit is not None else _Done(analyser(analysable, memory))
    return _Flight(part, plan, analysable, pending, analysing, len(docs))


def _cancel(pending: Pending | None) -> None:
    cancel = getattr(pending, "cancel", None)
    if cancel is not None:
        cancel()


def _merge(summary: IngestSummary, part: IngestSummary) -> None:
    """Add what one batch found to the run's summary (counts added, lists extended, in batch order)."""
    for item in fields(IngestSummary):
        if item.name == "run_id":
            continue
        mine, theirs = getattr(summary, item.name), getattr(part, item.name)
        if isinstance(mine, int):
            setattr(summary, item.name, mine + theirs)
        elif isinstance(mine, Counter):
            mine.update(theirs)
        else:
            mine.extend(theirs)


def _unstored(batch: list[RawDocument], sink: Sink, summary: IngestSummary, identities: Identities, *,
              analysing: bool) -> list[Document]:
    """The batch's documents, cleaned, except those the store already holds as they are: a stored id with the
    same raw text (with its events, or none wanted) or a text stored under another id is counted as a duplicate
    before it is cleaned, so re-reading a stored corpus costs no cleaning or language id. Everything else
    (changes, updates, stored documents still without events, repeats within the run) is judged after
    cleaning by :func:`_plan`, with the same rules."""
    if not batch:
        return []
    keys = [identity(raw) for raw in batch]
    known = sink.known([i for i, _ in keys], [h for _, h in keys])
    found: list[Document] = []
    for raw, (doc_id, digest) in zip(batch, keys, strict=True):
        verdict = identities.stored_duplicate(doc_id, digest, known)
        needs_events = (analysing and verdict is not None and verdict.stored is not None
                        and verdict.stored.status == "ok" and not verdict.stored.events_extracted)
        if verdict is not None and not needs_events:
            if verdict.stored is not None:
                identities.remember(doc_id, digest)
            summary.duplicate += 1
            if verdict.earlier != doc_id:
                logger.info("%s: same text as document %s; not stored again", _where(raw.origin, raw.line),
                            verdict.earlier)
            continue
        if (doc := prepared(raw, summary)) is not None:
            found.append(doc)
    return found


def prepared(raw: RawDocument, summary: IngestSummary) -> Document | None:
    """The cleaned document, or None with the failure recorded (the cleaner's own bug, with ``--verbose``)."""
    try:
        return prepare(raw)
    except Exception as error:  # noqa: BLE001  (the clean stage's boundary)
        reason = f"clean: {type(error).__name__}: {str(error)[:300]}"
        logger.warning("%s: %s", _where(raw.origin, raw.line), reason)
        logger.info("traceback of the failure", exc_info=True)
        summary.failed.append((raw.origin, raw.line, reason))
        return None


def _where(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else path


def note_verdict(doc: Document, verdict: Verdict, summary: IngestSummary) -> None:
    """Count and log a document seen before (duplicate, changed or updated); a new one is counted once its
    analysis is done (:func:`count_stored`)."""
    where = _where(doc.origin, doc.line)
    if verdict.outcome == "duplicate":
        summary.duplicate += 1
        if verdict.earlier != doc.doc_id:
            logger.info("%s: same text as document %s; not stored again", where, verdict.earlier)
    elif verdict.outcome in ("changed", "updated"):
        replaced = verdict.outcome == "updated"
        summary.changes.append(Change(doc.origin, doc.line, doc.doc_id, verdict.old_hash or "", doc.content_hash,
                                      replaced=replaced))
        logger.warning("%s: id %s seen again with another text (content hash %s, was %s); %s", where, doc.doc_id,
                       doc.content_hash, verdict.old_hash,
                       "the new version replaces the old one" if replaced else "the earlier version is kept")


def count_stored(doc: Document, summary: IngestSummary, *, new: bool = True) -> None:
    """Count a document written (or emitted) by its status: new (``new``: not an update), skipped or failed."""
    summary.warnings.update({w["kind"] for w in doc.warnings})
    if doc.status.startswith("skipped"):
        summary.skipped[doc.status.removeprefix("skipped: ")] += 1
        summary.skipped_inputs.append((doc.origin, doc.line, doc.status.removeprefix("skipped: ")))
    elif doc.status.startswith("failed"):
        summary.failed.append((doc.origin, doc.line, doc.status.removeprefix("failed: ")))
    elif new:
        summary.new += 1
        if doc.published is None:
            summary.undated += 1


@dataclass
class _Plan:
    """A batch sorted by verdict: documents to write (new or replacing), ids replaced, stored documents that
    still need their events."""

    write: list[Document] = field(default_factory=list)
    updated: set[str] = field(default_factory=set)
    complete: list[Document] = field(default_factory=list)


def _plan(batch: list[Document], sink: Sink, summary: IngestSummary, identities: Identities,
          analysing: bool) -> _Plan:
    """Judge every document of a batch against the run so far and the store (by id, then by content hash)."""
    known = sink.known([d.doc_id for d in batch], [d.content_hash for d in batch])
    plan = _Plan()
    incomplete: list[str] = []
    for doc in batch:
        verdict = identities.judge(doc.doc_id, doc.content_hash, known)
        note_verdict(doc, verdict, summary)
        if verdict.outcome == "new":
            plan.write.append(doc)
        elif verdict.outcome == "updated":
            # last wins: an earlier version in this batch is not written at all, and the new one is new to the
            # store unless the earlier one was stored
            earlier = [d for d in plan.write if d.doc_id == doc.doc_id]
            plan.write = [d for d in plan.write if d.doc_id != doc.doc_id]
            plan.write.append(doc)
            if not earlier or doc.doc_id in plan.updated:
                plan.updated.add(doc.doc_id)
        elif (verdict.outcome == "duplicate" and analysing and verdict.stored is not None
              and verdict.stored.status == "ok" and not verdict.stored.events_extracted):
            incomplete.append(doc.doc_id)
    if incomplete:
        plan.complete = sink.stored(incomplete)
        logger.info("%d stored documents have no events yet; extracting them", len(plan.complete))
    return plan


def _analysed(flight: _Flight) -> list[DocResult]:
    """The results of the analysable documents; one that failed keeps its document, stored as failed."""
    if flight.pending is None:
        return []
    results = flight.pending.result()
    by_id = {d.doc_id: d for d in flight.analysable}
    for result in results:
        if result.failure is not None and (doc := by_id.get(result.doc_id)) is not None:
            doc.status = f"failed: {result.failure}"
            logger.warning("%s: %s", _where(doc.origin, doc.line), result.failure)
    return [r for r in results if r.failure is None]


def _land(flight: _Flight, sink: Sink, summary: IngestSummary, written: int) -> int:
    """Write a batch whose analysis is done, and the failures not written yet; returns how many failures are
    now written."""
    plan, part = flight.plan, flight.part
    results = _analysed(flight)
    for doc in plan.write:
        count_stored(doc, part, new=doc.doc_id not in plan.updated)
    for doc in plan.complete:
        if doc.status.startswith("failed"):
            part.failed.append((doc.origin, doc.line, doc.status.removeprefix("failed: ")))
        else:
            part.completed += 1
    _merge(summary, part)
    sink.write(plan.write, results, run_id=summary.run_id, failures=summary.failed[written:],
               analysed=flight.analysing,
               replace=sorted(plan.updated), completed=plan.complete)
    summary.events += sum(len(r.events) for r in results)
    logger.info("committed batch of %d documents (%d written, %d replaced, %d given their events)",
                flight.cleaned, len(plan.write), len(plan.updated), len(plan.complete))
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
    """Every failed, skipped and changed input of a run (file, line, stage, reason): the records the summary
    counts. A changed or updated id also has ``doc_id``, ``old_hash`` and ``new_hash``."""
    return [
        *({"outcome": "failed", "path": p, "line": n, "stage": _stage(r), "reason": r} for p, n, r in summary.failed),
        *({"outcome": "skipped", "path": p, "line": n, "stage": "language" if r.startswith("language") else "read",
           "reason": r} for p, n, r in summary.skipped_inputs),
        *({"outcome": "updated" if c.replaced else "changed", "path": c.path, "line": c.line, "stage": "identity",
           "reason": f"id {c.doc_id} seen again with another text; "
                     + ("the new version replaced the old one" if c.replaced else "the earlier version was kept"),
           "doc_id": c.doc_id, "old_hash": c.old_hash, "new_hash": c.new_hash} for c in summary.changes),
    ]


def write_errors(summary: IngestSummary, path: str | Path) -> int:
    """Write :func:`problem_records` as JSON Lines to ``path``; returns how many were written."""
    records = problem_records(summary)
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)
