"""One ingest at a time per store, while readers come and go between its batches.

An ingest opens the DuckDB file only to read what is stored and to commit a batch, so the web app and the query
commands can read in between. DuckDB's own file lock therefore no longer keeps a second ingest out for the whole
run; this advisory lock on a file beside the store does. The operating system releases it when the process ends,
however it ends, so a killed ingest never leaves a stale lock behind.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from detente.core.errors import StoreBusyError

__all__ = ["ingest_lock", "lock_path"]

logger = logging.getLogger(__name__)

#: Suffix of the lock file kept beside the store (``detente.duckdb`` -> ``detente.duckdb.ingest-lock``).
LOCK_SUFFIX = ".ingest-lock"


def lock_path(db: str | Path) -> Path:
    """The lock file of the store at ``db``."""
    return Path(f"{db}{LOCK_SUFFIX}")


def _try_lock(handle: IO[str]) -> bool:
    """Take the exclusive lock on ``handle`` without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextmanager
def ingest_lock(db: str | Path) -> Iterator[None]:
    """Hold the store's ingest lock for the block, or raise :class:`StoreBusyError` naming the other ingest."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreBusyError(f"another ingest (process {holder}) is writing to the store {db}; "
                                 "run this one when it has finished, or give another --db")
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        logger.debug("holding the ingest lock %s", path)
        yield  # closing the file releases the lock
