"""Issue acceptance: the coded gold actors of each dev document resolve to the right code and sector.

Runs scripts/actor_check.py's ``gold_actor_checks`` on the dev gold (shared/eval/dev); skipped, with the reason,
when the evaluation data is missing.
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


def test_actors_dev_every_coded_actor_resolved(checks):
    """One test for all documents: every document has its coded actors, and every miss is listed."""
    problems = []
    for doc_id, total in TOTALS.items():
        rows = [row for row in checks if row["doc_id"] == doc_id]
        if len(rows) != total:
            problems.append(f"{doc_id}: {len(rows)} coded gold actors checked, want {total}")
        misses = [f"  {row['text']!r}: want {row['want']}, got {row['got']} ({row['method']}"
                  f"{'' if row['located'] else ', not located'})" for row in rows if row["got"] != row["want"]]
        if misses:
            problems.append(f"{doc_id}: {len(misses)} of {len(rows)} wrong:\n" + "\n".join(misses))
    unexpected = sorted({row["doc_id"] for row in checks} - set(TOTALS))
    if unexpected:
        problems.append(f"documents not in TOTALS: {unexpected}")
    assert not problems, "\n".join(problems)
