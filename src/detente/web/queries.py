"""The web app's reads: the store's browsing queries (:mod:`detente.store.browse`) turned into typed records.

Every function takes the store's path, opens it read-only for the length of the call (see
:mod:`detente.web.access`: short-lived, so an ingest can write between calls) and returns typed records from
:mod:`detente.web.models`. A store already open may be passed instead of the path, so that one request makes
one connection whatever the number of queries it needs (opening costs tens of milliseconds). Whole-store
aggregates are cached per version of the store file.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from detente.core.errors import NotFoundError
from detente.store import browse
from detente.store.db import Store
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
    DocumentWarning,
    DyadCount,
    Event,
    EventDetail,
    EventFilters,
    EventMention,
    EventSort,
    Facets,
    Freshness,
    LocationRef,
    Page,
    Person,
    Place,
    PlaceFilters,
    Places,
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
    "list_actors", "list_claims", "list_documents", "list_events", "list_places", "list_quotes", "stats",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

DbPath = str | Path | Store

# Why built-in cleaning steps remove a line (the configurable rules carry their own reason).
BUILTIN_WHY = {
    "date-header": "the scraper's date stamp on the first line (used as the publication date)",
    "repeated-headline": "a headline the scraper repeated within the first lines",
}


# -- helpers -----------------------------------------------------------------------------------------------

def _json(value: Any, default: Any = None) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value


def _actors(value: Any) -> list[ActorRef]:
    items = _json(value, []) or []
    return [ActorRef(**{k: item.get(k) for k in ("text", "name", "code", "sector")})
            for item in items if isinstance(item, dict)]


def _location(value: Any) -> LocationRef | None:
    item = _json(value)
    if not isinstance(item, dict) or not item.get("text"):
        return None
    return LocationRef(**{k: item.get(k) for k in LocationRef.model_fields})


def _event(row: dict[str, Any]) -> Event:
    return Event(**{**row, "source": _actors(row["source"]), "target": _actors(row["target"]),
                    "source_codes": row["source_codes"] or [], "target_codes": row["target_codes"] or [],
                    "context": row["context"] or [], "location": _location(row.get("location"))})


def _event_detail(row: dict[str, Any]) -> EventDetail:
    base = _event(row).model_dump()
    mentions = [EventMention(**{k: m.get(k) for k in ("sentence", "start_char", "end_char", "evidence")})
                for m in _json(row.get("mentions"), []) or [] if isinstance(m, dict)]
    trigger = _json(row.get("trigger"))
    return EventDetail(**base, mentions=mentions, trigger=trigger if isinstance(trigger, dict) else None,
                       attribution=_json(row.get("attribution")))


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

def list_events(db: DbPath, filters: EventFilters | None = None, *, offset: int = 0, limit: int = 50,
                sort: EventSort = "-date") -> Page[Event]:
    """Events matching ``filters``, one page of them in ``sort`` order, with the total that match."""
    with reading(db) as store:
        total, rows = browse.events_page(store, filters or EventFilters(), sort=sort, offset=offset, limit=limit)
    return _page([_event(r) for r in rows], total, offset, limit)


def event_detail(db: DbPath, event_id: str) -> EventDetail:
    """One event with every sentence reporting it (offsets into its document's cleaned text)."""
    with reading(db) as store:
        row = browse.event_row(store, event_id)
    if row is None:
        raise NotFoundError(f"no event with id {event_id!r}")
    return _event_detail(row)


# -- places ------------------------------------------------------------------------------------------------

def list_places(db: DbPath, filters: PlaceFilters | None = None, *, limit: int = 1000) -> Places:
    """Where the events matching ``filters`` happened: their places, most events first (at most ``limit``),
    with how many of the events have a location at all."""
    with reading(db) as store:
        events, located, rows = browse.places_page(store, filters or PlaceFilters(), limit=limit)
    items = [Place(**{**r, "first_date": _text_date(r["first_date"]), "last_date": _text_date(r["last_date"])})
             for r in rows]
    return Places(events=events, located=located, total=int(rows[0]["places"]) if rows else 0, limit=limit,
                  items=items)


# -- documents, quotes, claims -----------------------------------------------------------------------------

def list_documents(db: DbPath, filters: DocumentFilters | None = None, *, offset: int = 0,
                   limit: int = 50) -> Page[DocumentSummary]:
    """Stored documents, newest publication first, with their event counts."""
    with reading(db) as store:
        total, rows = browse.documents_page(store, filters or DocumentFilters(), offset=offset, limit=limit)
    return _page([DocumentSummary(**r) for r in rows], total, offset, limit)


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


def document_detail(db: DbPath, doc_id: str) -> DocumentDetail:
    """A document with its cleaned text, what cleaning removed (rule, reason, position), and its events, quotes
    and claims in text order, every offset pointing into the cleaned text."""
    with reading(db) as store:
        try:
            doc, events, quotes, claims = browse.document_rows(store, doc_id)
        except NotFoundError:
            raise NotFoundError(f"no document with id {doc_id!r}") from None
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
        encoding=doc.get("encoding"), warnings=[DocumentWarning(**w) for w in doc.get("warnings") or []
                                                if isinstance(w, dict)],
        clean_text=clean_text, removals=removals, events=[_event_detail(r) for r in events],
        quotes=[_quote(r) for r in quotes], claims=[_claim(r) for r in claims])


def list_quotes(db: DbPath, filters: QuoteFilters | None = None, *, offset: int = 0,
                limit: int = 50) -> Page[Quote]:
    """Quotes with their speakers, newest first."""
    with reading(db) as store:
        total, rows = browse.quotes_page(store, filters or QuoteFilters(), offset=offset, limit=limit)
    return _page([_quote(r) for r in rows], total, offset, limit)


def list_claims(db: DbPath, filters: ClaimFilters | None = None, *, offset: int = 0,
                limit: int = 50) -> Page[Claim]:
    """Numeric claims with their claimants, newest first."""
    with reading(db) as store:
        total, rows = browse.claims_page(store, filters or ClaimFilters(), offset=offset, limit=limit)
    return _page([_claim(r) for r in rows], total, offset, limit)


# -- actors ------------------------------------------------------------------------------------------------

def list_actors(db: DbPath, filters: ActorFilters | None = None, *, offset: int = 0,
                limit: int = 50) -> Page[ActorSummary]:
    """Actor codes in the store with mention, document and event counts, most mentioned first; ``q`` matches
    the code or any name the code was resolved from."""
    with reading(db) as store:
        total, rows = browse.actors_page(store, filters or ActorFilters(), offset=offset, limit=limit)
        names = browse.names(store, [r["code"] for r in rows])
    return _page([ActorSummary(**r, name=names.get(r["code"])) for r in rows], total, offset, limit)


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
        p = browse.actor_profile(store, code, events=events, counterparts=counterparts)
    persons_kb = _persons_kb(code)
    if not (p["mentions"] or p["events_as_source"] or p["events_as_target"] or persons_kb or p["corpus_roles"]):
        raise NotFoundError(f"no actor with code {code!r} in the store or the roles knowledge base")
    sector_counts = [SectorCount(sector=s, mentions=n) for s, n in p["sectors"]]
    display = p["display_names"]
    return ActorDetail(
        code=code, name=display.get(code), sectors=sorted(s.sector for s in sector_counts if s.sector),
        mentions=p["mentions"], docs=p["docs"], events_as_source=p["events_as_source"],
        events_as_target=p["events_as_target"], names=p["names"], sector_counts=sector_counts,
        event_types=[TypeCount(event_type=t, count=n) for t, n in p["types"]],
        as_source=[_event(r) for r in p["as_source"]], as_target=[_event(r) for r in p["as_target"]],
        counterparts=[Counterpart(code=o, name=display.get(o), as_source=s, as_target=t, total=n)
                      for o, s, t, n in p["counterparts"]],
        persons_kb=persons_kb,
        persons_corpus=[Person(name=r["name"], code=r["code"], sector=r["sector"], role=r["role"] or None,
                               start=_text_date(r["first_seen"]), end=_text_date(r["last_seen"]),
                               origin="correction" if r["corrected"] else "corpus", doc_id=r["doc_id"],
                               evidence=r["evidence"]) for r in p["corpus_roles"]])


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


def _timeline(rows: list[tuple[Any, ...]], directions: list[str], interval: str
              ) -> tuple[list[str], list[TimelineBucket], list[TimelineTotal], int]:
    """Grouped rows (period, direction, type, quad class, n, score sum, scored n) summed into buckets and
    totals; events dated coarser than the interval count in the totals only (``unplaced``)."""
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
    periods = _periods(series[0].period, series[-1].period, interval) if series else []
    return periods, series, [TimelineTotal(direction=d, **t.fields()) for d, t in totals.items()], unplaced


def dyad_timeline(db: DbPath, a: str, b: str, filters: TimelineFilters | None = None) -> Timeline:
    """Events between two actors per period, each direction apart: counts by quad class and type, mean score.

    A dyad no event links has an empty series (not an error): absence is an answer."""
    f = filters or TimelineFilters()
    a, b = a.upper(), b.upper()
    directions = [f"{a}->{b}", f"{b}->{a}"]
    with reading(db) as store:
        rows = browse.timeline_rows(store, a=a, b=b, interval=f.interval, event_type=f.type, status=f.status)
        names = browse.names(store, [a, b])
    periods, series, totals, unplaced = _timeline(rows, directions, f.interval)
    return Timeline(a=a, b=b, a_name=names.get(a), b_name=names.get(b), interval=f.interval, directions=directions,
                    periods=periods, series=series, totals=totals, unplaced=unplaced)


def actor_timeline(db: DbPath, code: str, filters: TimelineFilters | None = None) -> Timeline:
    """An actor's events per period, as ``source`` (it acts) and as ``target`` (it is acted on)."""
    f = filters or TimelineFilters()
    code = code.upper()
    with reading(db) as store:
        rows = browse.timeline_rows(store, a=code, interval=f.interval, event_type=f.type, status=f.status)
        names = browse.names(store, [code])
    periods, series, totals, unplaced = _timeline(rows, ["source", "target"], f.interval)
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
        rows = browse.facet_rows(store)
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
        r = browse.stats_rows(store, top=top)
    counts, names, version = r["counts"], r["names"], r["schema_version"]
    return Stats(
        documents=counts[0], events=counts[1], mentions=counts[2], quotes=counts[3], claims=counts[4],
        actors=counts[5], first_date=counts[6], last_date=counts[7], documents_by_status=r["by_status"],
        events_by_type=[TypeCount(event_type=t, count=n) for t, n in r["by_type"]],
        events_by_quad=QuadCounts(**dict(zip(QuadCounts.model_fields, r["quads"], strict=True))),
        statuses=r["statuses"], modes=r["modes"],
        top_dyads=[DyadCount(source=s, target=t, source_name=names.get(s), target_name=names.get(t), events=n)
                   for s, t, n in r["dyads"]],
        freshness=Freshness(last_ingest_finished=_text_date(counts[8]), last_document_stored=_text_date(counts[9]),
                            file_modified=_file_modified(db), schema_version=int(version) if version else None))
