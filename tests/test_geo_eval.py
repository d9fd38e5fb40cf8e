"""The location scorer on hand-made cases, and the two location evaluations (which need /work/shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.eval.locations import judge, score_locations

# The two location evaluations on the evaluation data are the gate's ``locations`` suite (quality/baseline.json).


def _system(name: str, country: str, precision: str, text: str | None = None) -> dict:
    return {"text": text or name, "name": name, "country_code": country, "precision": precision}


@pytest.mark.parametrize(("gold", "system", "verdict", "how"), [
    ({"name": "Kabul", "country_code": "AFG", "precision": "city"}, _system("Kabul", "AFG", "city"), "right", "exact"),
    ({"name": "Kabul", "country_code": "AFG", "precision": "city"}, _system("Afghanistan", "AFG", "country"),
     "right", "coarser"),
    ({"name": "Serbia", "country_code": "SRB", "precision": "country"}, _system("Belgrade", "SRB", "city"),
     "wrong", "finer"),
    ({"name": "Tripoli", "country code": "LB"}, _system("Tripoli", "LBY", "city"), "wrong", "country"),
    ({"name": "Geneva", "country code": "CH"}, _system("Geneva", "CHE", "city"), "right", "exact"),
    ({"name": "town of Rafah"}, _system("Rafaḩ", "PSE", "city", "Rafah"), "right", "name"),
    ({"name": "Moscow", "country_code": "RUS", "precision": "city"}, _system("Moscow", "RUS", "city", "Kremlin"),
     "right", "exact"),
    ({"name": "Kabul", "country_code": "AFG"}, None, "missing", ""),
    (None, _system("London", "GBR", "city"), "spurious", ""),
    (None, None, "none", ""),
])
def test_judge(gold: dict | None, system: dict | None, verdict: str, how: str) -> None:
    assert judge(gold, system) == (verdict, how)


def test_score_counts_and_accuracy() -> None:
    kabul = {"name": "Kabul", "country_code": "AFG", "precision": "city"}
    score = score_locations([(kabul, _system("Kabul", "AFG", "city")), (kabul, None), (None, None),
                             (None, _system("London", "GBR", "city"))])
    assert score.summary()["right"] == 1 and score.counts["missing"] == 1 and score.counts["spurious"] == 1
    assert score.accuracy == 0.5 and score.none_accuracy == 0.5


def test_gold_files_keep_shared_text_out() -> None:
    import json

    for name in ("seeds.jsonl", "dev_real.jsonl"):
        for line in (Path(__file__).parent / "data" / "locations" / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            assert set(row) == {"doc_id", "evidence", "event_type", "location"}
            assert len(row["evidence"]) <= 60
