"""The word lists of the grammar rules, from ``detente/data/words.toml`` (data, not code)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

__all__ = ["words"]


@lru_cache(maxsize=1)
def _load() -> dict[str, frozenset[str]]:
    data = tomllib.loads(resources.files("detente.data").joinpath("words.toml").read_text("utf-8"))
    return {name: frozenset(section["words"]) for name, section in data.items()}


def words(name: str) -> frozenset[str]:
    """One list by name, e.g. ``words("reporting_verbs")``."""
    return _load()[name]
