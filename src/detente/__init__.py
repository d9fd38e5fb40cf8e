"""Detente: turn news about international relations into auditable PLOVER event data."""

from detente.api import document, documents, ingest, sample_corpus
from detente.errors import DetenteError, InputError, ModelNotInstalledError, NotFoundError, StoreError

__version__ = "0.1.0"

__all__ = [
    "DetenteError",
    "InputError",
    "ModelNotInstalledError",
    "NotFoundError",
    "StoreError",
    "document",
    "documents",
    "ingest",
    "sample_corpus",
]
