"""The ``detente_events`` pipeline component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.core import extensions
from detente.core.dates import as_date
from detente.events.extract import extract_doc
from detente.events.lexicon import Lexicon, load_lexicon

__all__ = ["EventComponent"]

extensions.register()


class EventComponent:
    """Finds the events of a Doc (``doc._.events``: plain event records) from the actor state."""

    def __init__(self) -> None:
        self.lexicon: Lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.actor_state
        if state is None:
            raise ValueError("detente_events needs detente_actors earlier in the pipeline")
        events = extract_doc(doc, state, doc_id=str(doc._.doc_id or ""), published=as_date(doc._.published),
                             lexicon=self.lexicon, partial=bool(doc._.partial_events))
        doc._.events = [event.record() for event in events]
        return doc


@Language.factory("detente_events", assigns=["doc._.events"], requires=["doc._.actor_state"])
def make_event_component(nlp: Language, name: str) -> EventComponent:
    return EventComponent()
