"""Analyse documents during ingest and store their actors, events and corpus memory in the same transaction."""

from __future__ import annotations

import bisect
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
        mentions: list[list] = []
        roles: list[tuple] = []
        records: list[dict] = []
        quotes: list[tuple[dict, object]] = []
        claims: list[tuple[dict, object]] = []
        for doc_id, published, doc, events in analyze_docs(items, memory=memory):
            sentences = list(doc.sents)
            starts = [sentence.start_char for sentence in sentences]
            for actor in doc._.actors or []:
                mention_id = hashlib.sha1(f"{doc_id}|{actor.start_char}|{actor.end_char}".encode()).hexdigest()[:16]
                mentions.append([mention_id, doc_id, bisect.bisect_right(starts, actor.start_char) - 1,
                                 actor.start_char, actor.end_char, actor.text, actor.name, actor.code, actor.sector,
                                 actor.method, actor.confidence])
                if actor.method == "title" and actor.name and actor.code and published is not None:
                    sentence = sentences[bisect.bisect_right(starts, actor.start_char) - 1]
                    roles.append((actor.name, actor.code, actor.sector or "GOV", "", published, doc_id,
                                  sentence.text.strip()))
            records.extend(event.record(lexicon) for event in events)
            quotes.extend((quote.record(), published) for quote in doc._.quotes or [])
            claims.extend((claim.record(), published) for claim in doc._.claims or [])
        # One statement per table per batch: row-by-row inserts cost more than the parsing.
        store.insert_rows("mentions", mentions)
        store.remember_roles(roles)
        store.insert_events(records)
        store.insert_quotes(quotes)
        store.insert_claims(claims)
        self.events_stored += len(records)
        logger.info("analysed %d documents", len(docs))
