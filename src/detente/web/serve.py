"""``detente serve``: check the store and the token, then run the app with uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

from detente.core.errors import DetenteError, StoreError
from detente.web.access import reading

__all__ = ["read_token", "serve"]

logger = logging.getLogger(__name__)


class TokenError(DetenteError):
    """The --token file is unusable (empty or unreadable)."""

    status_code = 400


def read_token(path: str | Path) -> str:
    """The bearer token in ``path`` (surrounding whitespace ignored); at least 16 characters, so it cannot be
    guessed from a short word."""
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise TokenError(f"cannot read token file {path}: {error.strerror or error}") from error
    if len(token) < 16:
        raise TokenError(f"token file {path} must hold a token of at least 16 characters")
    return token


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token_file: str | Path | None = None) -> None:
    """Serve the store at ``db`` until interrupted. It must exist: the app opens it read-only per request."""
    import uvicorn

    from detente.web.app import create_app

    path = Path(db)
    if not path.exists():
        raise StoreError(f"no store at {path}; create it with `detente ingest --db {path} ...` first")
    with reading(path):  # fail now, with the store's own message, if it is not a Detente store
        pass
    token = read_token(token_file) if token_file else None
    logger.info("serving %s on http://%s:%d/ (%s)", path, host, port,
                "corrections enabled with the bearer token" if token else "read-only")
    uvicorn.run(create_app(path, token=token), host=host, port=port, log_level="warning")
