"""Validation of listing filters, shared by every query of the store and so by the API, the CLI and the web app.

A filter that cannot mean anything raises :class:`~detente.core.errors.QueryError` instead of silently matching
nothing (``--since bogus``) or everything (an actor ``%``). Values reach SQL only as parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from detente.core.errors import QueryError
from detente.core.ontology import PLOVER_TYPES
from detente.core.records import Status

__all__ = ["EventFilter", "check_limit", "date_bound", "like_pattern", "location_clauses", "location_json", "place_id"]

# Dates are stored as text at their precision (2021, 2021-03, 2021-03-04), so filters take the same forms.
DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
STATUSES: tuple[str, ...] = get_args(Status)


def check_limit(limit: int | None, option: str = "limit") -> int | None:
    """``None`` or 0 means no limit; a negative limit is an error rather than "all rows" or a traceback."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise QueryError(option, f"expected a whole number, got {limit!r}")
    if limit < 0:
        raise QueryError(option, f"must be 0 (no limit) or more, got {limit}")
    return limit or None


def date_bound(value: str | None, option: str) -> str | None:
    """A date filter as YYYY, YYYY-MM or YYYY-MM-DD, checked to be a real date."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    match = DATE_FORM.match(text)
    try:
        if not match:
            raise ValueError
        year, month, day = (int(part) if part else 1 for part in match.groups())
        date(year, month, day)
    except ValueError:
        raise QueryError(option, f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}") from None
    return text


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with the user's ``%``, ``_`` and ``\\`` taken literally
    (use with ``ESCAPE '\\'``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def location_json(alias: str = "e") -> str:
    """SQL for an event's location as JSON (NULL when it has none). The ``location`` column holds JSON text, but
    stores written before that was fixed hold DuckDB's STRUCT cast there (``{'text': London, ...}``), so those
    rows read the copy in the record; unlocated rows are NULL in both, so no record is parsed for them."""
    column, record = f"{alias}.location", f"{alias}.record"
    return (f"CASE WHEN {column} IS NULL THEN NULL WHEN starts_with({column}, '{{\"') THEN CAST({column} AS JSON) "
            f"ELSE json_extract({record}, '$.location') END")


def place_id(value: int | str | None, option: str = "place") -> int | None:
    """A GeoNames id filter: a positive whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(option, f"expected a GeoNames id (a whole number), got {value!r}") from None
    if number < 1 or isinstance(value, bool):
        raise QueryError(option, f"expected a GeoNames id (a whole number), got {value!r}")
    return number


def location_clauses(location: str, *, place: int | None, country: str | None,
                     place_name: str | None = None) -> tuple[list[str], list[Any]]:
    """Conditions on an event's location (``location`` is SQL for its JSON): the GeoNames id, the country code,
    and the name of a place that has no GeoNames id (a region or first-level division of Detente's tables), which
    can only be told apart by name; a place with an id is matched by the id, so the two never overlap."""
    where: list[str] = []
    params: list[Any] = []
    if place is not None:
        where.append(f"json_extract_string({location}, '$.geonames_id') = ?")
        params.append(str(place))
    if place_name and place_name.strip():
        where.append(f"json_extract_string({location}, '$.geonames_id') IS NULL AND "
                     f"lower(coalesce(json_extract_string({location}, '$.name'), "
                     f"json_extract_string({location}, '$.text'))) = ?")
        params.append(place_name.strip().lower())
    if country:
        where.append(f"json_extract_string({location}, '$.country_code') = ?")
        params.append(country.strip().upper())
    return where, params


def _code(value: str | None) -> str | None:
    return value.strip().upper() if value and value.strip() else None


def _choice(value: str | None, option: str, allowed: tuple[str, ...], *, upper: bool) -> str | None:
    if not value or not value.strip():
        return None
    text = value.strip().upper() if upper else value.strip().lower()
    if text not in allowed:
        raise QueryError(option, f"unknown value {value!r}; expected one of {', '.join(allowed)}")
    return text


# Either side's names and words, for a name search (the JSON text itself would also match keys such as "code").
_SIDE_WORDS = ("list_concat(json_extract_string({side}, '$[*].name'), json_extract_string({side}, '$[*].text'))")
_NAME_MATCH = "coalesce(len(list_filter(" + _SIDE_WORDS + ", lambda w: w ILIKE ? ESCAPE '\\')) > 0, false)"


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """The filters of event and cluster listings, validated and normalised on construction.

    ``actor`` is a code matched exactly on either side (CHN); ``actor_name`` a name or words matched anywhere in
    either side's names (wildcards taken literally); ``event_type`` and ``status`` are case-insensitive; ``place``
    a GeoNames id and ``country`` a country code (UKR) of the event's location."""

    actor: str | None = None
    actor_name: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    doc_id: str | None = None
    place: int | str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "actor", _code(self.actor))
        set_(self, "actor_name", self.actor_name.strip() if self.actor_name and self.actor_name.strip() else None)
        set_(self, "event_type", _choice(self.event_type, "type", PLOVER_TYPES, upper=True))
        set_(self, "status", _choice(self.status, "status", STATUSES, upper=False))
        set_(self, "since", date_bound(self.since, "since"))
        set_(self, "until", date_bound(self.until, "until"))
        set_(self, "place", place_id(self.place))
        set_(self, "country", _code(self.country))

    def where(self, *, doc_clause: str = "doc_id = ?", location: str | None = None) -> tuple[list[str], list[Any]]:
        """SQL conditions and their parameters on a table with the event columns (events, clusters); ``location``
        is SQL for the location's JSON (default: the events table's, aliased ``events``)."""
        where: list[str] = []
        params: list[Any] = []
        if self.actor:
            where.append("(list_contains(source_codes, ?) OR list_contains(target_codes, ?))")
            params += [self.actor, self.actor]
        if self.actor_name:
            pattern = like_pattern(self.actor_name)
            where.append(f"({_NAME_MATCH.format(side='source')} OR {_NAME_MATCH.format(side='target')})")
            params += [pattern, pattern]
        if self.event_type:
            where.append("event_type = ?")
            params.append(self.event_type)
        if self.since:
            where.append("date >= ?")
            params.append(self.since)
        if self.until:
            # ``until`` compares at its own precision, so until=2021-03 keeps every day of March
            where.append("substr(date, 1, length(?)) <= ?")
            params += [self.until, self.until]
        if self.status:
            where.append("status = ?")
            params.append(self.status)
        if self.doc_id:
            where.append(doc_clause)
            params.append(self.doc_id)
        place = self.place if isinstance(self.place, int) else None
        more, values = location_clauses(location or location_json("events"), place=place, country=self.country)
        return where + more, params + values
