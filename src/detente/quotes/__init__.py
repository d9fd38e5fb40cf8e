"""Quotes and numeric claims."""
