"""The FastAPI application: REST API under ``/api/v1``, server-rendered pages, vendored static files.

Read-only unless started with a token; CORS is off (no middleware adds it), every answer carries a strict
Content-Security-Policy, and errors come back as JSON (API) or an error page (pages) with the status code the
exception carries, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from detente import __version__
from detente.core.errors import DetenteError
from detente.web import api_routes, pages
from detente.web.templating import STATIC_DIR, templates

__all__ = ["create_app"]

logger = logging.getLogger(__name__)

# Scripts and styles only from this server; nothing inline, nothing framed, no plugins.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class DropEmptyQueryParams:
    """Pages only: HTML forms send every field, empty ones as ``name=``; drop those before validation so an
    empty field means "no filter" there, while the API keeps rejecting empty values its schema forbids."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string") and not scope["path"].startswith("/api/"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(name, value) for name, value in pairs if value.strip()]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("ascii")}
        await self.app(scope, receive, send)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def _error(request: Request, status: int, message: str, detail: list | None = None,
           headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        body = {"error": message, "status": status}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers)
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message,
                                                              "detail": detail}, status_code=status,
                                      headers=headers)


async def _detente_error(request: Request, error: DetenteError) -> Response:
    """Detente's errors carry their HTTP status (and a ``retry_after`` for a busy store)."""
    status = int(getattr(error, "status_code", 500) or 500)
    retry = getattr(error, "retry_after", None)
    if status >= 500:
        logger.error("%s: %s", request.url.path, error)
    return _error(request, status, str(error), headers={"Retry-After": str(retry)} if retry else None)


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in error.errors()]
    return _error(request, 422, "invalid request: " + "; ".join(
        f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in detail), detail)


async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
    message = error.detail if isinstance(error.detail, str) else "error"
    return _error(request, error.status_code, message, headers=getattr(error, "headers", None))


async def _unexpected(request: Request, error: Exception) -> Response:
    logger.exception("unexpected error on %s", request.url.path)
    return _error(request, 500, "internal error")


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
    return response


def _docs(request: Request) -> Response:
    """Swagger UI from the vendored copy in ``static/vendor`` (FastAPI's default loads it from a CDN)."""
    return templates.TemplateResponse(request, "docs.html", {})


def create_app(db: str | Path, *, token: str | None = None) -> FastAPI:
    """The app serving the store at ``db``. With ``token``, ``POST /api/v1/actors/corrections`` is enabled and
    requires ``Authorization: Bearer <token>``; without it the app never writes."""
    app = FastAPI(
        title="Detente",
        version=__version__,
        summary="PLOVER event data from news, every event with its evidence.",
        description="Read-only REST API over a Detente store. Offsets (`start_char`, `end_char`) point into the "
                    "document's cleaned text (`GET /api/v1/documents/{doc_id}`). Errors are JSON "
                    "`{error, status}` with the HTTP status; 503 with `Retry-After` while an ingest holds the "
                    "store.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db = Path(db)
    app.state.token = token or None

    app.add_exception_handler(DetenteError, _detente_error)  # type: ignore[arg-type]  # Starlette types handlers of Exception
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
    app.middleware("http")(_security_headers)
    app.add_api_route("/docs", _docs, include_in_schema=False, response_class=HTMLResponse)
    app.add_middleware(DropEmptyQueryParams)
    app.include_router(api_routes.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
