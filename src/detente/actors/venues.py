"""The body a speech is given in: "this Council" in remarks at the Security Council, "the House" in Hansard.

Speeches and debates name their venue once (a title, a header, "UN Security Council Briefing") and then call it
by its head word. A capitalised head word with "the" or "this" and nothing else refers to the last body named
whose name has that word; with none named, a statement's own "this House"/"this Parliament" is its author's
legislature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.core.words import words

if TYPE_CHECKING:
    from detente.actors.state import DocActors

__all__ = ["VenuesMixin"]

# Head words bodies are called by once named: "this Council", "the House", "the Assembly".
BODY_NOUNS = words("body_nouns")
# Of those, the ones that name a legislature: an author's own "this House" is its parliament.
LEGISLATURE_NOUNS = words("legislature_nouns")
# Confidence of a venue found this way (a prior, like the others in actors.model.CONFIDENCE).
VENUE_CONFIDENCE = 0.7


class VenuesMixin:
    """Methods of :class:`~detente.actors.state.DocActors` (``self`` is the document state)."""

    def _venue(self: DocActors, token: Token) -> Actor | None:
        lemma = token.lemma_.lower()
        if lemma not in BODY_NOUNS or not token.text[:1].isupper() or token.tag_ not in ("NN", "NNP"):
            return None
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in children) or any(
                c.dep_ in ("amod", "compound", "poss", "nmod") or (c.dep_ == "prep" and c.lower_ == "of")
                for c in children):
            return None
        for index in [*range(token.i - 1, -1, -1), *range(token.i + 1, len(self.doc))]:
            hit = self.hits.get(index)
            if hit is None or index != hit[0].start or hit[1].kind not in ("org", "seat") or not hit[1].code:
                continue
            named = {w.lower().strip(".,") for w in [*hit[0].text.split(), *hit[1].name.split()]}
            if lemma in named:
                span, entry = hit
                return self._make(token, entry.name, entry.code, entry.sector or "IGO", "coreference",
                                  VENUE_CONFIDENCE)
        author = self._author() if self.author_voice() else None
        if lemma in LEGISLATURE_NOUNS and author is not None and author.code and author.sector != "IGO":
            return self._make(token, author.name, author.code, "LEG", "author", VENUE_CONFIDENCE)
        return None
