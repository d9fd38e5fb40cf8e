"""The web face of Detente: a read-only FastAPI app (REST API under ``/api/v1`` and server-rendered pages)."""
