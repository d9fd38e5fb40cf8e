"""REST API routes under ``/api/v1``: each one validates its parameters and calls one query function."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from detente import api
from detente.store.db import Store
from detente.web import queries
from detente.web.access import reading, write
from detente.web.models import (
    CODE_PATTERN,
    ActorDetail,
    ActorFilters,
    ActorSummary,
    Claim,
    ClaimFilters,
    Correction,
    CorrectionResult,
    DocumentDetail,
    DocumentFilters,
    DocumentSummary,
    ErrorBody,
    Event,
    EventDetail,
    EventFilters,
    EventSort,
    Facets,
    Page,
    PlaceFilters,
    Places,
    Quote,
    QuoteFilters,
    Stats,
    Timeline,
    TimelineFilters,
)

__all__ = ["router"]

logger = logging.getLogger(__name__)

ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorBody, "description": text} for status, text in {
    404: "No such record.", 422: "Invalid parameters.", 503: "The store is busy (an ingest is writing) or missing; "
                                                            "see Retry-After."}.items()}
router = APIRouter(responses=ERRORS)

Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page.")]
CodePath = Annotated[str, PathParam(pattern=CODE_PATTERN, description="Actor code, e.g. CHN.")]
CodeQuery = Annotated[str, Query(pattern=CODE_PATTERN, description="Actor code, e.g. GBR.")]
bearer = HTTPBearer(auto_error=False, description="The token of `detente serve --token FILE`.")


def store_path(request: Request) -> Path:
    """The store this app serves (set by :func:`detente.web.app.create_app`)."""
    return request.app.state.db


def request_store(request: Request) -> Iterator[Store]:
    """One short-lived read-only connection for the whole request, closed when it is answered."""
    with reading(store_path(request)) as store:
        yield store


Db = Annotated[Path, Depends(store_path)]
ReadStore = Annotated[Store, Depends(request_store)]


@router.get("/events", response_model=Page[Event], tags=["events"])
def events(store: ReadStore, filters: Annotated[EventFilters, Query()], offset: Offset = 0, limit: Limit = 50,
           sort: EventSort = "-date") -> Page[Event]:
    """Events matching every given filter (codes exact), one page in ``sort`` order, with the total."""
    return queries.list_events(store, filters, offset=offset, limit=limit, sort=sort)


@router.get("/events/{event_id}", response_model=EventDetail, tags=["events"])
def event(store: ReadStore, event_id: Annotated[str, PathParam(max_length=200)]) -> EventDetail:
    """One event with every sentence reporting it; offsets point into its document's cleaned text."""
    return queries.event_detail(store, event_id)


@router.get("/facets", response_model=Facets, tags=["events"])
def facets(store: ReadStore) -> Facets:
    """The event types, statuses and modes present in the store."""
    return queries.facets(store)


@router.get("/places", response_model=Places, tags=["events"])
def places(store: ReadStore, filters: Annotated[PlaceFilters, Query()],
           limit: Annotated[int, Query(ge=1, le=5000, description="Places at most.")] = 1000) -> Places:
    """Where the matching events happened: located events grouped by place (GeoNames id, or name within the
    country for regions GeoNames lacks) with coordinates, counts and first and last date, most events first.
    List one place's events with ``GET /events?place=<geonames_id>`` (or ``place_name=&country=``)."""
    return queries.list_places(store, filters, limit=limit)


@router.get("/documents", response_model=Page[DocumentSummary], tags=["documents"])
def documents(store: ReadStore, filters: Annotated[DocumentFilters, Query()], offset: Offset = 0,
              limit: Limit = 50) -> Page[DocumentSummary]:
    """Stored documents, newest publication first, with their event counts."""
    return queries.list_documents(store, filters, offset=offset, limit=limit)


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, tags=["documents"])
def document(store: ReadStore, doc_id: Annotated[str, PathParam(max_length=500)]) -> DocumentDetail:
    """A document: cleaned text, metadata, what cleaning removed (rule, reason, position), and its events,
    quotes and claims with offsets into the cleaned text."""
    return queries.document_detail(store, doc_id)


@router.get("/actors", response_model=Page[ActorSummary], tags=["actors"])
def actors(store: ReadStore, filters: Annotated[ActorFilters, Query()], offset: Offset = 0,
           limit: Limit = 50) -> Page[ActorSummary]:
    """Actor codes with mention, document and event counts, most mentioned first."""
    return queries.list_actors(store, filters, offset=offset, limit=limit)


@router.get("/actors/{code}", response_model=ActorDetail, tags=["actors"])
def actor(store: ReadStore, code: CodePath) -> ActorDetail:
    """An actor: counts, names, sectors, latest events as source and as target, top counterparts, and the
    people holding its roles (roles knowledge base and corpus memory)."""
    return queries.actor_detail(store, code)


@router.get("/actors/{code}/timeline", response_model=Timeline, tags=["actors"])
def actor_timeline(store: ReadStore, code: CodePath, filters: Annotated[TimelineFilters, Query()]) -> Timeline:
    """An actor's events per period as source and as target: counts by quad class and type, mean score."""
    return queries.actor_timeline(store, code, filters)


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Writes are off unless the app was started with a token, and then need exactly that bearer token."""
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "writes are disabled; start `detente serve --token FILE` to allow corrections")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


@router.post("/actors/corrections", response_model=CorrectionResult, status_code=201, tags=["actors"],
             dependencies=[Depends(require_token)],
             responses={400: {"model": ErrorBody, "description": "The body is not JSON."},
                        401: {"model": ErrorBody, "description": "Missing or wrong token."},
                        403: {"model": ErrorBody, "description": "Writes are disabled."}})
def correct(db: Db, correction: Correction) -> CorrectionResult:
    """Correct the corpus memory: ``name`` resolves to ``code``/``sector`` from now on (outranks documents)."""
    code, sector = correction.code.upper(), correction.sector.upper()
    write(db, lambda: api.correct_actor(correction.name, code=code, sector=sector, db=db))
    logger.info("corrected %r -> %s/%s", correction.name, code, sector)
    return CorrectionResult(name=correction.name, code=code, sector=sector)


@router.get("/dyads", response_model=Timeline, tags=["actors"])
def dyads(store: ReadStore, a: CodeQuery, b: CodeQuery, filters: Annotated[TimelineFilters, Query()]) -> Timeline:
    """Events between ``a`` and ``b`` per period, both directions: counts by type and quad class, mean score."""
    return queries.dyad_timeline(store, a, b, filters)


@router.get("/quotes", response_model=Page[Quote], tags=["quotes"])
def quotes(store: ReadStore, filters: Annotated[QuoteFilters, Query()], offset: Offset = 0,
           limit: Limit = 50) -> Page[Quote]:
    """Quotes with their speakers, newest first."""
    return queries.list_quotes(store, filters, offset=offset, limit=limit)


@router.get("/claims", response_model=Page[Claim], tags=["quotes"])
def claims(store: ReadStore, filters: Annotated[ClaimFilters, Query()], offset: Offset = 0,
           limit: Limit = 50) -> Page[Claim]:
    """Numeric claims ("at least one million") with their claimants, newest first."""
    return queries.list_claims(store, filters, offset=offset, limit=limit)


@router.get("/stats", response_model=Stats, tags=["overview"])
def stats(store: ReadStore) -> Stats:
    """Counts by table, status, type and quad class, the top dyads, the date range, and when data changed."""
    return queries.stats(store)
