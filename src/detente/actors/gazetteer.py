"""Gazetteers as data: states, capitals and seats of power, organisations, groups, sector cue words.

Everything lives in ``detente/data/gazetteer/*.tsv``; this module only loads it into lookup tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from detente.core.data import read_table

__all__ = ["Entry", "Gazetteer", "load_gazetteer", "SECTORS"]

SECTORS = frozenset(
    ["GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY", "OPP", "REB", "CVL",
     "MED", "NGO", "BUS", "EDU", "REL", "LAB", "ELI", "IGO", "UNK"]
)


@dataclass(frozen=True)
class Entry:
    """What a name in the text stands for."""

    code: str | None
    sector: str | None
    name: str
    kind: str  # country, capital, region, seat, org, group, coalition, adjective, demonym, person, extra


def _rows(filename: str) -> list[dict[str, str]]:
    return read_table("gazetteer", filename, required=False)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip() and v.strip() != "-"]


def _strip_article(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") and len(phrase) > 4 else phrase


def _code(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value in ("", "-") else value


@dataclass
class Gazetteer:
    """Case-sensitive names -> entries, and lower-case cue words -> sectors."""

    names: dict[str, Entry]
    cues: dict[str, str]
    country_names: dict[str, str]  # code -> canonical name
    place_kinds: dict[str, set[str]] = field(default_factory=dict)  # "city" -> codes news calls a city
    # party name (as in seats.tsv) -> (status, start, end) periods from party_status.tsv
    party_periods: dict[str, list[tuple[str, date, date | None]]] = field(default_factory=dict)
    # organisation code -> descriptions news uses for it once named ("advanced economies" for the G7)
    org_descriptions: dict[str, set[str]] = field(default_factory=dict)
    # seat or group name (as in seats.tsv) -> (sector, start, end) periods from seat_sectors.tsv
    sector_periods: dict[str, list[tuple[str, date, date | None]]] = field(default_factory=dict)
    # grouping name (as in coalitions.tsv) -> its member states, each an actor of its own
    coalitions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def party_status(self, party: str, when: date | None) -> str | None:
        """governing / opposition / one-party for a party on a date; None when not known."""
        if when is None:
            return None
        for status, start, end in self.party_periods.get(party, ()):
            if start <= when and (end is None or when < end):
                return status
        return None

    def sector_on(self, name: str, when: date | None) -> str | None:
        """The sector of a body whose standing changed (seat_sectors.tsv) on a date; None when not dated."""
        periods = self.sector_periods.get(name)
        if not periods:
            return None
        when = when or date.today()
        for sector, start, end in periods:
            if start <= when and (end is None or when < end):
                return sector
        return None

    def add(self, phrase: str, entry: Entry) -> None:
        phrase = _strip_article(phrase.strip())
        for variant in _variants(phrase):
            if variant and variant not in self.names:
                self.names[variant] = entry


def _variants(phrase: str) -> list[str]:
    """Spellings news uses for the same name: a curly apostrophe ("People’s Republic of China") and, for
    parties, a lower-case "party" (Guardian style: "the Chinese Communist party", "the Labour party")."""
    found = [phrase]
    if phrase.endswith(" Party"):
        found.append(phrase[: -len("Party")] + "party")
    found += [v.replace("'", "’") for v in found if "'" in v]
    return found


def _periods(rows: list[dict[str, str]], key: str, value: str) -> dict[str, list[tuple[str, date, date | None]]]:
    """Dated standings (party status, seat sector): an empty or "-" end means the standing still holds."""
    periods: dict[str, list[tuple[str, date, date | None]]] = {}
    for row in rows:
        end = row["end"].strip()
        periods.setdefault(row[key].strip(), []).append(
            (row[value].strip(), date.fromisoformat(row["start"].strip()),
             None if end in ("", "-") else date.fromisoformat(end)))
    return periods


def _add_countries(gaz: Gazetteer, countries: list[dict[str, str]]) -> None:
    """Country names and aliases; they go in first so that they win over shorter, more ambiguous forms."""
    for row in countries:
        gaz.country_names[row["code"].strip()] = row["name"].strip()
    for row in countries:
        code, name = row["code"].strip(), row["name"].strip()
        for phrase in [name, *_split(row.get("aliases"))]:
            gaz.add(phrase, Entry(code, "GOV", name, "country"))


def _add_bodies(gaz: Gazetteer) -> None:
    """Organisations, seats of government, named groups and regions that stand for their state."""
    for row in _rows("organisations.tsv"):
        org = _code(row.get("code"))
        sector = (row.get("sector") or "IGO").strip() or "IGO"
        for phrase in [row["name"], *_split(row.get("aliases"))]:
            gaz.add(phrase, Entry(org, sector, row["name"].strip(), "org"))
    for file, default_sector, kind in (("seats.tsv", "GOV", "seat"), ("groups.tsv", "CVL", "group")):
        for row in _rows(file):
            variants = _split(row["phrase"])
            for phrase in variants:
                gaz.add(phrase, Entry(_code(row.get("code")), (row.get("sector") or default_sector).strip(),
                                      variants[0], kind))
    for row in _rows("coalitions.tsv"):
        variants = _split(row["phrase"])
        members = tuple(m for m in _split(row.get("members")) if m)
        if variants and members:
            gaz.coalitions[variants[0]] = members
            for phrase in variants:
                gaz.add(phrase, Entry(None, "GOV", variants[0], "coalition"))
    for row in _rows("regions.tsv"):
        state = _code(row.get("code"))
        if state:
            gaz.add(row["phrase"], Entry(state, "GOV", gaz.country_names.get(state, state), "region"))


def _add_country_words(gaz: Gazetteer, countries: list[dict[str, str]]) -> None:
    """Capitals, adjectives and demonyms, after the names so that the names win."""
    for row in countries:
        code, name = row["code"].strip(), row["name"].strip()
        for phrase in _split(row.get("capitals")):
            gaz.add(phrase, Entry(code, "GOV", name, "capital"))
        # Adjectives before demonyms: "Chinese" modifies a noun far more often than it names the people.
        for phrase in _split(row.get("adjectives")):
            gaz.add(phrase, Entry(code, None, name, "adjective"))
        for phrase in _split(row.get("demonyms")):
            gaz.add(phrase, Entry(code, "CVL", name, "demonym"))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    gaz = Gazetteer(names={}, cues={}, country_names={})
    countries = _rows("countries.tsv")
    _add_countries(gaz, countries)
    _add_bodies(gaz)
    _add_country_words(gaz, countries)
    for row in _rows("place_kinds.tsv"):
        for kind in _split(row.get("kinds")):
            gaz.place_kinds.setdefault(kind, set()).add(row["code"].strip())
    gaz.party_periods = _periods(_rows("party_status.tsv"), "party", "status")
    gaz.sector_periods = _periods(_rows("seat_sectors.tsv"), "phrase", "sector")
    for row in _rows("org_descriptions.tsv"):
        gaz.org_descriptions.setdefault(row["code"].strip(), set()).update(
            d.lower() for d in _split(row.get("descriptions")))
    for row in _rows("sector_cues.tsv"):
        cue, sector = row["cue"].strip().lower(), row["sector"].strip()
        if cue and sector in SECTORS:
            gaz.cues.setdefault(cue, sector)
    return gaz
