"""Exports: event records, clusters, quotes and claims in the formats the field uses.

Each format is an exporter registered in :data:`detente.core.registry.exporters` under a versioned name, the way
the built-in frames are registered, so a package adds its own in the same way::

    exporter(records, path, *, kind="events", documents=None, clusters=None) -> int   # records written

``kind`` is ``events`` (:class:`~detente.core.records.EventRecord`), ``clusters``
(:class:`~detente.pipeline.cluster.ClusterRecord`), ``quotes`` or ``claims``; ``documents`` maps a doc id to
what is known of its document (``source``, ``url``, ``title``, ``language``, ``published``); ``clusters`` maps an
event id to the ids of its clusters. The built-ins:

* ``detente.jsonl.v1``: the records as they are, one JSON object a line (read back with :mod:`json`);
* ``detente.csv.v1``: one row per record, the columns of :data:`SCHEMAS`; lists and objects are JSON in their
  cell, an empty cell is null (read back with :func:`read_csv`);
* ``detente.parquet.v1``: the same columns, typed (actors as lists of structs, codes as lists of strings),
  written through DuckDB's ``COPY ... (FORMAT PARQUET)`` (read back with DuckDB or pyarrow);
* ``detente.plover.v1``: PLOVER JSON records, one a line (:func:`plover_record`; events and clusters);
* ``detente.gdelt.v1``: tab-separated GDELT 2.0 event table with a header row (:data:`GDELT_COLUMNS`,
  :func:`gdelt_rows`; events and clusters). :data:`GDELT_EMPTY` says which columns are empty and why.

:func:`export_records` picks the exporter of a format (``plover`` or ``detente.plover.v1``, or any registered
name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from detente.core.registry import exporters
from detente.pipeline.export.common import CODEBOOK, CODER, FORMATS, KINDS, SCHEMAS, Exporter, ExportError, _kind
from detente.pipeline.export.gdelt import GDELT_COLUMNS, GDELT_EMPTY, GDELT_NOTES, export_gdelt, gdelt_rows, goldstein
from detente.pipeline.export.plover import PLOVER_REQUIRED, export_plover, plover_problems, plover_record
from detente.pipeline.export.tables import export_csv, export_jsonl, export_parquet, read_csv

__all__ = [
    "CODEBOOK",
    "CODER",
    "FORMATS",
    "ExportError",
    "Exporter",
    "GDELT_COLUMNS",
    "GDELT_EMPTY",
    "GDELT_NOTES",
    "KINDS",
    "PLOVER_REQUIRED",
    "SCHEMAS",
    "export_csv",
    "export_gdelt",
    "export_jsonl",
    "export_parquet",
    "export_plover",
    "export_records",
    "exporter",
    "gdelt_rows",
    "goldstein",
    "plover_problems",
    "plover_record",
    "read_csv",
]

# -- choosing an exporter --------------------------------------------------------------------------------------


def exporter(format: str) -> Exporter:
    """The exporter of a format: a built-in short name (``plover``), or any registered name."""
    registered = exporters.get_all()
    for name in (format, f"detente.{format}.v1"):
        if name in registered:
            return cast(Exporter, registered[name])
    choices = sorted({*FORMATS, *(n for n in registered if not n.startswith("detente."))})
    raise ExportError(f"unknown export format {format!r}; choose from {', '.join(choices)}")


def export_records(records: Iterable[Mapping[str, Any]], path: str | Path, format: str = "jsonl", *,
                   kind: str = "events", documents: Mapping[str, Mapping[str, Any]] | None = None,
                   clusters: Mapping[str, Sequence[str]] | None = None) -> int:
    """Write ``records`` (of ``kind``) to ``path`` in ``format``; returns how many records or rows were written."""
    _kind(kind)
    return int(exporter(format)(records, path, kind=kind, documents=documents or {}, clusters=clusters or {}))

