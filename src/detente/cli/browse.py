"""Reading the store: ``docs``, ``show``, ``events`` (and its clusters), ``quotes`` and ``claims``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from detente import api
from detente.cli.common import DEFAULT_DB, DbOption, out, print_jsonl, rows


def docs(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 50,
) -> None:
    """List stored documents."""
    frame = api.documents(db=db, limit=limit)
    table = Table("doc_id", "published", "status", "title / file", "chars")
    for row in rows(frame):
        label = row.title or Path(str(row.origin)).name + (f":{row.line}" if row.line else "")
        table.add_row(str(row.doc_id), str(row.published or "-"), str(row.status), str(label)[:60], str(row.chars))
    out.print(table)


def show(doc_id: str, db: DbOption = DEFAULT_DB) -> None:
    """Print a document's cleaned text and what cleaning removed, with the rule for each removal."""
    record = api.document(doc_id, db=db)
    out.print(f"{record['doc_id']}  published {record['published'] or '-'} "
              f"({record['published_from'] or 'no date found'})  status {record['status']}", highlight=False)
    if record.get("title"):
        out.print(f"title: {record['title']}", highlight=False)
    out.print(f"origin: {record['origin']}" + (f" line {record['line']}" if record["line"] else "")
              + (f"  encoding {record['encoding']}" if record.get("encoding") else ""), highlight=False)
    for warning in record.get("warnings") or []:
        out.print(f"warning [{warning['stage']}: {warning['kind']}] {warning['detail']}", highlight=False,
                  markup=False)
    out.rule("cleaned text")
    out.print(record["clean_text"], highlight=False, markup=False)
    out.rule(f"removed ({len(record['removals'])})")
    for removal in record["removals"]:
        out.print(f"line {removal['line']:>4}  [{removal['rule']}]  {removal['text']}", highlight=False,
                  markup=False)


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
        print_jsonl(frame)
        return
    table = Table("date", "event", "status", "source", "target", "evidence", expand=True)
    for row in rows(frame):
        kind = row.event_type + (f" ({row.mode})" if row.mode else "")
        evidence = str(row.evidence).replace("\n", " ")
        table.add_row(str(row.date or "-"), kind, row.status, row.source or "-", row.target or "-",
                      evidence if len(evidence) <= 110 else evidence[:107] + "...")
    out.print(table)


def _clusters_table(frame, as_json: bool) -> None:
    if as_json:
        print_jsonl(frame)
        return
    table = Table("date", "event", "status", "source", "target", "ment.", "art.", "src.", "evidence (best report)",
                  expand=True)
    for row in rows(frame):
        kind = row.event_type + (f" ({row.mode})" if row.mode else "")
        evidence = str(row.evidence).replace("\n", " ")
        table.add_row(str(row.date or "-"), kind, row.status, row.source or "-", row.target or "-",
                      str(row.num_mentions), str(row.num_articles), str(row.num_sources),
                      evidence if len(evidence) <= 90 else evidence[:87] + "...")
    out.print(table)


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
        print_jsonl(frame)
        return
    table = Table("date", "kind", "speaker", "code", "verb", "quote")
    for row in rows(frame):
        table.add_row(str(row.date or "-"), row.kind, str(row.speaker or "-"), str(row.speaker_code or "-"),
                      str(row.verb or "-"), str(row.text)[:100])
    out.print(table)


def claims_command(
    db: DbOption = DEFAULT_DB,
    code: Annotated[str | None, typer.Option(help="Claimant's code, e.g. UN.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0: all).", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")] = False,
) -> None:
    """List stored numeric claims ("at least one million Muslims") with their claimants."""
    frame = api.list_claims(db=db, code=code, limit=limit)
    if as_json:
        print_jsonl(frame)
        return
    table = Table("date", "qualifier", "value", "thing", "claimant", "text")
    for row in rows(frame):
        table.add_row(str(row.date or "-"), str(row.qualifier or ""), f"{row.value:,.4g}", str(row.thing or "-"),
                      str(row.claimant_code or row.claimant or "-"), str(row.text)[:80])
    out.print(table)
