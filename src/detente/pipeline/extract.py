"""Event records with no database: from ``{id, text, published}`` dicts, from one text, or from files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from detente.core.records import EventRecord
from detente.intake.prepare import Document
from detente.intake.readers import RawDocument, ReadFailure, ReadSkip, read_paths
from detente.pipeline.analyse import Item, analyze_texts
from detente.pipeline.identity import Identities
from detente.pipeline.ingest import IngestSummary, count_stored, note_verdict, prepared
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
                  on_failure: Callable[[str], None] | None = None, workers: int = 1,
                  summary: IngestSummary | None = None, update: bool = False) -> Iterator[EventRecord]:
    """Stream event records for files, folders or ``-``; unreadable inputs go to ``on_failure``; with ``workers``
    > 1 documents are analysed in that many processes (records still in input order).

    Documents seen again follow ingest's rules (:class:`~detente.pipeline.identity.Identities`): a repeated id
    with the same text, or a text under a second id, is a duplicate and gives no records; a repeated id with
    another text is ``changed`` and skipped, or with ``update`` analysed too (its records follow the earlier
    version's, which are already out: a reader keeping the last records per ``doc_id`` gets last-wins). What
    happened to each input is counted in ``summary`` (for :func:`~detente.pipeline.ingest.write_errors`)."""
    run = _Run(summary if summary is not None else IngestSummary(run_id="extract"), on_failure, update)
    for result in analyse_items(run.items(read_paths(paths, field_map=dict(field_map or {}))), workers=workers):
        if result.failure is not None:
            path, line = run.where.get(result.doc_id, (result.doc_id, None))
            run.summary.new -= 1
            run.fail(path, line, result.failure)
            continue
        run.summary.events += len(result.events)
        yield from result.events


class _Run:
    """One extract run: what it has seen, and where each document came from (to name a failed analysis)."""

    def __init__(self, summary: IngestSummary, on_failure: Callable[[str], None] | None, update: bool) -> None:
        self.summary = summary
        self.on_failure = on_failure
        self.identities = Identities(update=update)
        self.where: dict[str, tuple[str, int | None]] = {}

    def fail(self, path: str, line: int | None, reason: str, *, recorded: bool = False) -> None:
        if not recorded:
            self.summary.failed.append((path, line, reason))
        if self.on_failure:
            self.on_failure(f"{path}:{line}: {reason}" if line is not None else f"{path}: {reason}")

    def items(self, inputs: Iterable[RawDocument | ReadFailure | ReadSkip]) -> Iterator[Item]:
        """The documents to analyse, each input counted in the summary as ingest counts it."""
        for item in inputs:
            if isinstance(item, ReadFailure):
                self.summary.failed.append((item.path, item.line, item.reason))
                if self.on_failure:
                    self.on_failure(str(item))
            elif isinstance(item, ReadSkip):
                self.summary.skipped[item.reason] += 1
                self.summary.skipped_inputs.append((item.path, None, item.reason))
            else:
                self.summary.read += 1
                doc = prepared(item, self.summary)
                if doc is None:
                    self.fail(item.origin, item.line, self.summary.failed[-1][2], recorded=True)
                elif self._admitted(doc):
                    self.where[doc.doc_id] = (doc.origin, doc.line)
                    yield Item(doc.doc_id, doc.text, doc.published, doc.url, doc.source)

    def _admitted(self, doc: Document) -> bool:
        """Whether a document is analysed: new (or an update, with ``update``) and its status ok."""
        verdict = self.identities.judge(doc.doc_id, doc.content_hash)
        note_verdict(doc, verdict, self.summary)
        if verdict.outcome in ("duplicate", "changed"):
            return False
        if doc.status.startswith("failed"):
            self.fail(doc.origin, doc.line, doc.status.removeprefix("failed: "))
            return False
        count_stored(doc, self.summary, new=verdict.outcome == "new")
        return doc.status == "ok"
