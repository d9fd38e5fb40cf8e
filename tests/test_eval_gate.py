"""The quality gate: a degraded extractor fails against floors the good one meets; floors never drop silently."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from detente.eval.gate import (
    GATE_METRICS,
    FloorLoweringError,
    check_gate,
    load_baseline,
    run_gate,
    update_floors,
)
from detente.eval.suites import GATE_LIMITS, SUITES, evaluate_dev

REPO = Path(__file__).parents[1]


def actor(code: str, sector: str = "GOV") -> dict[str, Any]:
    return {"text": code, "name": code, "code": code, "sector": sector}


DOCS = [
    {"id": f"doc-{n}", "text": f"Story {n}: Britain accused China and the US urged Japan to act.",
     "published": "2021-03-02"}
    for n in range(6)
]
GOLD = [
    record
    for n in range(6)
    for record in (
        {"doc_id": f"doc-{n}", "event_type": "ACCUSE", "source": [actor("GBR")], "target": [actor("CHN")],
         "status": "asserted", "date": "2021-03-01", "evidence": "Britain accused China"},
        {"doc_id": f"doc-{n}", "event_type": "REQUEST", "source": [actor("USA")], "target": [actor("JPN")],
         "status": "asserted", "date": "2021-03", "evidence": "the US urged Japan to act"},
    )
]


def good(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
    ids = {doc["id"] for doc in docs}
    return [dict(record) for record in GOLD if record["doc_id"] in ids]


def drops_half(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
    return good(docs)[::2]


def all_accuse(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
    return [dict(record, event_type="ACCUSE") for record in good(docs)]


@pytest.fixture
def eval_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for shared/eval with a small dev set; DETENTE_EVAL_DIR points the suites at it."""
    folder = tmp_path / "eval"
    (folder / "dev").mkdir(parents=True)
    (folder / "peers").mkdir()
    (folder / "dev" / "seeds.jsonl").write_text("\n".join(json.dumps(d) for d in DOCS) + "\n", "utf-8")
    (folder / "dev" / "seeds.gold.jsonl").write_text("\n".join(json.dumps(g) for g in GOLD) + "\n", "utf-8")
    monkeypatch.setenv("DETENTE_EVAL_DIR", str(folder))
    return folder


@pytest.fixture
def baseline(tmp_path: Path) -> Path:
    path = tmp_path / "baseline.json"
    floors = {suite: {metric: 0.0 for metric in metrics} for suite, metrics in GATE_METRICS.items()}
    path.write_text(json.dumps({"suites": floors, "updated": "2025-01-01", "reason": "test"}), "utf-8")
    return path


def dev_results(eval_dir: Path, extractor: Any) -> dict[str, dict[str, Any]]:
    return {"dev": evaluate_dev(eval_dir / "dev" / "seeds.jsonl", eval_dir / "dev" / "seeds.gold.jsonl",
                                extractor=extractor)}


def test_repository_baseline_has_a_floor_for_every_gated_figure() -> None:
    data = load_baseline(REPO / "quality" / "baseline.json")
    assert set(data) >= {"suites", "updated", "reason"}
    for suite, metrics in GATE_METRICS.items():
        assert suite in SUITES and suite in GATE_LIMITS
        assert set(metrics) <= set(data["suites"][suite]), suite
    assert GATE_LIMITS["conflibert"] == 300


def test_good_extractor_passes_and_degraded_ones_fail(eval_dir: Path, baseline: Path) -> None:
    update_floors(dev_results(eval_dir, good), baseline)
    floors = load_baseline(baseline)["suites"]["dev"]
    assert floors["f1"] == pytest.approx(0.99) and floors["date_accuracy"] == pytest.approx(0.99)
    assert check_gate(dev_results(eval_dir, good), baseline) == []

    halved = check_gate(dev_results(eval_dir, drops_half), baseline)
    assert any(failure.startswith("dev.recall") for failure in halved)
    assert any(failure.startswith("dev.f1") for failure in halved)

    accused = check_gate(dev_results(eval_dir, all_accuse), baseline)
    assert any(failure.startswith("dev.precision") for failure in accused)


def test_run_gate_end_to_end(eval_dir: Path, baseline: Path) -> None:
    ok, messages = run_gate(suites=["dev"], update=True, baseline_path=baseline, extractor=good)
    assert ok, messages
    ok, messages = run_gate(suites=["dev"], baseline_path=baseline, extractor=good)
    assert ok and messages[-1] == "gate passed"
    results: dict[str, dict[str, Any]] = {}
    ok, messages = run_gate(suites=["dev"], baseline_path=baseline, extractor=drops_half, results_out=results)
    assert not ok and any(m.startswith("FAIL dev.recall") for m in messages)
    assert results["dev"]["overall"]["recall"] == 0.5


def test_lowering_a_floor_needs_allow_lower_and_a_reason(eval_dir: Path, baseline: Path) -> None:
    update_floors(dev_results(eval_dir, good), baseline)
    worse = dev_results(eval_dir, drops_half)
    with pytest.raises(FloorLoweringError, match="dev.recall"):
        update_floors(worse, baseline)
    with pytest.raises(FloorLoweringError):
        update_floors(worse, baseline, allow_lower=True)
    with pytest.raises(FloorLoweringError):
        update_floors(worse, baseline, allow_lower=True, reason="  ")
    assert load_baseline(baseline)["suites"]["dev"]["recall"] == pytest.approx(0.99)  # untouched

    ok, messages = run_gate(suites=["dev"], update=True, baseline_path=baseline, extractor=drops_half)
    assert not ok and "floors not updated" in messages[-1]

    lowered = update_floors(worse, baseline, allow_lower=True, reason="dropped a noisy rule")
    assert lowered["reason"] == "dropped a noisy rule" and lowered["lowered"]
    assert load_baseline(baseline)["suites"]["dev"]["recall"] == pytest.approx(0.49)
    assert check_gate(worse, baseline) == []


def test_floors_only_move_up_within_tolerance(eval_dir: Path, baseline: Path) -> None:
    data = json.loads(baseline.read_text("utf-8"))
    data["suites"]["dev"]["f1"] = 0.995  # a floor within the tolerance below the measured 1.0 stays
    baseline.write_text(json.dumps(data), "utf-8")
    update_floors(dev_results(eval_dir, good), baseline)
    assert load_baseline(baseline)["suites"]["dev"]["f1"] == 0.995


def test_gate_reports_crashed_and_unreported_suites(baseline: Path) -> None:
    failures = check_gate({"dev": {"suite": "dev", "error": "RuntimeError: boom"},
                           "cameo_examples": {"suite": "cameo_examples", "overall": {}}}, baseline)
    assert any("failed to run" in f for f in failures)
    assert any(f.startswith("cameo_examples.type_accuracy: not reported") for f in failures)


def test_run_gate_reports_a_crashing_extractor(eval_dir: Path, baseline: Path) -> None:
    def broken(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        raise RuntimeError("model exploded")

    ok, messages = run_gate(suites=["dev"], baseline_path=baseline, extractor=broken)
    assert not ok and any("model exploded" in m for m in messages)


def test_unknown_suite_is_refused(baseline: Path) -> None:
    with pytest.raises(ValueError, match="unknown suite"):
        run_gate(suites=["nope"], baseline_path=baseline)
