"""The PLOVER ontology as Detente uses it: the 16 types, their per-type flags and the fields derived from a
type and mode (CAMEO code, PLOVER score, quad class). All of it is read from ``data/events/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from detente.core.data import read_table

__all__ = ["PLOVER_TYPES", "Derived", "TypeInfo", "derive", "type_info", "types_with"]


@dataclass(frozen=True)
class TypeInfo:
    """One PLOVER type and its flags (``data/events/types.tsv`` says what each flag means)."""

    name: str
    symmetric: bool
    speech_act: bool
    author_passive: bool
    alleged: bool
    one_sided: bool
    press_talk: bool
    offered: bool


@dataclass(frozen=True)
class Derived:
    """What a (type, mode) gives besides itself: the CAMEO code, the PLOVER score and the quad class."""

    cameo: str | None
    plover_score: float | None
    quad_class: int | None


@lru_cache(maxsize=1)
def _types() -> dict[str, TypeInfo]:
    flags = ("symmetric", "speech_act", "author_passive", "alleged", "one_sided", "press_talk", "offered")
    return {row["type"]: TypeInfo(row["type"], *(row[flag] == "yes" for flag in flags))
            for row in read_table("events", "types.tsv")}


PLOVER_TYPES: tuple[str, ...] = tuple(_types())


def type_info(name: str) -> TypeInfo:
    return _types()[name]


@lru_cache(maxsize=8)
def types_with(flag: str) -> frozenset[str]:
    """The types whose ``flag`` is set, e.g. ``types_with("symmetric")``."""
    return frozenset(name for name, info in _types().items() if getattr(info, flag))


@lru_cache(maxsize=1)
def _derived() -> dict[tuple[str, str | None], Derived]:
    table: dict[tuple[str, str | None], Derived] = {}
    for row in read_table("events", "plover_cameo.tsv"):
        mode = (row.get("mode") or "-").strip()
        score = (row.get("plover_score") or "").strip()
        quad = (row.get("quad_class") or "").strip()
        table[(row["event_type"].strip(), None if mode in ("", "-") else mode)] = Derived(
            (row.get("cameo") or "").strip() or None, float(score) if score else None,
            int(quad) if quad.isdigit() else None)
    return table


def derive(event_type: str, mode: str | None) -> Derived:
    """The derived fields of a type and mode; the type's own row when the mode has none."""
    table = _derived()
    return table.get((event_type, mode)) or table.get((event_type, None)) or Derived(None, None, None)
