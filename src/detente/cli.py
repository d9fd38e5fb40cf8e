"""The ``detente`` command line. Each command is a thin wrapper over a function of the Python API."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente import api
from detente.core import settings
from detente.core.errors import DetenteError, QueryError

EXIT_CODES = """Exit codes: 0 success; 1 the run finished but some inputs failed (listed in the summary);
2 usage error; 3 Detente error (store, model or settings), with a one-line message."""

app = typer.Typer(
    help=f"Detente: news about international relations -> PLOVER event data.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
# Stored text is data, never rich markup: a document containing "[/red]" or "[bold]" prints as written.
out = Console(markup=False)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="DETENTE_DB")]
DEFAULT_DB = Path(settings.get("db"))
WorkersOption = Annotated[int | None, typer.Option("--workers", min=1, help="Processes that parse and extract "
                                                   "(default: DETENTE_WORKERS, else the machine's cores).")]


def _fields(values: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values or []:
        name, sep, column = value.partition("=")
        if not sep or not name or not column:
            raise typer.BadParameter(f"expected name=column, got {value!r}", param_hint="--field")
        mapping[name.strip()] = column.strip()
    return mapping


def _print_jsonl(frame) -> None:
    """One JSON object per row on stdout (nulls as null), for export and piping."""
    for record in frame.astype(object).where(frame.notna(), None).to_dict(orient="records"):
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def _rows(frame):
    """DataFrame rows with SQL NULLs as None (pandas gives NaN, which is truthy and prints as 'nan')."""
    return frame.astype(object).where(frame.notna(), None).itertuples()


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command(epilog=EXIT_CODES)
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for stdin.")] = None,
    db: DbOption = DEFAULT_DB,
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a field to a column: text=body.")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled sample corpus.")] = False,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Extract and store events.")] = True,
    workers: WorkersOption = None,
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
        summary = api.ingest(targets, db=db, field_map=_fields(field), events=events, workers=workers,
                             progress=lambda n: bar.advance(task, n))
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
    out.print(table)
    for path, line, reason in summary.failed:
        where = f"{path}:{line}" if line is not None else path
        console.print(f"[red]failed[/red] {escape(f'{where}: {reason}')}", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command(epilog=EXIT_CODES)
def docs(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 50,
) -> None:
    """List stored documents."""
    frame = api.documents(db=db, limit=limit)
    table = Table("doc_id", "published", "status", "title / file", "chars")
    for row in _rows(frame):
        label = row.title or Path(str(row.origin)).name + (f":{row.line}" if row.line else "")
        table.add_row(str(row.doc_id), str(row.published or "-"), str(row.status), str(label)[:60], str(row.chars))
    out.print(table)


@app.command(epilog=EXIT_CODES)
def show(doc_id: str, db: DbOption = DEFAULT_DB) -> None:
    """Print a document's cleaned text and what cleaning removed, with the rule for each removal."""
    record = api.document(doc_id, db=db)
    out.print(f"{record['doc_id']}  published {record['published'] or '-'} "
              f"({record['published_from'] or 'no date found'})  status {record['status']}", highlight=False)
    if record.get("title"):
        out.print(f"title: {record['title']}", highlight=False)
    out.print(f"origin: {record['origin']}" + (f" line {record['line']}" if record["line"] else ""), highlight=False)
    out.rule("cleaned text")
    out.print(record["clean_text"], highlight=False, markup=False)
    out.rule(f"removed ({len(record['removals'])})")
    for removal in record["removals"]:
        out.print(f"line {removal['line']:>4}  [{removal['rule']}]  {removal['text']}", highlight=False,
                  markup=False)


@app.command(epilog=EXIT_CODES)
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
        for record in api.extract(paths, field_map=_fields(field), on_failure=failures.append, workers=workers):
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


@app.command("events", epilog=EXIT_CODES)
def events_command(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Actor code on either side, exactly (CHN).")] = None,
    actor_name: Annotated[str | None, typer.Option("--actor-name", help="Actor name or words on either side "
                                                                       "(Raab).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. SANCTION.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    status: Annotated[str | None, typer.Option(help="asserted, planned, hypothetical or negated.")] = None,
    place: Annotated[int | None, typer.Option(help="GeoNames id of the event's location (706483: Kharkiv).",
                                              min=1)] = None,
    country: Annotated[str | None, typer.Option(help="Country code of the event's location (UKR).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")] = False,
    clusters: Annotated[bool, typer.Option("--clusters", help="List clusters (one real-world event each, with "
                                                              "its mentions, articles and sources).")] = False,
    min_articles: Annotated[int | None, typer.Option("--min-articles", min=1,
                                                     help="With --clusters: reported by at least N documents.")]
    = None,
) -> None:
    """List stored events, or with --clusters the real-world events their reports make."""
    if clusters:
        _clusters_table(api.list_clusters(db=db, actor=actor, actor_name=actor_name, event_type=event_type,
                                          since=since, until=until, status=status, min_articles=min_articles,
                                          limit=limit), as_json)
        return
    frame = api.list_events(db=db, actor=actor, actor_name=actor_name, event_type=event_type, since=since,
                            until=until, status=status, place=place, country=country, limit=limit)
    if as_json:
        _print_jsonl(frame)
        return
    table = Table("date", "event", "status", "source", "target", "evidence", expand=True)
    for row in _rows(frame):
        kind = row.event_type + (f" ({row.mode})" if row.mode else "")
        evidence = str(row.evidence).replace("\n", " ")
        table.add_row(str(row.date or "-"), kind, row.status, row.source or "-", row.target or "-",
                      evidence if len(evidence) <= 110 else evidence[:107] + "...")
    out.print(table)


def _clusters_table(frame, as_json: bool) -> None:
    if as_json:
        _print_jsonl(frame)
        return
    table = Table("date", "event", "status", "source", "target", "ment.", "art.", "src.", "evidence (best report)",
                  expand=True)
    for row in _rows(frame):
        kind = row.event_type + (f" ({row.mode})" if row.mode else "")
        evidence = str(row.evidence).replace("\n", " ")
        table.add_row(str(row.date or "-"), kind, row.status, row.source or "-", row.target or "-",
                      str(row.num_mentions), str(row.num_articles), str(row.num_sources),
                      evidence if len(evidence) <= 90 else evidence[:87] + "...")
    out.print(table)


@app.command("export", epilog=EXIT_CODES)
def export_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.", dir_okay=False)],
    export_format: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, plover, gdelt, or a "
                                                                "registered exporter.")] = "jsonl",
    clusters: Annotated[bool, typer.Option("--clusters", help="Export clusters instead of events.")] = False,
    quotes: Annotated[bool, typer.Option("--quotes", help="Export quotes (jsonl, csv, parquet).")] = False,
    claims: Annotated[bool, typer.Option("--claims", help="Export numeric claims (jsonl, csv, parquet).")] = False,
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Actor code on either side, exactly (CHN).")] = None,
    actor_name: Annotated[str | None, typer.Option("--actor-name", help="Actor name or words on either side "
                                                                       "(Raab).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. SANCTION.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    status: Annotated[str | None, typer.Option(help="asserted, planned, hypothetical or negated.")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc", help="Only this document's records.")] = None,
    speaker: Annotated[str | None, typer.Option(help="With --quotes: speaker name or words.")] = None,
    code: Annotated[str | None, typer.Option(help="With --quotes or --claims: the speaker's or claimant's code.")]
    = None,
    limit: Annotated[int | None, typer.Option(help="At most N records.", min=1)] = None,
) -> None:
    """Export stored events (or clusters, quotes, claims) as JSONL, CSV, Parquet, PLOVER JSON or a GDELT table."""
    chosen = [name for name, flag in (("clusters", clusters), ("quotes", quotes), ("claims", claims)) if flag]
    if len(chosen) > 1:
        raise typer.BadParameter("give at most one of --clusters, --quotes, --claims", param_hint="--clusters")
    what = chosen[0] if chosen else "events"
    count = api.export(output, format=export_format, what=what, db=db, actor=actor, actor_name=actor_name,
                       event_type=event_type,
                       since=since, until=until, status=status, doc_id=doc_id, speaker=speaker, code=code,
                       limit=limit)
    unit = "rows" if export_format in ("gdelt", "detente.gdelt.v1") else what
    console.print(f"{count} {unit} written to {output} ({export_format})", highlight=False)


@app.command("quotes", epilog=EXIT_CODES)
def quotes_command(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option(help="Speaker name or words, e.g. Raab.")] = None,
    code: Annotated[str | None, typer.Option(help="Speaker's country or organisation code, e.g. CHN.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest publication date, YYYY[-MM[-DD]].")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")] = False,
) -> None:
    """List stored quotes with their speakers."""
    frame = api.list_quotes(db=db, speaker=speaker, code=code, since=since, limit=limit)
    if as_json:
        _print_jsonl(frame)
        return
    table = Table("date", "kind", "speaker", "code", "verb", "quote")
    for row in _rows(frame):
        table.add_row(str(row.date or "-"), row.kind, str(row.speaker or "-"), str(row.speaker_code or "-"),
                      str(row.verb or "-"), str(row.text)[:100])
    out.print(table)


@app.command("claims", epilog=EXIT_CODES)
def claims_command(
    db: DbOption = DEFAULT_DB,
    code: Annotated[str | None, typer.Option(help="Claimant's code, e.g. UN.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")] = False,
) -> None:
    """List stored numeric claims ("at least one million Muslims") with their claimants."""
    frame = api.list_claims(db=db, code=code, limit=limit)
    if as_json:
        _print_jsonl(frame)
        return
    table = Table("date", "qualifier", "value", "thing", "claimant", "text")
    for row in _rows(frame):
        table.add_row(str(row.date or "-"), str(row.qualifier or ""), f"{row.value:,.4g}", str(row.thing or "-"),
                      str(row.claimant_code or row.claimant or "-"), str(row.text)[:80])
    out.print(table)


actors_app = typer.Typer(help="Actors: list the store's actors, resolve a phrase, what is known for a state, correct "
                              "an entry.",
                         invoke_without_command=True)
app.add_typer(actors_app, name="actors")


@actors_app.callback()
def actors_list(ctx: typer.Context, db: DbOption = DEFAULT_DB,
                limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 50) -> None:
    """List the actors in the store with mention counts."""
    if ctx.invoked_subcommand is not None:
        return
    frame = api.list_actors(db=db, limit=limit)
    table = Table("code", "sector", "name", "mentions", "docs", "method")
    for row in _rows(frame):
        table.add_row(str(row.code), str(row.sector), str(row.name), str(row.mentions), str(row.docs),
                      str(row.method))
    out.print(table)


def _span(start, end) -> str:
    return f"{start.isoformat() if start else '?'} to {end.isoformat() if end else '-'}"


def _office_line(role) -> str:
    return (f"{role.code}/{role.sector}  {role.role}  {_span(role.start, role.end)}  {role.name}  "
            f"(source: {role.source})")


@actors_app.command("resolve")
def actors_resolve(
    text: str,
    date: Annotated[str | None, typer.Option(help="Date the phrase is read on, YYYY-MM-DD.")] = None,
    context: Annotated[str | None, typer.Option(help="Text read before the phrase (the states it names count).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Resolve an actor phrase: prints code, sector, name and method; the office the code comes from, with its
    dates and source; and the candidates when several people share the name and nothing tells them apart."""
    from detente.actors.roles import role_record

    result = api.resolve_actor(text, date=date, context=context)
    if as_json:
        record = {"text": result.text, "code": result.code, "sector": result.sector, "name": result.name,
                  "method": result.method, "confidence": result.confidence,
                  "office": role_record(result.office) if result.office else None, "current": result.current,
                  "candidates": [role_record(r) for r in result.candidates]}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    out.print(f"code {result.code or '-'}  sector {result.sector or '-'}  name {result.name or '-'}  "
              f"method {result.method}  confidence {result.confidence:.2f}", highlight=False)
    if result.office is not None:
        held = "held on the date" if result.current else "not held on the date (a former or future office)"
        out.print(f"office {_office_line(result.office)}; {held}", highlight=False, soft_wrap=True)
    if result.candidates:
        out.print(f"ambiguous: {len(result.candidates)} people of this name, nothing tells them apart "
                  "(give --date or --context):", highlight=False, soft_wrap=True)
        for role in result.candidates:
            out.print(f"  {_office_line(role)}", highlight=False, soft_wrap=True)


@actors_app.command("kb")
def actors_kb(
    country: Annotated[str, typer.Option("--country", help="State or organisation code: KAZ, NATO, UN ...")],
    date: Annotated[str | None, typer.Option(help="Only what holds on this date, YYYY-MM-DD.")] = None,
    kind: Annotated[str | None, typer.Option(help="person or body (parties, armed groups, institutions).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """What Detente knows for a state: people with their offices, dates and sources, then parties, armed groups
    and institutions with their standing by date."""
    rows = [r for r in api.actors_kb(country, date=date) if kind is None or r.kind == kind]
    if as_json:
        for row in rows:
            record = {**row.__dict__, "start": row.start.isoformat() if row.start else None,
                      "end": row.end.isoformat() if row.end else None, "aliases": list(row.aliases)}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{country.upper()}{' on ' + date if date else ''}: {len(rows)} facts")
    table.add_column("kind", no_wrap=True)
    table.add_column("name", ratio=2)
    table.add_column("sector", no_wrap=True)
    table.add_column("role", ratio=2)
    table.add_column("from", no_wrap=True)
    table.add_column("until", no_wrap=True)
    table.add_column("source", ratio=3)
    for row in rows:
        table.add_row(row.kind, row.name, row.sector, row.role, row.start.isoformat() if row.start else "",
                      row.end.isoformat() if row.end else "", row.source)
    out.print(table)


@actors_app.command("correct")
def actors_correct(name: str, code: str, sector: str, db: DbOption = DEFAULT_DB) -> None:
    """Correct the corpus memory for a person: NAME resolves to CODE/SECTOR from now on."""
    api.correct_actor(name, code=code, sector=sector, db=db)
    out.print(f"{name} -> {code}/{sector}", highlight=False)


# ---- evaluation (detente.eval) ----------------------------------------------------------------------------

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


@app.command(epilog=EXIT_CODES)
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


@app.command("evaluate-quotes", epilog=EXIT_CODES)
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


@app.command("evaluate-suite", epilog=EXIT_CODES)
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


@app.command(epilog=EXIT_CODES)
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


@app.command("settings", epilog=EXIT_CODES)
def settings_command() -> None:
    """List the settings (environment variables DETENTE_*), their current values and what they do."""
    table = Table("variable", "value", "help")
    for setting in settings.SETTINGS.values():
        table.add_row(f"DETENTE_{setting.name.upper()}", settings.get(setting.name), setting.help)
    out.print(table)


@app.command(epilog=EXIT_CODES)
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[Path | None, typer.Option("--token", help="File holding a bearer token; enables the one write "
                                               "(POST /api/v1/actors/corrections) for clients sending it.",
                                               exists=True, dir_okay=False)] = None,
) -> None:
    """Serve the web app and the REST API (read-only unless --token) on the store."""
    from detente.web.serve import serve as run

    console.print(f"Detente on {db}: open http://{host}:{port}/ (API docs at /docs; Ctrl-C stops)"
                  + ("; corrections need the bearer token" if token else "; read-only"), highlight=False)
    run(db, host=host, port=port, token_file=token)


def main() -> None:
    try:
        app()
    except QueryError as error:  # a filter that cannot mean anything: a usage error, like typer's own
        console.print(f"[red]usage error:[/red] {escape(str(error))}", highlight=False)
        sys.exit(2)
    except DetenteError as error:
        console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        sys.exit(3)


if __name__ == "__main__":
    main()
