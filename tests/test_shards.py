"""Parquet shards: what a worker writes is what the writer reads back, on disk, file:// and fsspec URLs."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from detente.intake.prepare import Document
from detente.pipeline.results import DocResult
from detente.pipeline.shards import read_shard, write_shard


def _partition() -> tuple[list[Document], list[DocResult]]:
    docs = [Document("a", "Text a.", published=date(2024, 3, 1), content_hash="ha"),
            Document("b", "Text b.", content_hash="hb")]
    event = {"event_id": "e1", "doc_id": "a", "event_type": "ACCUSE", "date": "2024-03-01", "status": "asserted",
             "source": [{"text": "Russia", "name": "Russia", "code": "RUS", "sector": None}], "confidence": 0.75}
    mention = {"mention_id": "m1", "doc_id": "a", "name": "Russia", "code": "RUS", "confidence": 0.5}
    results = [DocResult("a", date(2024, 3, 1), events=[event, {**event, "event_id": "e2"}],  # type: ignore[list-item]
                         mentions=[mention], words=2),  # type: ignore[list-item]
               DocResult("b", None, failure="parse: ValueError: bad")]
    return docs, results


@pytest.mark.parametrize("scheme", ["", "file://",
                                    pytest.param("memory://", marks=pytest.mark.skipif(
                                        importlib.util.find_spec("fsspec") is None, reason="fsspec not installed"))])
def test_shard_round_trip(scheme: str, tmp_path: Path):
    docs, results = _partition()
    where = f"memory://shards-{tmp_path.name}" if scheme == "memory://" else f"{scheme}{tmp_path}/shards"
    info = write_shard(where, "part-00000-0000", docs, results)
    assert info.doc_ids == ("a", "b") and info.events == 2
    assert read_shard(info) == results


def test_shard_of_other_documents_is_refused(tmp_path: Path):
    docs, results = _partition()
    info = write_shard(str(tmp_path), "p", docs, results)
    with pytest.raises(ValueError, match="holds documents"):
        read_shard(type(info)(info.directory, info.name, ("b", "a"), info.events))
