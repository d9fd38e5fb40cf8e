"""Evaluation (detente.eval): ``evaluate``, ``evaluate-quotes``, ``evaluate-suite`` and the CI ``gate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from detente.cli.common import console, out

JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON instead of a table.")]
ErrorsOption = Annotated[
    Path | None,
    typer.Option("--errors", help="Write every false positive/negative with evidence to FILE (.jsonl: JSON Lines)."),
]


def _show_report(report: dict, as_json: bool, errors: Path | None) -> None:
    from detente.eval import format_table, to_json, write_errors

    if errors is not None:
        count = write_errors(errors, report)
        console.print(f"{count} errors written to {errors}", highlight=False)
    if as_json:
        typer.echo(to_json(report))
    else:
        out.print(format_table(report), markup=False, highlight=False, soft_wrap=True)


def evaluate(
    docs: Annotated[Path, typer.Option("--docs", help="Documents, JSON Lines {id, text, published}.",
                                       exists=True, dir_okay=False)],
    gold: Annotated[Path, typer.Option("--gold", help="Gold event records (GUIDELINES section 1), JSON Lines.",
                                       exists=True, dir_okay=False)],
    as_json: JsonOption = False,
    errors: ErrorsOption = None,
) -> None:
    """Extract events from DOCS and score them against GOLD (GUIDELINES section 6), with speed."""
    from detente.eval import evaluate_dev

    _show_report(evaluate_dev(docs, gold), as_json, errors)


def evaluate_quotes(
    docs: Annotated[Path, typer.Option("--docs", help="Documents, JSON Lines {id, text, published}.",
                                       exists=True, dir_okay=False)],
    gold: Annotated[Path, typer.Option("--gold", help="Quotes and claims gold, JSON Lines (tests/data format).",
                                       exists=True, dir_okay=False)],
    as_json: JsonOption = False,
) -> None:
    """Score quotes (recall, speaker attribution) and numeric claims against a gold file."""
    from detente.eval.quotes import evaluate_quotes as run

    report = run(docs, gold)
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return
    for key, value in report["overall"].items():
        out.print(f"  {key:<26} {value}", highlight=False)
    for error in report["errors"]:
        console.print(json.dumps(error, ensure_ascii=False), highlight=False, markup=False)


def evaluate_suite(
    name: Annotated[str, typer.Argument(help="dev, plover_gold, petrarch_validate, cameo_examples, conflibert "
                                             "or ngec_actors.")],
    as_json: JsonOption = False,
    errors: ErrorsOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N items of the suite.")] = None,
) -> None:
    """Run one peer evaluation suite (data under shared/eval, or $DETENTE_EVAL_DIR) and report it."""
    from detente.eval import SUITES, run_suite

    if name not in SUITES:
        raise typer.BadParameter(f"unknown suite {name!r}; choose from {', '.join(SUITES)}", param_hint="NAME")
    _show_report(run_suite(name, limit=limit), as_json, errors)


def gate(
    suite: Annotated[list[str] | None, typer.Option("--suite", help="Run only this suite (repeatable).")] = None,
    update_floors: Annotated[bool, typer.Option("--update-floors",
                                                help="Move the floors to the measured figures (minus 0.01).")] = False,
    allow_lower: Annotated[bool, typer.Option("--allow-lower",
                                              help="With --update-floors: allow floors to drop.")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the floors move; stored in the baseline.")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Floors file.", dir_okay=False)] = None,
    as_json: JsonOption = False,
    errors: ErrorsOption = None,
) -> None:
    """CI quality gate: run the suites and fail (exit 1) when a figure is below its floor in quality/baseline.json."""
    from detente.eval import SUITES, run_gate, write_errors

    unknown = [name for name in suite or [] if name not in SUITES]
    if unknown:
        raise typer.BadParameter(f"unknown suite(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}",
                                 param_hint="--suite")
    if allow_lower and not update_floors:
        raise typer.BadParameter("--allow-lower only applies with --update-floors", param_hint="--allow-lower")
    if allow_lower and not (reason and reason.strip()):
        raise typer.BadParameter("--allow-lower needs --reason TEXT", param_hint="--reason")
    results: dict = {}
    ok, messages = run_gate(suites=suite, allow_lower=allow_lower, reason=reason, update=update_floors,
                            baseline_path=baseline, results_out=results)
    if errors is not None:
        count = write_errors(errors, results)
        console.print(f"{count} errors written to {errors}", highlight=False)
    if as_json:
        reports = {name: {k: v for k, v in report.items() if k != "errors"} for name, report in results.items()}
        typer.echo(json.dumps(reports, indent=2, ensure_ascii=False, default=str))
    for message in messages:  # stderr when stdout carries JSON or the gate failed
        (out if ok and not as_json else console).print(message, markup=False, highlight=False)
    if not ok:
        raise typer.Exit(1)
