"""Detente: turn news about international relations into auditable PLOVER event data.

The public API is the names in ``__all__``. They load on first use, so ``import detente`` (and the CLI's
start-up) does not pay for spaCy, DuckDB or pandas until a function needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detente.actors.model import KnownActor, Resolution
    from detente.api import (
        actors_kb,
        correct_actor,
        document,
        documents,
        export,
        extract,
        ingest,
        list_actors,
        list_claims,
        list_clusters,
        list_events,
        list_places,
        list_quotes,
        resolve_actor,
        sample_corpus,
    )
    from detente.core.errors import (
        DetenteError,
        InputError,
        ModelNotInstalledError,
        NotFoundError,
        QueryError,
        SchemaVersionError,
        StoreBusyError,
        StoreError,
    )
    from detente.core.records import ActorRecord, ClaimRecord, EventRecord, MentionRecord, QuoteRecord
    from detente.pipeline.ingest import IngestSummary

__version__ = "0.1.0"

__all__ = [
    "ActorRecord",
    "ClaimRecord",
    "DetenteError",
    "EventRecord",
    "IngestSummary",
    "InputError",
    "KnownActor",
    "MentionRecord",
    "ModelNotInstalledError",
    "NotFoundError",
    "QueryError",
    "QuoteRecord",
    "Resolution",
    "SchemaVersionError",
    "StoreBusyError",
    "StoreError",
    "actors_kb",
    "correct_actor",
    "document",
    "documents",
    "export",
    "extract",
    "ingest",
    "list_actors",
    "list_claims",
    "list_clusters",
    "list_events",
    "list_places",
    "list_quotes",
    "resolve_actor",
    "sample_corpus",
]

#: Where each public name lives: errors, typed records, the API's functions.
_HOMES = {
    **dict.fromkeys(["DetenteError", "InputError", "ModelNotInstalledError", "NotFoundError", "QueryError",
                     "SchemaVersionError", "StoreBusyError", "StoreError"], "detente.core.errors"),
    **dict.fromkeys(["ActorRecord", "ClaimRecord", "EventRecord", "MentionRecord", "QuoteRecord"],
                    "detente.core.records"),
    "IngestSummary": "detente.pipeline.ingest",
    **dict.fromkeys(["KnownActor", "Resolution"], "detente.actors.model"),
    **{name: "detente.api" for name in __all__ if name[0].islower()},
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'detente' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
