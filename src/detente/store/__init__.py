"""Embedded DuckDB store."""

from detente.store.db import Store

__all__ = ["Store"]
