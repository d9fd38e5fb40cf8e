"""``export``: stored events, clusters, quotes or claims to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente import api
from detente.cli.common import DEFAULT_DB, DbOption, console


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
