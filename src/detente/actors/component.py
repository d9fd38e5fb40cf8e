"""The ``detente_actors`` pipeline component."""

from __future__ import annotations

import bisect
import hashlib
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.index import ActorIndex
from detente.actors.roles import role_record
from detente.actors.state import DocActors
from detente.core import extensions
from detente.core.dates import as_date
from detente.core.records import MentionRecord

__all__ = ["ActorComponent", "index_for"]

extensions.register()

# Mentions are listed for phrase heads only; modifiers ("Chinese" in "Chinese officials") belong to them.
HEAD_SKIP_DEPS = frozenset({"compound", "amod", "nmod", "det", "punct"})
# Actor indexes kept built: the default vocabulary and a suite's own dictionary or two.
INDEX_CACHE_SIZE = 4


@lru_cache(maxsize=INDEX_CACHE_SIZE)
def _index(nlp: Language, extra: tuple[tuple[str, str, str | None], ...]) -> ActorIndex:
    if not extra:
        return ActorIndex(nlp)
    return ActorIndex(nlp, extra={phrase: (code, sector) for phrase, code, sector in extra}, base=_index(nlp, ()))


def index_for(nlp: Language, extra: dict[str, tuple[str, str | None]] | None = None) -> ActorIndex:
    """The actor index for a pipeline, with a suite's own actor dictionary if given (built once, cached)."""
    return _index(nlp, tuple(sorted((phrase, code, sector) for phrase, (code, sector) in (extra or {}).items())))


class ActorComponent:
    """Finds and resolves every actor mention; keeps the per-document state for the event and quote components.

    Corpus memory and a suite's own actors come with each Doc (``doc._.actor_memory``,
    ``doc._.actor_dictionary``), never from the component, so one pipeline serves concurrent callers.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def index(self, dictionary: list[list[str | None]] | None = None) -> ActorIndex:
        """The index for the default vocabulary, or with a suite's own actors added."""
        rows = tuple(sorted((str(phrase), str(code), sector) for phrase, code, sector in dictionary or []))
        return _index(self.nlp, rows)

    def __call__(self, doc: Doc) -> Doc:
        memory = {name: (code, sector) for name, (code, sector) in (doc._.actor_memory or {}).items()}
        state = DocActors.build(doc, self.index(doc._.actor_dictionary), as_date(doc._.published), memory=memory)
        starts = [sentence.start_char for sentence in state.sentences()[0]]  # doc.sents walks the whole Doc
        doc_id = str(doc._.doc_id or "")
        mentions: list[MentionRecord] = []
        for token in doc:
            if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ not in HEAD_SKIP_DEPS:
                actor = state.resolve(token)
                if actor is not None and (actor.code or actor.candidates):
                    mention_id = hashlib.sha1(f"{doc_id}|{actor.start_char}|{actor.end_char}".encode()).hexdigest()
                    mention: MentionRecord = {
                        "mention_id": mention_id[:16], "doc_id": doc_id,
                        "sentence": bisect.bisect_right(starts, actor.start_char) - 1,
                        "start_char": actor.start_char, "end_char": actor.end_char, "text": actor.text,
                        "name": actor.name, "code": actor.code, "sector": actor.sector, "method": actor.method,
                        "confidence": actor.confidence}
                    if actor.candidates:
                        mention["candidates"] = [role_record(role) for role in actor.candidates]
                    mentions.append(mention)
        doc._.actor_state = state
        doc._.actors = mentions
        return doc


@Language.factory("detente_actors", assigns=["doc._.actor_state", "doc._.actors"], requires=["token.dep", "token.pos"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp)
