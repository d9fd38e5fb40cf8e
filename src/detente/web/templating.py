"""The Jinja2 environment: autoescape always on, and the few filters the templates need.

No template marks data as safe: text reaches the page only through autoescaping, links only through
:func:`detente.web.render.path_quote` (ids) or :func:`detente.web.render.safe_url` (article URLs).
"""

from __future__ import annotations

from pathlib import Path, PurePath

import jinja2
from fastapi.templating import Jinja2Templates

from detente import __version__
from detente.web.models import QUAD_NAMES
from detente.web.render import path_quote, query_string, safe_url

__all__ = ["STATIC_DIR", "TEMPLATE_DIR", "templates"]

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"


def _actor_codes(actors: list) -> list[str]:
    return list(dict.fromkeys(a.code for a in actors if getattr(a, "code", None)))


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value) if value is not None else "-"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        basename=lambda v: PurePath(str(v)).name if v else "",
        path=path_quote,
        web_url=safe_url,
        codes=_actor_codes,
        number=_number,
        arrow=lambda direction: str(direction).replace("->", " → "),
        quad_name=lambda q: QUAD_NAMES.get(q, "unclassified"),
    )
    env.globals.update(query=query_string, version=__version__, QUAD_NAMES=QUAD_NAMES)
    return env


templates = Jinja2Templates(env=_environment())
