"""The Python API. Functions return plain records or pandas DataFrames; the CLI and web app call these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from detente import settings
from detente.ingest.run import IngestSummary
from detente.ingest.run import ingest as _ingest
from detente.store.db import Store

if TYPE_CHECKING:
    from detente.actors.resolve import Resolution

__all__ = [
    "correct_actor",
    "document",
    "documents",
    "extract",
    "ingest",
    "list_actors",
    "list_claims",
    "list_events",
    "list_quotes",
    "resolve_actor",
    "sample_corpus",
]


def sample_corpus() -> Path:
    """Folder of the bundled sample corpus (written for Detente from public facts; CC0)."""
    return Path(str(resources.files("detente.data").joinpath("sample")))


def _db(db: str | Path | None) -> str:
    return str(db or settings.get("db"))


def ingest(
    paths: Iterable[str | Path],
    *,
    db: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    events: bool = True,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read files, directories or ``-`` into the store; with ``events`` also extract and store events."""
    analyzer = None
    if events:
        from detente.events.analyzer import StoreAnalyzer

        analyzer = StoreAnalyzer()
    summary = _ingest(paths, db=_db(db), field_map=field_map, analyzer=analyzer, batch_size=batch_size,
                      progress=progress)
    if analyzer is not None:
        summary.events = analyzer.events_stored
    return summary


def _select(db: str | Path | None, sql: str, *, where: list[str] | None = None, params: list | None = None,
            order: str = "", limit: int | None = None) -> pd.DataFrame:
    """Run a listing query read-only: the filters joined with AND, then the order and the limit."""
    if where:
        sql += " WHERE " + " AND ".join(where)
    if order:
        sql += " ORDER BY " + order
    if limit:
        sql += f" LIMIT {int(limit)}"
    with Store(_db(db), read_only=True) as store:
        return store.query(sql, params or [])


def documents(*, db: str | Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored documents, newest publication first."""
    return _select(db, "SELECT doc_id, CAST(published AS VARCHAR) AS published, status, title, origin, line, "
                       "language, length(clean_text) AS chars FROM documents",
                   order="published DESC NULLS LAST, doc_id", limit=limit)


def document(doc_id: str, *, db: str | Path | None = None) -> dict[str, Any]:
    """One stored document with its cleaned text and the removals made by cleaning."""
    with Store(_db(db), read_only=True) as store:
        return store.document(doc_id)


def extract(
    paths: Iterable[str | Path],
    *,
    field_map: dict[str, str] | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Stream event records for files, with no database. Unreadable inputs go to ``on_failure``."""
    from detente.analysis import analyze_docs
    from detente.events.lexicon import load_lexicon
    from detente.ingest.prepare import prepare
    from detente.ingest.readers import ReadFailure, ReadSkip, read_paths

    def items() -> Iterator[tuple[str, str, Any]]:
        for item in read_paths(paths, field_map=field_map):
            if isinstance(item, ReadFailure):
                if on_failure:
                    on_failure(str(item))
                continue
            if isinstance(item, ReadSkip):
                continue
            doc = prepare(item)
            if doc.status == "ok":
                yield doc.doc_id, doc.text, doc.published
            elif on_failure and doc.status.startswith("failed"):
                on_failure(f"{doc.origin}: {doc.status}")

    lexicon = load_lexicon()
    for _, _, _, events in analyze_docs(items()):
        for event in events:
            yield event.record(lexicon)


def list_events(
    *,
    db: str | Path | None = None,
    actor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Stored events, filtered; ``actor`` matches a code (CHN) or a name/text fragment on either side."""
    where, params = [], []
    if actor:
        where.append("(list_contains(source_codes, ?) OR list_contains(target_codes, ?) "
                     "OR CAST(source AS VARCHAR) ILIKE ? OR CAST(target AS VARCHAR) ILIKE ?)")
        params += [actor.upper(), actor.upper(), f"%{actor}%", f"%{actor}%"]
    if event_type:
        where.append("event_type = ?")
        params.append(event_type.upper())
    if since:
        where.append("date >= ?")
        params.append(since)
    if until:
        where.append("substr(date, 1, length(?)) <= ?")
        params += [until, until]
    if status:
        where.append("status = ?")
        params.append(status)
    if doc_id:
        where.append("doc_id = ?")
        params.append(doc_id)
    sql = ("SELECT event_id, doc_id, date, event_type, mode, status, array_to_string(source_codes, ',') AS source, "
           "array_to_string(target_codes, ',') AS target, evidence, confidence, cameo, plover_score, quad_class "
           "FROM events")
    return _select(db, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, sentence", limit=limit)


def list_actors(*, db: str | Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Actors in the store with their mention counts."""
    sql = ("SELECT code, sector, coalesce(name, text) AS name, count(*) AS mentions, count(DISTINCT doc_id) AS docs, "
           "mode(method) AS method FROM mentions WHERE code IS NOT NULL GROUP BY 1, 2, 3")
    return _select(db, sql, order="mentions DESC, name", limit=limit)


def resolve_actor(text: str, *, date: str | None = None, context: str | None = None) -> Resolution:
    """Resolve an actor phrase to code, sector and name on a date ("Boris Johnson", 2023 -> GBR/ELI)."""
    from detente.actors.resolve import resolve_actor as _resolve

    return _resolve(text, date=date, context=context)


def correct_actor(name: str, *, code: str, sector: str, db: str | Path | None = None) -> None:
    """Record a user's correction in the corpus memory; it outranks what documents stated."""
    with Store(_db(db)) as store:
        store.correct_role(name, code.upper(), sector.upper())


def list_quotes(*, db: str | Path | None = None, speaker: str | None = None, code: str | None = None,
           since: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored quotes; ``speaker`` matches the speaker's name or words, ``code`` the speaker's code."""
    where, params = [], []
    if speaker:
        where.append("CAST(speaker AS VARCHAR) ILIKE ?")
        params.append(f"%{speaker}%")
    if code:
        where.append("speaker_code = ?")
        params.append(code.upper())
    if since:
        where.append("date >= ?")
        params.append(since)
    sql = ("SELECT quote_id, doc_id, date, kind, json_extract_string(speaker, '$.name') AS speaker, speaker_code, "
           "verb, addressee, text FROM quotes")
    return _select(db, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, start_char", limit=limit)


def list_claims(*, db: str | Path | None = None, code: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored numeric claims with their claimants."""
    sql = ("SELECT claim_id, doc_id, date, qualifier, value, unit, thing, claimant_code, "
           "json_extract_string(claimant, '$.name') AS claimant, text FROM claims")
    where, params = (["claimant_code = ?"], [code.upper()]) if code else ([], [])
    return _select(db, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, start_char", limit=limit)
