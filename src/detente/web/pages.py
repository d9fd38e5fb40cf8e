"""Server-rendered pages at stable routes. Each validates its parameters, calls the query functions for its
data and renders one template; the templates only format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from detente.store.db import Store
from detente.web import queries
from detente.web.api_routes import CodePath, Limit, Offset, ReadStore
from detente.web.models import (
    CODE_PATTERN,
    ActorFilters,
    ClaimFilters,
    DocumentFilters,
    EventFilters,
    EventSort,
    PlaceFilters,
    Places,
    QuoteFilters,
    TimelineFilters,
)
from detente.web.render import map_layout, pieces, timeline_chart
from detente.web.templating import templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Period = Annotated[str | None, Query(pattern=r"^(\d{4}(-(0[1-9]|1[0-2]))?)?$",
                                     description="A timeline bar: YYYY-MM or YYYY.")]


def _render(request: Request, template: str, store: Store, **context: Any) -> Response:
    """Render with what every page shows: the store's name and when its data last changed."""
    return templates.TemplateResponse(request, template, {
        "store_name": Path(store.path).name, "freshness": queries.freshness(store),
        "params": dict(request.query_params), **context})


@router.get("/")
def overview(request: Request, store: ReadStore) -> Response:
    return _render(request, "overview.html", store, stats=queries.stats(store))


@router.get("/events")
def events(request: Request, store: ReadStore, filters: Annotated[EventFilters, Query()], offset: Offset = 0,
           limit: Limit = 50, sort: EventSort = "-date") -> Response:
    return _render(request, "events.html", store, filters=filters, sort=sort, facets=queries.facets(store),
                   page=queries.list_events(store, filters, offset=offset, limit=limit, sort=sort))


def _place_events(store: Store, filters: PlaceFilters, places: Places, *, place: int | None,
                  place_name: str | None, place_country: str | None) -> dict[str, Any] | None:
    """The selected place of the map (a clicked point): the place, its latest events under the map's filters,
    and the events-page filter listing all of them; None when nothing is selected."""
    if place is None and not place_name:
        return None
    if place is not None:
        match = EventFilters(**{**filters.model_dump(), "place": place})
        found = next((p for p in places.items if p.geonames_id == place), None)
    else:
        country = place_country.upper() if place_country else None
        match = EventFilters(**{**filters.model_dump(), "place_name": place_name, "country": country})
        found = next((p for p in places.items if p.geonames_id is None and p.country_code == country
                      and p.name.lower() == (place_name or "").strip().lower()), None)
    return {"place": found, "events": queries.list_events(store, match, limit=10),
            "filter": match.model_dump(exclude_none=True)}


@router.get("/map")
def world_map(request: Request, store: ReadStore, filters: Annotated[PlaceFilters, Query()],
              place: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
              place_name: Annotated[str | None, Query(max_length=200)] = None,
              place_country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None) -> Response:
    """Located events on a world map; a clicked point lists that place's latest events."""
    places = queries.list_places(store, filters, limit=2000)
    return _render(request, "map.html", store, filters=filters, facets=queries.facets(store), places=places,
                   layout=map_layout(places),
                   selected=_place_events(store, filters, places, place=place, place_name=place_name,
                                          place_country=place_country))


@router.get("/documents")
def documents(request: Request, store: ReadStore, filters: Annotated[DocumentFilters, Query()], offset: Offset = 0,
              limit: Limit = 50) -> Response:
    return _render(request, "documents.html", store, filters=filters,
                   page=queries.list_documents(store, filters, offset=offset, limit=limit))


@router.get("/documents/{doc_id:path}")
def document(request: Request, store: ReadStore, doc_id: Annotated[str, PathParam(max_length=500)],
             event: Annotated[str | None, Query(max_length=200, description="Event (or quote) to select.")] = None
             ) -> Response:
    doc = queries.document_detail(store, doc_id)
    return _render(request, "document.html", store, doc=doc, pieces=pieces(doc, selected=event), selected=event)


@router.get("/actors")
def actors(request: Request, store: ReadStore, filters: Annotated[ActorFilters, Query()], offset: Offset = 0,
           limit: Limit = 50) -> Response:
    return _render(request, "actors.html", store, filters=filters,
                   page=queries.list_actors(store, filters, offset=offset, limit=limit))


def _period_events(store: Store, filters: TimelineFilters, period: str | None, **actors: str):
    if not period:
        return None
    return queries.list_events(store, EventFilters(type=filters.type, status=filters.status, since=period,
                                                until=period, **actors), limit=100, sort="date")


@router.get("/actors/{code}")
def actor(request: Request, store: ReadStore, code: CodePath, filters: Annotated[TimelineFilters, Query()],
          period: Period = None) -> Response:
    timeline = queries.actor_timeline(store, code, filters)
    return _render(request, "actor.html", store, actor=queries.actor_detail(store, code), timeline=timeline,
                   chart=timeline_chart(timeline), filters=filters, facets=queries.facets(store), period=period,
                   period_events=_period_events(store, filters, period, actor=code))


@router.get("/dyads")
def dyad_form(a: Annotated[str, Query(pattern=CODE_PATTERN)],
              b: Annotated[str, Query(pattern=CODE_PATTERN)]) -> Response:
    """The overview's "open a dyad" form lands here; the dyad's stable address is /dyads/A/B."""
    return RedirectResponse(f"/dyads/{a.upper()}/{b.upper()}", status_code=303)


@router.get("/dyads/{a}/{b}")
def dyad(request: Request, store: ReadStore, a: CodePath, b: CodePath, filters: Annotated[TimelineFilters, Query()],
         period: Period = None) -> Response:
    timeline = queries.dyad_timeline(store, a, b, filters)
    return _render(request, "dyad.html", store, timeline=timeline, chart=timeline_chart(timeline), filters=filters,
                   facets=queries.facets(store), period=period,
                   period_events=_period_events(store, filters, period, actor=a, counterpart=b))


@router.get("/quotes")
def quotes(request: Request, store: ReadStore, filters: Annotated[QuoteFilters, Query()], offset: Offset = 0,
           limit: Limit = 50) -> Response:
    return _render(request, "quotes.html", store, filters=filters,
                   page=queries.list_quotes(store, filters, offset=offset, limit=limit))


@router.get("/claims")
def claims(request: Request, store: ReadStore, filters: Annotated[ClaimFilters, Query()], offset: Offset = 0,
           limit: Limit = 50) -> Response:
    return _render(request, "claims.html", store, filters=filters,
                   page=queries.list_claims(store, filters, offset=offset, limit=limit))
