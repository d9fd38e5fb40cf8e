"""Every listing query of the store, read-only, with parameters only (never SQL built from user strings)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from detente.store.db import Store

__all__ = ["claims", "documents", "events", "actors", "quotes"]


def _select(store: Store, sql: str, *, where: list[str] | None = None, params: list[Any] | None = None,
            order: str = "", limit: int | None = None) -> pd.DataFrame:
    """Run a listing query: the filters joined with AND, then the order and the limit."""
    if where:
        sql += " WHERE " + " AND ".join(where)
    if order:
        sql += " ORDER BY " + order
    if limit:
        sql += " LIMIT ?"
        params = [*(params or []), int(limit)]
    return store.query(sql, params or [])


def documents(store: Store, *, limit: int | None = None) -> pd.DataFrame:
    """Stored documents, newest publication first."""
    return _select(store, "SELECT doc_id, CAST(published AS VARCHAR) AS published, status, title, origin, line, "
                          "language, length(clean_text) AS chars FROM documents",
                   order="published DESC NULLS LAST, doc_id", limit=limit)


def events(store: Store, *, actor: str | None = None, event_type: str | None = None, since: str | None = None,
           until: str | None = None, status: str | None = None, doc_id: str | None = None,
           limit: int | None = None) -> pd.DataFrame:
    """Stored events, filtered; ``actor`` matches a code (CHN) or a name/text fragment on either side."""
    where: list[str] = []
    params: list[Any] = []
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
    return _select(store, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, sentence",
                   limit=limit)


def actors(store: Store, *, limit: int | None = None) -> pd.DataFrame:
    """Actors in the store with their mention counts."""
    sql = ("SELECT code, sector, coalesce(name, text) AS name, count(*) AS mentions, count(DISTINCT doc_id) AS docs, "
           "mode(method) AS method FROM mentions WHERE code IS NOT NULL GROUP BY 1, 2, 3")
    return _select(store, sql, order="mentions DESC, name", limit=limit)


def quotes(store: Store, *, speaker: str | None = None, code: str | None = None, since: str | None = None,
           limit: int | None = None) -> pd.DataFrame:
    """Stored quotes; ``speaker`` matches the speaker's name or words, ``code`` the speaker's code."""
    where: list[str] = []
    params: list[Any] = []
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
    return _select(store, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, start_char",
                   limit=limit)


def claims(store: Store, *, code: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored numeric claims with their claimants."""
    sql = ("SELECT claim_id, doc_id, date, qualifier, value, unit, thing, claimant_code, "
           "json_extract_string(claimant, '$.name') AS claimant, text FROM claims")
    where, params = (["claimant_code = ?"], [code.upper()]) if code else ([], [])
    return _select(store, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, start_char",
                   limit=limit)
