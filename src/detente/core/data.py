"""Reading Detente's bundled data files (``detente/data/``): one place that knows where they live."""

from __future__ import annotations

import csv
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["data_file", "read_table"]


def data_file(*parts: str) -> Traversable:
    """A file under ``detente/data`` (it may not exist; callers check ``is_file()`` where it is optional)."""
    return resources.files("detente.data").joinpath(*parts)


def read_table(*parts: str, required: bool = True) -> list[dict[str, str]]:
    """Rows of a bundled tab-separated table; ``#`` lines are comments, the first other line is the header."""
    path = data_file(*parts)
    if not path.is_file():
        if required:
            raise FileNotFoundError(f"bundled data file missing: detente/data/{'/'.join(parts)}")
        return []
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
