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
from detente.pipeline.ingest import IngestSummary

ErrorsOption = Annotated[Path | None, typer.Option(
    "--errors", help="Write every failed, skipped or changed input (path, line, stage, reason) to FILE as JSON Lines.")]


def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for stdin.")] = None,
    db: DbOption = DEFAULT_DB,
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a field to a column: text=body.")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled sample corpus.")] = False,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Extract and store events.")] = True,
    workers: WorkersOption = None,
    errors: ErrorsOption = None,
    update: Annotated[bool, typer.Option("--update", help="Replace a stored document whose id comes again with "
                                         "another text (with its events); without it the stored one is kept "
                                         "and the change reported.")] = False,
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
                             progress=lambda n: bar.advance(task, n), errors=errors, update=update)
    table = Table(title=f"Ingest into {db}", show_header=False)
    table.add_row("read", str(summary.read))
    table.add_row("new", str(summary.new))
    table.add_row("duplicate (already stored)", str(summary.duplicate))
    table.add_row("changed (id again, other text; kept)", str(summary.changed))
    if update:
        table.add_row("updated (replaced)", str(summary.updated))
    if summary.completed:
        table.add_row("stored earlier, events added", str(summary.completed))
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
    _report(summary, errors)


def _report(summary: IngestSummary, errors: Path | None) -> None:
    """Name every failed input and changed id on the console; exit 1 when an input failed."""
    if errors is not None:
        console.print(f"failed, skipped and changed inputs written to {escape(str(errors))}", highlight=False)
    for change in summary.changes:
        where = f"{change.path}:{change.line}" if change.line is not None else change.path
        what = "updated" if change.replaced else "changed"
        console.print(f"[yellow]{what}[/yellow] {escape(f'{where}: id {change.doc_id}')}", highlight=False)
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
    errors: ErrorsOption = None,
    update: Annotated[bool, typer.Option("--update", help="Also extract a document whose id comes again with "
                                         "another text (its records follow the earlier version's); without it "
                                         "the change is reported and skipped.")] = False,
) -> None:
    """Stream event records (GUIDELINES section 1, plus ids and offsets) as JSON Lines, with no database."""
    summary = IngestSummary(run_id="extract")
    handle = output.open("w", encoding="utf-8") if output else sys.stdout
    count = 0
    try:
        for record in api.extract(paths, field_map=parse_fields(field), workers=workers, errors=errors,
                                  update=update, summary=summary):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if output:
            handle.close()
    counts = [f"{count} events" + (f" written to {output}" if output else "")]
    counts += [f"{n} {what}" for n, what in ((summary.duplicate, "duplicate"), (summary.changed, "changed"),
                                             (summary.updated, "updated")) if n]
    console.print(", ".join(counts), highlight=False)
    _report(summary, errors)
