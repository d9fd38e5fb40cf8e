"""The roles knowledge base: who held which office when. A bundled table plus the user's own files.

A person resolves with the role held on the document's date; after their last office they are a former
official (sector ELI) of the same state. The bundled table (``detente/data/kb/roles.tsv``) is built by
``scripts/build_roles.py`` from the Phoenix dictionaries, the hand-gathered facts in ``data/kb`` and
``data/roles.csv`` (see docs/ACTORS.md). Files named in ``DETENTE_ROLES`` (CSV: ``name,aliases,country,sector,
role,start,end`` and optionally ``source``) are read after it and override it: a person named in a user file has
the user's roles only.

Names match as written and with accents folded ("Nauseda" finds "Nausėda"). Two people may share a name;
:meth:`RolesKB.candidates` lists them, :meth:`RolesKB.lookup` picks the office held on the date.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from detente.core import settings

__all__ = ["Role", "RolesKB", "load_roles", "fold"]


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    code: str
    sector: str
    role: str
    start: date | None
    end: date | None  # exclusive: the first day the person no longer holds the office
    source: str = ""
    person: int = 0  # people who share a name have different numbers

    def holds_on(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "ß": "ss",
                       "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ə": "a", "Ə": "A", "þ": "th",
                       "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'"})


def fold(name: str) -> str:
    """Accents and special letters folded: ``Nausėda`` -> ``Nauseda``, ``Støre`` -> ``Store``."""
    if name.isascii():
        return name
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def _date(value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _names(name: str, aliases: str) -> list[str]:
    found = [name, *[a.strip() for a in aliases.split("|") if a.strip()]]
    for spelling in list(found):
        folded = fold(spelling)
        if folded != spelling and folded not in found:
            found.append(folded)
    return found


class RolesKB:
    """Name (full name, alias or folded spelling; case-sensitive) -> the roles of the people of that name."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Role]] = defaultdict(list)
        self.canonical: dict[str, str] = {}
        self._names_of: dict[int, list[str]] = {}  # person -> every name they are filed under
        self._next_person = 1

    # -- loading ------------------------------------------------------------------------------------------------
    def _person(self, names: list[str], roles: list[Role]) -> None:
        for spelling in names:
            self.by_name[spelling].extend(roles)
        self._names_of[roles[0].person] = names

    def add_table(self, text: str) -> None:
        """The bundled table: ``pid name aliases country sector role start end source``, a person's rows together
        and their aliases on the first of them."""
        rows = iter(text.splitlines())
        next(rows, None)
        last: str | None = None
        number = self._next_person - 1
        names: list[str] = []
        roles: list[Role] = []
        for line in rows:
            pid, name, aliases, code, sector, role, start, end, source = line.split("\t")
            if pid != last:
                if roles:
                    self._person(names, roles)
                last, number, names, roles = pid, number + 1, _names(name, aliases), []
                for spelling in names:
                    self.canonical.setdefault(spelling, name)
            roles.append(Role(name, code, sector or "GOV", role, _date(start), _date(end), source, number))
        if roles:
            self._person(names, roles)
        self._next_person = number + 1

    def add_csv(self, text: str, source: str = "") -> None:
        """A user's roles file (CSV with a header: name, aliases, country, sector, role, start, end[, source]).

        Its people replace whatever was known under the same names before: a user's file is the last word."""
        claimed: set[str] = set()
        people: dict[str, int] = {}
        for row in csv.DictReader(io.StringIO(text)):
            name = (row.get("name") or "").strip()
            code = (row.get("country") or row.get("code") or "").strip()
            if not name or not code:
                continue
            names = _names(name, row.get("aliases") or "")
            for spelling in names:
                if spelling not in claimed:
                    self._forget(spelling)
                    claimed.add(spelling)
            if name not in people:
                people[name] = self._next_person
                self._next_person += 1
            role = Role(name, code, (row.get("sector") or "GOV").strip() or "GOV", (row.get("role") or "").strip(),
                        _date(row.get("start")), _date(row.get("end")),
                        (row.get("source") or "").strip() or source, people[name])
            for spelling in names:
                self.by_name[spelling].append(role)
                self.canonical[spelling] = name
            known = self._names_of.setdefault(people[name], [])
            known += [n for n in names if n not in known]

    def _forget(self, spelling: str) -> None:
        """Drop the people filed under ``spelling`` (under all their names)."""
        for person in {role.person for role in self.by_name.get(spelling, ())}:
            for other in self._names_of.pop(person, ()):
                kept = [r for r in self.by_name.get(other, ()) if r.person != person]
                if kept:
                    self.by_name[other] = kept
                else:
                    self.by_name.pop(other, None)
                    self.canonical.pop(other, None)
        self.by_name.pop(spelling, None)

    # -- queries ------------------------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self.by_name)

    def _roles(self, name: str) -> list[Role] | None:
        roles = self.by_name.get(name)
        if roles is None:
            folded = fold(name)
            roles = self.by_name.get(folded) if folded != name else None
        return roles or None

    def candidates(self, name: str) -> list[list[Role]]:
        """Every person filed under ``name``, each as their roles in date order (one list when the name is not
        shared, none when it is unknown)."""
        people: dict[int, list[Role]] = {}
        for role in self._roles(name) or ():
            people.setdefault(role.person, []).append(role)
        return [sorted(roles, key=lambda r: (r.start or date.min, r.end or date.max))
                for _, roles in sorted(people.items())]

    def for_country(self, code: str) -> list[Role]:
        """Every role in a state or organisation, in date order."""
        seen: set[Role] = set()
        for roles in self.by_name.values():
            seen.update(r for r in roles if r.code == code)
        return sorted(seen, key=lambda r: (r.start or date.min, r.end or date.max, r.name, r.role))

    def lookup(self, name: str, when: date | None) -> tuple[Role, bool] | None:
        """Return (role, current) for ``name`` on ``when``; current is False for a former office holder (and for
        someone whose first office is still to come)."""
        roles = self._roles(name)
        if not roles:
            return None
        when = when or date.today()
        current = [r for r in roles if r.holds_on(when)]
        if current:
            # Of two offices held at once, the one taken up last (a minister who became prime minister).
            return max(current, key=lambda r: r.start or date.min), True
        past = [r for r in roles if r.end is not None and r.end <= when]
        if past:
            return max(past, key=lambda r: r.end or date.min), False
        return min(roles, key=lambda r: r.start or date.max), False


@lru_cache(maxsize=4)
def load_roles(extra: str | None = None) -> RolesKB:
    """The bundled roles plus files named in ``extra`` or the ``DETENTE_ROLES`` setting (which override it)."""
    kb = RolesKB()
    bundled = resources.files("detente.data").joinpath("kb", "roles.tsv")
    if bundled.is_file():
        kb.add_table(bundled.read_text("utf-8"))
    for path in filter(None, (extra or settings.get("roles")).split(os.pathsep)):
        kb.add_csv(Path(path).read_text("utf-8"), source=str(path))
    return kb
