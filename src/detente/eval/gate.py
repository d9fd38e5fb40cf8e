"""The CI quality gate: run the suites, compare their figures with the floors in ``quality/baseline.json``.

Baseline file::

    {"suites": {"dev": {"f1": 0.42, ...}, ...}, "updated": "2025-01-31", "reason": "why the floors moved"}

Every floor is a lower bound on a figure of the suite's ``overall`` section (all gated figures are "higher is
better"; the PETRARCH no-event check is gated as ``noevents_clean_rate``). A figure that is missing or None
counts as 0.0. Floors only move up unless lowering is asked for explicitly, with a reason.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from detente.core.errors import DetenteError
from detente.eval.common import MISSING_DATA_HINT, Extractor, Resolver, eval_data_dir
from detente.eval.suites import GATE_LIMITS, SUITES, run_suite

__all__ = [
    "GATE_METRICS",
    "FloorLoweringError",
    "TOLERANCE",
    "check_gate",
    "in_ci",
    "default_baseline_path",
    "load_baseline",
    "run_gate",
    "run_suites",
    "update_floors",
]

logger = logging.getLogger(__name__)

#: How far below a measured figure a raised floor is set (run-to-run noise, e.g. model or dict order changes).
TOLERANCE = 0.01

#: The figures each suite is gated on (keys of the report's ``overall``).
GATE_METRICS: dict[str, tuple[str, ...]] = {
    "dev": ("f1", "precision", "recall", "date_accuracy", "sector_accuracy", "status_accuracy"),
    "dev_real": ("f1", "precision", "recall", "date_accuracy", "sector_accuracy", "status_accuracy",
                 "coded_sides_share"),
    "plover_gold": ("top_type_accuracy", "any_event_match", "mode_accuracy", "dyad_accuracy", "typed_dyad_accuracy"),
    "petrarch_validate": ("f1", "precision", "recall", "noevents_clean_rate"),
    "cameo_examples": ("type_accuracy", "any_event_match"),
    "conflibert": ("penta_accuracy", "source_span_f1", "target_span_f1"),
    "ngec_actors": ("country_accuracy", "sector_accuracy", "active_country_accuracy", "active_sector_accuracy",
                    "language_country_accuracy", "language_sector_accuracy"),
    "quotes": ("quote_recall", "speaker_accuracy", "claim_recall", "indirect_recall"),
    "locations": ("plover_accuracy", "dev_accuracy", "no_location_accuracy"),
    # Cross-document clusters (issue 16): the stories set is the only one with gold clusters of several documents;
    # on the seeds and dev-real B-cubed shows wrong merges. duplicate_free = 1 - within-document duplicate share.
    "clusters": ("stories_pairwise_f1", "stories_pairwise_precision", "stories_bcubed_f1",
                 "stories_end_to_end_pairwise_f1", "seeds_bcubed_f1", "dev_real_bcubed_f1", "seeds_duplicate_free",
                 "dev_real_duplicate_free", "stories_duplicate_free"),
}


class FloorLoweringError(DetenteError):
    """A floor would go down without ``allow_lower`` and a reason."""

    def __init__(self, lowered: list[str]) -> None:
        self.lowered = lowered
        super().__init__(
            "floors would go down (" + "; ".join(lowered) + "); pass allow_lower=True with a reason "
            "(CLI: --allow-lower --reason TEXT) if the drop is intended"
        )


def default_baseline_path() -> Path:
    """``quality/baseline.json`` of the checkout: under the working directory, else beside the source tree."""
    here = Path.cwd() / "quality" / "baseline.json"
    if here.exists():
        return here
    checkout = Path(__file__).resolve().parents[3] / "quality" / "baseline.json"
    return checkout if checkout.exists() else here


def load_baseline(baseline_path: str | Path | None = None) -> dict[str, Any]:
    path = Path(baseline_path) if baseline_path else default_baseline_path()
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise DetenteError(f"baseline file not found: {path}") from None
    except json.JSONDecodeError as error:
        raise DetenteError(f"{path}: not JSON: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("suites"), dict):
        raise DetenteError(f"{path}: expected an object with a 'suites' object")
    return data


def _figure(report: Mapping[str, Any], metric: str) -> float | None:
    value: Any = report.get("overall") or {}
    for part in metric.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def check_gate(results: Mapping[str, Mapping[str, Any]], baseline_path: str | Path | None = None) -> list[str]:
    """The failures of ``results`` (suite -> report) against the floors: one message per figure under its floor,
    per suite that failed to run, and per floored figure a suite did not report. Suites absent from
    ``results`` are not checked (a partial run checks only what it ran)."""
    floors = load_baseline(baseline_path)["suites"]
    failures: list[str] = []
    for suite, report in results.items():
        suite_floors = floors.get(suite) or {}
        if report.get("error"):
            failures.append(f"{suite}: failed to run: {report['error']}")
            continue
        for metric, floor in sorted(suite_floors.items()):
            overall = report.get("overall") or {}
            if metric.split(".")[0] not in overall:
                failures.append(f"{suite}.{metric}: not reported by the suite (floor {floor})")
                continue
            value = _figure(report, metric)
            measured = 0.0 if value is None else value
            if measured + 1e-9 < float(floor):
                failures.append(f"{suite}.{metric}: {measured:.4f} is below the floor {float(floor):.4f}")
    return failures


def update_floors(
    results: Mapping[str, Mapping[str, Any]],
    baseline_path: str | Path | None = None,
    *,
    allow_lower: bool = False,
    reason: str | None = None,
    tolerance: float = TOLERANCE,
) -> dict[str, Any]:
    """Move the floors of the suites in ``results`` to the measured figures minus ``tolerance``.

    A floor goes up when the figure allows it and stays where it is when the figure is within the tolerance
    of it. A figure below its floor would lower it: that raises :class:`FloorLoweringError` unless
    ``allow_lower`` is set and a ``reason`` is given; the reason is written into the file. Suites that failed to
    run are left alone. Returns the new baseline (also written to the file).
    """
    if allow_lower and not (reason and reason.strip()):
        raise FloorLoweringError(["allow_lower needs a reason"])
    path = Path(baseline_path) if baseline_path else default_baseline_path()
    baseline = load_baseline(path)
    floors: dict[str, dict[str, float]] = baseline["suites"]
    lowered: list[str] = []
    new_floors: dict[str, dict[str, float]] = {suite: dict(values) for suite, values in floors.items()}
    for suite, report in results.items():
        if report.get("error"):
            continue
        metrics = sorted(set(GATE_METRICS.get(suite, ())) | set(floors.get(suite, {})))
        for metric in metrics:
            value = _figure(report, metric)
            measured = 0.0 if value is None else value
            current = floors.get(suite, {}).get(metric)
            proposed = max(0.0, round(measured - tolerance, 4))
            if current is not None and measured + 1e-9 < float(current):
                lowered.append(f"{suite}.{metric} {float(current):.4f} -> {proposed:.4f}")
            elif current is not None:
                proposed = max(float(current), proposed)
            new_floors.setdefault(suite, {})[metric] = proposed
    if lowered and not allow_lower:
        raise FloorLoweringError(lowered)
    baseline["suites"] = new_floors
    baseline["updated"] = date.today().isoformat()
    baseline["reason"] = (reason or "floors raised to the measured figures").strip()
    if lowered:
        baseline["lowered"] = lowered
    else:
        baseline.pop("lowered", None)
    path.write_text(json.dumps(baseline, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    logger.info("baseline %s updated (%d lowered)", path, len(lowered))
    return baseline


def in_ci() -> bool:
    """True under continuous integration (``CI=true``), where missing evaluation data is an error, not a skip."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def run_suites(
    suites: Iterable[str] | None = None,
    *,
    extractor: Extractor | None = None,
    resolver: Resolver | None = None,
    limits: Mapping[str, int | None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run suites (default: all) at the gate's run sizes; a suite that raises is reported with ``error``."""
    names = list(suites) if suites else list(SUITES)
    unknown = [name for name in names if name not in SUITES]
    if unknown:
        raise ValueError(f"unknown suite(s): {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    sizes = {**GATE_LIMITS, **(limits or {})}
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        start = time.perf_counter()
        try:
            results[name] = run_suite(name, extractor=extractor, resolver=resolver, limit=sizes.get(name))
        except Exception as error:  # the gate reports every suite; one crash is a failure, not an abort
            logger.exception("suite %s failed", name)
            results[name] = {"suite": name, "error": f"{type(error).__name__}: {error}"}
        results[name]["wall_seconds"] = round(time.perf_counter() - start, 2)
    return results


def run_gate(
    *,
    suites: Iterable[str] | None = None,
    allow_lower: bool = False,
    reason: str | None = None,
    update: bool = False,
    baseline_path: str | Path | None = None,
    extractor: Extractor | None = None,
    resolver: Resolver | None = None,
    results_out: dict[str, dict[str, Any]] | None = None,
) -> tuple[bool, list[str]]:
    """Run the suites and compare with the floors; return (passed, messages).

    With ``update`` the floors are moved to the measured figures instead (see :func:`update_floors`;
    lowering needs ``allow_lower`` and ``reason``); the result is then ``passed`` unless a suite failed to run
    or lowering was refused (reported in the messages, not raised). ``results_out``, when given, receives the
    suite reports (for ``--json`` output or error listings).
    """
    names = list(suites) if suites else list(SUITES)
    unknown = [name for name in names if name not in SUITES]
    if unknown:
        raise ValueError(f"unknown suite(s): {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    if eval_data_dir() is None:
        if in_ci():
            return False, [f"FAIL {MISSING_DATA_HINT}; in CI (CI=true) the gate cannot be skipped"]
        return True, [f"gate skipped: {len(names)} suites not run ({', '.join(names)}): {MISSING_DATA_HINT}"]
    results = run_suites(suites, extractor=extractor, resolver=resolver)
    if results_out is not None:
        results_out.update(results)
    messages: list[str] = []
    for name, report in results.items():
        if report.get("error"):
            continue
        gated = {k: (report.get("overall") or {}).get(k) for k in GATE_METRICS.get(name, ())}
        figures = ", ".join(f"{k} {'-' if v is None else v}" for k, v in gated.items())
        messages.append(f"{name}: {figures} ({report['wall_seconds']} s)")
    if update:
        crashed = [f"{name}: failed to run: {r['error']}" for name, r in results.items() if r.get("error")]
        try:
            baseline = update_floors(results, baseline_path, allow_lower=allow_lower, reason=reason)
        except FloorLoweringError as error:
            return False, [*messages, *crashed, f"floors not updated: {error}"]
        messages.append(f"floors updated ({baseline['updated']}): {baseline['reason']}")
        return not crashed, [*messages, *crashed]
    failures = check_gate(results, baseline_path)
    if failures:
        return False, [*messages, *(f"FAIL {failure}" for failure in failures)]
    return True, [*messages, "gate passed"]
