"""The roles knowledge base: who held which office when. A bundled CSV plus the user's own files.

A person resolves with the role held on the document's date; after their last office they are a former
official (sector ELI) of the same state.
"""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from detente.core import settings

__all__ = ["Role", "RolesKB", "load_roles"]


@dataclass(frozen=True)
class Role:
    name: str
    code: str
    sector: str
    role: str
    start: date | None
    end: date | None

    def holds_on(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


def _date(value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class RolesKB:
    """Name (full name or alias, case-sensitive) -> the roles of that person."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Role]] = defaultdict(list)
        self.canonical: dict[str, str] = {}

    def add_csv(self, text: str) -> None:
        for row in csv.DictReader(io.StringIO(text)):
            name = (row.get("name") or "").strip()
            code = (row.get("country") or row.get("code") or "").strip()
            if not name or not code:
                continue
            role = Role(name, code, (row.get("sector") or "GOV").strip() or "GOV", (row.get("role") or "").strip(),
                        _date(row.get("start")), _date(row.get("end")))
            for alias in [name, *[a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]]:
                self.by_name[alias].append(role)
                self.canonical.setdefault(alias, name)

    def names(self) -> list[str]:
        return list(self.by_name)

    def lookup(self, name: str, when: date | None) -> tuple[Role, bool] | None:
        """Return (role, current) for ``name`` on ``when``; current is False for a former office holder."""
        roles = self.by_name.get(name)
        if not roles:
            return None
        when = when or date.today()
        current = [r for r in roles if r.holds_on(when)]
        if current:
            # Heads of state/government outrank ministers when offices overlap; the latest start wins ties.
            return max(current, key=lambda r: (r.start or date.min)), True
        past = [r for r in roles if r.end is not None and r.end <= when]
        if past:
            return max(past, key=lambda r: r.end or date.min), False
        return min(roles, key=lambda r: r.start or date.max), False


@lru_cache(maxsize=4)
def load_roles(extra: str | None = None) -> RolesKB:
    """The bundled roles plus files named in ``extra`` or the ``DETENTE_ROLES`` setting."""
    kb = RolesKB()
    bundled = resources.files("detente.data").joinpath("roles.csv")
    if bundled.is_file():
        kb.add_csv(bundled.read_text("utf-8"))
    for path in filter(None, (extra or settings.get("roles")).split(os.pathsep)):
        kb.add_csv(Path(path).read_text("utf-8"))
    return kb
