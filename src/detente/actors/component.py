"""The ``detente_actors`` pipeline component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.resolve import Actor, ActorIndex, DocActors
from detente.events.dates import as_date

__all__ = ["ActorComponent", "index_for"]

for _name in ("actor_state", "actors"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# Mentions are listed for phrase heads only; modifiers ("Chinese" in "Chinese officials") belong to them.
HEAD_SKIP_DEPS = frozenset({"compound", "amod", "nmod", "det", "punct"})

_INDEXES: dict[tuple[int, frozenset], ActorIndex] = {}


def index_for(nlp: Language, extra: dict[str, tuple[str, str | None]] | None = None) -> ActorIndex:
    """The actor index for a pipeline, with a suite's own actor dictionary if given (cached)."""
    key = (id(nlp.vocab), frozenset((extra or {}).items()))
    if key not in _INDEXES:
        _INDEXES[key] = ActorIndex(nlp, extra=extra)
    return _INDEXES[key]


class ActorComponent:
    """Finds and resolves every actor mention; keeps the per-document state for the event component."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.index: ActorIndex | None = None

    def __call__(self, doc: Doc) -> Doc:
        index = self.index or index_for(self.nlp)
        state = DocActors.build(doc, index, as_date(doc._.published))
        mentions: list[Actor] = []
        for token in doc:
            if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ not in HEAD_SKIP_DEPS:
                actor = state.resolve(token)
                if actor is not None and actor.code:
                    mentions.append(actor)
        doc._.actor_state = state
        doc._.actors = mentions
        return doc


@Language.factory("detente_actors", assigns=["doc._.actor_state", "doc._.actors"], requires=["token.dep", "token.pos"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp)
