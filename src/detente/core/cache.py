"""A disk cache for structures built from the data files, keyed by a hash of everything they are built from.

Built for the actor index (about a third of a second to build, on every command that parses): the first run
writes it, later runs load it. The key covers the inputs' contents, so a changed data file or ``DETENTE_ROLES``
file gives a new key, and an old entry is never read again. Writers never clash: each writes a temporary file
in the same folder and renames it into place (atomic on POSIX and Windows), so a reader sees a whole file or
none. A file that cannot be read (truncated, from another Python) is ignored and rebuilt. Writing an entry
removes the older entries of the same name, so the folder holds one per name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from detente.core import settings

__all__ = ["cache_dir", "cached", "digest"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder: the ``cache`` setting, else ``$XDG_CACHE_HOME/detente`` or ``~/.cache/detente``;
    None when the setting is ``off``."""
    value = settings.get("cache").strip()
    if value.lower() == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "detente"


def digest(parts: Iterable[str | bytes]) -> str:
    """A hash of ``parts`` in order (each length-prefixed, so that no two sequences hash alike)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s value, loaded from ``<cache dir>/<name>-<key>.pickle`` when there, else built and written.

    The folder is the user's own: a pickle is only ever read from where this process's user wrote it."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)  # noqa: S301  (written by this code, in the user's cache folder)
            return value
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001  (a damaged or foreign entry: rebuilt below)
        logger.info("cache entry %s unreadable (%s); rebuilding it", path, error)
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(descriptor, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for stale in folder.glob(f"{name}-*.pickle"):  # entries for inputs that have changed: one kept per name
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as error:  # a read-only home: the value is still good, only not kept
        logger.info("cannot write cache entry %s: %s", path, error)
    return value
