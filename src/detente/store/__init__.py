"""The DuckDB store: schema and migrations (:mod:`.migrations`), the connection (:mod:`.db`), every query
(:mod:`.queries`) and the ingest sink (:mod:`.writer`)."""

from detente.store.db import Store

__all__ = ["Store"]
