"""The DuckDB store: one file, schema-versioned, written in batches so a killed run resumes cleanly."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from detente.core import settings
from detente.core.errors import NotFoundError, QueryError, SchemaVersionError, StoreBusyError, StoreError
from detente.core.records import ClaimRecord, EventRecord, MentionRecord, QuoteRecord
from detente.pipeline.identity import Known, Stored
from detente.store.migrations import MIGRATIONS, SCHEMA_VERSION

#: A DuckDB memory size as the ``ingest_memory`` setting takes it.
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)

__all__ = ["NotAStoreError", "Store"]

logger = logging.getLogger(__name__)

DOCUMENT_COLUMNS = (
    "doc_id", "origin", "line", "format", "title", "url", "source", "published", "published_from",
    "raw_text", "clean_text", "content_hash", "language", "status", "removals", "metadata", "encoding", "warnings",
    "events_extracted",
)

#: The tables holding what analysing a document gave, each with a ``doc_id`` column.
ANALYSIS_TABLES = ("mentions", "events", "quotes", "claims")


def _json_or_none(value: Any) -> str | None:
    """JSON text for a TEXT column (a dict passed as a parameter would be stored as DuckDB's STRUCT cast,
    ``{'text': London, ...}``, which no JSON reader parses); None stays NULL."""
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class NotAStoreError(StoreError):
    """The file is a DuckDB database but not one Detente wrote."""


# Longest pause between two attempts to open a locked store: short, because an ingest releases the file only
# between its batches, and a reader should get in while it does.
MAX_OPEN_DELAY = 0.05


def _is_lock_error(error: BaseException) -> bool:
    """Whether DuckDB refused a connection because another process holds the file."""
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _connect(path: str, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``, retried with a short backoff for ``wait`` seconds while another process holds
    the file (DuckDB lets one process write a file and locks every other out meanwhile)."""
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as error:
            if not _is_lock_error(error):
                raise StoreError(f"cannot open store {path}: {error}") from error
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"the store {path} is locked by another process (an ingest is writing); try again shortly"
                ) from error
            logger.debug("store %s locked by another process; retrying in %.3f s", path, delay)
            time.sleep(delay)
            delay = min(delay * 2, MAX_OPEN_DELAY)


class Store:
    """A Detente database file. Use as a context manager, or call :meth:`close`.

    ``wait``: seconds to wait while another process writes the file (default: the ``store_wait`` setting); then
    :class:`StoreBusyError`."""

    def __init__(self, path: str | Path = "detente.duckdb", *, read_only: bool = False,
                 wait: float | None = None) -> None:
        self.path = str(path)
        self._column_cache: dict[str, list[str]] = {}
        self.con = _connect(self.path, read_only=read_only,
                            wait=float(settings.get("store_wait")) if wait is None else wait)
        try:
            if not read_only:
                self.migrate()
            elif self._check_version() == 0:
                raise NotAStoreError(f"{self.path} is not a Detente store (it has no schema version)")
        except BaseException:
            self.con.close()
            raise

    def limit(self, *, memory: str, threads: int) -> None:
        """Cap DuckDB's memory (``memory``, e.g. ``256MB``; empty: DuckDB's default) and threads for this
        connection. DuckDB's default limit is 80% of RAM, so its buffer pool keeps what a commit read and grows
        with the file; a writer's commits are small and need neither much memory nor many threads."""
        if memory.strip():
            if not _MEMORY.fullmatch(memory.strip()):
                raise QueryError("DETENTE_INGEST_MEMORY", f"expected a size such as 256MB or 1GB, got {memory!r}")
            self.con.execute(f"SET memory_limit = '{memory.strip()}'")  # checked above: digits and a unit
        self.con.execute(f"SET threads = {max(1, int(threads))}")

    # -- lifecycle -----------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows else 0

    def _has_tables(self) -> bool:
        row = self.con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
        return bool(row and row[0])

    def _check_version(self) -> int:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} has schema version {current}; this Detente knows up to {SCHEMA_VERSION}. Upgrade Detente."
            )
        return current

    def migrate(self) -> None:
        current = self._check_version()
        if current == SCHEMA_VERSION:
            return
        if current == 0 and self._has_tables():
            raise NotAStoreError(f"{self.path} is a DuckDB database that Detente did not write; "
                                 "give another --db file")
        with self.transaction():
            self.con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                logger.info("migrating %s to schema version %d", self.path, version)
                # fetched so a step ending in a statement with a result (ALTER TABLE) leaves none unfinished
                self.con.execute(MIGRATIONS[version - 1]).fetchall()
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- documents -----------------------------------------------------------------------------
    def known(self, doc_ids: Sequence[str], hashes: Sequence[str]) -> Known:
        """What is stored of the given ids (hash, status, whether events were extracted) and which id each of the
        given hashes is stored under."""
        ids = {doc_id: Stored(content_hash or "", status, bool(extracted)) for doc_id, content_hash, status, extracted
               in self.con.execute(
                   "SELECT doc_id, content_hash, status, events_extracted FROM documents "
                   "WHERE doc_id IN (SELECT unnest(?))", [list(doc_ids)]).fetchall()}
        by_hash = dict(self.con.execute(
            "SELECT content_hash, min(doc_id) FROM documents WHERE content_hash IN (SELECT unnest(?)) "
            "GROUP BY content_hash", [list(hashes)]).fetchall())
        return Known(ids, by_hash)

    def document_rows(self, doc_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The stored rows of the given ids, as :meth:`document` gives them, in the order given."""
        cursor = self.con.execute("SELECT * FROM documents WHERE doc_id IN (SELECT unnest(?))", [list(doc_ids)])
        names = [d[0] for d in cursor.description]
        rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
        found = []
        for doc_id in doc_ids:
            if (record := rows.get(doc_id)) is not None:
                record["removals"] = json.loads(record["removals"] or "[]")
                record["metadata"] = json.loads(record["metadata"] or "{}")
                record["warnings"] = json.loads(record.get("warnings") or "[]")
                found.append(record)
        return found

    def delete_analysis(self, doc_ids: Sequence[str], *, documents: bool = False) -> list[str]:
        """Delete the mentions, events, quotes, claims and cluster memberships of ``doc_ids`` (with
        ``documents`` their document rows too); returns the cluster groups their events were in, which the
        caller must re-cluster in the same transaction."""
        if not doc_ids:
            return []
        ids = [list(doc_ids)]
        keys = [r[0] for r in self.con.execute(
            "SELECT DISTINCT group_key FROM cluster_members WHERE doc_id IN (SELECT unnest(?)) ORDER BY 1",
            ids).fetchall()]
        self.con.execute("DELETE FROM cluster_members WHERE doc_id IN (SELECT unnest(?))", ids)
        for table in ANALYSIS_TABLES:  # table names are ours, not input
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", ids)
        if documents:
            self.con.execute("DELETE FROM documents WHERE doc_id IN (SELECT unnest(?))", ids)
        return keys

    def mark_extracted(self, statuses: Sequence[tuple[str, str]]) -> None:
        """Record that the events of stored documents were extracted now: (doc id, status after analysis)."""
        for doc_id, status in statuses:
            self.con.execute("UPDATE documents SET events_extracted = true, status = ? WHERE doc_id = ?",
                             [status, doc_id])

    def insert_documents(self, rows: Sequence[dict[str, Any]]) -> None:
        values = []
        for row in rows:
            row = {**row, "removals": json.dumps(row.get("removals") or []),
                   "metadata": json.dumps(row.get("metadata") or {}),
                   "warnings": json.dumps(row.get("warnings") or [], ensure_ascii=False),
                   "events_extracted": bool(row.get("events_extracted"))}
            values.append([row.get(c) for c in DOCUMENT_COLUMNS])
        self.insert_rows("documents", values, columns=DOCUMENT_COLUMNS)

    def document(self, doc_id: str) -> dict[str, Any]:
        cursor = self.con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        row = cursor.fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {doc_id!r} in {self.path}")
        record = dict(zip([d[0] for d in cursor.description], row, strict=True))
        record["removals"] = json.loads(record["removals"] or "[]")
        record["metadata"] = json.loads(record["metadata"] or "{}")
        record["warnings"] = json.loads(record.get("warnings") or "[]")
        return record

    def query(self, sql: str, params: Sequence[Any] | None = None):
        """Run SQL and return a pandas DataFrame."""
        return self.con.execute(sql, list(params or [])).df()

    def count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()  # table names are ours, not input
        return int(row[0]) if row else 0

    # -- events, mentions, corpus memory -------------------------------------------------------------
    def insert_rows(self, table: str, rows: Sequence[Sequence[Any]], *, columns: Sequence[str] | None = None) -> None:
        """Insert many rows at once (one DuckDB statement per batch, not per row); existing keys are kept.
        ``columns`` names the values of a row; by default they are the table's first columns in order."""
        if not rows:
            return
        names_in_order = list(columns) if columns is not None else self._columns(table)[: len(rows[0])]
        frame = pd.DataFrame([list(row) for row in rows], columns=names_in_order)
        self.con.register("detente_batch", frame)
        try:
            names = ", ".join(frame.columns)
            self.con.execute(f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} FROM detente_batch")
        finally:
            self.con.unregister("detente_batch")

    def _columns(self, table: str) -> list[str]:
        if table not in self._column_cache:
            self._column_cache[table] = [r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()]
        return self._column_cache[table]

    def insert_mentions(self, mentions: Sequence[MentionRecord]) -> None:
        self.insert_rows("mentions", [[m["mention_id"], m["doc_id"], m["sentence"], m["start_char"], m["end_char"],
                                       m["text"], m["name"], m["code"], m["sector"], m["method"], m["confidence"]]
                                      for m in mentions])

    def insert_events(self, records: Sequence[EventRecord]) -> None:
        rows = []
        for record in records:
            src = [a.get("code") for a in record["source"] if a.get("code")]
            tgt = [a.get("code") for a in record["target"] if a.get("code")]
            rows.append([
                record["event_id"], record["doc_id"], record["event_type"], record["mode"],
                json.dumps(record["source"]), json.dumps(record["target"]), src, tgt, record["date"],
                record.get("date_precision"), record["status"], _json_or_none(record.get("location")),
                record.get("context") or [],
                record["evidence"], record.get("sentence"), record.get("start_char"), record.get("end_char"),
                json.dumps(record.get("attribution")), record.get("confidence"), record.get("cameo"),
                record.get("plover_score"), record.get("quad_class"), json.dumps(record.get("mentions") or []),
                json.dumps(record, ensure_ascii=False, default=str)])
        self.insert_rows("events", rows)

    def insert_quotes(self, items: Sequence[tuple[QuoteRecord, Any]]) -> None:
        """(quote record, publication date) pairs."""
        self.insert_rows("quotes", [
            [r["quote_id"], r["doc_id"], r["sentence"], r["start_char"], r["end_char"], r["text"], r["kind"],
             json.dumps(r.get("speaker")), (r["speaker"] or {"code": None})["code"], r.get("verb"), r.get("addressee"),
             r.get("event_ids") or [], str(published) if published else None] for r, published in items])

    def insert_claims(self, items: Sequence[tuple[ClaimRecord, Any]]) -> None:
        """(claim record, publication date) pairs."""
        self.insert_rows("claims", [
            [r["claim_id"], r["doc_id"], r["sentence"], r["start_char"], r["end_char"], r["text"], r["value"],
             r.get("qualifier"), r.get("unit"), r.get("thing"), json.dumps(r.get("claimant")),
             (r["claimant"] or {"code": None})["code"], r.get("quote_id"), str(published) if published else None]
            for r, published in items])

    def remember_roles(self, rows: Sequence[tuple[str, str, str, str, Any, str, str]]) -> None:
        """Corpus memory: roles documents state ("UK Foreign Secretary Dominic Raab"), with provenance.

        ``rows`` are (name, code, sector, role, date seen, doc id, evidence sentence); one statement per batch.
        """
        merged: dict[tuple[str, str, str, str], list[Any]] = {}
        for name, code, sector, role, seen, doc_id, evidence in rows:
            key = (name, code, sector, role)
            if key in merged:
                merged[key][4] = min(merged[key][4], seen)
                merged[key][5] = max(merged[key][5], seen)
            else:
                merged[key] = [name, code, sector, role, seen, seen, doc_id, evidence]
        if not merged:
            return
        frame = pd.DataFrame(list(merged.values()), columns=[
            "name", "code", "sector", "role", "first_seen", "last_seen", "doc_id", "evidence"])
        self.con.register("detente_roles", frame)
        try:
            self.con.execute(
                """INSERT INTO known_roles (name, code, sector, role, first_seen, last_seen, doc_id, evidence)
                   SELECT name, code, sector, role, first_seen, last_seen, doc_id, evidence FROM detente_roles
                   ON CONFLICT (name, code, sector, role) DO UPDATE SET
                     first_seen = least(known_roles.first_seen, excluded.first_seen),
                     last_seen = greatest(known_roles.last_seen, excluded.last_seen)""")
        finally:
            self.con.unregister("detente_roles")

    def role_memory(self) -> dict[str, tuple[str, str]]:
        """Name -> (code, sector) for names the corpus resolves one way only (corrections win)."""
        rows = self.con.execute(
            "SELECT name, code, sector, corrected FROM known_roles ORDER BY corrected DESC, last_seen DESC").fetchall()
        memory: dict[str, tuple[str, str]] = {}
        ambiguous: set[str] = set()
        fixed: set[str] = set()
        for name, code, sector, corrected in rows:
            if corrected:
                fixed.add(name)
                memory[name] = (code, sector)
            elif name not in fixed:
                if name in memory and memory[name] != (code, sector):
                    ambiguous.add(name)
                memory.setdefault(name, (code, sector))
        return {k: v for k, v in memory.items() if k not in ambiguous}

    def correct_role(self, name: str, code: str, sector: str) -> None:
        """A user's correction: it outranks what documents stated."""
        with self.transaction():
            self.con.execute("DELETE FROM known_roles WHERE name = ?", [name])
            self.con.execute(
                "INSERT INTO known_roles (name, code, sector, role, corrected) VALUES (?, ?, ?, 'corrected', true)",
                [name, code, sector])

    # -- ingest bookkeeping --------------------------------------------------------------------
    def record_run(self, run_id: str, started: Any, finished: Any, paths: list[str], summary: dict) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO ingest_runs VALUES (?, ?, ?, ?, ?)",
            [run_id, started, finished, json.dumps(paths), json.dumps(summary)],
        )

    def record_failure(self, run_id: str, path: str, line: int | None, reason: str) -> None:
        self.con.execute("INSERT INTO ingest_failures VALUES (?, ?, ?, ?)", [run_id, path, line, reason])
