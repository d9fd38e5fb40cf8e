"""What every command module shares: the two consoles, the common options and the output helpers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from detente.core import settings

EXIT_CODES = """Exit codes: 0 success; 1 the run finished but some inputs failed (listed in the summary);
2 usage error; 3 Detente error (store, model or settings), with a one-line message."""

console = Console(stderr=True)
# Stored text is data, never rich markup: a document containing "[/red]" or "[bold]" prints as written.
out = Console(markup=False)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="DETENTE_DB")]
DEFAULT_DB = Path(settings.get("db"))
WorkersOption = Annotated[int | None, typer.Option("--workers", min=1, help="Processes that parse and extract "
                                                   "(default: DETENTE_WORKERS, else the machine's cores).")]


def parse_fields(values: list[str] | None) -> dict[str, str]:
    """The ``--field name=column`` options as a mapping."""
    mapping: dict[str, str] = {}
    for value in values or []:
        name, sep, column = value.partition("=")
        if not sep or not name or not column:
            raise typer.BadParameter(f"expected name=column, got {value!r}", param_hint="--field")
        mapping[name.strip()] = column.strip()
    return mapping


def print_jsonl(frame) -> None:
    """One JSON object per row on stdout (nulls as null), for export and piping."""
    for record in frame.astype(object).where(frame.notna(), None).to_dict(orient="records"):
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def rows(frame):
    """DataFrame rows with SQL NULLs as None (pandas gives NaN, which is truthy and prints as 'nan')."""
    return frame.astype(object).where(frame.notna(), None).itertuples()
