"""Detente's spaCy Doc extensions, registered in one place.

Every extension holds plain data (strings, numbers, lists and dicts of them), so ``Doc.to_bytes()``, ``DocBin``
and ``nlp.pipe(n_process=N)`` round-trip a processed Doc. The one exception is ``actor_state``: the working
state that the actor component hands to the event and quote components (it holds spans of the Doc itself).
It is released by ``detente_finish``, the last Detente component, before the Doc leaves the pipeline.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["DATA_EXTENSIONS", "register"]

#: name -> what it holds. Inputs set before the pipeline runs, outputs set by the components.
DATA_EXTENSIONS: dict[str, str] = {
    "doc_id": "input: the document's id (str)",
    "published": "input: the publication date as YYYY-MM-DD, or None",
    "actor_memory": "input: corpus memory, {name: [code, sector]}, or None",
    "actor_dictionary": "input: a suite's own actors, [[phrase, code, sector], ...], or None",
    "partial_events": "input: also emit events missing a party (True), for suites that score a sentence's type",
    "url": "input: the document's address, or None (its domain can name the author of a statement)",
    "source": "input: the publisher or site as the record gives it, or None",
    "actors": "output of detente_actors: list of MentionRecord",
    "events": "output of detente_events: list of EventRecord",
    "quotes": "output of detente_quotes: list of QuoteRecord",
    "claims": "output of detente_quotes: list of ClaimRecord",
}


def register() -> None:
    """Register the extensions (idempotent; every component module calls it at import)."""
    for name in [*DATA_EXTENSIONS, "actor_state"]:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register()
