"""The browsing queries behind the web app and the REST API: pages of events, documents, quotes, claims and
actors, one actor's profile, timelines and overview counts, as plain row dicts.

Filters arrive as any object with the right attributes (the web layer's validated models satisfy the
protocols below), so the store never depends on the layers above it. Request values only ever reach SQL as
parameters; the few pieces of SQL text that vary (sort orders, the period expression) are chosen from fixed
tables by validated names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from detente.store.db import Store
from detente.store.filters import like_pattern, location_clauses, location_json

__all__ = [
    "EVENT_ORDER", "PERIOD_SQL", "actor_profile", "actors_page", "claims_page", "document_rows", "documents_page",
    "event_row", "events_page", "facet_rows", "names", "place_rows", "places_page", "quotes_page", "stats_rows",
    "timeline_rows",
]

Row = dict[str, Any]

LOCATION = location_json("e")  # the location's JSON, right for stores written before the column held JSON
EVENT_COLUMNS = (
    "e.event_id, e.doc_id, e.event_type, e.mode, e.status, e.date, e.date_precision, e.source, e.target, "
    f"e.source_codes, e.target_codes, e.context, {LOCATION} AS location, e.evidence, e.sentence, e.start_char, "
    "e.end_char, "
    "e.confidence, e.cameo, e.plover_score, e.quad_class, d.title AS doc_title, "
    "CAST(d.published AS VARCHAR) AS doc_published"
)
EVENT_DETAIL_COLUMNS = EVENT_COLUMNS + (
    ", e.mentions, json_extract(e.record, '$.trigger') AS trigger, e.attribution"
)
EVENT_FROM = " FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id"
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
DOCUMENT_COLUMNS = (
    "d.doc_id, d.title, CAST(d.published AS VARCHAR) AS published, d.status, d.origin, d.line, d.format, d.url, "
    "d.source, d.language, length(d.clean_text) AS chars"
)
QUOTE_COLUMNS = ("q.quote_id, q.doc_id, q.sentence, q.start_char, q.end_char, q.text, q.kind, q.speaker, "
                 "q.speaker_code, q.verb, q.addressee, q.event_ids, q.date, d.title AS doc_title")
QUOTE_ORDER = "q.date DESC NULLS LAST, q.doc_id, q.start_char, q.quote_id"
CLAIM_COLUMNS = ("c.claim_id, c.doc_id, c.sentence, c.start_char, c.end_char, c.text, c.value, c.qualifier, c.unit, "
                 "c.thing, c.claimant, c.claimant_code, c.quote_id, c.date")
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
# Either direction between two codes (parameters a, b, b, a), and which direction a row is (a, b, "a->b", "b->a").
DYAD_MATCH = ("((list_contains(source_codes, ?) AND list_contains(target_codes, ?)) "
              "OR (list_contains(source_codes, ?) AND list_contains(target_codes, ?)))")
DYAD_DIRECTION = "CASE WHEN list_contains(source_codes, ?) AND list_contains(target_codes, ?) THEN ? ELSE ? END"
ACTOR_MATCH = "(list_contains(source_codes, ?) OR list_contains(target_codes, ?))"
ACTOR_DIRECTION = "CASE WHEN list_contains(source_codes, ?) THEN 'source' ELSE 'target' END"


class _Dated(Protocol):
    @property
    def since(self) -> str | None: ...
    @property
    def until(self) -> str | None: ...


class PlaceQuery(_Dated, Protocol):
    """The event filters that make sense for a listing of places (every one but the place itself)."""

    @property
    def actor(self) -> str | None: ...
    @property
    def counterpart(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def target(self) -> str | None: ...
    @property
    def type(self) -> str | None: ...
    @property
    def mode(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def quad_class(self) -> int | None: ...
    @property
    def doc_id(self) -> str | None: ...
    @property
    def q(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...


class EventQuery(PlaceQuery, Protocol):
    @property
    def place(self) -> int | None: ...
    @property
    def place_name(self) -> str | None: ...


class DocumentQuery(_Dated, Protocol):
    @property
    def status(self) -> str | None: ...
    @property
    def q(self) -> str | None: ...


class QuoteQuery(_Dated, Protocol):
    @property
    def speaker(self) -> str | None: ...
    @property
    def code(self) -> str | None: ...
    @property
    def kind(self) -> str | None: ...
    @property
    def doc_id(self) -> str | None: ...
    @property
    def q(self) -> str | None: ...


class ClaimQuery(_Dated, Protocol):
    @property
    def code(self) -> str | None: ...
    @property
    def doc_id(self) -> str | None: ...
    @property
    def q(self) -> str | None: ...


class ActorQuery(Protocol):
    @property
    def q(self) -> str | None: ...
    @property
    def sector(self) -> str | None: ...


# -- helpers -----------------------------------------------------------------------------------------------

def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cursor = store.con.execute(sql, list(params))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _scalar(store: Store, sql: str, params: Sequence[Any] = ()) -> Any:
    row = store.con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


class _Clauses:
    """WHERE clauses and their parameters, built in step so that they cannot drift apart."""

    def __init__(self) -> None:
        self.where: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params += params

    def dates(self, column: str, f: _Dated) -> None:
        """Dates are text at their precision (2021, 2021-03, 2021-03-04): ``until`` compares at its own
        precision, so ``until=2021-03`` keeps every day of March."""
        if f.since:
            self.add(f"{column} >= ?", f.since)
        if f.until:
            self.add(f"substr({column}, 1, length(?)) <= ?", f.until, f.until)

    def sql(self) -> str:
        return _where(self.where)


def _event_page_sql(where: list[str], order: str) -> str:
    """One page of events: the page's ids are chosen on the narrow columns first, and only those rows are read
    whole and joined to their documents (reading every match whole before the LIMIT is several times slower on
    a fresh connection). Parameters: the filters', then limit and offset."""
    return (f"SELECT {EVENT_COLUMNS}{EVENT_FROM} WHERE e.event_id IN (SELECT e.event_id FROM events e"
            f"{_where(where)} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}")


def names(store: Store, codes: Sequence[str]) -> dict[str, str]:
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


# -- events ------------------------------------------------------------------------------------------------

def _event_clauses(f: PlaceQuery, *, place: int | None = None, place_name: str | None = None) -> _Clauses:
    c = _Clauses()
    if f.actor and f.counterpart:
        a, b = f.actor.upper(), f.counterpart.upper()
        c.add("((list_contains(e.source_codes, ?) AND list_contains(e.target_codes, ?)) "
              "OR (list_contains(e.source_codes, ?) AND list_contains(e.target_codes, ?)))", a, b, b, a)
    elif f.actor or f.counterpart:
        either = (f.actor or f.counterpart or "").upper()
        c.add("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))", either, either)
    for column, code in (("source_codes", f.source), ("target_codes", f.target)):
        if code:
            c.add(f"list_contains(e.{column}, ?)", code.upper())
    if f.type:
        c.add("e.event_type = ?", f.type.strip().upper())
    for column, word in (("mode", f.mode), ("status", f.status)):
        if word:
            c.add(f"e.{column} = ?", word.strip().lower())
    if f.quad_class:
        c.add("e.quad_class = ?", f.quad_class)
    c.dates("e.date", f)
    if f.doc_id:
        c.add("e.doc_id = ?", f.doc_id)
    if f.q:
        c.add("e.evidence ILIKE ? ESCAPE '\\'", like_pattern(f.q))
    where, params = location_clauses(LOCATION, place=place, country=f.country, place_name=place_name)
    c.where += where
    c.params += params
    return c


def events_page(store: Store, f: EventQuery, *, sort: str, offset: int, limit: int) -> tuple[int, list[Row]]:
    """The number of events matching ``f`` and one page of them in ``sort`` order (a key of EVENT_ORDER)."""
    c = _event_clauses(f, place=f.place, place_name=f.place_name)
    total = _scalar(store, "SELECT count(*) FROM events e" + c.sql(), c.params)
    rows = _rows(store, _event_page_sql(c.where, EVENT_ORDER[sort]), [*c.params, limit, offset])
    return int(total or 0), rows


def event_row(store: Store, event_id: str) -> Row | None:
    """One event with its mentions, trigger and attribution; None when there is none with that id."""
    rows = _rows(store, f"SELECT {EVENT_DETAIL_COLUMNS}{EVENT_FROM} WHERE e.event_id = ?", [event_id])
    return rows[0] if rows else None


# -- places ------------------------------------------------------------------------------------------------

def _field(name: str) -> str:
    return f"json_extract_string(loc, '$.{name}')"


def _places_sql(where: str) -> str:
    """Located events grouped by place: a place with a GeoNames id is that id; one without (Detente's regions
    and first-level divisions) is its name within its country. Parameters: the filters', then the limit."""
    return f"""
    WITH located AS (
        SELECT TRY_CAST({_field('geonames_id')} AS BIGINT) AS geonames_id,
               coalesce({_field('name')}, {_field('text')}) AS name, {_field('country_code')} AS country_code,
               {_field('admin1')} AS admin1, TRY_CAST({_field('lat')} AS DOUBLE) AS lat,
               TRY_CAST({_field('lon')} AS DOUBLE) AS lon, {_field('precision')} AS precision, date, doc_id
        FROM (SELECT {LOCATION} AS loc, e.date, e.doc_id FROM events e{where}) WHERE loc IS NOT NULL)
    SELECT geonames_id, min(name) AS name, min(country_code) AS country_code, min(admin1) AS admin1,
           min(lat) AS lat, min(lon) AS lon, min(precision) AS precision, count(*) AS events,
           count(DISTINCT doc_id) AS documents, min(date) AS first_date, max(date) AS last_date,
           count(*) OVER () AS places
    FROM located
    GROUP BY geonames_id, CASE WHEN geonames_id IS NULL THEN lower(name) END,
             CASE WHEN geonames_id IS NULL THEN country_code END
    ORDER BY events DESC, name, geonames_id NULLS LAST, country_code LIMIT ?"""


def place_rows(store: Store, where: list[str], params: Sequence[Any], *, limit: int) -> tuple[int, int, list[Row]]:
    """Events matching ``where`` (SQL on ``events e``): how many, how many have a location, and the ``limit``
    places with the most of them (count, documents, first and last date); the places' count is in ``places``."""
    total, located = store.con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {LOCATION} IS NOT NULL) FROM events e{_where(where)}",
        list(params)).fetchone() or (0, 0)
    rows = _rows(store, _places_sql(_where(where)), [*params, limit])
    return int(total or 0), int(located or 0), rows


def places_page(store: Store, f: PlaceQuery, *, limit: int) -> tuple[int, int, list[Row]]:
    """:func:`place_rows` for the events matching ``f``."""
    c = _event_clauses(f)
    return place_rows(store, c.where, c.params, limit=limit)


# -- documents, quotes, claims -----------------------------------------------------------------------------

def documents_page(store: Store, f: DocumentQuery, *, offset: int, limit: int) -> tuple[int, list[Row]]:
    """Stored documents, newest publication first, with their event counts."""
    c = _Clauses()
    if f.status:
        c.add("d.status = ?", f.status)
    if f.q:
        c.add("(d.title ILIKE ? ESCAPE '\\' OR d.doc_id ILIKE ? ESCAPE '\\')", like_pattern(f.q), like_pattern(f.q))
    c.dates("CAST(d.published AS VARCHAR)", f)
    total = _scalar(store, "SELECT count(*) FROM documents d" + c.sql(), c.params)
    rows = _rows(store, f"""
        WITH page AS (SELECT {DOCUMENT_COLUMNS} FROM documents d{c.sql()}
                      ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?)
        SELECT page.*, (SELECT count(*) FROM events e WHERE e.doc_id = page.doc_id) AS event_count
        FROM page ORDER BY page.published DESC NULLS LAST, page.doc_id""", [*c.params, limit, offset])
    return int(total or 0), rows


def document_rows(store: Store, doc_id: str) -> tuple[Row, list[Row], list[Row], list[Row]]:
    """A document (raises NotFoundError) and its events, quotes and claims in text order."""
    doc = store.document(doc_id)
    events = _rows(store, f"SELECT {EVENT_DETAIL_COLUMNS}{EVENT_FROM} WHERE e.doc_id = ? "
                          "ORDER BY e.start_char, e.event_id", [doc_id])
    quotes = _rows(store, f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id "
                          "WHERE q.doc_id = ? ORDER BY q.start_char, q.quote_id", [doc_id])
    claims = _rows(store, f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.doc_id = ? "
                          "ORDER BY c.start_char, c.claim_id", [doc_id])
    return doc, events, quotes, claims


def quotes_page(store: Store, f: QuoteQuery, *, offset: int, limit: int) -> tuple[int, list[Row]]:
    """Quotes with their speakers, newest first."""
    c = _Clauses()
    if f.speaker:
        c.add("CAST(q.speaker AS VARCHAR) ILIKE ? ESCAPE '\\'", like_pattern(f.speaker))
    if f.code:
        c.add("q.speaker_code = ?", f.code.upper())
    if f.kind:
        c.add("q.kind = ?", f.kind.strip().lower())
    c.dates("q.date", f)
    if f.doc_id:
        c.add("q.doc_id = ?", f.doc_id)
    if f.q:
        c.add("q.text ILIKE ? ESCAPE '\\'", like_pattern(f.q))
    total = _scalar(store, "SELECT count(*) FROM quotes q" + c.sql(), c.params)
    rows = _rows(store, f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id "
                        f"WHERE q.quote_id IN (SELECT q.quote_id FROM quotes q{c.sql()} ORDER BY {QUOTE_ORDER} "
                        f"LIMIT ? OFFSET ?) ORDER BY {QUOTE_ORDER}", [*c.params, limit, offset])
    return int(total or 0), rows


def claims_page(store: Store, f: ClaimQuery, *, offset: int, limit: int) -> tuple[int, list[Row]]:
    """Numeric claims with their claimants, newest first."""
    c = _Clauses()
    if f.code:
        c.add("c.claimant_code = ?", f.code.upper())
    c.dates("c.date", f)
    if f.doc_id:
        c.add("c.doc_id = ?", f.doc_id)
    if f.q:
        c.add("(c.text ILIKE ? ESCAPE '\\' OR c.thing ILIKE ? ESCAPE '\\')", like_pattern(f.q), like_pattern(f.q))
    total = _scalar(store, "SELECT count(*) FROM claims c" + c.sql(), c.params)
    rows = _rows(store, f"SELECT {CLAIM_COLUMNS} FROM claims c{c.sql()} "
                        "ORDER BY c.date DESC NULLS LAST, c.doc_id, c.start_char, c.claim_id LIMIT ? OFFSET ?",
                 [*c.params, limit, offset])
    return int(total or 0), rows


# -- actors ------------------------------------------------------------------------------------------------

def actors_page(store: Store, f: ActorQuery, *, offset: int, limit: int) -> tuple[int, list[Row]]:
    """Actor codes with mention, document and event counts, most mentioned first; ``q`` matches the code or
    any name the code was resolved from."""
    c = _Clauses()
    if f.q:
        c.add("(a.code ILIKE ? ESCAPE '\\' OR a.code IN (SELECT code FROM mentions WHERE name ILIKE ? "
              "ESCAPE '\\'))", like_pattern(f.q), like_pattern(f.q))
    if f.sector:
        c.add("list_contains(a.sectors, ?)", f.sector.strip().upper())
    rows = _rows(store, f"WITH listing AS ({ACTORS_SQL}) SELECT *, count(*) OVER () AS total FROM listing a"
                        f"{c.sql()} ORDER BY a.mentions DESC, a.events_as_source + a.events_as_target DESC, "
                        "a.code LIMIT ? OFFSET ?", [*c.params, limit, offset])
    total = rows[0]["total"] if rows else _scalar(
        store, f"WITH listing AS ({ACTORS_SQL}) SELECT count(*) FROM listing a{c.sql()}", c.params)
    return int(total or 0), [{k: v for k, v in r.items() if k != "total"} for r in rows]


def actor_profile(store: Store, code: str, *, events: int, counterparts: int) -> Row:
    """Everything the store knows of one code: counts, names, sectors and types seen, its latest events as
    source and as target, its top counterparts (code, as source, as target, total) and its corpus roles."""
    mentions, docs, as_source_n, as_target_n = store.con.execute(
        "SELECT (SELECT count(*) FROM mentions WHERE code = ?), "
        "(SELECT count(DISTINCT doc_id) FROM mentions WHERE code = ?), "
        "(SELECT count(*) FROM events WHERE list_contains(source_codes, ?)), "
        "(SELECT count(*) FROM events WHERE list_contains(target_codes, ?))", [code] * 4).fetchone() or (0, 0, 0, 0)
    latest = {side: _rows(store, _event_page_sql([f"list_contains(e.{side}_codes, ?)"], EVENT_ORDER["-date"]),
                          [code, events, 0]) for side in ("source", "target")}
    others = store.con.execute("""
        WITH pairs AS (
            SELECT unnest(target_codes) AS other, 1 AS as_source, 0 AS as_target FROM events
            WHERE list_contains(source_codes, ?)
            UNION ALL
            SELECT unnest(source_codes), 0, 1 FROM events WHERE list_contains(target_codes, ?))
        SELECT other, sum(as_source)::INT, sum(as_target)::INT, count(*)::INT AS total FROM pairs
        WHERE other <> ? GROUP BY other ORDER BY total DESC, other LIMIT ?""",
                               [code, code, code, counterparts]).fetchall()
    return {
        "mentions": mentions, "docs": docs, "events_as_source": as_source_n, "events_as_target": as_target_n,
        "names": [r[0] for r in store.con.execute(
            "SELECT coalesce(name, text) AS n FROM mentions WHERE code = ? AND coalesce(name, text) IS NOT NULL "
            "GROUP BY n ORDER BY count(*) DESC, n LIMIT 12", [code]).fetchall()],
        "sectors": store.con.execute(
            "SELECT sector, count(*) FROM mentions WHERE code = ? GROUP BY sector ORDER BY 2 DESC, 1",
            [code]).fetchall(),
        "types": store.con.execute(
            "SELECT event_type, count(*) FROM events WHERE list_contains(source_codes, ?) "
            "OR list_contains(target_codes, ?) GROUP BY 1 ORDER BY 2 DESC, 1", [code, code]).fetchall(),
        "as_source": latest["source"], "as_target": latest["target"], "counterparts": others,
        "display_names": names(store, [code, *(o[0] for o in others)]),
        "corpus_roles": _rows(store, "SELECT name, code, sector, role, first_seen, last_seen, doc_id, evidence, "
                                     "corrected FROM known_roles WHERE code = ? ORDER BY corrected DESC, "
                                     "last_seen DESC NULLS LAST, name", [code]),
    }


# -- timelines and overview --------------------------------------------------------------------------------

def timeline_rows(store: Store, *, a: str, b: str | None = None, interval: str, event_type: str | None = None,
                  status: str | None = None) -> list[tuple[Any, ...]]:
    """Grouped counts (period, direction, type, quad class, n, score sum, scored n) of the events between ``a``
    and ``b`` (directions ``a->b``, ``b->a``) or, without ``b``, of ``a`` (``source``, ``target``)."""
    if b is None:  # parameters: the direction's (in the SELECT), then the match's
        match, direction, params = ACTOR_MATCH, ACTOR_DIRECTION, [a, a, a]
    else:
        match, direction, params = DYAD_MATCH, DYAD_DIRECTION, [a, b, f"{a}->{b}", f"{b}->{a}", a, b, b, a]
    c = _Clauses()
    c.add(match)
    if event_type:
        c.add("event_type = ?", event_type.strip().upper())
    if status:
        c.add("status = ?", status.strip().lower())
    sql = (f"SELECT {PERIOD_SQL[interval]} AS period, {direction} AS direction, event_type, quad_class, count(*), "
           f"sum(plover_score), count(plover_score) FROM events{c.sql()} GROUP BY ALL")
    return [tuple(r) for r in store.con.execute(sql, [*params, *c.params]).fetchall()]


def facet_rows(store: Store) -> list[tuple[str, str]]:
    """(kind, value) for every event type, status and mode present."""
    return [(k, v) for k, v in store.con.execute(
        "SELECT 'type', event_type FROM events GROUP BY 2 UNION ALL "
        "SELECT 'status', status FROM events WHERE status IS NOT NULL GROUP BY 2 UNION ALL "
        "SELECT 'mode', mode FROM events WHERE mode IS NOT NULL GROUP BY 2").fetchall()]


def stats_rows(store: Store, *, top: int) -> Row:
    """The overview's counts: totals, documents by status, events by type and quad class, the top dyads."""
    counts = store.con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),"
        " (SELECT count(*) FROM quotes), (SELECT count(*) FROM claims),"
        " (SELECT count(DISTINCT code) FROM mentions WHERE code IS NOT NULL),"
        " (SELECT min(date) FROM events), (SELECT max(date) FROM events),"
        " (SELECT max(finished_at) FROM ingest_runs), (SELECT max(ingested_at) FROM documents)"
    ).fetchone() or (0, 0, 0, 0, 0, 0, None, None, None, None)
    dyads = store.con.execute("""
        SELECT s, t, count(*) AS n FROM (
            SELECT s, unnest(target_codes) AS t FROM (SELECT unnest(source_codes) AS s, target_codes FROM events))
        WHERE s <> t GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?""", [top]).fetchall()
    return {
        "counts": counts,
        "by_status": dict(store.con.execute(
            "SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        "by_type": store.con.execute(
            "SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall(),
        "quads": store.con.execute(f"SELECT {QUAD_SQL} FROM events").fetchone() or (0, 0, 0, 0),
        "statuses": [r[0] for r in store.con.execute(
            "SELECT status FROM events WHERE status IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC").fetchall()],
        "modes": [r[0] for r in store.con.execute(
            "SELECT mode FROM events WHERE mode IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()],
        "dyads": dyads, "names": names(store, sorted({c for s, t, _ in dyads for c in (s, t)})),
        "schema_version": _scalar(store, "SELECT value FROM meta WHERE key = 'schema_version'"),
    }
