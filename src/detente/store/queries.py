"""Every listing query of the store, read-only, with parameters only (never SQL built from user strings)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from detente.store.browse import place_rows
from detente.store.db import Store
from detente.store.filters import EventFilter, check_limit, date_bound, like_pattern, location_json

__all__ = ["claims", "documents", "events", "actors", "places", "quotes"]


def _select(store: Store, sql: str, *, where: list[str] | None = None, params: list[Any] | None = None,
            order: str = "", limit: int | None = None) -> pd.DataFrame:
    """Run a listing query: the filters joined with AND, then the order and the limit (None or 0: no limit)."""
    limit = check_limit(limit)
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


def events(store: Store, *, actor: str | None = None, actor_name: str | None = None, event_type: str | None = None,
           since: str | None = None, until: str | None = None, status: str | None = None, doc_id: str | None = None,
           place: int | str | None = None, country: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored events, filtered (see :class:`~detente.store.filters.EventFilter`: ``actor`` is a code on either
    side, ``actor_name`` a name or words, ``place`` a GeoNames id, ``country`` the location's country code);
    ``location`` is the event's location record (a dict) or None."""
    where, params = EventFilter(actor=actor, actor_name=actor_name, event_type=event_type, since=since,
                                until=until, status=status, doc_id=doc_id, place=place, country=country).where()
    sql = ("SELECT event_id, doc_id, date, event_type, mode, status, array_to_string(source_codes, ',') AS source, "
           "array_to_string(target_codes, ',') AS target, evidence, confidence, cameo, plover_score, quad_class, "
           f"{location_json('events')} AS location FROM events")
    frame = _select(store, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, sentence",
                    limit=limit)
    frame["location"] = [json.loads(v) if isinstance(v, str) else None for v in frame["location"]]
    return frame


def places(store: Store, *, actor: str | None = None, actor_name: str | None = None, event_type: str | None = None,
           since: str | None = None, until: str | None = None, status: str | None = None, doc_id: str | None = None,
           country: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Located events grouped by place (the query of ``GET /api/v1/places``), most events first; filters as
    :func:`events`. Columns: geonames_id, name, country_code, admin1, lat, lon, precision, events, documents,
    first_date, last_date."""
    where, params = EventFilter(actor=actor, actor_name=actor_name, event_type=event_type, since=since, until=until,
                                status=status, doc_id=doc_id, country=country).where(
        doc_clause="e.doc_id = ?", location=location_json("e"))
    _, _, rows = place_rows(store, where, params, limit=check_limit(limit) or 2**31 - 1)
    columns = ["geonames_id", "name", "country_code", "admin1", "lat", "lon", "precision", "events", "documents",
               "first_date", "last_date"]
    frame = pd.DataFrame([{k: r[k] for k in columns} for r in rows], columns=columns)
    frame["geonames_id"] = frame["geonames_id"].astype("Int64")
    return frame


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
    if speaker and speaker.strip():
        where.append("(json_extract_string(speaker, '$.name') ILIKE ? ESCAPE '\\' "
                     "OR json_extract_string(speaker, '$.text') ILIKE ? ESCAPE '\\')")
        params += [like_pattern(speaker.strip())] * 2
    if code and code.strip():
        where.append("speaker_code = ?")
        params.append(code.strip().upper())
    since = date_bound(since, "since")
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
    where, params = (["claimant_code = ?"], [code.strip().upper()]) if code and code.strip() else ([], [])
    return _select(store, sql, where=where, params=params, order="date DESC NULLS LAST, doc_id, start_char",
                   limit=limit)


# -- event clusters (detente.pipeline.cluster) and full records for exports ---------------------------------------

__all__ += ["all_event_records", "claim_records", "cluster_group_events", "cluster_records", "cluster_reports",
            "clusters", "document_info", "event_clusters", "event_records", "quote_records", "unclustered_events"]

CLUSTER_COLUMNS = ("cluster_id, date, event_type, mode, status, array_to_string(source_codes, ',') AS source, "
                   "array_to_string(target_codes, ',') AS target, num_mentions, num_articles, num_sources, "
                   "first_doc_id, first_published, first_url, evidence, event_id, doc_id, confidence, cameo, "
                   "plover_score, quad_class")


def clusters(store: Store, *, actor: str | None = None, actor_name: str | None = None,
             event_type: str | None = None, since: str | None = None, until: str | None = None,
             status: str | None = None, doc_id: str | None = None, min_articles: int | None = None,
             limit: int | None = None) -> pd.DataFrame:
    """Stored event clusters (one real-world event each), filtered like :func:`events` on the canonical record
    (``doc_id``: any of its reports); most reported first within a date."""
    where, params = EventFilter(actor=actor, actor_name=actor_name, event_type=event_type, since=since,
                                until=until, status=status, doc_id=doc_id).where(
        doc_clause="cluster_id IN (SELECT cluster_id FROM cluster_members WHERE doc_id = ?)",
        location="json_extract(record, '$.location')")
    if min_articles:
        where.append("num_articles >= ?")
        params.append(int(min_articles))
    return _select(store, f"SELECT {CLUSTER_COLUMNS} FROM clusters", where=where, params=params,
                   order="date DESC NULLS LAST, num_articles DESC, num_mentions DESC, cluster_id", limit=limit)


def cluster_reports(store: Store, cluster_id: str) -> pd.DataFrame:
    """The reports of one cluster: each member event with its document (title, url, publisher, publication)."""
    sql = ("SELECT m.event_id, m.doc_id, m.published, m.publisher, d.title, d.url, e.date, e.evidence, "
           "e.confidence FROM cluster_members m JOIN events e USING (event_id) "
           "LEFT JOIN documents d ON d.doc_id = m.doc_id")
    return _select(store, sql, where=["m.cluster_id = ?"], params=[cluster_id],
                   order="m.published NULLS LAST, m.doc_id, m.event_id")


def cluster_records(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Full cluster records (``ClusterRecord``, with members), filtered like :func:`clusters`, in its order."""
    frame = clusters(store, **filters)
    return _records_by_id(store, "clusters", "cluster_id", list(frame["cluster_id"]))


def event_records(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Full event records as extracted (``EventRecord``), filtered like :func:`events`, in its order."""
    frame = events(store, **filters)
    return _records_by_id(store, "events", "event_id", list(frame["event_id"]))


def _records_by_id(store: Store, table: str, key: str, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    # table and key are ours (two call sites above), never input
    frame = store.query(f"SELECT {key} AS id, record FROM {table} WHERE {key} IN (SELECT unnest(?))", [ids])
    by_id = {i: json.loads(r) for i, r in zip(frame["id"], frame["record"], strict=True)}
    return [by_id[i] for i in ids if i in by_id]


def event_clusters(store: Store, event_ids: list[str]) -> dict[str, list[str]]:
    """Event id -> the ids of the clusters it is in (one per dyad of the event)."""
    if not event_ids:
        return {}
    frame = store.query("SELECT event_id, cluster_id FROM cluster_members WHERE event_id IN (SELECT unnest(?)) "
                        "ORDER BY event_id, cluster_id", [event_ids])
    found: dict[str, list[str]] = {}
    for event_id, cluster in zip(frame["event_id"], frame["cluster_id"], strict=True):
        found.setdefault(event_id, []).append(cluster)
    return found


def document_info(store: Store, doc_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Doc id -> what exports and clustering need of a document: source, url, title, language, publication date
    (all documents when ``doc_ids`` is None)."""
    sql = "SELECT doc_id, source, url, title, language, CAST(published AS VARCHAR) AS published FROM documents"
    if doc_ids is None:
        frame = store.query(sql)
    elif not doc_ids:
        return {}
    else:
        frame = store.query(sql + " WHERE doc_id IN (SELECT unnest(?))", [doc_ids])
    return {row["doc_id"]: row for row in _plain_rows(frame)}


def cluster_group_events(store: Store, group_keys: list[str]) -> list[dict[str, Any]]:
    """The stored event records of the given cluster groups (what re-clustering those groups needs).

    The members are found through ``cluster_members``' group index, and only their records are read: joining
    from the members keeps DuckDB from scanning every stored event's record to test it against the groups."""
    if not group_keys:
        return []
    frame = store.query(
        "SELECT e.record FROM (SELECT DISTINCT event_id FROM cluster_members WHERE group_key IN (SELECT unnest(?))) m "
        "JOIN events e ON e.event_id = m.event_id ORDER BY e.event_id", [group_keys])
    return [json.loads(record) for record in frame["record"]]


def cluster_member_sets(store: Store, group_keys: list[str]) -> dict[str, frozenset[str]]:
    """Cluster id -> the ids of its member events, for the stored clusters of the given groups."""
    if not group_keys:
        return {}
    rows = store.con.execute("SELECT cluster_id, list(event_id) FROM cluster_members WHERE group_key IN "
                             "(SELECT unnest(?)) GROUP BY cluster_id", [group_keys]).fetchall()
    return {str(cluster): frozenset(events) for cluster, events in rows}


def cluster_group_sizes(store: Store, group_keys: list[str]) -> dict[str, int]:
    """Group key -> how many stored events it has (groups with none are left out)."""
    if not group_keys:
        return {}
    frame = store.query("SELECT group_key, count(*) AS n FROM cluster_members WHERE group_key IN (SELECT unnest(?)) "
                        "GROUP BY group_key", [group_keys])
    return {str(k): int(n) for k, n in zip(frame["group_key"], frame["n"], strict=True)}


def all_event_records(store: Store) -> list[dict[str, Any]]:
    """Every stored event record (a full re-clustering)."""
    return [json.loads(record) for record in store.query("SELECT record FROM events ORDER BY event_id")["record"]]


def unclustered_events(store: Store) -> int:
    """How many stored events are in no cluster (a store written before clusters existed has them all)."""
    frame = store.query("SELECT count(*) AS n FROM events WHERE event_id NOT IN (SELECT event_id FROM cluster_members)")
    return int(frame["n"][0])


def quote_records(store: Store, *, speaker: str | None = None, code: str | None = None, since: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Stored quotes as records (``QuoteRecord`` plus ``date``), filtered like :func:`quotes`."""
    ids = list(quotes(store, speaker=speaker, code=code, since=since, limit=limit)["quote_id"])
    if not ids:
        return []
    frame = store.query("SELECT * FROM quotes WHERE quote_id IN (SELECT unnest(?))", [ids])
    by_id = {row["quote_id"]: row for row in _plain_rows(frame)}
    found = []
    for quote_id in ids:
        row = by_id[quote_id]
        row["speaker"] = json.loads(row["speaker"]) if row.get("speaker") else None
        row["event_ids"] = list(row.get("event_ids") or [])
        found.append(row)
    return found


def claim_records(store: Store, *, code: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored numeric claims as records (``ClaimRecord`` plus ``date``), filtered like :func:`claims`."""
    ids = list(claims(store, code=code, limit=limit)["claim_id"])
    if not ids:
        return []
    frame = store.query("SELECT * FROM claims WHERE claim_id IN (SELECT unnest(?))", [ids])
    by_id = {row["claim_id"]: row for row in _plain_rows(frame)}
    found = []
    for claim_id in ids:
        row = by_id[claim_id]
        row["claimant"] = json.loads(row["claimant"]) if row.get("claimant") else None
        found.append(row)
    return found


def _plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as dicts with Python values: NULL as None, numpy scalars and arrays as numbers and lists."""
    rows = []
    for row in frame.to_dict(orient="records"):
        plain = {}
        for key, value in row.items():
            if hasattr(value, "tolist"):  # numpy scalar or array (a LIST column)
                value = value.tolist()
            plain[key] = None if isinstance(value, float) and value != value else value  # NaN from a NULL
        rows.append(plain)
    return rows
