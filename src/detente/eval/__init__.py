"""Evaluation harness and CI quality gate.

* :func:`score_events` / :func:`errors`: GUIDELINES section-6 scoring of event records against gold;
* :func:`evaluate_dev`: run the extractor over documents and score them (with speed);
* peer suites (:data:`SUITES`): ``dev``, ``plover_gold``, ``petrarch_validate``, ``cameo_examples``,
  ``conflibert``, ``ngec_actors``;
* :func:`format_table`, :func:`to_json`, :func:`write_errors`: reports;
* :func:`check_gate`, :func:`run_gate`, :func:`update_floors`: floors in ``quality/baseline.json``.

The extractor and resolver are imported only when a suite runs, and every suite takes them as parameters,
so the harness can be tested with fakes.
"""

from __future__ import annotations

from detente.eval.common import EvalDataError, peer_data_dir, read_jsonl
from detente.eval.gate import FloorLoweringError, check_gate, load_baseline, run_gate, run_suites, update_floors
from detente.eval.report import format_table, to_json, write_errors
from detente.eval.scoring import errors, score_events
from detente.eval.suites import (
    GATE_LIMITS,
    SUITES,
    cameo_examples,
    conflibert,
    evaluate_dev,
    ngec_actors,
    petrarch_validate,
    plover_gold,
    run_suite,
)

__all__ = [
    "GATE_LIMITS",
    "SUITES",
    "EvalDataError",
    "FloorLoweringError",
    "cameo_examples",
    "check_gate",
    "conflibert",
    "errors",
    "evaluate_dev",
    "format_table",
    "load_baseline",
    "ngec_actors",
    "peer_data_dir",
    "petrarch_validate",
    "plover_gold",
    "read_jsonl",
    "run_gate",
    "run_suite",
    "run_suites",
    "score_events",
    "to_json",
    "update_floors",
    "write_errors",
]
