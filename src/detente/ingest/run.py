"""The ingest job: read -> prepare -> (analyse) -> store, in batches, idempotent and resumable."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from detente import settings
from detente.ingest.prepare import Document, prepare
from detente.ingest.readers import ReadFailure, ReadSkip, read_paths
from detente.store.db import Store

__all__ = ["IngestSummary", "ingest", "Analyzer"]

logger = logging.getLogger(__name__)


class Analyzer(Protocol):
    """Something that analyses prepared documents and writes its results inside the ingest transaction."""

    def analyze_and_store(self, docs: Sequence[Document], store: Store) -> None: ...


@dataclass
class IngestSummary:
    """What an ingest run did. ``failed`` lists (path, line, reason) so a user can find every bad input."""

    run_id: str
    read: int = 0
    new: int = 0
    duplicate: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: list[tuple[str, int | None, str]] = field(default_factory=list)
    undated: int = 0
    events: int = 0

    @property
    def failed_by_reason(self) -> Counter:
        return Counter(reason for _, _, reason in self.failed)

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id, "read": self.read, "new": self.new, "duplicate": self.duplicate,
            "skipped": dict(self.skipped), "failed": [
                {"path": p, "line": n, "reason": r} for p, n, r in self.failed
            ], "undated": self.undated, "events": self.events,
        }


def ingest(
    paths: Iterable[str | Path],
    *,
    db: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    analyzer: Analyzer | None = None,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read ``paths`` into the store at ``db``. Re-running on the same input adds nothing.

    Documents are written in transactions of ``batch_size``; a run killed half-way loses at most the
    batch in flight, which the next run writes (already-stored documents are recognised by id and hash).
    """
    paths = [str(p) for p in paths]
    size = batch_size or int(settings.get("batch_size"))
    summary = IngestSummary(run_id=uuid.uuid4().hex[:12])
    started = datetime.now()
    with Store(db or settings.get("db")) as store:
        batch: list[Document] = []
        for item in read_paths(paths, field_map=field_map):
            if isinstance(item, ReadSkip):
                summary.skipped[item.reason] += 1
                continue
            if isinstance(item, ReadFailure):
                logger.warning("%s", item)
                summary.failed.append((item.path, item.line, item.reason))
                continue
            summary.read += 1
            if progress:
                progress(1)
            batch.append(prepare(item))
            if len(batch) >= size:
                _write(batch, store, summary, analyzer)
                batch = []
        if batch:
            _write(batch, store, summary, analyzer)
        with store.transaction():
            for path, line, reason in summary.failed:
                store.record_failure(summary.run_id, path, line, reason)
            store.record_run(summary.run_id, started, datetime.now(), paths, summary.as_dict())
    return summary


def _write(batch: list[Document], store: Store, summary: IngestSummary, analyzer: Analyzer | None) -> None:
    known_ids, known_hashes = store.known([d.doc_id for d in batch], [d.content_hash for d in batch])
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
        if doc.status.startswith("skipped"):
            summary.skipped[doc.status.removeprefix("skipped: ")] += 1
        elif doc.status.startswith("failed"):
            summary.failed.append((doc.origin, doc.line, doc.status.removeprefix("failed: ")))
        else:
            summary.new += 1
            if doc.published is None:
                summary.undated += 1
    with store.transaction():
        store.insert_documents([doc.row() for doc in fresh])
        if analyzer is not None:
            analyzable = [d for d in fresh if d.status == "ok"]
            if analyzable:
                analyzer.analyze_and_store(analyzable, store)
    logger.info("committed batch of %d documents (%d new in store)", len(batch), len(fresh))
