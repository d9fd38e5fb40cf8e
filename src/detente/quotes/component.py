"""The ``detente_quotes`` pipeline component: quotes, claims, and their links to events."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from detente.core import extensions
from detente.quotes.extract import Quote, extract_claims, extract_quotes

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
        _link_events(quotes, doc._.events or [])
        doc._.quotes = [quote.record() for quote in quotes]
        doc._.claims = [claim.record() for claim in extract_claims(doc, state, quotes, doc_id=doc_id)]
        return doc


def _link_events(quotes: list[Quote], events: list[dict[str, Any]]) -> None:
    """Each quote's events: those whose text overlaps the quote's, in the events' order.

    A binary search over the events sorted by start finds the candidates: an event overlapping a quote starts
    before the quote ends and at most the longest event's length before it starts, so the cost is linear in
    quotes and events, not their product.
    """
    if not events:
        return
    order = sorted(range(len(events)), key=lambda i: events[i]["start_char"])
    starts = [events[i]["start_char"] for i in order]
    longest = max(event["end_char"] - event["start_char"] for event in events)
    for quote in quotes:
        low = bisect.bisect_left(starts, quote.start_char - longest)
        high = bisect.bisect_left(starts, quote.end_char)
        found = sorted(i for i in order[low:high] if quote.start_char < events[i]["end_char"])
        quote.event_ids.extend(events[i]["event_id"] for i in found)


@Language.factory("detente_quotes", assigns=["doc._.quotes", "doc._.claims"], requires=["doc._.actor_state"])
def make_quote_component(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()
