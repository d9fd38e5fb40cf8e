"""Ingest: read article files, clean them, date them, detect their language."""
