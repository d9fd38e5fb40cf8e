"""What analysing one document gives: plain records, ready to store, export or send between processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from detente.core.records import ClaimRecord, EventRecord, MentionRecord, QuoteRecord, RoleStatement

__all__ = ["ORIGINAL_TEXT", "DocResult", "result_of"]

#: ``doc.user_data`` key of the text as written, when headlines were parsed in sentence case.
ORIGINAL_TEXT = "detente_original_text"


@dataclass
class DocResult:
    """The analysis of one document. ``roles`` are the roles it states, for the corpus memory."""

    doc_id: str
    published: date | None
    events: list[EventRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    roles: list[RoleStatement] = field(default_factory=list)
    words: int = 0
    #: Why the document could not be analysed ("parse: ValueError: ..."); its other fields are then empty.
    failure: str | None = None


def result_of(doc: Doc, doc_id: str, published: date | None, *, original: str | None = None) -> DocResult:
    """Collect a processed Doc's plain records (its extensions) into a :class:`DocResult`; with ``original``
    (the text as written, when headlines were parsed in sentence case) the evidence is cut from it."""
    mentions: list[MentionRecord] = list(doc._.actors or [])
    roles: list[RoleStatement] = []
    if published is not None:
        sentences = list(doc.sents)
        for mention in mentions:
            # A title in the text ("UK Foreign Secretary Dominic Raab") states a role the corpus can remember.
            if mention["method"] == "title" and mention["name"] and mention["code"]:
                roles.append({"name": mention["name"], "code": mention["code"], "sector": mention["sector"] or "GOV",
                              "doc_id": doc_id, "evidence": sentences[mention["sentence"]].text.strip()})
    events = list(doc._.events or [])
    quotes: list[QuoteRecord] = list(doc._.quotes or [])
    claims: list[ClaimRecord] = list(doc._.claims or [])
    if original is not None:
        # cut as the quote and claim finders cut them from the parsed text (quotes lose edge punctuation)
        for quote in quotes:
            quote["text"] = original[quote["start_char"]:quote["end_char"]].strip(" ,.")
        for claim in claims:
            claim["text"] = original[claim["start_char"]:claim["end_char"]]
        for event in events:
            event["evidence"] = original[event["start_char"]:event["end_char"]].strip()
            for mention in event["mentions"]:
                mention["evidence"] = original[mention["start_char"]:mention["end_char"]].strip()
        for mention in mentions:
            mention["text"] = original[mention["start_char"]:mention["end_char"]]
    return DocResult(doc_id, published, events, mentions, quotes, claims, roles,
                     words=sum(1 for t in doc if not t.is_space and not t.is_punct))
