"""Read queries of the web app that :mod:`detente.api` does not have (yet).

Every function takes the store's path, opens it read-only for the length of the call (see
:mod:`detente.web.access`: short-lived, so an ingest can write between calls) and returns typed records from
:mod:`detente.web.models`. A store already open may be passed instead of the path, so that one request makes
one connection whatever the number of queries it needs (opening costs tens of milliseconds).

Request values only ever reach SQL as parameters; the few pieces of SQL text that vary (sort orders, the
period expression) are chosen from fixed tables by validated names.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from detente.core.errors import NotFoundError
from detente.store.db import Store
from detente.store.filters import like_pattern
from detente.web.access import reading
from detente.web.models import (
    ActorDetail,
    ActorFilters,
    ActorRef,
    ActorSummary,
    Claim,
    ClaimFilters,
    Counterpart,
    DocumentDetail,
    DocumentFilters,
    DocumentSummary,
    DyadCount,
    Event,
    EventDetail,
    EventFilters,
    EventMention,
    EventSort,
    Facets,
    Freshness,
    Page,
    Person,
    QuadCounts,
    Quote,
    QuoteFilters,
    Removal,
    SectorCount,
    Stats,
    Timeline,
    TimelineBucket,
    TimelineFilters,
    TimelineTotal,
    TypeCount,
)

__all__ = [
    "actor_detail", "actor_timeline", "dyad_timeline", "document_detail", "event_detail", "facets", "freshness",
    "list_actors", "list_claims", "list_documents", "list_events", "list_quotes", "stats",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

DbPath = str | Path | Store

EVENT_COLUMNS = (
    "e.event_id, e.doc_id, e.event_type, e.mode, e.status, e.date, e.date_precision, e.source, e.target, "
    "e.source_codes, e.target_codes, e.context, e.location, e.evidence, e.sentence, e.start_char, e.end_char, "
    "e.confidence, e.cameo, e.plover_score, e.quad_class, d.title AS doc_title, "
    "CAST(d.published AS VARCHAR) AS doc_published"
)
EVENT_DETAIL_COLUMNS = EVENT_COLUMNS + (
    ", e.mentions, json_extract(e.record, '$.trigger') AS trigger, e.attribution"
)
EVENT_FROM = " FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id"


def _event_page_sql(where: list[str], order: str) -> str:
    """One page of events: the page's ids are chosen on the narrow columns first, and only those rows are read
    whole and joined to their documents (reading every match whole before the LIMIT is several times slower on
    a fresh connection). Parameters: the filters', then limit and offset."""
    return (f"SELECT {EVENT_COLUMNS}{EVENT_FROM} WHERE e.event_id IN (SELECT e.event_id FROM events e"
            f"{_where(where)} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}")

EVENT_ORDER: dict[str, str] = {
    "-date": "e.date DESC NULLS LAST, e.doc_id, e.start_char, e.event_id",
    "date": "e.date ASC NULLS LAST, e.doc_id, e.start_char, e.event_id",
    "-confidence": "e.confidence DESC NULLS LAST, e.event_id",
    "confidence": "e.confidence ASC NULLS LAST, e.event_id",
    "type": "e.event_type, e.date DESC NULLS LAST, e.event_id",
    "doc": "e.doc_id, e.start_char, e.event_id",
}
# Bucket of an event date at each interval; a date coarser than the interval has no bucket.
PERIOD_SQL: dict[str, str] = {
    "month": "CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) END",
    "year": "CASE WHEN length(date) >= 4 THEN substr(date, 1, 4) END",
}
QUAD_SQL = (
    "count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2), "
    "count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4)"
)
# Why built-in cleaning steps remove a line (the configurable rules carry their own reason).
BUILTIN_WHY = {
    "date-header": "the scraper's date stamp on the first line (used as the publication date)",
    "repeated-headline": "a headline the scraper repeated within the first lines",
}


# -- helpers -----------------------------------------------------------------------------------------------

def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _scalar(store: Store, sql: str, params: Sequence[Any] = ()) -> Any:
    row = store.con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def _json(value: Any, default: Any = None) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value


def _date_bounds(column: str, since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
    """Dates are text at their precision (2021, 2021-03, 2021-03-04): ``until`` compares at its own precision,
    so ``until=2021-03`` keeps every day of March."""
    if since:
        where.append(f"{column} >= ?")
        params.append(since)
    if until:
        where.append(f"substr({column}, 1, length(?)) <= ?")
        params += [until, until]


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _actors(value: Any) -> list[ActorRef]:
    items = _json(value, []) or []
    return [ActorRef(**{k: item.get(k) for k in ("text", "name", "code", "sector")})
            for item in items if isinstance(item, dict)]


def _event(row: dict[str, Any]) -> Event:
    return Event(**{**row, "source": _actors(row["source"]), "target": _actors(row["target"]),
                    "source_codes": row["source_codes"] or [], "target_codes": row["target_codes"] or [],
                    "context": row["context"] or []})


def _event_detail(row: dict[str, Any]) -> EventDetail:
    base = _event(row).model_dump()
    mentions = [EventMention(**{k: m.get(k) for k in ("sentence", "start_char", "end_char", "evidence")})
                for m in _json(row.get("mentions"), []) or [] if isinstance(m, dict)]
    trigger = _json(row.get("trigger"))
    return EventDetail(**base, mentions=mentions, trigger=trigger if isinstance(trigger, dict) else None,
                       attribution=_json(row.get("attribution")))


def _names(store: Store, codes: Sequence[str]) -> dict[str, str]:
    """Display names for codes, from the mentions that resolved to them."""
    if not codes:
        return {}
    # what the gazetteer called it most often, else the most frequent name or words (mode() is slower)
    rows = store.con.execute(
        "SELECT code, arg_max(label, gazetteer * 1000000000 + n) FROM ("
        "  SELECT code, coalesce(name, text) AS label, count(*) FILTER (WHERE method = 'gazetteer') AS gazetteer,"
        "         count(*) AS n FROM mentions WHERE code IN (SELECT unnest(?)) GROUP BY ALL) GROUP BY code",
        [list(codes)]).fetchall()
    return {code: name for code, name in rows if name}


def _text_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def _stamp(db: DbPath) -> tuple:
    """Changes with every commit: DuckDB appends each commit to the ``.wal`` file and checkpoints into the
    database file, so their sizes and modification times together identify a version of the data."""
    path = db.path if isinstance(db, Store) else str(db)
    stamp: list[Any] = [os.path.realpath(path)]
    for name in (path, f"{path}.wal"):
        try:
            info = os.stat(name)
            stamp += [info.st_mtime_ns, info.st_size]
        except OSError:
            stamp += [None, None]
    return tuple(stamp)


_CACHE: dict[tuple, Any] = {}
_CACHE_LOCK = threading.Lock()


def _cached(name: str, db: DbPath, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()`` once per version of the store: for whole-store aggregates (the overview's counts, the filter
    menus) that every page would otherwise recompute from a cold connection."""
    entry = (name, key, _stamp(db))
    with _CACHE_LOCK:
        if entry in _CACHE:
            return _CACHE[entry]
    value = compute()
    with _CACHE_LOCK:
        for old in [k for k in _CACHE if k[:2] == (name, key)]:
            del _CACHE[old]
        _CACHE[entry] = value
    return value


def _page(items: list, total: int, offset: int, limit: int) -> Page:
    return Page(total=total, offset=offset, limit=limit, items=items,
                next_offset=offset + limit if offset + limit < total else None)


# -- events ------------------------------------------------------------------------------------------------

def _event_where(f: EventFilters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.actor and f.counterpart:
        where.append("((list_contains(e.source_codes, ?) AND list_contains(e.target_codes, ?)) "
                     "OR (list_contains(e.source_codes, ?) AND list_contains(e.target_codes, ?)))")
        a, b = f.actor.upper(), f.counterpart.upper()
        params += [a, b, b, a]
    elif f.actor or f.counterpart:
        code = (f.actor or f.counterpart or "").upper()
        where.append("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))")
        params += [code, code]
    if f.source:
        where.append("list_contains(e.source_codes, ?)")
        params.append(f.source.upper())
    if f.target:
        where.append("list_contains(e.target_codes, ?)")
        params.append(f.target.upper())
    if f.type:
        where.append("e.event_type = ?")
        params.append(f.type.strip().upper())
    if f.mode:
        where.append("e.mode = ?")
        params.append(f.mode.strip().lower())
    if f.status:
        where.append("e.status = ?")
        params.append(f.status.strip().lower())
    if f.quad_class:
        where.append("e.quad_class = ?")
        params.append(f.quad_class)
    _date_bounds("e.date", f.since, f.until, where, params)
    if f.doc_id:
        where.append("e.doc_id = ?")
        params.append(f.doc_id)
    if f.q:
        where.append("e.evidence ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.q))
    return where, params


def list_events(db: DbPath, filters: EventFilters | None = None, *, offset: int = 0, limit: int = 50,
                sort: EventSort = "-date") -> Page[Event]:
    """Events matching ``filters``, one page of them in ``sort`` order, with the total that match."""
    where, params = _event_where(filters or EventFilters())
    with reading(db) as store:
        total = _scalar(store, "SELECT count(*) FROM events e" + _where(where), params)
        rows = _rows(store, _event_page_sql(where, EVENT_ORDER[sort]), [*params, limit, offset])
    return _page([_event(r) for r in rows], int(total or 0), offset, limit)


def event_detail(db: DbPath, event_id: str) -> EventDetail:
    """One event with every sentence reporting it (offsets into its document's cleaned text)."""
    with reading(db) as store:
        rows = _rows(store, f"SELECT {EVENT_DETAIL_COLUMNS}{EVENT_FROM} WHERE e.event_id = ?", [event_id])
    if not rows:
        raise NotFoundError(f"no event with id {event_id!r}")
    return _event_detail(rows[0])


# -- documents, quotes, claims -----------------------------------------------------------------------------

DOCUMENT_COLUMNS = (
    "d.doc_id, d.title, CAST(d.published AS VARCHAR) AS published, d.status, d.origin, d.line, d.format, d.url, "
    "d.source, d.language, length(d.clean_text) AS chars"
)


def list_documents(db: DbPath, filters: DocumentFilters | None = None, *, offset: int = 0,
                   limit: int = 50) -> Page[DocumentSummary]:
    """Stored documents, newest publication first, with their event counts."""
    f = filters or DocumentFilters()
    where: list[str] = []
    params: list[Any] = []
    if f.status:
        where.append("d.status = ?")
        params.append(f.status)
    if f.q:
        where.append("(d.title ILIKE ? ESCAPE '\\' OR d.doc_id ILIKE ? ESCAPE '\\')")
        params += [like_pattern(f.q), like_pattern(f.q)]
    _date_bounds("CAST(d.published AS VARCHAR)", f.since, f.until, where, params)
    with reading(db) as store:
        total = _scalar(store, "SELECT count(*) FROM documents d" + _where(where), params)
        rows = _rows(store, f"""
            WITH page AS (SELECT {DOCUMENT_COLUMNS} FROM documents d{_where(where)}
                          ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?)
            SELECT page.*, (SELECT count(*) FROM events e WHERE e.doc_id = page.doc_id) AS event_count
            FROM page ORDER BY page.published DESC NULLS LAST, page.doc_id""", [*params, limit, offset])
    return _page([DocumentSummary(**r) for r in rows], int(total or 0), offset, limit)


@lru_cache(maxsize=1)
def _rule_reasons() -> dict[str, str]:
    reasons = dict(BUILTIN_WHY)
    try:
        from detente.intake.clean import load_rules

        reasons.update({rule.name: rule.why for rule in load_rules()})
    except Exception:  # the reasons are a courtesy; the removal record itself is what matters
        logger.warning("cleaning rules could not be loaded; removals are shown without their reasons",
                       exc_info=True)
    return reasons


def _removal_offsets(clean_text: str, raw_text: str | None, removals: list[dict[str, Any]]) -> list[int | None]:
    """Where each removed line stood in the cleaned text, found by replaying the line split of cleaning on the
    raw text; None for all when the kept lines do not line up (HTML, whose raw text is markup)."""
    unknown: list[int | None] = [None] * len(removals)
    if not raw_text or not removals:
        return unknown
    try:
        from detente.intake.clean import DATE_HEADER, normalise
    except ImportError:
        return unknown
    removed = {r.get("line") for r in removals if r.get("rule") != "date-header"}
    kept: list[tuple[int, str]] = []  # (1-based raw line, stripped text)
    for number, line in enumerate(normalise(raw_text).split("\n"), start=1):
        if number in removed:
            continue
        if any(r.get("rule") == "date-header" and r.get("line") == number for r in removals):
            match = DATE_HEADER.match(line)
            line = line[match.end():] if match else line
        text = " ".join(line.split())
        if text:
            kept.append((number, text))
    clean: list[tuple[int, str]] = []  # (offset in clean text, line)
    offset = 0
    for piece in clean_text.split("\n"):
        if piece:
            clean.append((offset, piece))
        offset += len(piece) + 1
    if [t for _, t in kept] != [" ".join(t.split()) for _, t in clean]:
        return unknown
    offsets: list[int | None] = []
    for removal in removals:
        at = int(removal.get("line") or 0)
        after = next((i for i, (number, _) in enumerate(kept) if number > at), None)
        offsets.append(clean[after][0] if after is not None else len(clean_text))
    return offsets


def _quote(row: dict[str, Any]) -> Quote:
    speaker = _actors([_json(row["speaker"])] if _json(row["speaker"]) else [])
    return Quote(**{**row, "speaker": speaker[0] if speaker else None, "event_ids": row.get("event_ids") or []})


def _claim(row: dict[str, Any]) -> Claim:
    claimant = _actors([_json(row["claimant"])] if _json(row["claimant"]) else [])
    return Claim(**{**row, "claimant": claimant[0] if claimant else None})


QUOTE_COLUMNS = ("q.quote_id, q.doc_id, q.sentence, q.start_char, q.end_char, q.text, q.kind, q.speaker, "
                 "q.speaker_code, q.verb, q.addressee, q.event_ids, q.date, d.title AS doc_title")
CLAIM_COLUMNS = ("c.claim_id, c.doc_id, c.sentence, c.start_char, c.end_char, c.text, c.value, c.qualifier, c.unit, "
                 "c.thing, c.claimant, c.claimant_code, c.quote_id, c.date")


def document_detail(db: DbPath, doc_id: str) -> DocumentDetail:
    """A document with its cleaned text, what cleaning removed (rule, reason, position), and its events, quotes
    and claims in text order, every offset pointing into the cleaned text."""
    with reading(db) as store:
        try:
            doc = store.document(doc_id)
        except NotFoundError:
            raise NotFoundError(f"no document with id {doc_id!r}") from None
        events = _rows(store, f"SELECT {EVENT_DETAIL_COLUMNS}{EVENT_FROM} WHERE e.doc_id = ? "
                              "ORDER BY e.start_char, e.event_id", [doc_id])
        quotes = _rows(store, f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id "
                              "WHERE q.doc_id = ? ORDER BY q.start_char, q.quote_id", [doc_id])
        claims = _rows(store, f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.doc_id = ? "
                              "ORDER BY c.start_char, c.claim_id", [doc_id])
    clean_text = doc.get("clean_text") or ""
    raw_removals = [r for r in doc.get("removals") or [] if isinstance(r, dict)]
    reasons = _rule_reasons()
    offsets = _removal_offsets(clean_text, doc.get("raw_text"), raw_removals)
    removals = [Removal(rule=str(r.get("rule")), why=reasons.get(str(r.get("rule"))), line=r.get("line"),
                        text=str(r.get("text") or ""), clean_offset=offset)
                for r, offset in zip(raw_removals, offsets, strict=True)]
    return DocumentDetail(
        doc_id=doc["doc_id"], title=doc.get("title"), published=_text_date(doc.get("published")),
        status=doc["status"], origin=doc.get("origin"), line=doc.get("line"), format=doc.get("format"),
        url=doc.get("url"), source=doc.get("source"), language=doc.get("language"), chars=len(clean_text),
        event_count=len(events), published_from=doc.get("published_from"),
        ingested_at=_text_date(doc.get("ingested_at")), metadata=doc.get("metadata") or {},
        clean_text=clean_text, removals=removals, events=[_event_detail(r) for r in events],
        quotes=[_quote(r) for r in quotes], claims=[_claim(r) for r in claims])


def list_quotes(db: DbPath, filters: QuoteFilters | None = None, *, offset: int = 0,
                limit: int = 50) -> Page[Quote]:
    """Quotes with their speakers, newest first."""
    f = filters or QuoteFilters()
    where: list[str] = []
    params: list[Any] = []
    if f.speaker:
        where.append("CAST(q.speaker AS VARCHAR) ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.speaker))
    if f.code:
        where.append("q.speaker_code = ?")
        params.append(f.code.upper())
    if f.kind:
        where.append("q.kind = ?")
        params.append(f.kind.strip().lower())
    _date_bounds("q.date", f.since, f.until, where, params)
    if f.doc_id:
        where.append("q.doc_id = ?")
        params.append(f.doc_id)
    if f.q:
        where.append("q.text ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.q))
    with reading(db) as store:
        total = _scalar(store, "SELECT count(*) FROM quotes q" + _where(where), params)
        order = "q.date DESC NULLS LAST, q.doc_id, q.start_char, q.quote_id"
        rows = _rows(store, f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id "
                            f"WHERE q.quote_id IN (SELECT q.quote_id FROM quotes q{_where(where)} ORDER BY {order} "
                            f"LIMIT ? OFFSET ?) ORDER BY {order}", [*params, limit, offset])
    return _page([_quote(r) for r in rows], int(total or 0), offset, limit)


def list_claims(db: DbPath, filters: ClaimFilters | None = None, *, offset: int = 0,
                limit: int = 50) -> Page[Claim]:
    """Numeric claims with their claimants, newest first."""
    f = filters or ClaimFilters()
    where: list[str] = []
    params: list[Any] = []
    if f.code:
        where.append("c.claimant_code = ?")
        params.append(f.code.upper())
    _date_bounds("c.date", f.since, f.until, where, params)
    if f.doc_id:
        where.append("c.doc_id = ?")
        params.append(f.doc_id)
    if f.q:
        where.append("(c.text ILIKE ? ESCAPE '\\' OR c.thing ILIKE ? ESCAPE '\\')")
        params += [like_pattern(f.q), like_pattern(f.q)]
    with reading(db) as store:
        total = _scalar(store, "SELECT count(*) FROM claims c" + _where(where), params)
        rows = _rows(store, f"SELECT {CLAIM_COLUMNS} FROM claims c{_where(where)} "
                            "ORDER BY c.date DESC NULLS LAST, c.doc_id, c.start_char, c.claim_id LIMIT ? OFFSET ?",
                     [*params, limit, offset])
    return _page([_claim(r) for r in rows], int(total or 0), offset, limit)


# -- actors ------------------------------------------------------------------------------------------------

# Counts per code; names are looked up afterwards for the codes shown only (a mode() over every mention is the
# expensive part). ``list_distinct`` counts an event once when a code is on a side twice.
ACTORS_SQL = """
    WITH c AS (SELECT code, count(*) AS mentions, count(DISTINCT doc_id) AS docs
               FROM mentions WHERE code IS NOT NULL GROUP BY code),
         k AS (SELECT code, list(sector ORDER BY sector) AS sectors
               FROM (SELECT DISTINCT code, sector FROM mentions WHERE code IS NOT NULL AND sector IS NOT NULL)
               GROUP BY code),
         m AS (SELECT c.*, k.sectors FROM c LEFT JOIN k ON k.code = c.code),
         s AS (SELECT code, count(*) AS n FROM (SELECT unnest(list_distinct(source_codes)) AS code FROM events)
               GROUP BY code),
         t AS (SELECT code, count(*) AS n FROM (SELECT unnest(list_distinct(target_codes)) AS code FROM events)
               GROUP BY code)
    SELECT coalesce(m.code, s.code, t.code) AS code, coalesce(m.sectors, []) AS sectors,
           coalesce(m.mentions, 0) AS mentions, coalesce(m.docs, 0) AS docs,
           coalesce(s.n, 0) AS events_as_source, coalesce(t.n, 0) AS events_as_target
    FROM m FULL OUTER JOIN s ON s.code = m.code FULL OUTER JOIN t ON t.code = coalesce(m.code, s.code)"""


def _actor_where(f: ActorFilters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.q:
        where.append("(a.code ILIKE ? ESCAPE '\\' OR a.code IN (SELECT code FROM mentions WHERE name ILIKE ? "
                     "ESCAPE '\\'))")
        params += [like_pattern(f.q), like_pattern(f.q)]
    if f.sector:
        where.append("list_contains(a.sectors, ?)")
        params.append(f.sector.strip().upper())
    return where, params


def list_actors(db: DbPath, filters: ActorFilters | None = None, *, offset: int = 0,
                limit: int = 50) -> Page[ActorSummary]:
    """Actor codes in the store with mention, document and event counts, most mentioned first; ``q`` matches
    the code or any name the code was resolved from."""
    where, params = _actor_where(filters or ActorFilters())
    with reading(db) as store:
        rows = _rows(store, f"WITH listing AS ({ACTORS_SQL}) SELECT *, count(*) OVER () AS total FROM listing a"
                            f"{_where(where)} ORDER BY a.mentions DESC, a.events_as_source + a.events_as_target DESC, "
                            "a.code LIMIT ? OFFSET ?", [*params, limit, offset])
        total = rows[0]["total"] if rows else _scalar(
            store, f"WITH listing AS ({ACTORS_SQL}) SELECT count(*) FROM listing a{_where(where)}", params)
        names = _names(store, [r["code"] for r in rows])
    return _page([ActorSummary(**{k: v for k, v in r.items() if k != "total"}, name=names.get(r["code"]))
                  for r in rows], int(total or 0), offset, limit)


def _persons_kb(code: str) -> list[Person]:
    """People the bundled roles knowledge base (plus DETENTE_ROLES files) lists for ``code``, latest first."""
    from detente.actors.roles import load_roles

    kb = load_roles()
    seen: set[Any] = set()
    persons: list[Person] = []
    for roles in kb.by_name.values():
        for role in roles:
            if role.code != code or role in seen:
                continue
            seen.add(role)
            persons.append(Person(name=role.name, code=role.code, sector=role.sector, role=role.role or None,
                                  start=_text_date(role.start), end=_text_date(role.end), origin="roles"))
    persons.sort(key=lambda p: (p.start or "", p.name), reverse=True)
    return persons


def actor_detail(db: DbPath, code: str, *, events: int = 10, counterparts: int = 15) -> ActorDetail:
    """Everything known about an actor code: counts, names and sectors seen, its latest events as source and as
    target, its top counterparts, and the people holding its roles (knowledge base and corpus memory)."""
    code = code.upper()
    with reading(db) as store:
        counts = store.con.execute(
            "SELECT (SELECT count(*) FROM mentions WHERE code = ?), "
            "(SELECT count(DISTINCT doc_id) FROM mentions WHERE code = ?), "
            "(SELECT count(*) FROM events WHERE list_contains(source_codes, ?)), "
            "(SELECT count(*) FROM events WHERE list_contains(target_codes, ?))", [code] * 4).fetchone()
        mentions, docs, as_source_n, as_target_n = counts or (0, 0, 0, 0)
        names = [r[0] for r in store.con.execute(
            "SELECT coalesce(name, text) AS n FROM mentions WHERE code = ? AND coalesce(name, text) IS NOT NULL "
            "GROUP BY n ORDER BY count(*) DESC, n LIMIT 12", [code]).fetchall()]
        sector_counts = [SectorCount(sector=s, mentions=n) for s, n in store.con.execute(
            "SELECT sector, count(*) FROM mentions WHERE code = ? GROUP BY sector ORDER BY 2 DESC, 1", [code]
        ).fetchall()]
        types = [TypeCount(event_type=t, count=n) for t, n in store.con.execute(
            "SELECT event_type, count(*) FROM events WHERE list_contains(source_codes, ?) "
            "OR list_contains(target_codes, ?) GROUP BY 1 ORDER BY 2 DESC, 1", [code, code]).fetchall()]
        as_source = _rows(store, _event_page_sql(["list_contains(e.source_codes, ?)"], EVENT_ORDER["-date"]),
                          [code, events, 0])
        as_target = _rows(store, _event_page_sql(["list_contains(e.target_codes, ?)"], EVENT_ORDER["-date"]),
                          [code, events, 0])
        others = store.con.execute("""
            WITH pairs AS (
                SELECT unnest(target_codes) AS other, 1 AS as_source, 0 AS as_target FROM events
                WHERE list_contains(source_codes, ?)
                UNION ALL
                SELECT unnest(source_codes), 0, 1 FROM events WHERE list_contains(target_codes, ?))
            SELECT other, sum(as_source)::INT, sum(as_target)::INT, count(*)::INT AS total FROM pairs
            WHERE other <> ? GROUP BY other ORDER BY total DESC, other LIMIT ?""",
                                   [code, code, code, counterparts]).fetchall()
        other_names = _names(store, [code, *(o[0] for o in others)])
        corpus = _rows(store, "SELECT name, code, sector, role, first_seen, last_seen, doc_id, evidence, corrected "
                              "FROM known_roles WHERE code = ? ORDER BY corrected DESC, last_seen DESC NULLS LAST, "
                              "name", [code])
    persons_kb = _persons_kb(code)
    if not (mentions or as_source_n or as_target_n or persons_kb or corpus):
        raise NotFoundError(f"no actor with code {code!r} in the store or the roles knowledge base")
    return ActorDetail(
        code=code, name=other_names.get(code), sectors=sorted(s.sector for s in sector_counts if s.sector),
        mentions=mentions, docs=docs, events_as_source=as_source_n, events_as_target=as_target_n,
        names=names, sector_counts=sector_counts, event_types=types,
        as_source=[_event(r) for r in as_source], as_target=[_event(r) for r in as_target],
        counterparts=[Counterpart(code=o, name=other_names.get(o), as_source=s, as_target=t, total=n)
                      for o, s, t, n in others],
        persons_kb=persons_kb,
        persons_corpus=[Person(name=r["name"], code=r["code"], sector=r["sector"], role=r["role"] or None,
                               start=_text_date(r["first_seen"]), end=_text_date(r["last_seen"]),
                               origin="correction" if r["corrected"] else "corpus", doc_id=r["doc_id"],
                               evidence=r["evidence"]) for r in corpus])


# -- timelines ---------------------------------------------------------------------------------------------

def _periods(first: str, last: str, interval: str) -> list[str]:
    """Every period from ``first`` to ``last``, so that empty months show as gaps on a timeline."""
    if interval == "year":
        return [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    periods = []
    while (year, month) <= end:
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


class _Tally:
    """Counts of one (period, direction) cell or one direction's total, summed from grouped rows."""

    def __init__(self) -> None:
        self.events = 0
        self.quads = [0, 0, 0, 0]
        self.by_type: dict[str, int] = defaultdict(int)
        self.score = 0.0
        self.scored = 0

    def add(self, event_type: str, quad: int | None, n: int, score: float | None, scored: int) -> None:
        self.events += n
        if quad in (1, 2, 3, 4):
            self.quads[quad - 1] += n
        self.by_type[event_type] += n
        self.score += score or 0.0
        self.scored += scored

    def fields(self) -> dict[str, Any]:
        return {"events": self.events, **dict(zip(QuadCounts.model_fields, self.quads, strict=True)),
                "by_type": dict(sorted(self.by_type.items())),
                "mean_plover_score": round(self.score / self.scored, 3) if self.scored else None}


def _timeline(store: Store, match_sql: str, direction_sql: str, params: list[Any], directions: list[str],
              f: TimelineFilters) -> tuple[list[str], list[TimelineBucket], list[TimelineTotal], int]:
    """One grouped scan (period, direction, type, quad class), summed up here into buckets and totals."""
    where = [match_sql]
    extra: list[Any] = []
    if f.type:
        where.append("event_type = ?")
        extra.append(f.type.strip().upper())
    if f.status:
        where.append("status = ?")
        extra.append(f.status.strip().lower())
    rows = store.con.execute(
        f"SELECT {PERIOD_SQL[f.interval]} AS period, {direction_sql} AS direction, event_type, quad_class, "
        f"count(*), sum(plover_score), count(plover_score) FROM events WHERE {' AND '.join(where)} GROUP BY ALL",
        [*params, *extra]).fetchall()
    cells: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    totals: dict[str, _Tally] = {d: _Tally() for d in directions}
    unplaced = 0
    for period, direction, event_type, quad, n, score, scored in rows:
        totals.setdefault(direction, _Tally()).add(event_type, quad, n, score, scored)
        if period is None:
            unplaced += n
        else:
            cells[(period, direction)].add(event_type, quad, n, score, scored)
    series = [TimelineBucket(period=period, direction=direction, **tally.fields())
              for (period, direction), tally in sorted(cells.items())]
    periods = _periods(series[0].period, series[-1].period, f.interval) if series else []
    return periods, series, [TimelineTotal(direction=d, **t.fields()) for d, t in totals.items()], unplaced


def dyad_timeline(db: DbPath, a: str, b: str, filters: TimelineFilters | None = None) -> Timeline:
    """Events between two actors per period, each direction apart: counts by quad class and type, mean score.

    A dyad no event links has an empty series (not an error): absence is an answer."""
    f = filters or TimelineFilters()
    a, b = a.upper(), b.upper()
    ab, ba = f"{a}->{b}", f"{b}->{a}"
    match = ("((list_contains(source_codes, ?) AND list_contains(target_codes, ?)) "
             "OR (list_contains(source_codes, ?) AND list_contains(target_codes, ?)))")
    direction = "CASE WHEN list_contains(source_codes, ?) AND list_contains(target_codes, ?) THEN ? ELSE ? END"
    with reading(db) as store:
        periods, series, totals, unplaced = _timeline(store, match, direction, [a, b, ab, ba, a, b, b, a],
                                                      [ab, ba], f)
        names = _names(store, [a, b])
    return Timeline(a=a, b=b, a_name=names.get(a), b_name=names.get(b), interval=f.interval, directions=[ab, ba],
                    periods=periods, series=series, totals=totals, unplaced=unplaced)


def actor_timeline(db: DbPath, code: str, filters: TimelineFilters | None = None) -> Timeline:
    """An actor's events per period, as ``source`` (it acts) and as ``target`` (it is acted on)."""
    f = filters or TimelineFilters()
    code = code.upper()
    match = "(list_contains(source_codes, ?) OR list_contains(target_codes, ?))"
    direction = "CASE WHEN list_contains(source_codes, ?) THEN 'source' ELSE 'target' END"
    with reading(db) as store:
        periods, series, totals, unplaced = _timeline(store, match, direction, [code, code, code],
                                                      ["source", "target"], f)
        names = _names(store, [code])
    return Timeline(a=code, a_name=names.get(code), interval=f.interval, directions=["source", "target"],
                    periods=periods, series=series, totals=totals, unplaced=unplaced)


# -- overview ----------------------------------------------------------------------------------------------

def _file_modified(db: DbPath) -> str | None:
    db = db.path if isinstance(db, Store) else db
    stamps = [os.stat(p).st_mtime for p in (str(db), f"{db}.wal") if os.path.exists(p)]
    return datetime.fromtimestamp(max(stamps)).isoformat(sep=" ", timespec="seconds") if stamps else None


def freshness(db: DbPath) -> Freshness:
    """When the data last changed, cheaply: from the file's modification time, no connection opened."""
    return Freshness(file_modified=_file_modified(db))


def facets(db: DbPath) -> Facets:
    """Event types, statuses and modes present in the store (computed once per version of the store)."""
    return _cached("facets", db, (), lambda: _facets(db))


def _facets(db: DbPath) -> Facets:
    with reading(db) as store:
        rows = store.con.execute(
            "SELECT 'type', event_type FROM events GROUP BY 2 UNION ALL "
            "SELECT 'status', status FROM events WHERE status IS NOT NULL GROUP BY 2 UNION ALL "
            "SELECT 'mode', mode FROM events WHERE mode IS NOT NULL GROUP BY 2").fetchall()
    values: dict[str, list[str]] = defaultdict(list)
    for kind, value in rows:
        values[kind].append(value)
    return Facets(types=sorted(values["type"]), statuses=sorted(values["status"]), modes=sorted(values["mode"]))


def stats(db: DbPath, *, top: int = 15) -> Stats:
    """Counts for the overview: documents by status, events by type and quad class, the top dyads, the date
    range, and when the data last changed (computed once per version of the store)."""
    return _cached("stats", db, (top,), lambda: _stats(db, top))


def _stats(db: DbPath, top: int) -> Stats:
    with reading(db) as store:
        counts = store.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),"
            " (SELECT count(*) FROM quotes), (SELECT count(*) FROM claims),"
            " (SELECT count(DISTINCT code) FROM mentions WHERE code IS NOT NULL),"
            " (SELECT min(date) FROM events), (SELECT max(date) FROM events),"
            " (SELECT max(finished_at) FROM ingest_runs), (SELECT max(ingested_at) FROM documents)"
        ).fetchone() or (0, 0, 0, 0, 0, 0, None, None, None, None)
        by_status = dict(store.con.execute(
            "SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall())
        by_type = [TypeCount(event_type=t, count=n) for t, n in store.con.execute(
            "SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()]
        quads = store.con.execute(f"SELECT {QUAD_SQL} FROM events").fetchone() or (0, 0, 0, 0)
        statuses = [r[0] for r in store.con.execute(
            "SELECT status FROM events WHERE status IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC").fetchall()]
        modes = [r[0] for r in store.con.execute(
            "SELECT mode FROM events WHERE mode IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()]
        dyads = store.con.execute("""
            SELECT s, t, count(*) AS n FROM (
                SELECT s, unnest(target_codes) AS t FROM (SELECT unnest(source_codes) AS s, target_codes FROM events))
            WHERE s <> t GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?""", [top]).fetchall()
        names = _names(store, sorted({c for s, t, _ in dyads for c in (s, t)}))
        version = _scalar(store, "SELECT value FROM meta WHERE key = 'schema_version'")
    return Stats(
        documents=counts[0], events=counts[1], mentions=counts[2], quotes=counts[3], claims=counts[4],
        actors=counts[5], first_date=counts[6], last_date=counts[7], documents_by_status=by_status,
        events_by_type=by_type, events_by_quad=QuadCounts(**dict(zip(QuadCounts.model_fields, quads, strict=True))),
        statuses=statuses, modes=modes,
        top_dyads=[DyadCount(source=s, target=t, source_name=names.get(s), target_name=names.get(t), events=n)
                   for s, t, n in dyads],
        freshness=Freshness(last_ingest_finished=_text_date(counts[8]), last_document_stored=_text_date(counts[9]),
                            file_modified=_file_modified(db), schema_version=int(version) if version else None))
