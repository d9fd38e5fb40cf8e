"""The records Detente emits, as typed dictionaries: what ``extract`` yields, the store keeps and the API returns.

They are plain data (strings, numbers, lists, dicts), so they serialise as JSON, cross process boundaries and
sit on spaCy Doc extensions that ``Doc.to_bytes`` and ``DocBin`` round-trip. GUIDELINES section 1 defines the
event record; the fields beyond it are Detente's extras (ids, offsets, confidence, derived codes).
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

__all__ = [
    "ActorRecord",
    "ClaimRecord",
    "EventMention",
    "EventRecord",
    "LocationRecord",
    "MentionRecord",
    "Method",
    "Precision",
    "QuoteRecord",
    "RoleStatement",
    "Sector",
    "Status",
    "TriggerRecord",
    "WarningRecord",
]

#: GUIDELINES section 1: reported as happened, scheduled, only possible, or said not to have happened.
Status = Literal["asserted", "planned", "hypothetical", "negated"]
#: GUIDELINES section 4.
Sector = Literal["GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY", "OPP", "REB", "CVL", "MED", "NGO", "BUS", "EDU",
                 "REL", "LAB", "ELI", "IGO", "UNK"]
#: How an actor mention was resolved (see detente.actors.state).
Method = Literal["gazetteer", "extra", "title", "roles", "coreference", "memory", "pronoun", "context", "author",
                 "place", "modifier", "topic", "unresolved"]
#: How precise a date is; "day (publication)" is the publication date standing in for a date the text omits.
Precision = Literal["day", "month", "year", "week", "day (publication)"]


class ActorRecord(TypedDict):
    """One side of an event: the words, the resolved name, the state or organisation code and the sector."""

    text: str
    name: str | None
    code: str | None
    sector: str | None


class MentionRecord(TypedDict):
    """A coded actor mention in a document, with where it is and how it was resolved."""

    mention_id: str
    doc_id: str
    sentence: int
    start_char: int
    end_char: int
    text: str
    name: str | None
    code: str | None
    sector: str | None
    method: str
    confidence: float
    # A name several people share that nothing in the document tells apart (method "ambiguous", code null):
    # each one's office on the date (name, code, sector, role, start, end, source).
    candidates: NotRequired[list[dict[str, str | None]]]


class TriggerRecord(TypedDict):
    text: str
    lemma: str
    start_char: int


class EventMention(TypedDict):
    """One statement of an event: the sentence that says it."""

    sentence: int
    start_char: int
    end_char: int
    evidence: str


class LocationRecord(TypedDict):
    """Where an event happened, as precisely as the text says (detente.geo)."""

    text: str
    name: str
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: Literal["city", "admin1", "country", "region"]
    method: str
    confidence: NotRequired[float]


class EventRecord(TypedDict):
    """GUIDELINES section 1, plus Detente's extras."""

    event_id: str
    doc_id: str
    event_type: str
    mode: str | None
    source: list[ActorRecord]
    target: list[ActorRecord]
    date: str | None
    date_precision: str | None
    status: str
    location: LocationRecord | None
    context: list[str]
    evidence: str
    sentence: int
    start_char: int
    end_char: int
    trigger: TriggerRecord
    attribution: ActorRecord | None
    confidence: float
    cameo: str | None
    plover_score: float | None
    quad_class: int | None
    mentions: list[EventMention]


class QuoteRecord(TypedDict):
    quote_id: str
    doc_id: str
    sentence: int
    start_char: int
    end_char: int
    text: str
    kind: str
    speaker: ActorRecord | None
    verb: str | None
    addressee: str | None
    event_ids: list[str]


class ClaimRecord(TypedDict):
    claim_id: str
    doc_id: str
    sentence: int
    start_char: int
    end_char: int
    text: str
    value: float
    qualifier: str | None
    unit: str | None
    thing: str | None
    claimant: ActorRecord | None
    quote_id: str | None


class RoleStatement(TypedDict):
    """A role a document states ("UK Foreign Secretary Dominic Raab"): what corpus memory learns from it."""

    name: str
    code: str
    sector: str
    doc_id: str
    evidence: str


class WarningRecord(TypedDict):
    """Something done to a document's text that a reader of it should know: bytes replaced in decoding, a charset
    guess that looks like mojibake, control characters removed, HTML nesting flattened. ``offset`` is where the
    first one is: a byte offset in the file (or record line) for ``decode``, a character offset in the text as
    read for ``clean``; None when it has no position."""

    stage: Literal["decode", "clean", "read"]
    kind: str
    count: int
    offset: int | None
    detail: str
