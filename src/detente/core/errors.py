"""Exception hierarchy. Every error carries the context a user needs to act on it."""

from __future__ import annotations

__all__ = [
    "DetenteError",
    "InputError",
    "ModelNotInstalledError",
    "StoreError",
    "StoreBusyError",
    "SchemaVersionError",
    "NotFoundError",
    "QueryError",
    "StageError",
    "WorkerError",
]


class DetenteError(Exception):
    """Base class; ``status_code`` lets the web layer map errors to HTTP answers."""

    status_code: int = 500


class InputError(DetenteError):
    """A file or record that cannot be read. Reported by name with its reason; the run goes on."""

    status_code = 400

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ModelNotInstalledError(DetenteError):
    """The pinned spaCy pipeline is missing; nothing is downloaded at run time."""

    def __init__(self, package: str, requirement: str) -> None:
        self.package = package
        super().__init__(
            f"spaCy model '{package}' is not installed; install it with: pip install '{requirement}'"
        )


class StoreError(DetenteError):
    """The DuckDB store cannot be opened or written."""


class StoreBusyError(StoreError):
    """Another process holds the store's write lock for longer than the caller would wait (an ingest committing
    a batch, another ingest running); the same call succeeds once it lets go."""

    status_code = 503
    #: Seconds suggested to a web client before it asks again.
    retry_after = 5


class SchemaVersionError(StoreError):
    """The store was written by a newer Detente than this one."""


class NotFoundError(DetenteError):
    """A document, event or actor id that is not in the store."""

    status_code = 404


class QueryError(DetenteError):
    """A filter or option of a listing that cannot mean anything (a negative limit, a date that is not a date, an
    unknown status); the CLI reports it as a usage error, the web app as 400."""

    status_code = 400

    def __init__(self, option: str, reason: str) -> None:
        self.option = option
        self.reason = reason
        super().__init__(f"{option}: {reason}")


class WorkerError(DetenteError):
    """A worker process of a parallel or distributed run died (out of memory, killed); the batch in flight is not
    stored, and the next run writes it."""


class StageError(DetenteError):
    """One document could not be analysed; ``reason`` names the stage and the cause ("parse: ValueError: ...").
    Ingest and extract record it with the document and go on."""

    status_code = 422

    def __init__(self, doc_id: str, reason: str) -> None:
        self.doc_id = doc_id
        self.reason = reason
        super().__init__(f"{doc_id}: {reason}")
