"""Reading articles: ``ingest`` into the store, ``extract`` to JSON Lines without one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente import api
from detente.cli.common import DEFAULT_DB, DbOption, WorkersOption, console, out, parse_fields


def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for stdin.")] = None,
    db: DbOption = DEFAULT_DB,
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a field to a column: text=body.")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled sample corpus.")] = False,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Extract and store events.")] = True,
    workers: WorkersOption = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write every failed or skipped input (path, "
                                                                 "line, stage, reason) to FILE as JSON Lines.")]
    = None,
    engine: Annotated[str, typer.Option(
        "--engine", help="Where documents are analysed: local (processes on this machine) or dask (a Dask "
                         "cluster: a local one of --workers processes unless --scheduler).")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address "
                                                  "(tcp://host:8786); with --engine dask.")] = None,
    shards: Annotated[str | None, typer.Option("--shards", help="Folder or fsspec URL for the Parquet shards of "
                                               "a Dask run (default: DB.shards); with --engine dask.")] = None,
) -> None:
    """Read articles into the store: clean, date, detect language, extract events."""
    targets = list(paths or [])
    if sample:
        targets.append(str(api.sample_corpus()))
    if not targets:
        raise typer.BadParameter("give at least one PATH, or --sample")
    with Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        summary = api.ingest(targets, db=db, field_map=parse_fields(field), events=events, workers=workers,
                             engine=engine, scheduler=scheduler, shards=shards,
                             progress=lambda n: bar.advance(task, n), errors=errors)
    table = Table(title=f"Ingest into {db}", show_header=False)
    table.add_row("read", str(summary.read))
    table.add_row("new", str(summary.new))
    table.add_row("duplicate (already stored)", str(summary.duplicate))
    table.add_row("without a publication date", str(summary.undated))
    if events:
        table.add_row("events extracted", str(summary.events))
    for reason, count in sorted(summary.skipped.items()):
        table.add_row(f"skipped: {reason}", str(count))
    for reason, count in sorted(summary.failed_by_reason.items()):
        table.add_row(f"failed: {reason}", str(count))
    for kind, count in sorted(summary.warnings.items()):
        table.add_row(f"repaired: {kind}", str(count))
    out.print(table)
    if errors is not None:
        console.print(f"failed and skipped inputs written to {escape(str(errors))}", highlight=False)
    for path, line, reason in summary.failed:
        where = f"{path}:{line}" if line is not None else path
        console.print(f"[red]failed[/red] {escape(f'{where}: {reason}')}", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="JSONL file (default: stdout).")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a field to a column: text=body.")] = None,
    workers: WorkersOption = None,
) -> None:
    """Stream event records (GUIDELINES section 1, plus ids and offsets) as JSON Lines, with no database."""
    failures: list[str] = []
    handle = output.open("w", encoding="utf-8") if output else sys.stdout
    count = 0
    try:
        for record in api.extract(paths, field_map=parse_fields(field), on_failure=failures.append,
                                  workers=workers):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if output:
            handle.close()
    console.print(f"{count} events" + (f" written to {output}" if output else ""), highlight=False)
    for failure in failures:
        console.print(f"[red]failed[/red] {escape(failure)}", highlight=False)
    if failures:
        raise typer.Exit(1)
