"""Build Detente's roles knowledge base (``src/detente/data/kb/roles.tsv``) from public facts.

Run from the repository root:

    .venv/bin/python scripts/build_roles.py             # write src/detente/data/kb/roles.tsv
    .venv/bin/python scripts/build_roles.py --check     # exit 1 when the committed file differs
    .venv/bin/python scripts/build_roles.py --kb /work/shared/kb --stats
    .venv/bin/python scripts/build_roles.py --coverage 2026-03-01   # states still missing a leader or minister

Inputs (nothing else is read, so the same inputs always give the same bytes):

* ``--kb`` (default ``../shared/kb`` next to the repository): the Phoenix/PETRARCH actor dictionaries
  (``phoenix/Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``; MIT licence, Open Event Data
  Alliance 2014, from the CountryInfo files of the Computational Event Data System project). They are read as
  raw facts: a name, ``+`` alternative spellings, and ``[CODE DATE-RANGE]`` lines with CAMEO actor codes;
* ``src/detente/data/kb/cameo_codes.tsv``: CAMEO code prefixes that are not Detente's codes (``KSV`` -> ``XKX``,
  ``IGOWSTNAT`` -> ``NATO``, ...) and the CAMEO role codes kept, with their Detente sector;
* ``src/detente/data/kb/roles_2014_2026.tsv``: office holders gathered by hand for 2014 onwards (and earlier
  heads of organisations), one row per term, each with the public source it was checked against;
* ``src/detente/data/kb/aliases.tsv``: other spellings of people's names (transliterations, news spellings);
* ``src/detente/data/kb/same_people.tsv``: names filed under several states that are one person (Salva Kiir in
  Sudan and then South Sudan): merged, where people of one name in different states are otherwise kept apart;
* ``src/detente/data/roles.csv``: the original hand-made roles file, kept as it is and merged; where it and
  another source disagree about the same office, it wins.

The output is a UTF-8 TSV, one row per person and office: ``pid name aliases country sector role start end
source``. ``pid`` tells people apart (two people may share a name): a hash of the name, home state and first
office, so that adding a person does not renumber the others; ``aliases`` are written on the person's first row
only. Rows are sorted, so the file is deterministic and diffs stay readable.

Date logic: a Phoenix ``[KAZGOV 030101-070131]`` is KAZ/GOV from 2003-01-01 to 2007-01-31; two-digit years
below 31 are 20xx (the files were generated in January 2014, earlier years are written with four digits), and
an end date is exclusive in Detente (the day the next holder starts). An open range (``>030101``) was "still in
office" when the file was generated in 2014; it is closed on 2014-01-30 unless a later source continues it,
because the office holders of 2010 are mostly not in office in 2020 (an unknown end is safer than a wrong
"current"). ``ELI`` ranges before and after an office are dropped: Detente treats anyone outside their offices
as a former official already.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "src" / "detente" / "data"
KB_DIR = DATA / "kb"
OUTPUT = KB_DIR / "roles.tsv"
PHOENIX_CUTOFF = date(2014, 1, 30)  # "Generated at: Thu Jan 30 16:06:18 2014"
EARLIEST_END = date(1990, 1, 1)  # offices that ended before this are left out (the KB is about 2000 onwards)
PHOENIX_SOURCE = "Phoenix"
MIN_DAYS = 30  # what is left of a Phoenix office after trimming must be at least this long
COLUMNS = ["pid", "name", "aliases", "country", "sector", "role", "start", "end", "source"]


# -- the TABARI dictionary format ------------------------------------------------------------------------------

@dataclass
class TabariEntry:
    """One dictionary entry: a name, its ``+`` spellings and its ``[CODE DATES]`` lines."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    comment: str = ""
    line: int = 0


_CODE = re.compile(r"\[([A-Z-]*)\s*([^\]]*)\]")


def parse_tabari_date(text: str) -> date | None:
    """``030101`` -> 2003-01-01, ``19270101`` -> 1927-01-01; two-digit years below 31 are 20xx."""
    digits = re.sub(r"\s", "", text)
    if len(digits) == 10 and digits.startswith("19"):  # "1920030320": a stray century before a full date
        digits = digits[2:]
    if len(digits) == 9:  # "201005011": one digit too many
        digits = digits[:8]
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"not a TABARI date: {text!r}")
    if len(digits) == 6:
        year = int(digits[:2])
        year += 2000 if year < 31 else 1900
        month, day = int(digits[2:4]), int(digits[4:6])
    else:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    return date(year, month, day)


def parse_tabari_range(text: str) -> tuple[date | None, date | None]:
    """``030101-070131``, ``>030101`` (from), ``<030101`` (until) or nothing (always)."""
    text = text.strip()
    if not text:
        return None, None
    if text.startswith(">"):
        return parse_tabari_date(text[1:]), None
    if text.startswith("<"):
        return None, parse_tabari_date(text[1:])
    first, sep, second = text.partition("-")
    if not sep:
        raise ValueError(f"not a TABARI date range: {text!r}")
    return parse_tabari_date(first), parse_tabari_date(second)


def parse_tabari(text: str, problems: list[str] | None = None) -> list[TabariEntry]:
    """Entries of a TABARI .actors file; malformed date ranges are skipped and reported in ``problems``."""
    entries: list[TabariEntry] = []
    current: TabariEntry | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        if body[0] in " \t":  # a code line belongs to the entry above
            _codes_from(current, body, number, problems)
            continue
        phrase = _CODE.sub("", body).strip()
        if body.startswith("+"):
            if current is not None and phrase[1:].strip():
                current.aliases.append(phrase[1:].strip())
            _codes_from(current, body, number, problems)
            continue
        if current is not None and not current.codes and not _CODE.search(body):
            # name lines that follow one another before any code are spellings of one entry ("DMITRY_MEDVEDEV_"
            # then "DMITR_MEDVEDEV_", then the codes): the codes below apply to all of them
            current.aliases.append(phrase)
            continue
        current = TabariEntry(phrase, comment=comment.strip(), line=number)
        entries.append(current)
        _codes_from(current, body, number, problems)
    return entries


def _codes_from(current: TabariEntry | None, line: str, number: int, problems: list[str] | None) -> None:
    """The codes of one line added to the entry being read (none before the first entry); a malformed date
    range skips its code and is reported."""
    for code, dates in _CODE.findall(line):
        if not code or code.strip("-") == "":
            continue
        try:
            start, end = parse_tabari_range(dates)
        except ValueError as error:
            if problems is not None:
                problems.append(f"line {number}: {error}")
            continue
        if current is not None:
            current.codes.append((code, start, end))


# -- names --------------------------------------------------------------------------------------------------------

PARTICLES = {"al", "el", "bin", "ibn", "bint", "binti", "de", "da", "das", "do", "dos", "di", "del", "della",
             "van", "von", "der", "den", "du", "la", "le", "y", "e", "ould", "ag", "ben", "bou", "ter", "zu"}
KEEP_UPPER = {"II", "III", "IV", "VI", "JR", "SR"}
TITLES = {"PRESIDENT", "PRIME", "MINISTER", "KING", "QUEEN", "PRINCE", "PRINCESS", "GENERAL", "GEN.", "SHEIKH",
          "SHAIKH", "SHEIK", "EMIR", "AMIR", "SULTAN", "CROWN", "MR", "MR.", "MRS", "DR", "DR.", "SIR", "LORD",
          "PREMIER", "CHANCELLOR", "SECRETARY", "FOREIGN", "DEFENSE", "DEFENCE", "AYATOLLAH", "COLONEL", "COL.",
          "MARSHAL", "ADMIRAL", "MAJOR", "CAPTAIN", "LIEUTENANT", "SENATOR", "VICE", "CHAIRMAN", "LEADER",
          "SECRETARY-GENERAL", "UN", "U.N.", "US", "U.S.", "MULLAH", "MAWLAWI", "MAULANA", "PATRIARCH", "POPE"}
OFFICE_WORDS = {"PRESIDENT", "PRESIDENT-ELECT", "MINISTER", "PRIME", "PREMIER", "SECRETARY", "SECRETARY-GENERAL",
                "KING", "QUEEN", "CHANCELLOR", "SENATOR", "LEADER", "CHAIRMAN", "GOVERNOR", "VICE", "VICE-PRESIDENT",
                "DICTATOR", "STRONGMAN", "FORMER", "EX-PRESIDENT", "ACTING", "DEPUTY"}
ARTICLES = ("al-", "el-", "ad-", "ash-", "as-", "ar-", "an-", "at-", "az-", "ul-", "ud-")
HYPHEN_LOWER = {"KOR", "PRK"}  # Korean given names: "Ban Ki-moon", "Moon Jae-in"


def _word(word: str, first: bool, country: str) -> str:
    if word in KEEP_UPPER:
        return word.title() if word in ("JR", "SR") else word
    lower = word.lower()
    if not first and lower in PARTICLES:
        return lower
    if "." in word.strip("."):  # initials: "A.N.R." -> "A.N.R."
        return ".".join(part.capitalize() for part in lower.split("."))
    article = next((a for a in ARTICLES if lower.startswith(a) and len(lower) > len(a)), None)
    if article and not first:  # "AL-ATTIYAH" -> "al-Attiyah"
        return article + _word(word[len(article):], True, country)
    parts = lower.split("-")
    out = []
    for index, part in enumerate(parts):
        if index and country in HYPHEN_LOWER:
            out.append(part)
        elif index and part in ("al", "el", "ud", "ul", "ur", "ad", "ed"):
            out.append(part)  # "Saif al-Islam", "Zia-ul-Haq"
        elif part.startswith("mc") and len(part) > 2:
            out.append("Mc" + part[2:].capitalize())
        elif "'" in part and part.index("'") <= 2 and len(part) > 3:
            head, _, tail = part.partition("'")
            out.append(head.capitalize() + "'" + tail.capitalize())
        else:
            out.append(part.capitalize())
    return "-".join(out)


def display_name(tabari: str, country: str = "") -> str:
    """``KASYMZHOMART_TOKAYEV_`` -> ``Kasymzhomart Tokayev``; ``ABDUL_RAHMAN_AL-ATTIYAH`` keeps ``al-``."""
    words = [w for w in tabari.split("(")[0].strip("_ ").replace("_", " ").split() if w]
    return " ".join(_word(w, i == 0, country) for i, w in enumerate(words))


FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "ß": "ss",
                      "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ə": "a", "Ə": "A", "þ": "th",
                      "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'"})


def fold(name: str) -> str:
    """Accents and special letters folded: ``Nausėda`` -> ``Nauseda``, ``Støre`` -> ``Store``."""
    text = unicodedata.normalize("NFKD", name.translate(FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """What two spellings of one name share: folded, lower case, no punctuation."""
    return re.sub(r"[^a-z0-9]+", " ", fold(name).lower()).strip()


# -- CAMEO codes --------------------------------------------------------------------------------------------------

@dataclass
class CodeTable:
    countries: dict[str, str]  # CAMEO state/territory prefix -> Detente code ("" = not kept)
    organisations: list[tuple[str, str, str]]  # (CAMEO IGO prefix, Detente code, role), longest first
    sectors: dict[str, tuple[str, str]]  # CAMEO role code after the state -> (Detente sector, role text)
    territories: dict[str, str]  # CAMEO sub-state code after the state -> Detente code (VGB, PRI, ...)


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_code_table(path: Path, iso_codes: set[str]) -> CodeTable:
    table = CodeTable({code: code for code in iso_codes}, [], {}, {})
    for row in read_tsv(path):
        kind, cameo, code = row["kind"].strip(), row["cameo"].strip(), row["code"].strip()
        code = "" if code == "-" else code
        if kind == "state":
            table.countries[cameo] = code
        elif kind == "territory":
            table.territories[cameo] = code
        elif kind == "igo":
            table.organisations.append((cameo, code, row["role"].strip()))
        elif kind == "sector":
            table.sectors[cameo] = (code, row["role"].strip())
    table.organisations.sort(key=lambda item: -len(item[0]))
    return table


def map_code(cameo: str, table: CodeTable) -> tuple[str, str, str] | None:
    """A CAMEO actor code -> (Detente code, sector, role text), or None when the code is not kept."""
    if cameo.startswith("IGO"):
        for prefix, code, role in table.organisations:
            if cameo.startswith(prefix):
                return (code, "IGO", role) if code else None
        return None
    state = table.countries.get(cameo[:3])
    if not state:
        return None
    rest = cameo[3:]
    if rest[:3] in table.territories:
        state, rest = table.territories[rest[:3]], rest[3:]
        if not state:
            return None
    if not rest:
        return None  # the state itself, not a person
    # the most specific role code listed wins: GOVMIL before GOV
    for length in (len(rest), 6, 3):
        found = table.sectors.get(rest[:length])
        if found is not None:
            sector, role = found
            return (state, sector, role) if sector else None
    return None


# -- people and their offices ---------------------------------------------------------------------------------------

@dataclass
class Office:
    code: str
    sector: str
    role: str
    start: date | None
    end: date | None
    source: str
    rank: int  # 0 roles.csv, 1 curated file, 2 Phoenix: a lower rank wins where two sources overlap

    def overlaps(self, other: Office) -> bool:
        return (self.start or date.min) < (other.end or date.max) and (other.start or date.min) < (self.end or date.max)


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)
    offices: list[Office] = field(default_factory=list)
    home: str = ""  # the state of the person's first office (organisation offices do not count)

    def codes(self) -> set[str]:
        return {office.code for office in self.offices}


INSTITUTION_WORDS = {
    "ARMY", "FORCES", "FORCE", "PARTY", "COUNCIL", "MINISTRY", "ASSEMBLY", "FRONT", "MOVEMENT", "BRIGADE",
    "BRIGADES", "AUTHORITY", "GOVERNMENT", "DEPARTMENT", "AGENCY", "OFFICE", "COMMISSION", "CONGRESS", "COURT",
    "PALACE", "STREET", "GUARD", "GUARDS", "SERVICE", "BUREAU", "ADMINISTRATION", "COMMUNITY", "COALITION",
    "DECLARATION", "ISLANDS", "STATE", "REPUBLIC", "UNIVERSITY", "TANK", "TEAM", "ALLIANCE", "OBSERVATORY",
    "UNION", "ORGANIZATION", "ORGANISATION", "COMMITTEE", "ASSOCIATION", "BANK", "FUND", "PROGRAMME", "PROGRAM",
    "GROUP", "INSTITUTE", "FEDERATION", "MISSION", "NATIONS", "SECRETARIAT", "TRIBUNAL", "CENTER", "CENTRE",
    "FOUNDATION", "CORPS", "POLICE", "MILITARY", "DIVISION", "REGIME", "RIOT", "KURDISTAN", "OCEAN", "SFSR",
    "POLITBURO", "CABINET", "PARLIAMENT", "SENATE", "BET", "FORUM", "NETWORK", "BOARD", "AFFAIRS", "INTELLIGENCE",
    "SECURITY", "AMBASSADOR", "DELEGATION", "REPRESENTATIVE", "OFFICIALS", "OFFICIAL", "SPOKESMAN", "SPOKESPERSON",
}


def _is_person(entry: TabariEntry) -> bool:
    words = entry.name.replace("-", "_").strip("_ ").split("_")
    if words[0] in ("A.K.A.", "AKA") or entry.name.startswith(("'", "-")) or len(words) < 2:
        return False  # one-word names in Phoenix are mostly broken entries or bare given names ("HUSSEIN")
    if "countryinfo" in entry.comment.lower() or "igorulers" in entry.comment.lower():
        return not INSTITUTION_WORDS.intersection(words)
    if len(words) < 2 or len(words) > 6 or INSTITUTION_WORDS.intersection(words) or words[0] in TITLES:
        return False
    return any(start or end for _, start, end in entry.codes)


def _clean_alias(text: str) -> str | None:
    """A ``+`` spelling worth keeping as a person's alias: no titles, no lone surname, no "administration"."""
    if "\ufffd" in text or "(" in text or '"' in text or "," in text:
        return None
    words = [w for w in text.replace("_", " ").split() if w]
    if len(words) < 2 or words[0].upper() in TITLES or words[0].upper().startswith(("FORMER", "EX-", "THE")):
        return None
    upper = {w.upper() for w in words}
    if INSTITUTION_WORDS.intersection(upper) or OFFICE_WORDS.intersection(upper):
        return None
    return text


def _end_of(office_end: date | None, start: date | None, close: date) -> date:
    """An open or undated Phoenix office ends on the day its state's data was last brought up to date (a start on
    that day or later, from a later hand edit, keeps one day: the source says no more than that)."""
    if office_end is not None:
        return office_end
    return close if start is None or start < close else start + timedelta(days=1)


def phoenix_people(entries: list[TabariEntry], table: CodeTable, last_seen: dict[str, date]) -> list[Person]:
    """People in a Phoenix file with the offices Detente keeps (see the module docstring for the date logic)."""
    people: list[Person] = []
    for entry in entries:
        if not _is_person(entry):
            continue
        offices, eli, statuses = _phoenix_offices(entry, table, last_seen)
        offices += statuses
        if not offices:
            recent_only = "countryinfo" not in entry.comment.lower()
            if not eli or not recent_only:
                continue
            offices = [Office(eli[0], "ELI", "public figure", None, None, PHOENIX_SOURCE, 2)]
        home = next((o.code for o in offices if o.sector != "IGO"), offices[0].code)
        name = display_name(entry.name, home)
        aliases = {display_name(a, home) for a in entry.aliases if _clean_alias(a)}
        people.append(Person(name, aliases - {name}, offices, home))
    return people


def _phoenix_offices(entry: TabariEntry, table: CodeTable,
                     last_seen: dict[str, date]) -> tuple[list[Office], list[str], list[Office]]:
    """One person's codes read as dated offices, elite codes (ELI: a public figure, no office) and undated
    opposition or rebel statuses, kept apart so that ``phoenix_people`` only decides who is kept."""
    offices: list[Office] = []
    eli: list[str] = []
    statuses: list[Office] = []
    for cameo, start, end in entry.codes:
        mapped = map_code(cameo, table)
        if mapped is None:
            continue
        code, sector, role = mapped
        if start and end and end <= start:
            continue
        if cameo.startswith("IGOEUREEC"):
            comment = entry.comment.lower()
            if "western european union" in comment or (start and end and (end - start).days < 200):
                continue  # the WEU, and the EU's six-month rotating presidencies (a national minister's job)
            if "council of europe" in comment:
                code, role = "COE", "Council of Europe official"
        if sector == "ELI":
            eli.append(code)
            continue
        if sector in ("OPP", "REB") and start is None and end is None:
            statuses.append(Office(code, sector, role, None, None, PHOENIX_SOURCE, 2))
            continue
        close = min(last_seen.get(code, PHOENIX_CUTOFF), PHOENIX_CUTOFF)
        end = _end_of(end, start, close)
        if end < EARLIEST_END:
            continue
        offices.append(Office(code, sector, role, start, end, PHOENIX_SOURCE, 2))
    return offices, eli, statuses


def last_dates(entries: list[TabariEntry], table: CodeTable) -> dict[str, date]:
    """Per state, the latest start date the file records: when its data was last brought up to date."""
    seen: dict[str, date] = {}
    for entry in entries:
        for cameo, start, _ in entry.codes:
            mapped = map_code(cameo, table)
            if mapped and start and start <= PHOENIX_CUTOFF:
                seen[mapped[0]] = max(seen.get(mapped[0], start), start)
    return seen


# -- the hand-made files -------------------------------------------------------------------------------------------

def _iso(value: str | None) -> date | None:
    value = (value or "").strip()
    return date.fromisoformat(value) if value and value != "-" else None


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip() and v.strip() != "-"]


def table_people(rows: list[dict[str, str]], rank: int, default_source: str) -> list[Person]:
    """One person per row (rows of the same person are merged later)."""
    people = []
    for row in rows:
        name, code = (row.get("name") or "").strip(), (row.get("country") or row.get("code") or "").strip()
        if not name or not code:
            continue
        source = (row.get("source") or "").strip() or default_source
        office = Office(code, (row.get("sector") or "GOV").strip() or "GOV", (row.get("role") or "").strip(),
                        _iso(row.get("start")), _iso(row.get("end")), source, rank)
        people.append(Person(name, set(_split(row.get("aliases"))) - {name}, [office], code))
    return people


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


# -- merging ---------------------------------------------------------------------------------------------------------

def _organisation_only(person: Person, organisations: set[str]) -> bool:
    return all(office.code in organisations for office in person.offices)


def merge_people(people: list[Person], organisations: set[str],
                 same: dict[str, set[str]] | None = None) -> list[Person]:
    """People who share a spelling (folded) and a state, or whose only offices are in organisations, are one; so
    are those of a spelling listed in ``same`` (folded key -> states) whose states are all listed there."""
    same = same or {}
    parent = list(range(len(people)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        for spelling in {person.name, *person.aliases}:
            by_key[name_key(spelling)].append(index)
    for indexes in by_key.values():
        for a_pos, a in enumerate(indexes):
            for b in indexes[a_pos + 1:]:
                ra, rb = find(a), find(b)
                if ra == rb:
                    continue
                pa, pb = people[a], people[b]
                listed = [same[k] for k in {name_key(n) for n in {pa.name, *pa.aliases} & {pb.name, *pb.aliases}}
                          if k in same]
                if pa.codes() & pb.codes() or _organisation_only(pa, organisations) or \
                        _organisation_only(pb, organisations) or \
                        any((pa.codes() | pb.codes()) - organisations <= states for states in listed):
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[Person]] = defaultdict(list)
    for index, person in enumerate(people):
        groups[find(index)].append(person)
    merged = []
    for members in groups.values():
        best = min(members, key=lambda p: min(o.rank for o in p.offices))
        spellings = set().union(*({p.name, *p.aliases} for p in members))
        offices = _dedupe([o for p in members for o in p.offices])
        home = next((o.code for o in sorted(offices, key=_office_order) if o.code not in organisations), best.home)
        merged.append(Person(best.name, spellings - {best.name}, offices, home))
    return merged


def _office_order(office: Office) -> tuple:
    return (office.start or date.min, office.end or date.max, office.code, office.sector, office.role, office.source)


def _trim(office: Office, better: list[Office]) -> list[Office]:
    """The parts of a Phoenix office outside the times a better source has the person in office in that state
    (Phoenix's "government" 2008-2013 for Putin minus the presidency from 2012 leaves the premiership)."""
    parts = [office]
    for other in better:
        kept = []
        for part in parts:
            if not part.overlaps(other):
                kept.append(part)
                continue
            if other.start is not None and (part.start is None or part.start < other.start):
                kept.append(replace(part, end=other.start))
            if other.end is not None and (part.end is None or other.end < part.end):
                kept.append(replace(part, start=other.end))
        parts = kept
    if parts == [office]:
        return parts
    return [p for p in parts if p.start is None or p.end is None or (p.end - p.start).days >= MIN_DAYS]


def _dedupe(offices: list[Office]) -> list[Office]:
    """Where a better source (lower rank) has the same office at the same time, the worse one goes; a Phoenix
    office keeps only the times no better source covers for that state."""
    kept: list[Office] = []
    for office in sorted(offices, key=lambda o: (o.rank, _office_order(o))):
        if office.rank == 2:
            candidates = _trim(office, [k for k in kept if k.code == office.code and k.rank < 2])
        elif any(k.code == office.code and k.rank < office.rank and k.overlaps(office) and k.role == office.role
                 for k in kept):
            candidates = []
        else:
            candidates = [office]
        for candidate in candidates:
            if not any((k.code, k.sector, k.role, k.start, k.end) == (candidate.code, candidate.sector,
                       candidate.role, candidate.start, candidate.end) for k in kept):
                kept.append(candidate)
    return sorted(kept, key=_office_order)


def _keep_alias(alias: str, name: str) -> bool:
    return bool(alias.strip()) and alias != name and fold(alias) != fold(name)


# -- output ----------------------------------------------------------------------------------------------------------

def person_id(person: Person) -> str:
    """A short id that does not change when other people are added: name, home state and first office."""
    first = person.offices[0]
    key = f"{person.name}|{person.home}|{first.code}|{first.start}|{first.role}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def render(people: list[Person]) -> str:
    people = sorted(people, key=lambda p: (fold(p.name).lower(), p.name, p.home, _office_order(p.offices[0])))
    out = io.StringIO()
    out.write("\t".join(COLUMNS) + "\n")
    for person in people:
        aliases = "|".join(sorted(a for a in person.aliases if _keep_alias(a, person.name)))
        pid = person_id(person)
        for number, office in enumerate(person.offices):
            cells = [pid, person.name, aliases if number == 0 else "", office.code, office.sector, office.role,
                     office.start.isoformat() if office.start else "", office.end.isoformat() if office.end else "",
                     office.source]
            out.write("\t".join(c.replace("\t", " ") for c in cells) + "\n")
    return out.getvalue()


def build(kb: Path) -> tuple[str, dict[str, int]]:
    iso_codes = {row["code"].strip() for row in read_tsv(DATA / "gazetteer" / "countries.tsv")}
    organisations = {row["code"].strip() for row in read_tsv(DATA / "gazetteer" / "organisations.tsv")}
    table = load_code_table(KB_DIR / "cameo_codes.tsv", iso_codes)
    organisations |= {code for _, code, _ in table.organisations if code}
    people: list[Person] = []
    stats: dict[str, int] = {}
    people += table_people(read_csv_rows(DATA / "roles.csv"), 0, "roles.csv")
    stats["roles.csv rows"] = len(people)
    curated = table_people(read_tsv(KB_DIR / "roles_2014_2026.tsv"), 1, "")
    stats["curated rows"] = len(curated)
    people += curated
    for filename in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        path = kb / "phoenix" / filename
        if not path.is_file():
            raise SystemExit(f"{path} not found: pass --kb with the folder holding phoenix/")
        entries = parse_tabari(path.read_text("utf-8"))
        found = phoenix_people(entries, table, last_dates(entries, table))
        stats[f"{filename} people"] = len(found)
        people += found
    extra = defaultdict(set)
    for row in read_tsv(KB_DIR / "aliases.tsv"):
        extra[(row["name"].strip(), row["country"].strip())].update(_split(row["aliases"]))
    for person in people:
        for code in {person.home, *person.codes()}:
            person.aliases |= extra.get((person.name, code), set())
    same = {name_key(row["name"]): set(_split(row["countries"])) for row in read_tsv(KB_DIR / "same_people.tsv")}
    merged = [p for p in merge_people(people, organisations, same) if p.offices]
    stats["people"] = len(merged)
    stats["offices"] = sum(len(p.offices) for p in merged)
    return render(merged), stats


# -- coverage ---------------------------------------------------------------------------------------------------

TERRITORIES = {  # codes in countries.tsv that are not states (dependent territories, former states)
    "HKG", "MAC", "ESH", "PRI", "GRL", "FRO", "GIB", "FLK", "SGS", "BMU", "CYM", "VGB", "AIA", "MSR", "TCA", "IOT",
    "SHN", "PCN", "IMN", "GGY", "GUM", "ASM", "MNP", "VIR", "NCL", "PYF", "GUF", "GLP", "MTQ", "REU", "MYT", "SPM",
    "WLF", "BLM", "MAF", "ABW", "CUW", "SXM", "BES", "ALA", "SJM", "COK", "NIU", "TKL", "NFK", "CXR", "YUG", "SUN"}
HEAD_WORDS = ("President", "Prime Minister", "King", "Queen", "Emir", "Sultan", "Chancellor", "Head of Government",
              "Premier", "Supreme Leader", "Grand Duke", "Prince", "Taoiseach", "Chief Executive", "Head of State",
              "Chairman", "Interim President", "Transitional President", "Acting President", "Member of the Presidency",
              "Governor-General", "Minister of State", "Chief Adviser", "State Counsellor", "Caretaker Prime Minister",
              "Acting Prime Minister", "Provisional President", "Emperor", "Secretary of State of the Holy See",
              "Captain Regent")
FOREIGN_WORDS = ("Foreign", "Secretary of State", "External Affairs", "Relations with States")


def _office(role: str) -> str:
    """The office an acting or caretaker holder fills ("Acting Foreign Minister" holds the foreign ministry)."""
    for qualifier in ("Acting ", "Caretaker ", "Interim "):
        if role.startswith(qualifier):
            return role[len(qualifier):]
    return role


def coverage(text: str, until: date) -> list[str]:
    """States (not territories) with quarters from 2014 to ``until`` that have no head of state or government, or no
    foreign minister, in the hand-made sources: what is still to be gathered."""
    states = [row["code"].strip() for row in read_tsv(DATA / "gazetteer" / "countries.tsv")
              if row["code"].strip() not in TERRITORIES]
    offices: dict[str, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for line in text.splitlines()[1:]:
        cells = line.split("\t")
        if cells[8] != PHOENIX_SOURCE:
            offices[cells[3]].append((cells[5], _iso(cells[6]), _iso(cells[7])))
    days = [date(year, month, 15) for year in range(2014, until.year + 1) for month in (1, 4, 7, 10)
            if date(year, month, 15) <= until]
    report = []
    for code in states:
        missing = []
        for label, words in (("head of state or government", HEAD_WORDS), ("foreign minister", FOREIGN_WORDS)):
            held = [(s, e) for role, s, e in offices[code] if _office(role).startswith(words)]
            gaps = [d for d in days if not any((s is None or s <= d) and (e is None or d < e) for s, e in held)]
            if gaps:
                missing.append(f"{label}: {len(gaps)} of {len(days)} quarters (first {gaps[0].isoformat()})")
        if missing:
            report.append(f"{code}  " + "; ".join(missing))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=REPO.parent / "shared" / "kb",
                        help="folder holding phoenix/ (default: ../shared/kb next to the repository)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is not what the "
                        "script writes")
    parser.add_argument("--stats", action="store_true", help="print row counts")
    parser.add_argument("--coverage", metavar="UNTIL", type=date.fromisoformat,
                        help="list states without a head of state/government or foreign minister in some quarter "
                        "from 2014 to UNTIL (an ISO date), in the hand-made sources")
    args = parser.parse_args(argv)
    text, stats = build(args.kb)
    if args.stats:
        for key, value in stats.items():
            print(f"{key:40} {value}")
    if args.coverage:
        for line in coverage(text, args.coverage):
            print(line)
        return 0
    if args.check:
        current = args.out.read_text("utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/build_roles.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
