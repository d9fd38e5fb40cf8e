"""Detente: turn news about international relations into auditable PLOVER event data.

The public API is the functions below; their names do not collide with the pipeline's subpackages
(``detente.events``, ``detente.actors``, ``detente.quotes``), which importing would otherwise shadow.
"""

from detente.api import (
    correct_actor,
    document,
    documents,
    extract,
    ingest,
    list_actors,
    list_claims,
    list_events,
    list_quotes,
    resolve_actor,
    sample_corpus,
)
from detente.errors import DetenteError, InputError, ModelNotInstalledError, NotFoundError, StoreError

__version__ = "0.1.0"

__all__ = [
    "DetenteError",
    "InputError",
    "ModelNotInstalledError",
    "NotFoundError",
    "StoreError",
    "correct_actor",
    "document",
    "documents",
    "extract",
    "ingest",
    "list_actors",
    "list_claims",
    "list_events",
    "list_quotes",
    "resolve_actor",
    "sample_corpus",
]
