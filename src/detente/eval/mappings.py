"""Code tables used by the peer suites, all kept as data under ``detente/data/eval``.

* ``cameo_plover.tsv``: the CAMEO -> PLOVER table of the PLOVER manual draft 0.8 (``CAMEO2PLOVER-2021.txt``),
  parsed by :func:`parse_cameo2plover` (a test checks that the bundled table equals a fresh parse);
* ``cameo_overrides.tsv``: where GUIDELINES section 2 rules differently from that table, with the reason;
* ``penta_classes.tsv``: CAMEO root -> ConfliBERT penta class, from which each PLOVER type's class follows;
* ``plover_gsr_codes.tsv`` and ``plover_gsr_modes.tsv``: the 2016 PLOVER gold records' codes and modes in
  today's terms;
* ``ngec_sectors.tsv``: NGEC/POLECAT sector codes -> ours;
* ``countries.tsv`` and ``vocabulary.tsv``: state codes and the word list of the NGEC language/encyclopedia split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detente.eval.common import EvalDataError, data_rows

__all__ = [
    "CameoMapping",
    "cameo_table",
    "cameo_to_plover",
    "gsr_code",
    "gsr_mode",
    "ngec_sector",
    "parse_cameo2plover",
    "penta_of_cameo",
    "penta_of_type",
]

_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([^#]*?)\s*(?:#\s*(.*))?$")


@dataclass(frozen=True)
class CameoMapping:
    """What a CAMEO code becomes in PLOVER (``plover`` None: no PLOVER event, e.g. CAMEO 01 statements)."""

    cameo: str
    plover: str | None
    mode: str | None
    context: str | None
    description: str
    origin: str  # "table" (CAMEO2PLOVER-2021), "override" (GUIDELINES), "prefix" (looked up on a shorter code)
    reason: str = ""


def parse_cameo2plover(text: str) -> list[dict[str, str]]:
    """Rows ``{cameo, plover, mode, context, description}`` of a ``CAMEO2PLOVER-2021.txt`` text.

    Code lines read ``CODE: EVENT, mode, context # description``; two-digit lines are root headers (mode,
    context and description empty). The root ``08`` appears twice (CONCEDE, RETREAT) and is kept twice; the
    file also lists 175 twice, which is kept once. Lines after the ``~~~`` end marker are ignored.
    """
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for line in text.splitlines():
        if line.startswith("~~~"):
            break
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            continue
        code, body, description = match.group(1), match.group(2), (match.group(3) or "").strip()
        parts = [part.strip() for part in body.split(",")]
        event = parts[0].upper()
        mode = parts[1] if len(parts) > 1 else ""
        context = ", ".join(p for p in parts[2:] if p)
        if (code, event) in seen:
            continue
        seen.add((code, event))
        rows.append({"cameo": code, "plover": event, "mode": mode, "context": context, "description": description})
    return rows


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoMapping]:
    """CAMEO code -> mapping: the bundled 2021 table with the GUIDELINES overrides applied.

    Root codes mapped to two types (08) are left out of the table: the three-digit codes decide.
    """
    table: dict[str, CameoMapping] = {}
    roots: dict[str, set[str]] = {}
    for row in data_rows("cameo_plover.tsv"):
        code = row["cameo"]
        if len(code) == 2:
            roots.setdefault(code, set()).add(row["plover"])
            continue
        table[code] = CameoMapping(code, row["plover"] or None, row["mode"] or None, row["context"] or None,
                                   row["description"], "table")
    for code, types in roots.items():
        if len(types) == 1:
            table[code] = CameoMapping(code, next(iter(types)), None, None, "root", "table")
    for row in data_rows("cameo_overrides.tsv"):
        code = row["cameo"]
        previous = table.get(code)
        table[code] = CameoMapping(code, row["plover"] or None, row["mode"] or None,
                                   previous.context if previous else None,
                                   row["description"] or (previous.description if previous else ""),
                                   "override", row["reason"])
    return table


def cameo_to_plover(code: str | None) -> CameoMapping | None:
    """The PLOVER mapping of a CAMEO code, trying shorter prefixes (``1951`` -> ``195``) when a code is not
    in the table; None when neither the code nor a prefix is known, or the code is a CAMEO 01 statement."""
    if not code:
        return None
    code = str(code).strip()
    table = cameo_table()
    for length in range(len(code), 1, -1):
        mapping = table.get(code[:length])
        if mapping is not None:
            if mapping.plover is None:
                return None
            if length == len(code):
                return mapping
            return CameoMapping(code, mapping.plover, mapping.mode, mapping.context, mapping.description,
                                "prefix", f"looked up as {code[:length]}")
    return None


def cameo_unmapped_reason(code: str | None) -> str:
    """Why a CAMEO code has no PLOVER type: a CAMEO 01 statement, or not a CAMEO code at all."""
    root = str(code or "")[:2]
    if root == "01":
        return "CAMEO 01 statement (not an event in PLOVER)"
    if root == "02":
        return "CAMEO 02 appeal without a mapping"
    if root.isdigit() and 1 <= int(root) <= 20:
        return "CAMEO code without a PLOVER mapping"
    return "not a CAMEO code (test-dictionary code)"


@lru_cache(maxsize=1)
def _penta() -> tuple[dict[str, int], dict[str, int]]:
    by_root: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for row in data_rows("penta_classes.tsv"):
        penta = int(row["penta"])
        by_root[row["cameo_root"]] = penta
        for kind in filter(None, (k.strip() for k in row["plover"].split("|"))):
            if by_type.setdefault(kind, penta) != penta:
                raise EvalDataError(f"penta_classes.tsv: {kind} falls in two penta classes")
    return by_root, by_type


def penta_of_type(event_type: str | None) -> int:
    """ConfliBERT penta class of a PLOVER type (0 when there is no event, or the type is unknown)."""
    if not event_type:
        return 0
    return _penta()[1].get(event_type.upper(), 0)


def penta_of_cameo(code: str) -> int | None:
    """Penta class of a CAMEO code by its root."""
    return _penta()[0].get(str(code)[:2])


@lru_cache(maxsize=1)
def _gsr_codes() -> dict[str, str]:
    return {row["gsr_code"]: row["code"] for row in data_rows("plover_gsr_codes.tsv")}


def gsr_code(code: str | None) -> str | None:
    """A PLOVER gold-record actor code in Detente terms: ISO3 (``JAP`` -> ``JPN``), ``IGO`` kept as the
    class marker for "some organisation", and ``-`` (None) for codes with no comparable value."""
    if not code:
        return None
    code = str(code).strip().upper()
    mapped = _gsr_codes().get(code, code)
    return None if mapped == "-" else mapped


@lru_cache(maxsize=1)
def _gsr_modes() -> dict[tuple[str, str], str]:
    return {(row["event_type"], row["gsr_mode"]): row["mode"] for row in data_rows("plover_gsr_modes.tsv")}


def gsr_mode(event_type: str, mode: str | None) -> str | None:
    """A 2016 PLOVER gold mode in current PLOVER terms; None when it has no current equivalent."""
    if not mode:
        return None
    mapped = _gsr_modes().get((event_type.upper(), mode.strip().lower()), mode.strip().lower())
    return None if mapped == "-" else mapped


@lru_cache(maxsize=1)
def _ngec_sectors() -> dict[str, str]:
    return {row["ngec"]: row["sector"] for row in data_rows("ngec_sectors.tsv")}


def ngec_sector(code: str | None) -> str | None:
    """An NGEC sector code in our terms; None when it has no equivalent (the case is not scored on sector)."""
    if not code:
        return None
    mapped = _ngec_sectors().get(str(code).strip().upper())
    return None if not mapped or mapped == "-" else mapped
