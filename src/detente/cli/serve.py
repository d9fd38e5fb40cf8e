"""Running Detente: ``settings`` lists what configures it, ``serve`` starts the web app and REST API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from detente.cli.common import DEFAULT_DB, DbOption, console, out
from detente.core import settings


def settings_command() -> None:
    """List the settings (environment variables DETENTE_*), their current values and what they do."""
    table = Table("variable", "value", "help")
    for setting in settings.SETTINGS.values():
        table.add_row(f"DETENTE_{setting.name.upper()}", settings.get(setting.name), setting.help)
    out.print(table)


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
