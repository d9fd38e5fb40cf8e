"""Write tests/data/scoring_cases.json: scoring cases and the figures the reference scorer gives for them.

tests/test_eval_scoring.py compares ``detente.eval.scoring.score_events`` with the figures stored here, so the
comparison runs in every clone, with or without the evaluation data. The figures come from the reference
scorer (shared/eval/score.py), run once by this script; a test checks, when the reference is present, that
they still equal its output.

The cases:

* ``hand_made``: small gold/system pairs, one per rule of the scorer (symmetric types, status, date precision,
  multi-actor records, null codes, ...), each scored on all documents and on the documents {"d1", "d2"};
* ``perturbed``: random edits of every kind the scorer distinguishes (dropped, retyped, re-dated, duplicated
  and invented records, swapped sides, changed sectors and statuses) applied to the hand-made gold file
  tests/data/scoring_gold.jsonl, each scored on all documents and on a subset.

Beside each case's figures the file stores a hash of its inputs (gold, system, filters): a test reports a case
changed here (or a perturbation that ``random`` now draws differently) without the file being regenerated.

Regenerate (after changing a case, the perturbations or scoring_gold.jsonl; needs the reference scorer) from the
repository root:

    .venv/bin/python tests/data/make_scoring_expectations.py [--reference PATH/TO/score.py]

Without ``--reference`` the script uses score.py in the evaluation data folder ($DETENTE_EVAL_DIR, else the
checkout's sibling ../shared/eval). Review the diff of scoring_cases.json before committing it.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import importlib.util
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "scoring_cases.json"
GOLD_FILE = HERE / "scoring_gold.jsonl"

TYPES = ["ACCUSE", "REQUEST", "SANCTION", "CONSULT", "AGREE", "COOPERATE", "REJECT", "SUPPORT", "AID", "COERCE"]
STATUSES = ["asserted", "planned", "hypothetical", "negated"]
#: Documents of the hand-made cases' filtered run.
HAND_MADE_DOCS = ["d1", "d2"]
#: Seeds of the perturbations, and the documents of their filtered run (one not in the gold).
PERTURBATION_SEEDS = range(30)
PERTURBED_DOCS = ["g1", "g3", "not-in-gold"]


# ------------------------------------------------------------------------------------ hand-made cases


def rec(kind: str, sources: list[str | None], targets: list[str | None], *, doc: str = "d1",
        status: str | None = "asserted", when: str | None = None, sector: str | None = "GOV",
        alternatives: list[str] | None = None, evidence: str | None = None) -> dict[str, Any]:
    """An event record with one actor per code (``text`` is the code, ``sector`` the same for all)."""
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


def hand_made_cases() -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """name -> (gold, system)."""
    return {
        "symmetric consult reversed": ([rec("CONSULT", ["USA"], ["CHN"])], [rec("CONSULT", ["CHN"], ["USA"])]),
        "symmetric agree reversed": ([rec("AGREE", ["GBR"], ["EU"])], [rec("AGREE", ["EU"], ["GBR"])]),
        "symmetric cooperate reversed": ([rec("COOPERATE", ["JPN"], ["USA"])],
                                         [rec("COOPERATE", ["USA"], ["JPN"])]),
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
        "status mixed records": ([rec("ACCUSE", ["USA"], ["CHN"]),
                                  rec("ACCUSE", ["USA"], ["CHN"], status="planned")],
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
        "gold without date": ([rec("REJECT", ["CHN"], ["USA"])],
                              [rec("REJECT", ["CHN"], ["USA"], when="2021-01-01")]),
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
        "sector null": ([rec("ACCUSE", ["GBR"], ["CHN"], sector=None)],
                        [rec("ACCUSE", ["GBR"], ["CHN"], sector=None)]),
        "other document ignored": ([rec("ACCUSE", ["GBR"], ["CHN"])], [rec("ACCUSE", ["GBR"], ["CHN"], doc="d2")]),
        "empty system": ([rec("ACCUSE", ["GBR"], ["CHN"])], []),
        "empty gold": ([], [rec("ACCUSE", ["GBR"], ["CHN"])]),
        "only non-asserted gold": ([rec("CONSULT", ["USA"], ["CHN"], status="planned")],
                                   [rec("ACCUSE", ["USA"], ["CHN"])]),
        "missing event type": ([rec("ACCUSE", ["GBR"], ["CHN"])],
                               [{**rec("ACCUSE", ["GBR"], ["CHN"]), "event_type": None}]),
    }


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


def _edit_fields(record: dict[str, Any], rng: random.Random) -> None:
    """Random edits of a kept record's status and date. The draws are made in a fixed order: reordering them
    changes every perturbation (and the stored fingerprints)."""
    if rng.random() < 0.15:
        record["status"] = rng.choice(STATUSES)
    if rng.random() < 0.08:
        record.pop("status", None)
    if rng.random() < 0.3:
        record["date"] = _shift_date(record.get("date"), rng)
    if rng.random() < 0.1:
        record["date_alternatives"] = [_shift_date(record.get("date"), rng)]


def _edit_actors(record: dict[str, Any], rng: random.Random) -> None:
    """Random edits of a kept record's actors (sectors, an extra target, swapped sides, lower-case codes), drawn
    after ``_edit_fields`` in a fixed order."""
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
        _edit_fields(record, rng)
        _edit_actors(record, rng)
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


# ------------------------------------------------------------------------------------ the cases file


@dataclass(frozen=True)
class Case:
    gold: list[dict[str, Any]]
    system: list[dict[str, Any]]
    #: The document filters it is scored with: None (all documents) or a list of document ids.
    runs: tuple[list[str] | None, ...]

    def fingerprint(self) -> str:
        """A hash of the inputs, stored beside the figures: a case changed without regenerating is reported."""
        text = json.dumps([self.gold, self.system, list(self.runs)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def score(self, score, docs: list[str] | None) -> dict[str, Any]:
        """``score(gold, system[, docs])``: our scorer or the reference one, on this case."""
        if docs is None:
            return score(self.gold, self.system)
        return score(self.gold, self.system, set(docs))


def read_gold(path: Path = GOLD_FILE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def perturbation_name(seed: int) -> str:
    return f"seed {seed}"


def build_cases() -> dict[str, dict[str, Case]]:
    """{"hand_made": {name: Case}, "perturbed": {"seed N": Case}}."""
    hand_made = {name: Case(gold, system, (None, HAND_MADE_DOCS)) for name, (gold, system) in hand_made_cases().items()}
    gold = read_gold()
    perturbed = {perturbation_name(seed): Case(gold, perturb(gold, seed), (None, PERTURBED_DOCS))
                 for seed in PERTURBATION_SEEDS}
    return {"hand_made": hand_made, "perturbed": perturbed}


def expectations(score) -> dict[str, dict[str, Any]]:
    """What scoring_cases.json holds, with the figures of ``score`` (the reference scorer's ``score``)."""
    return {
        section: {name: {"inputs_sha256": case.fingerprint(),
                         "runs": [{"docs": docs, "expected": case.score(score, docs)} for docs in case.runs]}
                  for name, case in cases.items()}
        for section, cases in build_cases().items()
    }


def dump(stored: dict[str, dict[str, Any]]) -> str:
    """The cases file's text: one run (its filter and figures) per line, so that a diff shows what changed."""
    lines = ["{", f' "about": {json.dumps(ABOUT)},']
    for s_index, (section, cases) in enumerate(stored.items()):
        lines.append(f" {json.dumps(section)}: {{")
        for c_index, (name, case) in enumerate(cases.items()):
            lines.append(f"  {json.dumps(name)}: {{\"inputs_sha256\": {json.dumps(case['inputs_sha256'])}, \"runs\": [")
            runs = [f"   {json.dumps(run, ensure_ascii=False)}" for run in case["runs"]]
            lines.append(",\n".join(runs))
            lines.append("  ]}" + ("," if c_index < len(cases) - 1 else ""))
        lines.append(" }" + ("," if s_index < len(stored) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def load_stored(path: Path = CASES_FILE) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in json.loads(path.read_text("utf-8")).items() if k != "about"}


ABOUT = ("Made by tests/data/make_scoring_expectations.py, whose docstring says how to regenerate it: the figures "
         "the reference scorer (shared/eval/score.py) gives for its cases. Do not edit by hand.")


def load_reference(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("reference_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the reference scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, help="the reference scorer (default: score.py of the evaluation "
                                                        "data folder)")
    parser.add_argument("--output", type=Path, default=CASES_FILE)
    args = parser.parse_args(argv)
    reference_path = args.reference
    if reference_path is None:
        from detente.eval.common import MISSING_DATA_HINT, eval_data_dir

        folder = eval_data_dir()
        if folder is None:
            print(MISSING_DATA_HINT, file=sys.stderr)
            return 1
        reference_path = folder / "score.py"
    stored = expectations(load_reference(reference_path).score)
    args.output.write_text(dump(stored), encoding="utf-8")
    assert load_stored(args.output) == stored
    runs = sum(len(case["runs"]) for cases in stored.values() for case in cases.values())
    print(f"wrote {args.output}: {runs} runs of {sum(map(len, stored.values()))} cases, scored by {reference_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
