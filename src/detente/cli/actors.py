"""``actors``: list the store's actors, resolve a phrase, what is known for a state, correct an entry."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from detente import api
from detente.cli.common import DEFAULT_DB, DbOption, out, rows

actors_app = typer.Typer(help="Actors: list the store's actors, resolve a phrase, what is known for a state, correct "
                              "an entry.",
                         invoke_without_command=True)


@actors_app.callback()
def actors_list(ctx: typer.Context, db: DbOption = DEFAULT_DB,
                limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 50) -> None:
    """List the actors in the store with mention counts."""
    if ctx.invoked_subcommand is not None:
        return
    frame = api.list_actors(db=db, limit=limit)
    table = Table("code", "sector", "name", "mentions", "docs", "method")
    for row in rows(frame):
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
    facts = [r for r in api.actors_kb(country, date=date) if kind is None or r.kind == kind]
    if as_json:
        for fact in facts:
            record = {**fact.__dict__, "start": fact.start.isoformat() if fact.start else None,
                      "end": fact.end.isoformat() if fact.end else None, "aliases": list(fact.aliases)}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{country.upper()}{' on ' + date if date else ''}: {len(facts)} facts")
    table.add_column("kind", no_wrap=True)
    table.add_column("name", ratio=2)
    table.add_column("sector", no_wrap=True)
    table.add_column("role", ratio=2)
    table.add_column("from", no_wrap=True)
    table.add_column("until", no_wrap=True)
    table.add_column("source", ratio=3)
    for fact in facts:
        table.add_row(fact.kind, fact.name, fact.sector, fact.role, fact.start.isoformat() if fact.start else "",
                      fact.end.isoformat() if fact.end else "", fact.source)
    out.print(table)


@actors_app.command("correct")
def actors_correct(name: str, code: str, sector: str, db: DbOption = DEFAULT_DB) -> None:
    """Correct the corpus memory for a person: NAME resolves to CODE/SECTOR from now on."""
    api.correct_actor(name, code=code, sector=sector, db=db)
    out.print(f"{name} -> {code}/{sector}", highlight=False)
