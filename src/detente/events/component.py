"""The ``detente_events`` pipeline component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.events.dates import as_date
from detente.events.extract import extract_doc
from detente.events.lexicon import load_lexicon

__all__ = ["EventComponent"]

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


class EventComponent:
    def __init__(self) -> None:
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.actor_state
        if state is None:
            raise ValueError("detente_events needs detente_actors earlier in the pipeline")
        doc._.events = extract_doc(doc, state, doc_id=str(doc._.doc_id or ""), published=as_date(doc._.published),
                                   lexicon=self.lexicon)
        return doc


@Language.factory("detente_events", assigns=["doc._.events"], requires=["doc._.actor_state"])
def make_event_component(nlp: Language, name: str) -> EventComponent:
    return EventComponent()
