"""Issue acceptance: the coded gold actors of each dev document resolve to the right code and sector.

Runs scripts/actor_check.py's ``gold_actor_checks`` on /work/shared/eval/dev (skipped when /work/shared is missing).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "actor_check.py"

# Coded gold actors per document. Every one must be found in its sentence (or, when the sentence does not
# write it, put on its side of the event by the event layer) and resolved to the gold code and sector.
TOTALS = {
    "seed-000": 24,
    "seed-001": 11,
    "seed-002": 30,
    "seed-003": 37,
    "seed-004": 28,
}


def _load_actor_check():
    spec = importlib.util.spec_from_file_location("actor_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checks(eval_file) -> list[dict]:
    return _load_actor_check().gold_actor_checks(eval_file("dev", "seeds.jsonl"), eval_file("dev", "seeds.gold.jsonl"))


def test_actors_dev_every_document_checked(checks):
    assert sorted({row["doc_id"] for row in checks}) == sorted(TOTALS)
    for doc_id, total in TOTALS.items():
        assert sum(row["doc_id"] == doc_id for row in checks) == total, doc_id


@pytest.mark.parametrize("doc_id", sorted(TOTALS))
def test_actors_dev_every_coded_actor_resolved(checks, doc_id: str):
    rows = [row for row in checks if row["doc_id"] == doc_id]
    assert rows, f"no coded gold actors for {doc_id}"
    misses = [f"{row['text']!r}: want {row['want']}, got {row['got']} ({row['method']}"
              f"{'' if row['located'] else ', not located'})" for row in rows if row["got"] != row["want"]]
    assert not misses, f"{doc_id}: {len(misses)} of {len(rows)} wrong:\n" + "\n".join(misses)
