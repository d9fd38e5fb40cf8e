"""The store as an ingest :class:`~detente.pipeline.ingest.Sink`: each batch's documents and results in one
transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from detente.intake.prepare import Document
from detente.pipeline.analyse import Memory
from detente.pipeline.ingest import IngestSummary
from detente.pipeline.results import DocResult
from detente.store.db import Store

__all__ = ["StoreSink"]

logger = logging.getLogger(__name__)


class StoreSink:
    """Writes ingest batches into a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def memory(self) -> Memory:
        return self.store.role_memory()

    def known(self, doc_ids: Sequence[str], hashes: Sequence[str]) -> tuple[set[str], dict[str, str]]:
        return self.store.known(doc_ids, hashes)

    def write(self, documents: Sequence[Document], results: Sequence[DocResult]) -> None:
        store = self.store
        with store.transaction():
            store.insert_documents([doc.row() for doc in documents])
            # One statement per table per batch: row-by-row inserts cost more than the parsing.
            store.insert_mentions([m for r in results for m in r.mentions])
            store.remember_roles([(s["name"], s["code"], s["sector"], "", r.published, s["doc_id"], s["evidence"])
                                  for r in results for s in r.roles])
            store.insert_events([e for r in results for e in r.events])
            store.insert_quotes([(q, r.published) for r in results for q in r.quotes])
            store.insert_claims([(c, r.published) for r in results for c in r.claims])

    def finish(self, summary: IngestSummary, *, started: datetime, finished: datetime, paths: list[str]) -> None:
        with self.store.transaction():
            for path, line, reason in summary.failed:
                self.store.record_failure(summary.run_id, path, line, reason)
            self.store.record_run(summary.run_id, started, finished, paths, summary.as_dict())
