"""Parquet shards of analysed documents: one file per table per partition, written by a worker, read back by
the one process that writes the store.

A run's shards form a Parquet dataset (``<dir>/<table>/part-*.parquet``) that DuckDB queries as it is
(``SELECT * FROM read_parquet('<dir>/events/*.parquet')``). Records are kept whole as JSON next to a few key
columns, so reading a shard gives back exactly the :class:`DocResult` the worker computed (records are plain
JSON data, see :mod:`detente.core.records`). Paths are local paths, ``file://`` URLs or any fsspec URL; a
non-local file is written and read through a local temporary copy, so DuckDB needs no filesystem extension.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb

from detente.intake.prepare import Document
from detente.pipeline.results import DocResult

__all__ = ["SHARD_TABLES", "ShardInfo", "join", "read_shard", "write_shard"]

logger = logging.getLogger(__name__)

#: Columns of each shard table. ``documents`` has the store's document columns and what analysis added
#: (``words``, ``failure``); the record tables keep each record whole in ``record`` with its document and its
#: place among that document's records (``ordinal``), so reading them back keeps the order the worker produced.
SHARD_TABLES: dict[str, str] = {
    "documents": "position INTEGER, doc_id VARCHAR, origin VARCHAR, line INTEGER, format VARCHAR, title VARCHAR, "
                 "url VARCHAR, source VARCHAR, published DATE, published_from VARCHAR, raw_text VARCHAR, "
                 "clean_text VARCHAR, content_hash VARCHAR, language VARCHAR, status VARCHAR, removals JSON, "
                 "metadata JSON, words INTEGER, failure VARCHAR",
    "events": "doc_id VARCHAR, ordinal INTEGER, event_id VARCHAR, event_type VARCHAR, date VARCHAR, "
              "status VARCHAR, record JSON",
    "mentions": "doc_id VARCHAR, ordinal INTEGER, mention_id VARCHAR, name VARCHAR, code VARCHAR, record JSON",
    "quotes": "doc_id VARCHAR, ordinal INTEGER, quote_id VARCHAR, record JSON",
    "claims": "doc_id VARCHAR, ordinal INTEGER, claim_id VARCHAR, record JSON",
    "roles": "doc_id VARCHAR, ordinal INTEGER, name VARCHAR, code VARCHAR, sector VARCHAR, record JSON",
}
#: The documents table is written last: a partition whose documents file exists is complete.
_ORDER = ["events", "mentions", "quotes", "claims", "roles", "documents"]
#: DocResult field of each record table, and the record's id key (roles have none).
_FIELDS = {"events": ("events", "event_id"), "mentions": ("mentions", "mention_id"),
           "quotes": ("quotes", "quote_id"), "claims": ("claims", "claim_id"), "roles": ("roles", None)}


@dataclass(frozen=True)
class ShardInfo:
    """What a worker sends back for a partition: where its shard is and what it holds (the results stay on
    storage until the writer reads them)."""

    directory: str
    name: str
    doc_ids: tuple[str, ...]
    events: int


def join(base: str, *parts: str) -> str:
    """``base`` and ``parts`` joined with ``/`` (fsspec URLs use it on every platform)."""
    return "/".join([base.rstrip("/"), *parts])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _rows(documents: Sequence[Document], results: Sequence[DocResult]) -> dict[str, list[list[Any]]]:
    by_id = {r.doc_id: r for r in results}
    tables: dict[str, list[list[Any]]] = {name: [] for name in SHARD_TABLES}
    for position, doc in enumerate(documents):
        result = by_id.get(doc.doc_id) or DocResult(doc.doc_id, doc.published, failure="parse: no result")
        row = doc.row()
        tables["documents"].append([
            position, row["doc_id"], row["origin"], row["line"], row["format"], row["title"], row["url"],
            row["source"], row["published"], row["published_from"], row["raw_text"], row["clean_text"],
            row["content_hash"], row["language"], row["status"], _dumps(row["removals"]), _dumps(row["metadata"]),
            result.words, result.failure])
        for n, e in enumerate(result.events):
            tables["events"].append([doc.doc_id, n, e["event_id"], e["event_type"], e["date"], e["status"],
                                     _dumps(e)])
        for n, m in enumerate(result.mentions):
            tables["mentions"].append([doc.doc_id, n, m["mention_id"], m["name"], m["code"], _dumps(m)])
        for n, q in enumerate(result.quotes):
            tables["quotes"].append([doc.doc_id, n, q["quote_id"], _dumps(q)])
        for n, c in enumerate(result.claims):
            tables["claims"].append([doc.doc_id, n, c["claim_id"], _dumps(c)])
        for n, s in enumerate(result.roles):
            tables["roles"].append([doc.doc_id, n, s["name"], s["code"], s["sector"], _dumps(s)])
    return tables


def _local(url: str) -> tuple[Any, str] | None:
    """``(fsspec filesystem, path)`` of a URL not on this machine's disk; None for a local path or ``file://``."""
    if "://" not in url or url.startswith("file://"):
        return None
    from fsspec.core import url_to_fs
    from fsspec.implementations.local import LocalFileSystem

    fs, path = url_to_fs(url)
    return None if isinstance(fs, LocalFileSystem) else (fs, path)


def _plain(url: str) -> str:
    return url.removeprefix("file://")


def write_shard(directory: str, name: str, documents: Sequence[Document], results: Sequence[DocResult]) -> ShardInfo:
    """Write the partition ``name`` (its documents and their results) under ``directory``, one Parquet file per
    table (``<directory>/<table>/<name>.parquet``); writing it again replaces it with the same content."""
    tables = _rows(documents, results)
    remote = _local(directory)
    with duckdb.connect() as con, tempfile.TemporaryDirectory(prefix="detente-shard-") as scratch:
        for table in _ORDER:
            target = join(directory, table, f"{name}.parquet")
            if remote is None:  # beside the target, then renamed: a reader never sees half a file
                local = _plain(target) + ".tmp"
                os.makedirs(os.path.dirname(local), exist_ok=True)
                _copy(con, table, tables[table], local)
                os.replace(local, _plain(target))
            else:
                fs, path = remote
                local = os.path.join(scratch, f"{table}.parquet")
                _copy(con, table, tables[table], local)
                fs.makedirs(join(path, table), exist_ok=True)
                fs.put_file(local, join(path, table, f"{name}.parquet"))
    logger.debug("wrote shard %s of %d documents to %s", name, len(documents), directory)
    return ShardInfo(directory, name, tuple(d.doc_id for d in documents),
                     sum(len(r.events) for r in results if r.failure is None))


def _copy(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], path: str) -> None:
    """``rows`` as a Parquet file of the table's columns (an empty table still has its schema). The rows go in
    as one registered frame: DuckDB's row-by-row inserts would cost more than the analysis."""
    import pandas as pd

    con.execute(f"CREATE OR REPLACE TEMP TABLE shard ({SHARD_TABLES[table]})")
    if rows:
        columns = [c.split()[0] for c in SHARD_TABLES[table].split(", ")]
        con.register("shard_rows", pd.DataFrame(rows, columns=columns, dtype=object))
        try:
            con.execute("INSERT INTO shard SELECT * FROM shard_rows")
        finally:
            con.unregister("shard_rows")
    con.execute(f"COPY shard TO '{path.replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")


@contextmanager
def _readable(url: str) -> Iterator[str]:
    """A local path DuckDB can read for ``url`` (a temporary copy of a non-local file)."""
    remote = _local(url)
    if remote is None:
        yield _plain(url)
        return
    fs, path = remote
    with tempfile.TemporaryDirectory(prefix="detente-shard-") as scratch:
        local = os.path.join(scratch, "shard.parquet")
        fs.get_file(path, local)
        yield local


def _select(con: duckdb.DuckDBPyConnection, url: str, columns: str, order: str) -> list[tuple[Any, ...]]:
    with _readable(url) as path:
        return con.execute(f"SELECT {columns} FROM read_parquet(?) ORDER BY {order}", [path]).fetchall()


def read_shard(info: ShardInfo) -> list[DocResult]:
    """The results of a partition written by :func:`write_shard`, in the partition's order."""
    with duckdb.connect() as con:
        documents = _select(con, join(info.directory, "documents", f"{info.name}.parquet"),
                            "doc_id, published, words, failure", "position")
        results = [DocResult(doc_id, published, words=words or 0, failure=failure)
                   for doc_id, published, words, failure in documents]
        by_id = {r.doc_id: r for r in results}
        for table, (attribute, _key) in _FIELDS.items():
            for doc_id, record in _select(con, join(info.directory, table, f"{info.name}.parquet"),
                                          "doc_id, record", "doc_id, ordinal"):
                getattr(by_id[doc_id], attribute).append(json.loads(record))
    found = tuple(r.doc_id for r in results)
    if found != info.doc_ids:
        raise ValueError(f"shard {info.name} in {info.directory} holds documents {found[:3]}..., "
                         f"expected {info.doc_ids[:3]}...")
    return results
