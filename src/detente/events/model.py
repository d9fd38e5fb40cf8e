"""The event of one trigger in one sentence, while a document is being analysed, and its record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span, Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.dates import TimeExpression
from detente.core.ontology import derive
from detente.core.records import EventMention, EventRecord, LocationRecord
from detente.events.lexicon import Lexicon

__all__ = ["Event", "SentenceContext"]


@dataclass
class Event:
    """An event found in a sentence; tokens and spans point into the Doc, :meth:`record` is the plain record."""

    doc_id: str
    event_type: str
    mode: str | None
    source: list[Actor]
    target: list[Actor]
    status: str
    date: str | None
    date_precision: str | None
    sentence: int
    sentence_span: Span
    trigger: Token
    attribution: Actor | None = None
    context: list[str] = field(default_factory=list)
    confidence: float = 0.5
    mentions: list[EventMention] = field(default_factory=list)
    date_from_text: bool = True
    location: LocationRecord | None = None
    # The sides acted together ("Japan and Australia signed a pact"): the targets are parties to it as much as
    # the sources, for a reaction to it ("welcomed the pact").
    joint: bool = False

    @property
    def event_id(self) -> str:
        text = f"{self.doc_id}|{self.sentence}|{self.trigger.i}|{self.event_type}"
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def key(self) -> tuple[str, tuple[str, ...], tuple[str, ...], str]:
        return (self.event_type, tuple(sorted(str(a.code) for a in self.source)),
                tuple(sorted(str(a.code) for a in self.target)), self.status)

    def record(self) -> EventRecord:
        derived = derive(self.event_type, self.mode)
        span = self.sentence_span
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "source": [a.record() for a in self.source],
            "target": [a.record() for a in self.target],
            "date": self.date,
            "date_precision": self.date_precision,
            "status": self.status,
            "location": self.location,
            "context": self.context,
            "evidence": span.text.strip(),
            "sentence": self.sentence,
            "start_char": span.start_char,
            "end_char": span.end_char,
            "trigger": {"text": self.trigger.text, "lemma": self.trigger.lemma_, "start_char": self.trigger.idx},
            "attribution": self.attribution.record() if self.attribution else None,
            "confidence": round(self.confidence, 3),
            "cameo": derived.cameo,
            "plover_score": derived.plover_score,
            "quad_class": derived.quad_class,
            "mentions": self.mentions,
        }




@dataclass
class SentenceContext:
    """What every event frame needs to know about the sentence it reads."""

    doc_id: str
    number: int
    span: Span
    published: date | None
    state: DocActors
    lexicon: Lexicon
    times: dict[int, list[TimeExpression]]
    # Tokens already read as part of another event ("impose sanctions" is one event, not two).
    consumed: set[int] = field(default_factory=set)
