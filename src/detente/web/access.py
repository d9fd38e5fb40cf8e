"""Short-lived store connections for the web app.

DuckDB lets one process write a file and locks everyone else out while it does. The app therefore never keeps
a connection open between requests: each request opens the store read-only, reads and closes, so an ingest that
commits in batches can take the file between two requests. A request that meets the writer's lock waits for a
moment (the store's own retry, :class:`~detente.store.db.Store` ``wait``) and then answers 503 with
``Retry-After`` instead of failing.

Inside the serving process, DuckDB refuses a read-write connection while read-only ones are open on the same
file, so the one write (an actor correction) waits for the readers through a readers-writer lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from detente.core.errors import StoreBusyError, StoreError
from detente.store.db import NotAStoreError, Store

__all__ = ["NotAStoreError", "StoreBusyError", "StoreMissingError", "reading", "write"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long a request waits for a writer's lock before answering 503; ingest batches commit well within this
# when the writer releases the file between batches.
RETRY_SECONDS = 2.0
RETRY_AFTER = StoreBusyError.retry_after  # seconds suggested to the client in the 503 answer


class StoreMissingError(StoreError):
    """There is no store file yet: nothing has been ingested."""

    status_code = 503
    retry_after = RETRY_AFTER


class _ReadersWriter:
    """Many readers or one writer, within this process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer and self._readers == 0)
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


_LOCKS: dict[str, _ReadersWriter] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: str) -> _ReadersWriter:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(Path(path).resolve()), _ReadersWriter())


def _require(path: str) -> None:
    if not Path(path).exists():
        raise StoreMissingError(f"no store at {path}; run `detente ingest --db {path} ...` first")


@contextmanager
def reading(db: str | Path | Store, *, retry_seconds: float | None = None) -> Iterator[Store]:
    """A read-only store for the length of one request, waiting briefly for a writer's lock. Given a store
    already open (one request calling several queries), it is used as it is."""
    if isinstance(db, Store):
        yield db
        return
    path = str(db)
    _require(path)
    with _lock_for(path).read():
        store = Store(path, read_only=True, wait=RETRY_SECONDS if retry_seconds is None else retry_seconds)
        try:
            yield store
        except duckdb.Error as error:  # a store from an older schema, or a bug: one line, not a traceback
            logger.exception("query on %s failed", path)
            raise StoreError(f"query on the store {path} failed: {str(error).splitlines()[0]}") from error
        finally:
            store.close()


def write(db: str | Path, action: Callable[[], T]) -> T:
    """Run ``action`` (a write that opens its own connection, such as :func:`detente.api.correct_actor`, which
    waits for another process's lock as every store connection does) with the store to itself in this process."""
    path = str(db)
    _require(path)
    with _lock_for(path).write():
        return action()
