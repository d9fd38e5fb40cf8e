"""Shared by the engine tests (local pool, Dask): a corpus big enough to start workers, and every stored table's
rows in a comparable form, so that "the same rows for any engine and any number of workers" is one check."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from detente import api
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument, read_paths

# Every table an ingest fills; documents without the columns that record when and by which run they were stored.
TABLES = {
    "documents": "doc_id, origin, line, clean_text, content_hash, published, status",
    "events": "*",
    "mentions": "*",
    "quotes": "*",
    "claims": "*",
    "clusters": "*",
    "cluster_members": "*",
    "known_roles": "*",
}


def rows(db: Path, table: str) -> list[str]:
    """A table's rows, sorted, as text."""
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(repr(row) for row in con.execute(f"SELECT {TABLES[table]} FROM {table}").fetchall())


def write_copies(folder: Path, count: int) -> Path:
    """The bundled sample's texts again under ``count`` other ids, as JSON Lines; each copy gets its own last line,
    or the store would rightly refuse the same text twice."""
    texts = []
    for item in read_paths([str(api.sample_corpus())]):
        if isinstance(item, RawDocument) and (doc := prepare(item)).status == "ok":
            texts.append((doc.text, doc.published.isoformat() if doc.published else None))
    copies = folder / "copies.jsonl"
    with copies.open("w", encoding="utf-8") as handle:
        for number in range(count):
            text, published = texts[number % len(texts)]
            handle.write(json.dumps({"id": f"copy-{number}", "text": f"{text}\n\nCopy {number}.",
                                     "published": published}) + "\n")
    return copies
