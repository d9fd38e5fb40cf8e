"""detente.eval.scoring agrees with the reference scorer shared/eval/score.py, and lists its errors.

The cases (hand-made gold/system pairs, and random perturbations of the hand-made gold tests/data/scoring_gold.jsonl)
live in tests/data/make_scoring_expectations.py, which stored the reference scorer's figures for them in
tests/data/scoring_cases.json: our scorer is compared with those in every clone. With the evaluation data present,
two more tests check the stored figures against the reference scorer itself, and run the perturbations of the
real dev gold through both scorers.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.eval.scoring import date_agrees, errors, score_events

SCRIPT = Path(__file__).parent / "data" / "make_scoring_expectations.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_scoring_expectations", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being defined
    spec.loader.exec_module(module)
    return module


cases_script = _load_script()
rec, perturb = cases_script.rec, cases_script.perturb
CASES = cases_script.build_cases()
STORED = cases_script.load_stored()
REGENERATE = f"rerun {SCRIPT.relative_to(SCRIPT.parents[2])} (its docstring says how)"
SMALL_GOLD = cases_script.read_gold()


def _differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Where two score reports differ, as 'main.f1: 0.5 != 0.6' lines."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in sorted(set(ours) | set(theirs), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in ours or key not in theirs:
                found.append(f"{where}: {'missing in ours' if key not in ours else 'missing in theirs'}")
            else:
                found.extend(_differences(ours[key], theirs[key], where))
        return found
    return [] if ours == theirs else [f"{path}: {ours!r} != {theirs!r}"]


def _check_stored(section: str, name: str) -> None:
    case, stored = CASES[section][name], STORED[section].get(name)
    assert stored is not None, f"{section} case {name!r} has no stored figures: {REGENERATE}"
    assert stored["inputs_sha256"] == case.fingerprint(), f"{section} case {name!r} changed: {REGENERATE}"
    assert [run["docs"] for run in stored["runs"]] == list(case.runs)
    for run in stored["runs"]:
        ours = case.score(score_events, run["docs"])
        assert ours == run["expected"], f"docs={run['docs']}: " + "; ".join(_differences(ours, run["expected"]))


@pytest.fixture(scope="module")
def reference(eval_file) -> ModuleType:
    return cases_script.load_reference(eval_file("score.py"))


@pytest.fixture(scope="module")
def dev_gold(eval_file) -> list[dict[str, Any]]:
    return cases_script.read_gold(eval_file("dev", "seeds.gold.jsonl"))


# ------------------------------------------------------------------------------------ stored figures, every clone


def test_stored_cases_are_the_scripts_cases():
    for section, cases in CASES.items():
        assert sorted(STORED[section]) == sorted(cases), f"{section}: {REGENERATE}"


@pytest.mark.parametrize("name", list(CASES["hand_made"]))
def test_agrees_with_reference_figures_on_hand_made_cases(name: str) -> None:
    _check_stored("hand_made", name)


@pytest.mark.parametrize("name", list(CASES["perturbed"]))
def test_agrees_with_reference_figures_on_perturbed_gold(name: str) -> None:
    _check_stored("perturbed", name)


# ------------------------------------------------------------------------------------ the reference itself


def test_stored_figures_are_the_reference_scorers(reference: ModuleType) -> None:
    """scoring_cases.json still holds what shared/eval/score.py says about each case."""
    stale = []
    for section, cases in CASES.items():
        for name, case in cases.items():
            for docs in case.runs:
                stored = next((r["expected"] for r in STORED[section].get(name, {}).get("runs", [])
                               if r["docs"] == docs), None)
                theirs = case.score(reference.score, docs)
                if stored != theirs:
                    stale.append(f"{section} {name!r} docs={docs}: "
                                 + ("not stored" if stored is None else "; ".join(_differences(stored, theirs))))
    assert not stale, f"{len(stale)} stored figures differ from the reference scorer ({REGENERATE}):\n" + \
        "\n".join(stale)


def test_agrees_with_reference_on_perturbed_dev_gold(reference: ModuleType, dev_gold: list[dict[str, Any]]) -> None:
    """The perturbations of the real dev gold, scored by ours and by the reference; every disagreement listed."""
    runs: list[tuple[str, list[dict[str, Any]], set[str] | None]] = [("perfect copy", copy.deepcopy(dev_gold), None)]
    runs += [(f"seed {seed}", perturb(dev_gold, seed), None) for seed in range(25)]
    docs = {"seed-000", "seed-003", "not-in-gold"}
    runs += [(f"seed {seed}, docs {sorted(docs)}", perturb(dev_gold, seed), docs) for seed in range(100, 105)]
    disagreements = []
    for label, system, only in runs:
        ours, theirs = score_events(dev_gold, system, only), reference.score(dev_gold, system, only)
        if ours != theirs:
            disagreements.append(f"{label}: " + "; ".join(_differences(ours, theirs)))
        found = errors(dev_gold, system, only)
        if sum(i["kind"] == "false_positive" for i in found) != ours["main"]["fp"] or \
                sum(i["kind"] == "false_negative" for i in found) != ours["main"]["fn"]:
            disagreements.append(f"{label}: errors() does not list the scored false positives and negatives")
    assert not disagreements, f"{len(disagreements)} of {len(runs)} runs disagree:\n" + "\n".join(disagreements)


# ------------------------------------------------------------------------------------ figures, by hand


def test_perfect_system_scores_one() -> None:
    report = score_events(SMALL_GOLD, copy.deepcopy(SMALL_GOLD))
    assert report["main"]["f1"] == 1.0
    assert report["date_accuracy"] == report["sector_accuracy"] == report["status_accuracy"] == 1.0


def _hand_made(name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    case = CASES["hand_made"][name]
    return case.gold, case.system


def test_hand_made_figures() -> None:
    assert score_events(*_hand_made("symmetric consult reversed"))["main"]["tp"] == 1
    assert score_events(*_hand_made("asymmetric accuse reversed"))["main"] == {
        "tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    planned = score_events(*_hand_made("status planned vs asserted"))
    assert planned["main"]["fp"] == 1 and planned["main"]["fn"] == 0 and planned["status_accuracy"] == 0.0
    assert score_events(*_hand_made("date day off by one"))["date_accuracy"] == 1.0
    assert score_events(*_hand_made("date day off by two"))["date_accuracy"] == 0.0
    assert score_events(*_hand_made("date month from year only"))["date_accuracy"] == 0.0
    assert score_events(*_hand_made("date alternatives"))["date_accuracy"] == 1.0
    assert score_events(*_hand_made("gold without date"))["date_accuracy"] is None
    multi = score_events(*_hand_made("multi-actor sources"))
    assert (multi["main"]["tp"], multi["main"]["fp"], multi["main"]["fn"]) == (3, 1, 1)
    assert score_events(*_hand_made("null actors dropped"))["main"]["tp"] == 1
    assert score_events(*_hand_made("empty gold"))["main"]["recall"] is None


@pytest.mark.parametrize(
    ("system", "gold", "agrees"),
    [("2021-03-01", "2021", True), ("2021", "2021-03", False), ("2021-03", "2021-03", True),
     ("2021-03-02", "2021-03-03", True), ("2021-03-05", "2021-03-03", False), ("", "2021", False),
     ("2021-02-30", "2021-02", False)],
)
def test_date_agrees(system: str, gold: str, agrees: bool) -> None:
    assert date_agrees(system, gold) is agrees


def test_errors_list_every_false_positive_and_negative_with_evidence() -> None:
    gold = [rec("ACCUSE", ["GBR"], ["CHN"], evidence="Raab accused China."),
            rec("CONSULT", ["USA"], ["G7"], status="planned", evidence="Biden will attend."),
            rec("SANCTION", ["USA", "EU"], ["CHN"], evidence="Sanctions were announced.")]
    system = [rec("REJECT", ["GBR"], ["CHN"], evidence="Raab rejected China."),
              rec("CONSULT", ["USA"], ["G7"], evidence="Biden attends."),
              rec("SANCTION", ["USA"], ["CHN"], evidence="Sanctions were announced.")]
    found = errors(gold, system)
    report = score_events(gold, system)
    kinds = [item["kind"] for item in found]
    assert kinds.count("false_positive") == report["main"]["fp"] == 2
    assert kinds.count("false_negative") == report["main"]["fn"] == 2
    by_key = {(i["kind"], i["event_type"], i["source"]): i for i in found}
    missed_accuse = by_key[("false_negative", "ACCUSE", "GBR")]
    assert missed_accuse["evidence"] == ["Raab accused China."]
    assert missed_accuse["near_misses"] == ["REJECT"]
    assert missed_accuse["other_evidence"] == ["Raab rejected China."]
    consult = by_key[("false_positive", "CONSULT", "G7")] if ("false_positive", "CONSULT", "G7") in by_key else \
        by_key[("false_positive", "CONSULT", "USA")]
    assert consult["other_side_statuses"] == ["planned"]
    assert by_key[("false_negative", "SANCTION", "EU")]["target"] == "CHN"


def test_errors_agree_with_counts_on_perturbed_gold() -> None:
    for seed in (7, 11, 23):
        system = perturb(SMALL_GOLD, seed)
        report, found = score_events(SMALL_GOLD, system), errors(SMALL_GOLD, system)
        assert sum(i["kind"] == "false_positive" for i in found) == report["main"]["fp"]
        assert sum(i["kind"] == "false_negative" for i in found) == report["main"]["fn"]
        assert all(i["evidence"] for i in found if i["kind"] == "false_negative")


def test_perturbations_exercise_every_figure() -> None:
    reports = [run["expected"] for case in STORED["perturbed"].values() for run in case["runs"] if run["docs"] is None]
    assert len(reports) == len(CASES["perturbed"])
    # the small gold has 15 records: a few perturbations happen to add or drop no dyad event
    assert sum(bool(r["main"]["fp"] and r["main"]["fn"]) for r in reports) >= 0.8 * len(reports)
    for figure in ("date_accuracy", "sector_accuracy", "status_accuracy"):
        assert any(r[figure] is not None and r[figure] < 1.0 for r in reports), figure
