"""Stored documents are recognised (by id, then by raw-text hash) before they are cleaned: a re-ingest of a stored
corpus cleans and language-identifies nothing, and counts the same duplicates as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import detente.pipeline.ingest as ingest_job
from detente import api

TEXTS = [f"Minister number {n} of Ruritania met the envoy of Freedonia in the capital on Monday." for n in range(3)]


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the raw documents the ingest cleans, in order."""
    seen: list[str] = []
    real = ingest_job.prepare

    def counting(raw):
        seen.append(str(raw.id))
        return real(raw)

    monkeypatch.setattr(ingest_job, "prepare", counting)
    return seen


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_reingest_cleans_only_new_documents(tmp_path: Path, db_path: Path, prepared: list[str], batch_size: int):
    first = _write(tmp_path / "a.jsonl", [{"id": f"d{n}", "text": t} for n, t in enumerate(TEXTS)])
    summary = api.ingest(first, db=db_path, events=False, batch_size=batch_size)
    assert (summary.new, summary.duplicate) == (3, 0)
    assert prepared == ["d0", "d1", "d2"]
    prepared.clear()
    again = _write(tmp_path / "b.jsonl", [
        {"id": "d0", "text": TEXTS[0]},            # same id
        {"id": "copy", "text": f"  {TEXTS[1].upper()}  "},  # same text (hash of normalised text), another id
        {"id": "new", "text": "The envoy of Freedonia left Ruritania on Tuesday after the talks had failed."},
        {"id": "new", "text": "A second text under an id already used in this run: changed, the first kept."},
    ])
    summary = api.ingest(again, db=db_path, events=False, batch_size=batch_size)
    assert (summary.read, summary.new, summary.duplicate, len(summary.changes)) == (4, 1, 2, 1)
    # The stored ones are never cleaned; repeats within the run are told after cleaning, as before.
    assert "d0" not in prepared and "copy" not in prepared
    assert prepared[0] == "new"
    assert len(api.documents(db=db_path, limit=0)) == 4
