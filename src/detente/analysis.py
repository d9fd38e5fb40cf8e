"""Run the NLP stages on prepared documents: the one place where texts meet the spaCy pipeline."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from spacy.tokens import Doc

from detente.events.dates import as_date
from detente.ingest.prepare import prepare
from detente.ingest.readers import RawDocument

__all__ = ["analyze_texts", "analyze_docs", "actor_index"]


@contextmanager
def actor_index(nlp, *, extra_actors=None, memory=None):
    """Use a suite's actor dictionary or the corpus memory for the duration of a block."""
    from detente.actors.component import index_for

    component = nlp.get_pipe("detente_actors")
    previous = component.index
    if extra_actors or memory:
        # The phrase matcher is built once per actor dictionary (cached); the corpus memory changes every batch
        # and is only a lookup table, so it goes on a shallow copy instead of a rebuilt matcher.
        index = copy.copy(index_for(nlp, extra_actors))
        index.memory = dict(memory or {})
        component.index = index
    try:
        yield component
    finally:
        component.index = previous


def analyze_docs(items: Iterable[tuple[str, str, date | None]], *, extra_actors=None, memory=None,
                 batch_size: int = 32) -> Iterator[tuple[str, date | None, Doc, list]]:
    """Parse ``(doc_id, clean text, published)`` items; yield (doc_id, published, Doc, events)."""
    from detente.nlp.pipeline import load_pipeline

    nlp = load_pipeline()

    def docs() -> Iterator[Doc]:
        for doc_id, text, published in items:
            doc = nlp.make_doc(text)
            doc._.doc_id = doc_id
            doc._.published = published
            yield doc

    with actor_index(nlp, extra_actors=extra_actors, memory=memory):
        for doc in nlp.pipe(docs(), batch_size=batch_size):
            yield doc._.doc_id, doc._.published, doc, doc._.events or []


def analyze_texts(records: Iterable[dict[str, Any]], *, extra_actors=None, memory=None,
                  batch_size: int = 32) -> Iterator[tuple[str, date | None, Doc, list]]:
    """Clean and analyse ``{id, text, published}`` dicts (the evaluation and ``extract`` input)."""

    def items() -> Iterator[tuple[str, str, date | None]]:
        for record in records:
            raw = RawDocument(text=str(record.get("text") or ""), origin=str(record.get("id")), format="txt",
                              id=record.get("id"), published=record.get("published"))
            doc = prepare(raw)
            yield doc.doc_id, doc.text, doc.published or as_date(record.get("published"))

    yield from analyze_docs(items(), extra_actors=extra_actors, memory=memory, batch_size=batch_size)
