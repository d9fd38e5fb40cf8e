"""The ``detente`` command line. Each command is a thin wrapper over a function of the Python API.

This module builds the app and the entry point; the commands live one group to a module (``ingest``, ``browse``,
``export``, ``actors``, ``evaluate``, ``serve``), the consoles and shared options in ``common``. Commands are
registered here, in the order ``detente --help`` lists them.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer
from rich.markup import escape

from detente.cli import actors, browse, evaluate, export, ingest, serve
from detente.cli.common import EXIT_CODES, console
from detente.core.errors import DetenteError, QueryError

__all__ = ["app", "main"]

app = typer.Typer(
    help=f"Detente: news about international relations -> PLOVER event data.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not verbose:  # distributed logs its scheduler's and nannies' life at INFO; a Dask ingest should be quiet
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")


app.command(epilog=EXIT_CODES)(ingest.ingest)
app.command(epilog=EXIT_CODES)(browse.docs)
app.command(epilog=EXIT_CODES)(browse.show)
app.command(epilog=EXIT_CODES)(ingest.extract)
app.command("events", epilog=EXIT_CODES)(browse.events_command)
app.command("export", epilog=EXIT_CODES)(export.export_command)
app.command("quotes", epilog=EXIT_CODES)(browse.quotes_command)
app.command("claims", epilog=EXIT_CODES)(browse.claims_command)
app.add_typer(actors.actors_app, name="actors")
app.command(epilog=EXIT_CODES)(evaluate.evaluate)
app.command("evaluate-quotes", epilog=EXIT_CODES)(evaluate.evaluate_quotes)
app.command("evaluate-suite", epilog=EXIT_CODES)(evaluate.evaluate_suite)
app.command(epilog=EXIT_CODES)(evaluate.gate)
app.command("settings", epilog=EXIT_CODES)(serve.settings_command)
app.command(epilog=EXIT_CODES)(serve.serve)


def main() -> None:
    try:
        app()
    except QueryError as error:  # a filter that cannot mean anything: a usage error, like typer's own
        console.print(f"[red]usage error:[/red] {escape(str(error))}", highlight=False)
        sys.exit(2)
    except DetenteError as error:
        console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        sys.exit(3)
