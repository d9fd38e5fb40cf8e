"""Typed records of the web app: what the read queries return and what the REST API answers (its OpenAPI schema).

One definition serves both, so the schema cannot drift from the data. Filters are models too: FastAPI reads
them from the query string and validates them (422 on bad input) before any SQL runs. An empty value is
invalid where a pattern applies (the pages drop the empty fields HTML forms send before validation).
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ActorDetail", "ActorFilters", "ActorRef", "ActorSummary", "Claim", "ClaimFilters", "Correction",
    "CorrectionResult", "Counterpart", "DocumentDetail", "DocumentFilters", "DocumentSummary", "DocumentWarning",
    "DyadCount",
    "ErrorBody", "Event", "EventDetail", "EventFilters", "EventMention", "EventSort", "Facets", "Freshness",
    "LocationRef", "Page",
    "Person", "Place", "PlaceFilters", "Places", "QuadCounts", "Quote", "QuoteFilters", "Removal", "SectorCount",
    "Stats", "Timeline", "TimelineBucket",
    "TimelineFilters", "TimelineTotal", "TypeCount", "QUAD_NAMES",
]

T = TypeVar("T")

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

# YYYY, YYYY-MM or YYYY-MM-DD: the precisions event dates are stored at.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
CODE_PATTERN = r"^[A-Za-z0-9_-]{1,16}$"

Text = Annotated[str, Field(max_length=200)]
Code = Annotated[str, Field(pattern=CODE_PATTERN, description="Actor code, exact (CHN, USA, EU, NATO).")]
DateBound = Annotated[str, Field(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")]


class _Filters(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- events ------------------------------------------------------------------------------------------------

class ActorRef(BaseModel):
    """One side of an event, or a speaker: the words in the text and what they resolved to."""

    text: str | None = None
    name: str | None = None
    code: str | None = None
    sector: str | None = None


class LocationRef(BaseModel):
    """Where the event happened, as precisely as the text says (:mod:`detente.geo`): the words, the gazetteer
    place they resolved to (GeoNames id and coordinates where it has them), its precision and how it was found."""

    text: str
    name: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str | None = Field(None, description="city, admin1, country or region.")
    method: str | None = Field(None, description="The rule that found it: prep:in, dateline ...")
    confidence: float | None = None


class EventMention(BaseModel):
    """A sentence reporting the event; offsets are into the document's cleaned text."""

    sentence: int | None = None
    start_char: int | None = None
    end_char: int | None = None
    evidence: str | None = None


class Event(BaseModel):
    """A coded PLOVER event with its evidence sentence (``start_char``/``end_char`` span that sentence)."""

    event_id: str
    doc_id: str
    event_type: str
    mode: str | None = None
    status: str | None = None
    date: str | None = None
    date_precision: str | None = None
    source: list[ActorRef] = []
    target: list[ActorRef] = []
    source_codes: list[str] = []
    target_codes: list[str] = []
    context: list[str] = []
    location: LocationRef | None = None
    evidence: str | None = None
    sentence: int | None = None
    start_char: int | None = None
    end_char: int | None = None
    confidence: float | None = None
    cameo: str | None = None
    plover_score: float | None = None
    quad_class: int | None = None
    doc_title: str | None = None
    doc_published: str | None = None


class EventDetail(Event):
    """An event with every sentence that reports it, its trigger word and the attribution."""

    mentions: list[EventMention] = []
    trigger: dict[str, Any] | None = None
    attribution: Any = None


EventSort = Literal["-date", "date", "-confidence", "confidence", "type", "doc"]


class PlaceFilters(_Filters):
    """Filters of ``GET /places``: those of ``GET /events`` but the place itself; all optional, combined with
    AND. Codes match exactly."""

    actor: Code | None = Field(None, description="Actor code on either side.")
    counterpart: Code | None = Field(None, description="With actor: only events between actor and this code, "
                                                       "either direction; alone, the same as actor.")
    source: Code | None = Field(None, description="Actor code among the sources.")
    target: Code | None = Field(None, description="Actor code among the targets.")
    type: Text | None = Field(None, description="PLOVER event type, e.g. SANCTION (case-insensitive).")
    mode: Text | None = Field(None, description="PLOVER mode, e.g. expel.")
    status: Text | None = Field(None, description="asserted, planned, hypothetical or negated.")
    quad_class: int | None = Field(None, ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, "
                                                                 "3 verbal conflict, 4 material conflict.")
    since: DateBound | None = Field(None, description="Earliest event date.")
    until: DateBound | None = Field(None, description="Latest event date (inclusive at its precision).")
    doc_id: Text | None = Field(None, description="Only events of this document.")
    q: Text | None = Field(None, description="Words in the evidence sentence (case-insensitive).")
    country: Code | None = Field(None, description="Country code of the event's location, e.g. UKR.")


class EventFilters(PlaceFilters):
    """Filters of ``GET /events``; all optional, combined with AND. Codes match exactly."""

    place: int | None = Field(None, ge=1, le=2**31 - 1, description="GeoNames id of the event's location "
                                                                   "(706483: Kharkiv).")
    place_name: Text | None = Field(None, description="Name of the event's location when it has no GeoNames id "
                                                      "(a region or first-level division, e.g. Donbas; "
                                                      "case-insensitive); places with an id go by `place`.")


class Place(BaseModel):
    """Located events at one place: a GeoNames place (``geonames_id``), or a region or division that GeoNames
    lacks, told by ``name`` within ``country_code``. ``lat``/``lon`` are None where the gazetteer has none."""

    geonames_id: int | None = None
    name: str
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = Field(None, description="city, admin1, country or region.")
    events: int
    documents: int
    first_date: str | None = None
    last_date: str | None = None


class Places(BaseModel):
    """Places of the events matching the filters, most events first: ``events`` match, ``located`` of them have a
    location; ``total`` places hold them (``items`` lists at most ``limit``)."""

    events: int
    located: int
    total: int
    limit: int
    items: list[Place]


class Page(BaseModel, Generic[T]):
    """One page of a listing: ``total`` rows match; the next page starts at ``next_offset``."""

    total: int
    offset: int
    limit: int
    next_offset: int | None = None
    items: list[T]


# -- documents, quotes, claims -----------------------------------------------------------------------------

class DocumentSummary(BaseModel):
    doc_id: str
    title: str | None = None
    published: str | None = None
    status: str
    origin: str | None = None
    line: int | None = None
    format: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    chars: int | None = None
    event_count: int = 0


class DocumentFilters(_Filters):
    status: Text | None = Field(None, description="ok, or e.g. 'skipped: language fr' (exact).")
    q: Text | None = Field(None, description="Words in the title or the id.")
    since: DateBound | None = Field(None, description="Earliest publication date.")
    until: DateBound | None = Field(None, description="Latest publication date (inclusive at its precision).")


class Removal(BaseModel):
    """A line cleaning removed, the rule that removed it and why; ``clean_offset`` is where it stood in the
    cleaned text (None when that cannot be recovered, e.g. for HTML)."""

    rule: str
    why: str | None = None
    line: int | None = None
    text: str
    clean_offset: int | None = None


class Quote(BaseModel):
    quote_id: str
    doc_id: str
    sentence: int | None = None
    start_char: int | None = None
    end_char: int | None = None
    text: str
    kind: str | None = None
    speaker: ActorRef | None = None
    speaker_code: str | None = None
    verb: str | None = None
    addressee: str | None = None
    event_ids: list[str] = []
    date: str | None = None
    doc_title: str | None = None


class QuoteFilters(_Filters):
    speaker: Text | None = Field(None, description="Speaker's name or words, e.g. Raab.")
    code: Code | None = Field(None, description="Speaker's code, exact.")
    kind: Text | None = Field(None, description="direct, partial or indirect.")
    since: DateBound | None = None
    until: DateBound | None = None
    doc_id: Text | None = None
    q: Text | None = Field(None, description="Words in the quote.")


class Claim(BaseModel):
    claim_id: str
    doc_id: str
    sentence: int | None = None
    start_char: int | None = None
    end_char: int | None = None
    text: str
    value: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    thing: str | None = None
    claimant: ActorRef | None = None
    claimant_code: str | None = None
    quote_id: str | None = None
    date: str | None = None


class ClaimFilters(_Filters):
    code: Code | None = Field(None, description="Claimant's code, exact.")
    since: DateBound | None = None
    until: DateBound | None = None
    doc_id: Text | None = None
    q: Text | None = Field(None, description="Words in the claim or the thing counted.")


class DocumentWarning(BaseModel):
    """Something done to the text as read that its reader should know (docs/ROBUSTNESS.md, "Decoding"): bytes
    replaced in decoding, a charset guess that looks like mojibake, control characters removed, deep HTML
    flattened. ``offset``: the first one's byte offset in the file (``decode``) or character offset (``clean``)."""

    stage: str
    kind: str
    count: int
    offset: int | None = None
    detail: str = ""


class DocumentDetail(DocumentSummary):
    """A document as stored: cleaned text (all offsets point into it), metadata (with ``published_raw`` and
    ``published_rejected`` when the published value given was refused), the encoding it was read with and the
    warnings of reading it, what cleaning removed, and its events, quotes and claims in text order."""

    published_from: str | None = None
    ingested_at: str | None = None
    metadata: dict[str, Any] = {}
    encoding: str | None = None
    warnings: list[DocumentWarning] = []
    clean_text: str
    removals: list[Removal] = []
    events: list[EventDetail] = []
    quotes: list[Quote] = []
    claims: list[Claim] = []


# -- actors ------------------------------------------------------------------------------------------------

class ActorSummary(BaseModel):
    code: str
    name: str | None = None
    sectors: list[str] = []
    mentions: int = 0
    docs: int = 0
    events_as_source: int = 0
    events_as_target: int = 0


class ActorFilters(_Filters):
    q: Text | None = Field(None, description="Code or words of a name.")
    sector: Text | None = Field(None, description="Sector code, e.g. GOV.")


class SectorCount(BaseModel):
    sector: str | None = None
    mentions: int


class TypeCount(BaseModel):
    event_type: str
    count: int


class Counterpart(BaseModel):
    """Another actor in events with this one: ``as_source`` counts events where this actor acted on it."""

    code: str
    name: str | None = None
    as_source: int = 0
    as_target: int = 0
    total: int = 0


class Person(BaseModel):
    """A person holding a role for the actor: from the bundled roles KB, or from the corpus memory (roles that
    documents stated, or a user's correction), with provenance."""

    name: str
    code: str
    sector: str | None = None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    origin: Literal["roles", "corpus", "correction"]
    doc_id: str | None = None
    evidence: str | None = None


class ActorDetail(ActorSummary):
    names: list[str] = []
    sector_counts: list[SectorCount] = []
    event_types: list[TypeCount] = []
    as_source: list[Event] = []
    as_target: list[Event] = []
    counterparts: list[Counterpart] = []
    persons_kb: list[Person] = []
    persons_corpus: list[Person] = []


# -- timelines, dyads and stats ----------------------------------------------------------------------------

class QuadCounts(BaseModel):
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0


class TimelineBucket(QuadCounts):
    """Events of one direction in one period; ``mean_plover_score`` runs from -10 (conflict) to +10."""

    period: str
    direction: str
    events: int = 0
    by_type: dict[str, int] = {}
    mean_plover_score: float | None = None


class TimelineTotal(QuadCounts):
    direction: str
    events: int = 0
    by_type: dict[str, int] = {}
    mean_plover_score: float | None = None


class TimelineFilters(_Filters):
    interval: Literal["month", "year"] = "month"
    type: Text | None = Field(None, description="Only this PLOVER type.")
    status: Text | None = Field(None, description="Only this status.")


class Timeline(BaseModel):
    """Events per period and direction. For a dyad the directions are ``a->b`` and ``b->a``; for an actor
    ``source`` (it acts) and ``target`` (it is acted on). ``unplaced`` events have no date at this interval."""

    a: str
    b: str | None = None
    a_name: str | None = None
    b_name: str | None = None
    interval: str
    directions: list[str]
    periods: list[str] = []
    series: list[TimelineBucket] = []
    totals: list[TimelineTotal] = []
    unplaced: int = 0


class DyadCount(BaseModel):
    source: str
    target: str
    source_name: str | None = None
    target_name: str | None = None
    events: int


class Freshness(BaseModel):
    """When the data last changed: the last finished ingest, the last document stored, the file's mtime."""

    last_ingest_finished: str | None = None
    last_document_stored: str | None = None
    file_modified: str | None = None
    schema_version: int | None = None


class Facets(BaseModel):
    """The values the event filters can take in this store, for the filter menus."""

    types: list[str] = []
    statuses: list[str] = []
    modes: list[str] = []


class Stats(BaseModel):
    documents: int
    documents_by_status: dict[str, int] = {}
    events: int
    mentions: int
    quotes: int
    claims: int
    actors: int
    first_date: str | None = None
    last_date: str | None = None
    events_by_type: list[TypeCount] = []
    events_by_quad: QuadCounts = QuadCounts()
    statuses: list[str] = []
    modes: list[str] = []
    top_dyads: list[DyadCount] = []
    freshness: Freshness


# -- the one write, and errors -----------------------------------------------------------------------------

class Correction(BaseModel):
    """A user's correction of the corpus memory: ``name`` resolves to ``code``/``sector`` from now on."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{2,16}$")
    sector: str = Field(pattern=r"^[A-Za-z]{2,8}$")

    @field_validator("name")
    @classmethod
    def _stripped(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("name is blank")
        return value


class CorrectionResult(BaseModel):
    name: str
    code: str
    sector: str


class ErrorBody(BaseModel):
    """Every error answer: a message, the HTTP status and, for 422, what failed validation."""

    error: str
    status: int
    detail: list[dict[str, Any]] | None = None
