"""Analyse documents during ingest and store their actors, events and corpus memory in the same transaction."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

from detente.events.lexicon import load_lexicon
from detente.ingest.prepare import Document
from detente.store.db import Store

__all__ = ["StoreAnalyzer"]

logger = logging.getLogger(__name__)


class StoreAnalyzer:
    """The ingest :class:`~detente.ingest.run.Analyzer` that extracts events and stores them."""

    def __init__(self) -> None:
        self.events_stored = 0

    def analyze_and_store(self, docs: Sequence[Document], store: Store) -> None:
        from detente.analysis import analyze_docs

        memory = store.role_memory()
        lexicon = load_lexicon()
        items = [(d.doc_id, d.text, d.published) for d in docs]
        for doc_id, published, doc, events in analyze_docs(items, memory=memory):
            for actor in doc._.actors or []:
                mention_id = hashlib.sha1(f"{doc_id}|{actor.start_char}|{actor.end_char}".encode()).hexdigest()[:16]
                sentence = next((n for n, s in enumerate(doc.sents) if s.start_char <= actor.start_char < s.end_char),
                                None)
                store.con.execute(
                    "INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [mention_id, doc_id, sentence, actor.start_char, actor.end_char, actor.text, actor.name,
                     actor.code, actor.sector, actor.method, actor.confidence],
                )
                if actor.method == "title" and actor.name and actor.code and published is not None:
                    store.remember_role(actor.name, actor.code, actor.sector or "GOV", "", published, doc_id,
                                        doc.text[actor.start_char:actor.end_char])
            for event in events:
                store.insert_event(event.record(lexicon))
                self.events_stored += 1
            for quote in doc._.quotes or []:
                store.insert_quote(quote.record(), published)
            for claim in doc._.claims or []:
                store.insert_claim(claim.record(), published)
        logger.info("analysed %d documents", len(docs))
