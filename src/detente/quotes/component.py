"""The ``detente_quotes`` pipeline component: quotes, claims, and their links to events."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.core import extensions
from detente.quotes.extract import extract_claims, extract_quotes

__all__ = ["QuoteComponent"]

extensions.register()


class QuoteComponent:
    """Quotes with speakers and numeric claims with claimants (plain records on ``doc._.quotes``/``claims``)."""

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.actor_state
        if state is None:
            raise ValueError("detente_quotes needs detente_actors earlier in the pipeline")
        doc_id = str(doc._.doc_id or "")
        quotes = extract_quotes(doc, state, doc_id=doc_id)
        events = doc._.events or []
        for quote in quotes:
            for event in events:
                if event["start_char"] < quote.end_char and quote.start_char < event["end_char"]:
                    quote.event_ids.append(event["event_id"])
        doc._.quotes = [quote.record() for quote in quotes]
        doc._.claims = [claim.record() for claim in extract_claims(doc, state, quotes, doc_id=doc_id)]
        return doc


@Language.factory("detente_quotes", assigns=["doc._.quotes", "doc._.claims"], requires=["doc._.actor_state"])
def make_quote_component(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()
