"""Event records with no database: from ``{id, text, published}`` dicts, from one text, or from files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from detente.core.records import EventRecord
from detente.intake.prepare import prepare
from detente.intake.readers import ReadFailure, ReadSkip, read_paths
from detente.pipeline.analyse import Item, analyze_texts
from detente.pipeline.parallel import analyse_items

__all__ = ["extract_paths", "extract_records", "extract_text"]


def extract_records(docs: Iterable[Mapping[str, Any]], *,
                    extra_actors: Mapping[str, tuple[str, str | None]] | None = None,
                    batch_size: int = 32, partial_events: bool = False) -> Iterator[EventRecord]:
    """Run the whole pipeline (clean -> parse -> actors -> events) on ``{id, text, published}`` dicts.

    ``partial_events`` also yields events missing a party (see ``detente.events.extract.complete``)."""
    for result in analyze_texts(docs, extra_actors=extra_actors, batch_size=batch_size,
                                partial_events=partial_events):
        yield from result.events


def extract_text(text: str, *, published: str | date | None = None, doc_id: str = "text") -> list[EventRecord]:
    """Events of one article given as a string."""
    return list(extract_records([{"id": doc_id, "text": text, "published": published}]))


def extract_paths(paths: Iterable[str | Path], *, field_map: Mapping[str, str] | None = None,
                  on_failure: Callable[[str], None] | None = None, workers: int = 1) -> Iterator[EventRecord]:
    """Stream event records for files, folders or ``-``; unreadable inputs go to ``on_failure``; with ``workers``
    > 1 documents are analysed in that many processes (records still in input order)."""

    def items() -> Iterator[Item]:
        for item in read_paths(paths, field_map=dict(field_map or {})):
            if isinstance(item, ReadFailure):
                if on_failure:
                    on_failure(str(item))
                continue
            if isinstance(item, ReadSkip):
                continue
            doc = prepare(item)
            if doc.status == "ok":
                yield Item(doc.doc_id, doc.text, doc.published, doc.url, doc.source)
            elif on_failure and doc.status.startswith("failed"):
                on_failure(f"{doc.origin}: {doc.status}")

    for result in analyse_items(items(), workers=workers):
        yield from result.events
