"""The place gazetteer: GeoNames countries, first-level divisions and cities, plus Detente's regions and seats of
power, loaded once from ``data/places/places.tsv.gz`` (built by ``scripts/build_places.py``; no download).

A lookup is one dict access per phrase; the ranking that resolves ambiguous names ("Georgia", "Punjab", "Paris")
runs over the handful of entries that share the name.
"""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.geo.names import name_key

__all__ = ["Entry", "Gazetteer", "Match", "gazetteer", "KIND_RANK"]

logger = logging.getLogger(__name__)

DATA_FILE = "places/places.tsv.gz"
SECTION_ENTRIES, SECTION_NAMES = "#entries", "#names"
# Order of preference among entries of one name when nothing else decides: a country before a division before a
# city (the brief and GDELT/ICEWS practice); hand-written regions and landmarks come from Detente's own tables.
KIND_RANK = {"country": 0, "admin1": 1, "city": 2, "region": 3, "landmark": 4}
# How a name matched an entry: through Detente's own tables (what the name means in news), the GeoNames name, or a
# GeoNames alternate name (noisy: GeoNames lists "Delhi" among Dili's alternates).
DETENTE, PRIMARY, ALTERNATE = 0, 1, 2
# A place in one of the document's countries wins over a bigger namesake elsewhere unless that one is more than this
# many times as populous: with the US in play, "Georgia" is the state and "Birmingham" Alabama's (5x smaller than
# England's), but "Geneva" (19x) and "Paris" (80x bigger than Paris, Texas) are still Switzerland's and France's.
IN_PLAY_MAX_RATIO = 8.0
# With countries in play, a town abroad smaller than this is more likely a local namesake missing from the
# gazetteer (Amesbury, England, is under 15,000 people; Amesbury, Massachusetts, is not): no place is better.
FOREIGN_TOWN_MIN_POPULATION = 100_000
# Confidence of a resolution, by what decided it.
CONFIDENCE_UNIQUE = 0.95
CONFIDENCE_ALTERNATE = 0.75
CONFIDENCE_HINT = 0.9
CONFIDENCE_IN_PLAY = 0.8
CONFIDENCE_TABLE = 0.85
CONFIDENCE_FLOOR = 0.5
CONFIDENCE_CEILING = 0.9


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row. ``admin1`` is the division's name (a city's division, or the division itself)."""

    kind: str
    geonames_id: int | None
    name: str
    country: str
    admin1_code: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int

    @property
    def precision(self) -> str:
        """The record's precision: a landmark places an event in its city."""
        return "city" if self.kind == "landmark" else self.kind


@dataclass(frozen=True, slots=True)
class Match:
    """A resolved name, with how sure the choice is and what decided it (for the record and the log)."""

    entry: Entry
    confidence: float
    reason: str
    alternatives: int


def _float(text: str) -> float | None:
    return float(text) if text else None


class Gazetteer:
    """Name key -> entries, plus the links a scorer needs (a city's division and country)."""

    def __init__(self, text: str) -> None:
        entries_at = text.index(SECTION_ENTRIES)
        names_at = text.index(SECTION_NAMES)
        entry_lines = text[entries_at:names_at].split("\n")[2:-1]  # the section line, then the column header
        self._rows = entry_lines
        self._entries: dict[int, Entry] = {}
        self._index: dict[str, str] = dict(line.split("\t", 1) for line in text[names_at:].split("\n")[1:] if line)
        self.countries: dict[str, Entry] = {}
        self.admin1: dict[tuple[str, str], Entry] = {}
        self.iso2: dict[str, str] = {}  # ISO 3166-1 alpha-2 -> alpha-3 (a country row keeps alpha-2 as its code)
        for position, line in enumerate(entry_lines):
            if line.startswith(("country\t", "admin1\t")):
                entry = self.entry(position)
                if entry.kind == "country":
                    self.countries[entry.country] = entry
                    self.iso2[entry.admin1_code] = entry.country
                elif entry.admin1_code:
                    self.admin1[(entry.country, entry.admin1_code)] = entry

    def entry(self, position: int) -> Entry:
        """Rows become entries when first asked for: most of the 38,000 never are in one run."""
        entry = self._entries.get(position)
        if entry is None:
            kind, gid, name, country, code, admin1, lat, lon, population = self._rows[position].split("\t")
            entry = Entry(kind, int(gid) if gid else None, name, country, code, admin1, _float(lat), _float(lon),
                          int(population))
            self._entries[position] = entry
        return entry

    def names(self) -> int:
        """How many name keys lead to an entry."""
        return len(self._index)

    def __len__(self) -> int:
        return len(self._rows)

    def candidates(self, text: str) -> list[tuple[Entry, int]]:
        """Every entry a name may denote, with how it matched."""
        found = self._index.get(name_key(text))
        if found is None:
            return []
        pairs = (item.split(".") for item in found.split(" "))
        return [(self.entry(int(position)), int(how)) for position, how in pairs]

    def ancestors(self, entry: Entry) -> list[Entry]:
        """The entry's division and country: what a coarser but right location may name."""
        found = []
        if entry.kind in ("city", "landmark", "region") and entry.admin1_code:
            division = self.admin1.get((entry.country, entry.admin1_code))
            if division is not None:
                found.append(division)
        if entry.kind != "country" and entry.country in self.countries:
            found.append(self.countries[entry.country])
        return found

    def resolve(self, text: str, *, countries_in_play: Collection[str] = (), country: str | None = None,
                kind: str | None = None) -> Match | None:
        """The entry a place name most likely denotes.

        ``country`` (ISO3) and ``kind`` are hints from the text itself ("Bam, Iran"; "the province of Herat") and
        win when some entry fits them. Otherwise: Detente's tables over GeoNames's names over GeoNames's alternates;
        the document's countries in play; then country > admin1 > city and the larger population.
        """
        found = self.candidates(text)
        if not found:
            return None
        total = len({id(entry) for entry, _ in found})
        found, hinted = self._apply_hints(found, country, kind)
        found = self._drop_shadowed(found)
        if any(how != ALTERNATE for _, how in found):
            found = [(e, h) for e, h in found if h != ALTERNATE]
        if countries_in_play:
            found = [(e, h) for e, h in found if not (e.kind == "city" and e.country not in countries_in_play
                                                      and e.population < FOREIGN_TOWN_MIN_POPULATION)]
            if not found:
                return None
        entries = {id(e): (e, h) for e, h in found}
        pool = sorted(entries.values(), key=lambda eh: (eh[1], KIND_RANK[eh[0].kind], -eh[0].population))
        if len(pool) == 1:
            entry, how = pool[0]
            if hinted:
                return Match(entry, CONFIDENCE_HINT, "hint", total - 1)
            confidence = CONFIDENCE_ALTERNATE if how == ALTERNATE else CONFIDENCE_UNIQUE
            return Match(entry, confidence, "unique" if total == 1 else "name", total - 1)
        if countries_in_play:
            biggest = max(e.population for e, _ in pool)
            playing = [(e, h) for e, h in pool if e.country in countries_in_play
                       and (h == DETENTE or e.population * IN_PLAY_MAX_RATIO >= biggest)]
            if playing and len({e.country for e, _ in pool}) > 1:
                return Match(playing[0][0], CONFIDENCE_IN_PLAY, "in play", total - 1)
        entry, how = pool[0]
        if how == DETENTE and pool[1][1] != DETENTE:
            return Match(entry, CONFIDENCE_TABLE, "detente table", total - 1)
        share = entry.population / (sum(e.population for e, _ in pool) or 1)
        confidence = min(CONFIDENCE_CEILING, max(CONFIDENCE_FLOOR, share))
        return Match(entry, round(confidence, 2), "kind and population", total - 1)

    @staticmethod
    def _apply_hints(found: list[tuple[Entry, int]], country: str | None,
                     kind: str | None) -> tuple[list[tuple[Entry, int]], bool]:
        """The entries that fit the text's own hints (country, then kind; a hint nothing fits is dropped), and
        whether a hint narrowed the choice: a narrowed single entry is matched "by hint"."""
        hinted = False
        for wanted, field in ((country, "country"), (kind, "kind")):
            if wanted:
                fitting = [(e, h) for e, h in found if (e.precision if field == "kind" else e.country) == wanted]
                if fitting:
                    hinted = hinted or len(fitting) < len(found)
                    found = fitting
        return found, hinted

    def _drop_shadowed(self, found: list[tuple[Entry, int]]) -> list[tuple[Entry, int]]:
        """Entries that another one of the same name makes unlikely.

        A country matched only through a Detente alias yields to a place of that country with the name itself
        ("Scotland": the division, not the UK); a division yields to a city of the same name inside it ("New York",
        "Kabul", "Herat", "Basra" name the city unless the text says "province").
        """
        own = {e.country for e, h in found if e.kind != "country" and h != ALTERNATE}
        cities = {(e.country, e.admin1_code) for e, _ in found if e.kind == "city"}
        kept = []
        for entry, how in found:
            if entry.kind == "country" and how == DETENTE and entry.country in own:
                continue
            if entry.kind == "admin1" and (entry.country, entry.admin1_code) in cities:
                continue
            kept.append((entry, how))
        return kept or found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, read on first use (about a third of a second) and kept."""
    started = time.perf_counter()
    raw = resources.files("detente.data").joinpath(DATA_FILE).read_bytes()
    loaded = Gazetteer(gzip.decompress(raw).decode("utf-8"))
    logger.info("place gazetteer: %d entries, %d names, loaded in %.2f s", len(loaded), loaded.names(),
                time.perf_counter() - started)
    return loaded
