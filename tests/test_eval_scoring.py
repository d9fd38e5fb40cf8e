"""detente.eval.scoring agrees with the reference scorer shared/eval/score.py, and lists its errors."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
from types import ModuleType
from typing import Any

import pytest

from detente.eval.scoring import date_agrees, errors, score_events

TYPES = ["ACCUSE", "REQUEST", "SANCTION", "CONSULT", "AGREE", "COOPERATE", "REJECT", "SUPPORT", "AID", "COERCE"]
STATUSES = ["asserted", "planned", "hypothetical", "negated"]


@pytest.fixture(scope="module")
def reference(eval_file) -> ModuleType:
    path = eval_file("score.py")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_gold(eval_file) -> list[dict[str, Any]]:
    path = eval_file("dev", "seeds.gold.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------------------------ perturbations


def _shift_date(value: str | None, rng: random.Random) -> str | None:
    if not value:
        return rng.choice([None, "2021", "2021-03", "2021-03-05"])
    choice = rng.randrange(6)
    if choice == 0:
        return value[:4]
    if choice == 1:
        return value[:7]
    if choice == 2 and len(value) == 10 and value[8:].isdigit():
        day = int(value[8:]) + rng.choice([-2, -1, 1, 2])
        return f"{value[:8]}{max(1, min(28, day)):02d}"
    if choice == 3:
        return None
    if choice == 4:
        return "not a date"
    return value


def perturb(gold: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """A system output made from gold by random edits of every kind the scorer distinguishes."""
    rng = random.Random(seed)
    system: list[dict[str, Any]] = []
    for original in gold:
        record = copy.deepcopy(original)
        roll = rng.random()
        if roll < 0.12:
            continue  # dropped: false negatives
        if roll < 0.22:
            record["event_type"] = rng.choice(TYPES)
        if rng.random() < 0.15:
            record["status"] = rng.choice(STATUSES)
        if rng.random() < 0.08:
            record.pop("status", None)
        if rng.random() < 0.3:
            record["date"] = _shift_date(record.get("date"), rng)
        if rng.random() < 0.1:
            record["date_alternatives"] = [_shift_date(record.get("date"), rng)]
        if rng.random() < 0.2:
            for actor in record.get("source") or []:
                actor["sector"] = rng.choice(["GOV", "LEG", "MIL", None])
        if rng.random() < 0.1:
            record.setdefault("target", []).append({"text": "activists", "name": None, "code": None, "sector": "OPP"})
        if rng.random() < 0.08:
            record["source"], record["target"] = record.get("target") or [], record.get("source") or []
        if rng.random() < 0.05:
            for actor in record.get("source") or []:
                if actor.get("code"):
                    actor["code"] = str(actor["code"]).lower()
        system.append(record)
        if rng.random() < 0.1:
            system.append(copy.deepcopy(record))  # duplicate: counts once
    for _ in range(rng.randrange(1, 6)):  # invented events: false positives
        doc = rng.choice(gold)["doc_id"]
        system.append({
            "doc_id": doc, "event_type": rng.choice(TYPES), "status": rng.choice(STATUSES),
            "source": [{"code": rng.choice(["USA", "CHN", "GBR", None]), "sector": "GOV"}],
            "target": [{"code": rng.choice(["CHN", "EU", "HKG"]), "sector": "GOV"}],
            "date": rng.choice(["2021-03", "2020-07-20", None]),
        })
    system.append({"doc_id": "not-in-gold", "event_type": "ACCUSE", "source": [{"code": "USA"}],
                   "target": [{"code": "CHN"}]})
    return system


@pytest.mark.parametrize("seed", range(25))
def test_agrees_with_reference_on_perturbed_dev_gold(reference: ModuleType, dev_gold: list[dict[str, Any]],
                                                     seed: int) -> None:
    system = perturb(dev_gold, seed)
    assert score_events(dev_gold, system) == reference.score(dev_gold, system)


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_reference_with_doc_filter(reference: ModuleType, dev_gold: list[dict[str, Any]],
                                               seed: int) -> None:
    system = perturb(dev_gold, 100 + seed)
    docs = {"seed-000", "seed-003", "not-in-gold"}
    assert score_events(dev_gold, system, docs) == reference.score(dev_gold, system, docs)


def test_perfect_system_scores_one(dev_gold: list[dict[str, Any]]) -> None:
    report = score_events(dev_gold, copy.deepcopy(dev_gold))
    assert report["main"]["f1"] == 1.0
    assert report["date_accuracy"] == report["sector_accuracy"] == report["status_accuracy"] == 1.0


# ------------------------------------------------------------------------------------ hand-made cases


def rec(kind: str, sources: list[str | None], targets: list[str | None], *, doc: str = "d1",
        status: str | None = "asserted", when: str | None = None, sector: str | None = "GOV",
        alternatives: list[str] | None = None, evidence: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "doc_id": doc, "event_type": kind,
        "source": [{"text": str(c), "code": c, "sector": sector} for c in sources],
        "target": [{"text": str(c), "code": c, "sector": sector} for c in targets],
        "date": when, "evidence": evidence or f"{kind} sentence",
    }
    if status is not None:
        record["status"] = status
    if alternatives:
        record["date_alternatives"] = alternatives
    return record


CASES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
    "symmetric consult reversed": ([rec("CONSULT", ["USA"], ["CHN"])], [rec("CONSULT", ["CHN"], ["USA"])]),
    "symmetric agree reversed": ([rec("AGREE", ["GBR"], ["EU"])], [rec("AGREE", ["EU"], ["GBR"])]),
    "symmetric cooperate reversed": ([rec("COOPERATE", ["JPN"], ["USA"])], [rec("COOPERATE", ["USA"], ["JPN"])]),
    "asymmetric accuse reversed": ([rec("ACCUSE", ["USA"], ["CHN"])], [rec("ACCUSE", ["CHN"], ["USA"])]),
    "lower-case codes": ([rec("ACCUSE", ["USA"], ["CHN"])], [rec("accuse", ["usa"], ["chn"])]),
    "status planned vs asserted": ([rec("CONSULT", ["USA"], ["G7"], status="planned")],
                                   [rec("CONSULT", ["USA"], ["G7"])]),
    "status hypothetical both": ([rec("SANCTION", ["GBR"], ["CHN"], status="hypothetical")],
                                 [rec("SANCTION", ["GBR"], ["CHN"], status="hypothetical")]),
    "status negated vs asserted": ([rec("CONSULT", ["USA"], ["CHN"])],
                                   [rec("CONSULT", ["USA"], ["CHN"], status="negated")]),
    "missing status is asserted": ([rec("REJECT", ["CHN"], ["GBR"], status=None)],
                                   [rec("REJECT", ["CHN"], ["GBR"])]),
    "status mixed records": ([rec("ACCUSE", ["USA"], ["CHN"]), rec("ACCUSE", ["USA"], ["CHN"], status="planned")],
                             [rec("ACCUSE", ["USA"], ["CHN"], status="planned")]),
    "date year ok": ([rec("SANCTION", ["USA"], ["CHN"], when="2020")],
                     [rec("SANCTION", ["USA"], ["CHN"], when="2020-07-14")]),
    "date year wrong": ([rec("SANCTION", ["USA"], ["CHN"], when="2020")],
                        [rec("SANCTION", ["USA"], ["CHN"], when="2021")]),
    "date month from day": ([rec("SANCTION", ["USA"], ["CHN"], when="2021-03")],
                            [rec("SANCTION", ["USA"], ["CHN"], when="2021-03-22")]),
    "date month from year only": ([rec("SANCTION", ["USA"], ["CHN"], when="2021-03")],
                                  [rec("SANCTION", ["USA"], ["CHN"], when="2021")]),
    "date day off by one": ([rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07-20")],
                            [rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07-19")]),
    "date day off by one across month": ([rec("ACCUSE", ["GBR"], ["CHN"], when="2020-08-01")],
                                         [rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07-31")]),
    "date day off by two": ([rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07-20")],
                            [rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07-22")]),
    "date day from month": ([rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07-20")],
                            [rec("ACCUSE", ["GBR"], ["CHN"], when="2020-07")]),
    "date alternatives": ([rec("SANCTION", ["CHN"], ["EU"], when="2021-03", alternatives=["2021-04-24"])],
                          [rec("SANCTION", ["CHN"], ["EU"], when="2021-04-23")]),
    "gold without date": ([rec("REJECT", ["CHN"], ["USA"])], [rec("REJECT", ["CHN"], ["USA"], when="2021-01-01")]),
    "system without date": ([rec("REJECT", ["CHN"], ["USA"], when="2021")], [rec("REJECT", ["CHN"], ["USA"])]),
    "bad system date": ([rec("REJECT", ["CHN"], ["USA"], when="2021-02")],
                        [rec("REJECT", ["CHN"], ["USA"], when="February")]),
    "multi-actor sources": ([rec("SANCTION", ["USA", "EU", "GBR", "CAN"], ["CHN"])],
                           [rec("SANCTION", ["USA", "GBR"], ["CHN"]), rec("SANCTION", ["EU"], ["CHN", "HKG"])]),
    "multi-actor both sides": ([rec("CONSULT", ["USA", "JPN"], ["IND", "AUS"])],
                               [rec("CONSULT", ["AUS", "IND"], ["JPN"])]),
    "null actors dropped": ([rec("ACCUSE", [None], ["CHN"]), rec("ACCUSE", ["USA"], ["CHN"])],
                            [rec("ACCUSE", ["USA", None], ["CHN", None])]),
    "only null actors": ([rec("ACCUSE", [None], ["CHN"])], [rec("ACCUSE", [None], [None])]),
    "self dyad": ([rec("COERCE", ["CHN"], ["CHN"])], [rec("COERCE", ["CHN"], ["CHN"])]),
    "empty target": ([rec("MOBILIZE", ["CHN"], [])], [rec("MOBILIZE", ["CHN"], [])]),
    "sector mismatch": ([rec("ACCUSE", ["GBR"], ["CHN"], sector="LEG")], [rec("ACCUSE", ["GBR"], ["CHN"])]),
    "sector null": ([rec("ACCUSE", ["GBR"], ["CHN"], sector=None)], [rec("ACCUSE", ["GBR"], ["CHN"], sector=None)]),
    "other document ignored": ([rec("ACCUSE", ["GBR"], ["CHN"])], [rec("ACCUSE", ["GBR"], ["CHN"], doc="d2")]),
    "empty system": ([rec("ACCUSE", ["GBR"], ["CHN"])], []),
    "empty gold": ([], [rec("ACCUSE", ["GBR"], ["CHN"])]),
    "only non-asserted gold": ([rec("CONSULT", ["USA"], ["CHN"], status="planned")], [rec("ACCUSE", ["USA"], ["CHN"])]),
    "missing event type": ([rec("ACCUSE", ["GBR"], ["CHN"])], [{**rec("ACCUSE", ["GBR"], ["CHN"]),
                                                               "event_type": None}]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_agrees_with_reference_on_hand_made_cases(reference: ModuleType, name: str) -> None:
    gold, system = CASES[name]
    assert score_events(gold, system) == reference.score(gold, system)
    assert score_events(gold, system, {"d1", "d2"}) == reference.score(gold, system, {"d1", "d2"})


def test_hand_made_figures() -> None:
    assert score_events(*CASES["symmetric consult reversed"])["main"]["tp"] == 1
    assert score_events(*CASES["asymmetric accuse reversed"])["main"] == {
        "tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    planned = score_events(*CASES["status planned vs asserted"])
    assert planned["main"]["fp"] == 1 and planned["main"]["fn"] == 0 and planned["status_accuracy"] == 0.0
    assert score_events(*CASES["date day off by one"])["date_accuracy"] == 1.0
    assert score_events(*CASES["date day off by two"])["date_accuracy"] == 0.0
    assert score_events(*CASES["date month from year only"])["date_accuracy"] == 0.0
    assert score_events(*CASES["date alternatives"])["date_accuracy"] == 1.0
    assert score_events(*CASES["gold without date"])["date_accuracy"] is None
    multi = score_events(*CASES["multi-actor sources"])
    assert (multi["main"]["tp"], multi["main"]["fp"], multi["main"]["fn"]) == (3, 1, 1)
    assert score_events(*CASES["null actors dropped"])["main"]["tp"] == 1
    assert score_events(*CASES["empty gold"])["main"]["recall"] is None


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


def test_errors_agree_with_counts_on_perturbed_gold(dev_gold: list[dict[str, Any]]) -> None:
    system = perturb(dev_gold, 7)
    report, found = score_events(dev_gold, system), errors(dev_gold, system)
    assert sum(i["kind"] == "false_positive" for i in found) == report["main"]["fp"]
    assert sum(i["kind"] == "false_negative" for i in found) == report["main"]["fn"]
    assert all(i["evidence"] for i in found if i["kind"] == "false_negative")


def test_perturbations_exercise_every_figure(dev_gold: list[dict[str, Any]]) -> None:
    reports = [score_events(dev_gold, perturb(dev_gold, seed)) for seed in range(25)]
    assert all(r["main"]["fp"] and r["main"]["fn"] for r in reports)
    for figure in ("date_accuracy", "sector_accuracy", "status_accuracy"):
        assert any(r[figure] is not None and r[figure] < 1.0 for r in reports), figure
