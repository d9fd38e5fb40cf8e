"""The ``detente_quotes`` pipeline component: quotes, claims, and their links to events."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.quotes.extract import extract_claims, extract_quotes

__all__ = ["QuoteComponent"]

for _name in ("quotes", "claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class QuoteComponent:
    def __call__(self, doc: Doc) -> Doc:
        state = doc._.actor_state
        doc_id = str(doc._.doc_id or "")
        quotes = extract_quotes(doc, state, doc_id=doc_id)
        events = doc._.events or []
        for quote in quotes:
            for event in events:
                span = event.sentence_span
                if span.start_char < quote.end_char and quote.start_char < span.end_char:
                    quote.event_ids.append(event.event_id)
        doc._.quotes = quotes
        doc._.claims = extract_claims(doc, state, quotes, doc_id=doc_id)
        return doc


@Language.factory("detente_quotes", assigns=["doc._.quotes", "doc._.claims"], requires=["doc._.actor_state"])
def make_quote_component(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()
