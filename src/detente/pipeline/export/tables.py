"""Tables of records: JSON Lines, CSV and Parquet (through DuckDB)."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from detente.core.registry import exporters
from detente.pipeline.export.common import SCHEMAS, _kind, _row

# -- jsonl ----------------------------------------------------------------------------------------------------


@exporters.register("detente.jsonl.v1")
def export_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
                 **options: Any) -> int:
    """The records as they are, one JSON object a line."""
    _kind(kind)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count


# -- csv ------------------------------------------------------------------------------------------------------


def _is_complex(duck_type: str) -> bool:
    return duck_type.endswith("[]") or duck_type.startswith("STRUCT")


def _cell(value: Any, duck_type: str) -> str:
    if value is None:
        return ""
    if _is_complex(duck_type):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@exporters.register("detente.csv.v1")
def export_csv(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
               documents: Mapping[str, Mapping[str, Any]] | None = None,
               clusters: Mapping[str, Sequence[str]] | None = None, **options: Any) -> int:
    """One row per record with the columns of :data:`SCHEMAS`; lists and objects as JSON, null as an empty cell."""
    columns = SCHEMAS[_kind(kind)]
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in columns])
        for record in records:
            row = _row(record, kind, documents or {}, clusters or {})
            writer.writerow([_cell(row[name], duck_type) for name, duck_type in columns])
            count += 1
    return count


def read_csv(path: str | Path, kind: str = "events") -> list[dict[str, Any]]:
    """Read a CSV export back into rows of typed values (JSON cells decoded, numbers parsed, empty as None)."""
    types = dict(SCHEMAS[_kind(kind)])
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            row: dict[str, Any] = {}
            for name, text in raw.items():
                duck_type = types.get(name, "VARCHAR")
                if text == "" or text is None:
                    row[name] = None
                elif _is_complex(duck_type):
                    row[name] = json.loads(text)
                elif duck_type in ("INTEGER", "BIGINT"):
                    row[name] = int(text)
                elif duck_type == "DOUBLE":
                    row[name] = float(text)
                else:
                    row[name] = text
            rows.append(row)
    return rows


# -- parquet --------------------------------------------------------------------------------------------------


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@exporters.register("detente.parquet.v1")
def export_parquet(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
                   documents: Mapping[str, Mapping[str, Any]] | None = None,
                   clusters: Mapping[str, Sequence[str]] | None = None, **options: Any) -> int:
    """The columns of :data:`SCHEMAS`, typed, written by DuckDB (``COPY ... TO ... (FORMAT PARQUET)``).

    The rows go through a temporary JSON Lines file that DuckDB reads with the explicit schema, so every column
    has its type even when all its values are null."""
    import duckdb

    columns = SCHEMAS[_kind(kind)]
    handle, temporary = tempfile.mkstemp(suffix=".jsonl", prefix="detente-export-")
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(_row(record, kind, documents or {}, clusters or {}), ensure_ascii=False,
                                     default=str) + "\n")
                count += 1
        schema = "{" + ", ".join(f"{_sql_string(name)}: {_sql_string(duck_type)}" for name, duck_type in columns) + "}"
        names = ", ".join(f'"{name}"' for name, _ in columns)
        con = duckdb.connect()
        try:
            # COPY takes no parameters: both paths are quoted as SQL strings (they are file names, not input SQL)
            con.execute(f"COPY (SELECT {names} FROM read_json({_sql_string(temporary)}, format = 'newline_delimited', "
                        f"columns = {schema})) TO {_sql_string(str(path))} (FORMAT PARQUET)")
        finally:
            con.close()
    finally:
        os.unlink(temporary)
    return count
