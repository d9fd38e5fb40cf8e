"""The roles knowledge base: who held which office when. A bundled table plus the user's own files.

A person resolves with the role held on the document's date; after their last office they are a former
official (sector ELI) of the same state. The bundled table (``detente/data/kb/roles.tsv``) is built by
``scripts/build_roles.py`` from the Phoenix dictionaries, the hand-gathered facts in ``data/kb`` and
``data/roles.csv`` (see docs/ACTORS.md). Files named in ``DETENTE_ROLES`` (CSV: ``name,aliases,country,sector,
role,start,end`` and optionally ``source``) are read after it and override it: a person named in a user file has
the user's roles only.

Names match as written and with accents folded ("Nauseda" finds "Nausėda"). Two people may share a name;
:meth:`RolesKB.candidates` lists them. :meth:`RolesKB.resolve` tells them apart by the title written with the
name, the states in play in the document and the date, and when nothing does, answers with the candidates and no
office (never a guess presented as certain); :meth:`RolesKB.lookup` picks the office held on the date.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from detente.core import settings

__all__ = ["HEAD_OFFICES", "Match", "Role", "RolesKB", "fold", "head_rank", "load_roles", "on_date",
           "role_record"]


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


def role_record(role: Role) -> dict[str, str | None]:
    """A role as plain data (a mention's candidates, JSON output)."""
    return {"name": role.name, "code": role.code, "sector": role.sector, "role": role.role,
            "start": role.start.isoformat() if role.start else None,
            "end": role.end.isoformat() if role.end else None, "source": role.source}


@dataclass(frozen=True, slots=True)
class Match:
    """The answer of :meth:`RolesKB.resolve`: the office of the one person a name stands for on a date (``current``
    False for a former holder, or one whose first office is still to come), or, when several people fit equally,
    no office and each candidate's office on the date."""

    role: Role | None
    current: bool = False
    candidates: tuple[Role, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.role is None and len(self.candidates) > 1


#: Offices that head a state, a government or an organisation (a role's whole text, or after "Acting", "Interim"
#: ...): of people who share a surname these are the ones news calls by it alone.
HEAD_OFFICES = frozenset({
    "President", "Prime Minister", "King", "Queen", "Emir", "Sultan", "Chancellor", "Premier", "Supreme Leader",
    "Grand Duke", "Prince", "Taoiseach", "Head of State", "Head of Government", "Emperor", "Chief Adviser",
    "State Counsellor", "Member of the Presidency", "President of the Swiss Confederation", "Chief Executive",
    "Secretary-General", "Secretary General", "UN Secretary-General", "NATO Secretary General", "Director-General",
    "Managing Director", "President of the European Commission", "President of the European Council",
    "Chairperson of the African Union Commission", "Crown Prince"})
_INTERIM = ("Acting ", "Interim ", "Caretaker ", "Transitional ", "Provisional ")


def head_rank(role: Role) -> int:
    """2 for the head of a state, government or organisation, 1 for another named office, 0 for the generic
    offices of the Phoenix dictionaries ("government official", "economic official ...")."""
    text = role.role
    for prefix in _INTERIM:
        text = text.removeprefix(prefix)
    if text in HEAD_OFFICES:
        return 2
    return 1 if text[:1].isupper() else 0


def _title_words(text: str) -> str:
    return " ".join(text.lower().replace("defense", "defence").replace("-", " ").split())


def _fits_title(roles: list[Role], title: str) -> bool:
    """Whether the words written with a name ("Defence Minister Pedro Sánchez") name one of the person's offices."""
    words = _title_words(title)
    return bool(words) and any(r.role[:1].isupper() and f" {_title_words(r.role)} " in f" {words} " for r in roles)


def on_date(roles: list[Role], when: date) -> tuple[Role, bool]:
    """One person's office on ``when``: the one held (of two held at once, the one taken up last), else the last
    before the date (not current), else the first to come (not current)."""
    current = [r for r in roles if r.holds_on(when)]
    if current:
        return max(current, key=lambda r: r.start or date.min), True
    past = [r for r in roles if r.end is not None and r.end <= when]
    if past:
        return max(past, key=lambda r: r.end or date.min), False
    return min(roles, key=lambda r: r.start or date.max), False


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

    def names_of(self, person: int) -> list[str]:
        """Every name a person is filed under (the name, aliases and folded spellings)."""
        return list(self._names_of.get(person, ()))

    def for_country(self, code: str) -> list[Role]:
        """Every role in a state or organisation, in date order."""
        seen: set[Role] = set()
        for roles in self.by_name.values():
            seen.update(r for r in roles if r.code == code)
        return sorted(seen, key=lambda r: (r.start or date.min, r.end or date.max, r.name, r.role))

    def lookup(self, name: str, when: date | None) -> tuple[Role, bool] | None:
        """Return (role, current) for ``name`` on ``when``; current is False for a former office holder (and for
        someone whose first office is still to come). Of people who share the name, the office held on the date
        among all of them (:meth:`resolve` tells them apart instead)."""
        roles = self._roles(name)
        if not roles:
            return None
        return on_date(roles, when or date.today())

    def resolve(self, name: str, when: date | None, states: Iterable[str] = (), title: str = "") -> Match | None:
        """The person ``name`` stands for on ``when``, and their office; None when the name is unknown.

        People who share a name are told apart, in this order, by the ``title`` written with it (the words of
        "Defence Minister Pedro Sánchez" name one person's office), by the ``states`` in play in the document
        (any of the person's offices in one of them), and by the date (holding an office on it). When the best
        of them are still several and would be coded differently, the answer has no office, only the
        candidates: each one's office on the date."""
        people = self.candidates(name)
        if not people:
            return None
        when = when or date.today()
        offices = [on_date(roles, when) for roles in people]
        if len(people) == 1:
            return Match(*offices[0])
        in_play = set(states)
        scores = [(_fits_title(roles, title), any(r.code in in_play for r in roles), current)
                  for roles, (_, current) in zip(people, offices, strict=True)]
        best = max(scores)
        top = [i for i, score in enumerate(scores) if score == best]
        codings = {(offices[i][0].code, offices[i][0].sector if offices[i][1] else "ELI") for i in top}
        if len(top) == 1 or len(codings) == 1:
            return Match(*offices[top[0]])
        return Match(None, False, tuple(offices[i][0] for i in top))


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
