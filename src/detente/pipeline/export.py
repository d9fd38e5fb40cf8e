"""Exports: event records, clusters, quotes and claims in the formats the field uses.

Each format is an exporter registered in :data:`detente.core.registry.exporters` under a versioned name, the way
the built-in frames are registered, so a package adds its own in the same way::

    exporter(records, path, *, kind="events", documents=None, clusters=None) -> int   # records written

``kind`` is ``events`` (:class:`~detente.core.records.EventRecord`), ``clusters``
(:class:`~detente.pipeline.cluster.ClusterRecord`), ``quotes`` or ``claims``; ``documents`` maps a doc id to
what is known of its document (``source``, ``url``, ``title``, ``language``, ``published``); ``clusters`` maps an
event id to the ids of its clusters. The built-ins:

* ``detente.jsonl.v1``: the records as they are, one JSON object a line (read back with :mod:`json`);
* ``detente.csv.v1``: one row per record, the columns of :data:`SCHEMAS`; lists and objects are JSON in their
  cell, an empty cell is null (read back with :func:`read_csv`);
* ``detente.parquet.v1``: the same columns, typed (actors as lists of structs, codes as lists of strings),
  written through DuckDB's ``COPY ... (FORMAT PARQUET)`` (read back with DuckDB or pyarrow);
* ``detente.plover.v1``: PLOVER JSON records, one a line (:func:`plover_record`; events and clusters);
* ``detente.gdelt.v1``: tab-separated GDELT 2.0 event table with a header row (:data:`GDELT_COLUMNS`,
  :func:`gdelt_rows`; events and clusters). :data:`GDELT_EMPTY` says which columns are empty and why.

:func:`export_records` picks the exporter of a format (``plover`` or ``detente.plover.v1``, or any registered
name).
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from detente.actors.gazetteer import load_gazetteer
from detente.core.data import read_table
from detente.core.errors import DetenteError
from detente.core.registry import exporters

__all__ = [
    "CODER",
    "FORMATS",
    "ExportError",
    "GDELT_COLUMNS",
    "GDELT_EMPTY",
    "KINDS",
    "PLOVER_REQUIRED",
    "SCHEMAS",
    "export_records",
    "exporter",
    "gdelt_rows",
    "goldstein",
    "plover_problems",
    "plover_record",
    "read_csv",
]

logger = logging.getLogger(__name__)

#: The built-in formats (``--format``); each is ``detente.<format>.v1`` in the registry.
FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
#: What can be exported.
KINDS = ("events", "clusters", "quotes", "claims")


def _version() -> str:
    try:
        return metadata.version("detente")
    except metadata.PackageNotFoundError:
        return "unknown"


#: The coder named in PLOVER's ``coder`` and ``cite_info.coder``.
CODER = f"Detente {_version()}"
#: The codebook named in ``cite_info.codebook``: PLOVER's types and modes, coded to Detente's guidelines.
CODEBOOK = "PLOVER 2021 (Detente GUIDELINES)"

Exporter = Callable[..., int]


class ExportError(DetenteError):
    """An export that cannot be made: an unknown format, or a kind of record the format does not hold."""

    status_code = 400

# -- columns (CSV and Parquet) ---------------------------------------------------------------------------------

_ACTOR = "STRUCT(text VARCHAR, name VARCHAR, code VARCHAR, sector VARCHAR)"
_LOCATION = ("STRUCT(text VARCHAR, name VARCHAR, country_code VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, "
             "geonames_id BIGINT, precision VARCHAR, method VARCHAR, confidence DOUBLE)")
_TRIGGER = "STRUCT(text VARCHAR, lemma VARCHAR, start_char INTEGER)"
_MENTION = "STRUCT(sentence INTEGER, start_char INTEGER, end_char INTEGER, evidence VARCHAR)"
_MEMBER = ("STRUCT(event_id VARCHAR, doc_id VARCHAR, published VARCHAR, publisher VARCHAR, url VARCHAR, "
           "date VARCHAR, mentions INTEGER)")

#: kind -> (column, DuckDB type) in export order. Events and clusters also carry their document's publication
#: date, url and publisher (``published``, ``url``, ``publisher``; for a cluster, those of its best report).
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (
        ("event_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("event_type", "VARCHAR"), ("mode", "VARCHAR"),
        ("status", "VARCHAR"), ("date", "VARCHAR"), ("date_precision", "VARCHAR"), ("source", f"{_ACTOR}[]"),
        ("target", f"{_ACTOR}[]"), ("source_codes", "VARCHAR[]"), ("target_codes", "VARCHAR[]"),
        ("location", _LOCATION), ("context", "VARCHAR[]"), ("evidence", "VARCHAR"), ("sentence", "INTEGER"),
        ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("trigger", _TRIGGER), ("attribution", _ACTOR),
        ("confidence", "DOUBLE"), ("cameo", "VARCHAR"), ("plover_score", "DOUBLE"), ("quad_class", "INTEGER"),
        ("mentions", f"{_MENTION}[]"), ("cluster_ids", "VARCHAR[]"), ("published", "VARCHAR"), ("url", "VARCHAR"),
        ("publisher", "VARCHAR"),
    ),
    "clusters": (
        ("cluster_id", "VARCHAR"), ("group_key", "VARCHAR"), ("event_type", "VARCHAR"), ("mode", "VARCHAR"),
        ("status", "VARCHAR"), ("date", "VARCHAR"), ("date_precision", "VARCHAR"), ("source", f"{_ACTOR}[]"),
        ("target", f"{_ACTOR}[]"), ("source_codes", "VARCHAR[]"), ("target_codes", "VARCHAR[]"),
        ("location", _LOCATION), ("context", "VARCHAR[]"), ("evidence", "VARCHAR"), ("event_id", "VARCHAR"),
        ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
        ("trigger", _TRIGGER), ("confidence", "DOUBLE"), ("cameo", "VARCHAR"), ("plover_score", "DOUBLE"),
        ("quad_class", "INTEGER"), ("num_mentions", "INTEGER"), ("num_articles", "INTEGER"),
        ("num_sources", "INTEGER"), ("publishers", "VARCHAR[]"), ("first_doc_id", "VARCHAR"),
        ("first_published", "VARCHAR"), ("first_url", "VARCHAR"), ("first_publisher", "VARCHAR"),
        ("members", f"{_MEMBER}[]"), ("published", "VARCHAR"), ("url", "VARCHAR"), ("publisher", "VARCHAR"),
    ),
    "quotes": (
        ("quote_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("start_char", "INTEGER"),
        ("end_char", "INTEGER"), ("text", "VARCHAR"), ("kind", "VARCHAR"), ("speaker", _ACTOR),
        ("speaker_code", "VARCHAR"), ("verb", "VARCHAR"), ("addressee", "VARCHAR"), ("event_ids", "VARCHAR[]"),
        ("date", "VARCHAR"),
    ),
    "claims": (
        ("claim_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("start_char", "INTEGER"),
        ("end_char", "INTEGER"), ("text", "VARCHAR"), ("value", "DOUBLE"), ("qualifier", "VARCHAR"),
        ("unit", "VARCHAR"), ("thing", "VARCHAR"), ("claimant", _ACTOR), ("claimant_code", "VARCHAR"),
        ("quote_id", "VARCHAR"), ("date", "VARCHAR"),
    ),
}


def _kind(kind: str, allowed: Sequence[str] = KINDS) -> str:
    if kind not in allowed:
        raise ExportError(f"cannot export {kind!r} in this format; it takes {', '.join(allowed)}")
    return kind


def _codes(actors: Iterable[Mapping[str, Any]] | None) -> list[str]:
    return [str(a["code"]) for a in actors or [] if a and a.get("code")]


def _row(record: Mapping[str, Any], kind: str, documents: Mapping[str, Mapping[str, Any]],
         clusters: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A record as the columns of :data:`SCHEMAS` (derived columns filled, missing ones null)."""
    row = {name: record.get(name) for name, _ in SCHEMAS[kind]}
    if kind in ("events", "clusters"):
        row["source_codes"], row["target_codes"] = _codes(record.get("source")), _codes(record.get("target"))
        document = documents.get(str(record.get("doc_id"))) or {}
        row["published"] = _iso(document.get("published"))
        row["url"] = document.get("url")
        row["publisher"] = document.get("source")
        row["context"] = list(record.get("context") or [])
    if kind == "events":
        row["cluster_ids"] = list(clusters.get(str(record.get("event_id")), []))
        row["mentions"] = list(record.get("mentions") or [])
    return row


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


# -- jsonl ----------------------------------------------------------------------------------------------------


@exporters.register("detente.jsonl.v1")
def export_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
                 **options: Any) -> int:
    """The records as they are, one JSON object a line."""
    _kind(kind)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count


# -- csv ------------------------------------------------------------------------------------------------------


def _is_complex(duck_type: str) -> bool:
    return duck_type.endswith("[]") or duck_type.startswith("STRUCT")


def _cell(value: Any, duck_type: str) -> str:
    if value is None:
        return ""
    if _is_complex(duck_type):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@exporters.register("detente.csv.v1")
def export_csv(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
               documents: Mapping[str, Mapping[str, Any]] | None = None,
               clusters: Mapping[str, Sequence[str]] | None = None, **options: Any) -> int:
    """One row per record with the columns of :data:`SCHEMAS`; lists and objects as JSON, null as an empty cell."""
    columns = SCHEMAS[_kind(kind)]
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in columns])
        for record in records:
            row = _row(record, kind, documents or {}, clusters or {})
            writer.writerow([_cell(row[name], duck_type) for name, duck_type in columns])
            count += 1
    return count


def read_csv(path: str | Path, kind: str = "events") -> list[dict[str, Any]]:
    """Read a CSV export back into rows of typed values (JSON cells decoded, numbers parsed, empty as None)."""
    types = dict(SCHEMAS[_kind(kind)])
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            row: dict[str, Any] = {}
            for name, text in raw.items():
                duck_type = types.get(name, "VARCHAR")
                if text == "" or text is None:
                    row[name] = None
                elif _is_complex(duck_type):
                    row[name] = json.loads(text)
                elif duck_type in ("INTEGER", "BIGINT"):
                    row[name] = int(text)
                elif duck_type == "DOUBLE":
                    row[name] = float(text)
                else:
                    row[name] = text
            rows.append(row)
    return rows


# -- parquet --------------------------------------------------------------------------------------------------


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@exporters.register("detente.parquet.v1")
def export_parquet(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
                   documents: Mapping[str, Mapping[str, Any]] | None = None,
                   clusters: Mapping[str, Sequence[str]] | None = None, **options: Any) -> int:
    """The columns of :data:`SCHEMAS`, typed, written by DuckDB (``COPY ... TO ... (FORMAT PARQUET)``).

    The rows go through a temporary JSON Lines file that DuckDB reads with the explicit schema, so every column
    has its type even when all its values are null."""
    import duckdb

    columns = SCHEMAS[_kind(kind)]
    handle, temporary = tempfile.mkstemp(suffix=".jsonl", prefix="detente-export-")
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(_row(record, kind, documents or {}, clusters or {}), ensure_ascii=False,
                                     default=str) + "\n")
                count += 1
        schema = "{" + ", ".join(f"{_sql_string(name)}: {_sql_string(duck_type)}" for name, duck_type in columns) + "}"
        names = ", ".join(f'"{name}"' for name, _ in columns)
        con = duckdb.connect()
        try:
            # COPY takes no parameters: both paths are quoted as SQL strings (they are file names, not input SQL)
            con.execute(f"COPY (SELECT {names} FROM read_json({_sql_string(temporary)}, format = 'newline_delimited', "
                        f"columns = {schema})) TO {_sql_string(str(path))} (FORMAT PARQUET)")
        finally:
            con.close()
    finally:
        os.unlink(temporary)
    return count


# -- PLOVER ---------------------------------------------------------------------------------------------------

#: PLOVER's required fields (PLOVER manual, "Data Fields": id, date, actor, event).
PLOVER_REQUIRED = ("id", "date", "actor", "event")
_RESOLUTION = {"city": 4, "admin1": 2, "country": 1}


@lru_cache(maxsize=1)
def _entity_names() -> dict[str, str]:
    """Code -> the name PLOVER's ``country_name`` wants: a state's short name, an organisation's name."""
    names: dict[str, str] = {}
    for row in read_table("gazetteer", "organisations.tsv", required=False):
        code = (row.get("code") or "").strip()
        if code and code != "-":
            names.setdefault(code, (row.get("name") or "").strip())
    names.update(load_gazetteer().country_names)
    return names


def _entity(actor: Mapping[str, Any]) -> dict[str, Any]:
    """A PLOVER entity: the manual's actor block (raw_text, entity_name, country_name, sector_code), with the
    3-character ``code`` of its entity table."""
    code = actor.get("code")
    return {
        "raw_text": actor.get("text"),
        "entity_name": actor.get("name"),
        "country_name": _entity_names().get(str(code), code) if code else None,
        "code": code,
        "sector_code": actor.get("sector"),
        "other_sector_codes": "",
    }


def _plover_dates(value: Any, precision: Any) -> tuple[str | None, str | None]:
    """PLOVER's date and enddate (YYYY-MM-DD): a month or a year is given as its first and last day."""
    text = str(value or "").strip()
    try:
        if len(text) == 4:
            return f"{text}-01-01", f"{text}-12-31"
        if len(text) == 7:
            first = date(int(text[:4]), int(text[5:7]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first.isoformat(), (following - timedelta(days=1)).isoformat()
        if len(text) >= 10:
            day = date.fromisoformat(text[:10])
            return day.isoformat(), None
    except ValueError:
        return None, None
    return None, None


def _plover_location(location: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """PLOVER's location object (the manual's Mordecai/GeoNames fields) for a ``LocationRecord``."""
    if not location:
        return None
    precision = str(location.get("precision") or "")
    country = location.get("country_code")
    return {
        "extracted_place": location.get("text"),
        "resolved_place": location.get("name"),
        "geonameid": location.get("geonames_id"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "city": location.get("name") if precision == "city" else None,
        "province": location.get("admin1") or (location.get("name") if precision == "admin1" else None),
        "country": _entity_names().get(str(country), country) if country else None,
        "country_code": country,
        "resolution": _RESOLUTION.get(precision),
        "precision": precision or None,
    }


def _cite(document: Mapping[str, Any], doc_id: str) -> dict[str, Any]:
    return {
        "corpus": "detente",
        "citation": doc_id,
        "url": document.get("url"),
        "title": document.get("title"),
        "publication": document.get("source"),
        "language": document.get("language"),
        "coder": CODER,
        "codebook": CODEBOOK,
    }


def plover_record(record: Mapping[str, Any], document: Mapping[str, Any] | None = None, *, kind: str = "events",
                  clusters: Sequence[str] = ()) -> dict[str, Any]:
    """A PLOVER JSON record (PLOVER manual, "Data Fields") for an event or a cluster.

    PLOVER's fields: ``id``, ``date`` (and ``enddate`` when the date is a month or a year), ``actor`` and
    ``recipient`` (entity lists), ``event``, ``mode``, ``context`` (lists), ``event_text`` (the trigger words),
    ``event_loc`` (when the record has a location), ``quad_code``, ``event_scale`` (PLOVER score), ``link`` (the
    event's clusters), ``text`` (the evidence sentence), ``text_info`` (sentence number and character offsets of
    the sentence, and of the trigger as ``event_start``/``event_end``), ``cite_info`` and ``coder``. Detente's
    own fields beyond PLOVER's (the manual allows them): ``date_precision``, ``status``, ``confidence``,
    ``cameo``, ``doc_id``, ``mentions``; for a cluster ``num_mentions``, ``num_articles``, ``num_sources`` and
    ``reports`` (its member events and documents)."""
    document = document or {}
    trigger = record.get("trigger") or {}
    start, end = _plover_dates(record.get("date"), record.get("date_precision"))
    trigger_start = trigger.get("start_char")
    doc_id = str(record.get("doc_id"))
    result: dict[str, Any] = {
        "id": record["cluster_id"] if kind == "clusters" else record["event_id"],
        "date": start,
    }
    if end:
        result["enddate"] = end
    result.update({
        "actor": [_entity(a) for a in record.get("source") or []],
        "recipient": [_entity(a) for a in record.get("target") or []],
        "event": [record["event_type"]],
        "mode": [record["mode"]] if record.get("mode") else [],
        "context": list(record.get("context") or []),
        "event_text": [trigger["text"]] if trigger.get("text") else [],
    })
    location = _plover_location(record.get("location"))
    if location:
        result["event_loc"] = location
    result.update({
        "quad_code": record.get("quad_class"),
        "event_scale": record.get("plover_score"),
        "link": [record["cluster_id"]] if kind == "clusters" else list(clusters),
        "text": record.get("evidence"),
        "text_info": {
            "sequence": record.get("sentence"),
            "start": record.get("start_char"),
            "end": record.get("end_char"),
            "event_start": trigger_start,
            "event_end": trigger_start + len(trigger["text"]) if trigger_start is not None and trigger.get("text")
            else None,
        },
        "cite_info": _cite(document, doc_id),
        "coder": CODER,
        "date_precision": record.get("date_precision"),
        "status": record.get("status"),
        "confidence": record.get("confidence"),
        "cameo": record.get("cameo"),
        "doc_id": doc_id,
    })
    if kind == "clusters":
        result.update({
            "num_mentions": record.get("num_mentions"), "num_articles": record.get("num_articles"),
            "num_sources": record.get("num_sources"), "publishers": list(record.get("publishers") or []),
            "first_report": {"doc_id": record.get("first_doc_id"), "published": record.get("first_published"),
                             "url": record.get("first_url")},
            "reports": [dict(m) for m in record.get("members") or []],
        })
    else:
        result["mentions"] = list(record.get("mentions") or [])
    return result


def plover_problems(record: Mapping[str, Any]) -> list[str]:
    """What makes a record fall short of PLOVER's required fields (empty when it is a valid PLOVER record)."""
    problems = [f"missing {name}" for name in PLOVER_REQUIRED if name not in record]
    if record.get("id") in (None, ""):
        problems.append("id is empty")
    when = record.get("date")
    try:
        if not isinstance(when, str) or len(when) != 10 or date.fromisoformat(when).isoformat() != when:
            problems.append(f"date {when!r} is not YYYY-MM-DD")
    except ValueError:
        problems.append(f"date {when!r} is not a calendar date")
    actors = record.get("actor")
    if not isinstance(actors, list) or not actors or not all(isinstance(a, dict) for a in actors):
        problems.append("actor is not a non-empty list of entities")
    if not isinstance(record.get("recipient", []), list):
        problems.append("recipient is not a list")
    events = record.get("event")
    if not isinstance(events, list) or not events or not all(isinstance(e, str) and e for e in events):
        problems.append("event is not a non-empty list of categories")
    return problems


@exporters.register("detente.plover.v1")
def export_plover(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
                  documents: Mapping[str, Mapping[str, Any]] | None = None,
                  clusters: Mapping[str, Sequence[str]] | None = None, **options: Any) -> int:
    """PLOVER JSON Lines. A record PLOVER cannot hold (no date, or no actor: both are required) is left out and
    counted in the log; the return value counts the records written."""
    _kind(kind, ("events", "clusters"))
    documents, clusters = documents or {}, clusters or {}
    count = skipped = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            ident = str(record.get("cluster_id") if kind == "clusters" else record.get("event_id"))
            plover = plover_record(record, documents.get(str(record.get("doc_id"))), kind=kind,
                                   clusters=clusters.get(ident, ()))
            if plover_problems(plover):
                skipped += 1
                continue
            handle.write(json.dumps(plover, ensure_ascii=False, default=str) + "\n")
            count += 1
    if skipped:
        logger.warning("PLOVER export: %d records left out (no date or no actor; PLOVER requires both)", skipped)
    return count


# -- GDELT ----------------------------------------------------------------------------------------------------

_ACTOR_COLUMNS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                  "Type1Code", "Type2Code", "Type3Code")
_GEO_COLUMNS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The 61 columns of a GDELT 2.0 event table, in order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR_COLUMNS), *(f"Actor2{c}" for c in _ACTOR_COLUMNS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO_COLUMNS), *(f"Actor2Geo_{c}" for c in _GEO_COLUMNS),
    *(f"ActionGeo_{c}" for c in _GEO_COLUMNS),
    "DATEADDED", "SOURCEURL",
)

_WHY_ACTOR = {
    "KnownGroupCode": "Detente does not code CAMEO known groups (an organisation's own code is Actor*Code)",
    "EthnicCode": "Detente does not code ethnicity",
    "Religion1Code": "Detente does not code religion",
    "Religion2Code": "Detente does not code religion",
    "Type2Code": "Detente gives one sector per actor (Type1Code)",
    "Type3Code": "Detente gives one sector per actor (Type1Code)",
}
#: Columns that are always empty, and why. Others are empty when the record lacks the value: ``Day`` and
#: ``FractionDate`` for a date coarser than a day (``MonthYear`` and ``Year`` are still given), all three date
#: columns with no date, ``Actor2*`` for a one-sided event, ``ActionGeo_*`` with no location.
GDELT_EMPTY: dict[str, str] = {
    **{f"Actor{n}{c}": why for n in (1, 2) for c, why in _WHY_ACTOR.items()},
    "AvgTone": "Detente does not measure tone",
    **{f"Actor{n}Geo_{c}": "Detente locates events, not actors" for n in (1, 2) for c in _GEO_COLUMNS},
    "ActionGeo_ADM1Code": "GDELT's FIPS 10-4 division codes are not bundled (the division's name is in FullName)",
    "ActionGeo_ADM2Code": "Detente's gazetteer stops at first-level divisions",
    "DATEADDED": "Detente records when a document was ingested, not when each event was coded",
}
#: Columns filled differently from GDELT, and how.
GDELT_NOTES: dict[str, str] = {
    "GlobalEventID": "an integer from the Detente event id (and the dyad for a compound event) or the cluster id: "
                     "the first 15 hex digits of a SHA-1, so stable across runs",
    "Actor1Code": "the ISO 3166-1 alpha-3 code followed by the sector (USAGOV), or the organisation code of "
                  "GUIDELINES section 4 (EU, NATO) where CAMEO has its own IGO codes",
    "Actor1CountryCode": "ISO 3166-1 alpha-3 (CAMEO country codes are the same for most states); empty for an "
                         "organisation",
    "Actor1Type1Code": "the Detente sector (GUIDELINES section 4), mostly CAMEO's own type codes",
    "IsRootEvent": "1 when the event is stated in the document's first sentence (GDELT: its first paragraph)",
    "NumMentions": "for an event, the sentences that state it; for a cluster, all its reports' sentences",
    "ActionGeo_CountryCode": "ISO 3166-1 alpha-3 (GDELT uses FIPS 10-4)",
    "ActionGeo_FeatureID": "the GeoNames id (GDELT uses GNS/GNIS feature ids)",
    "ActionGeo_Type": "1 country, 2 US state, 3 US city, 4 world city, 5 world state, as GDELT; empty for a region",
}


@lru_cache(maxsize=1)
def _goldstein_table() -> dict[str, float]:
    return {row["cameo"].strip(): float(row["goldstein"]) for row in read_table("events", "cameo_goldstein.tsv")}


def goldstein(cameo: str | None) -> float | None:
    """The Goldstein scale value of a CAMEO code (GDELT's table), falling back to its base and root code."""
    if not cameo:
        return None
    table = _goldstein_table()
    for code in (cameo, cameo[:3], cameo[:2]):
        if code in table:
            return table[code]
    return None


def _integer_id(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:15], 16)


def _actor_columns(n: int, actor: Mapping[str, Any] | None) -> dict[str, Any]:
    if not actor:
        return {}
    code, sector = actor.get("code"), actor.get("sector")
    state = bool(code) and str(code) in load_gazetteer().country_names
    name = actor.get("name") or actor.get("text")
    return {
        f"Actor{n}Code": (f"{code}{sector or ''}" if state else code) or "",
        f"Actor{n}Name": str(name).upper() if name else "",
        f"Actor{n}CountryCode": code if state else "",
        f"Actor{n}Type1Code": sector or "",
    }


def _date_columns(value: Any) -> dict[str, Any]:
    text = str(value or "").strip()
    try:
        if len(text) >= 10:
            day = date.fromisoformat(text[:10])
            days_in_year = 366 if day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0) else 365
            return {"Day": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"), "Year": str(day.year),
                    "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / days_in_year:.4f}"}
        if len(text) == 7:
            return {"MonthYear": text[:4] + text[5:7], "Year": text[:4]}
        if len(text) == 4:
            return {"Year": text}
    except ValueError:
        return {}
    return {}


def _geo_columns(location: Mapping[str, Any] | None) -> dict[str, Any]:
    if not location:
        return {}
    precision = str(location.get("precision") or "")
    country = location.get("country_code")
    in_us = country == "USA"
    kind = {"country": 1, "admin1": 2 if in_us else 5, "city": 3 if in_us else 4}.get(precision)
    country_name = _entity_names().get(str(country), country) if country else None
    parts = [location.get("name")]
    if precision == "city" and location.get("admin1"):
        parts.append(location.get("admin1"))
    if precision != "country" and country_name:
        parts.append(country_name)
    lat, lon = location.get("lat"), location.get("lon")
    return {
        "ActionGeo_Type": "" if kind is None else str(kind),
        "ActionGeo_FullName": ", ".join(str(p) for p in parts if p),
        "ActionGeo_CountryCode": country or "",
        "ActionGeo_Lat": "" if lat is None else f"{float(lat):.4f}",
        "ActionGeo_Long": "" if lon is None else f"{float(lon):.4f}",
        "ActionGeo_FeatureID": "" if location.get("geonames_id") is None else str(location["geonames_id"]),
    }


def _pairs(record: Mapping[str, Any]) -> list[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]]:
    """Actor x recipient pairs as GDELT codes them (one row per pair; a side with no actor is empty)."""
    sources = [a for a in record.get("source") or [] if a] or [None]
    targets = [a for a in record.get("target") or [] if a] or [None]
    return [(s, t) for s in sources for t in targets]


def gdelt_rows(record: Mapping[str, Any], document: Mapping[str, Any] | None = None, *,
               kind: str = "events") -> list[dict[str, str]]:
    """The GDELT rows of an event (one per source x target pair, as GDELT splits compound actors) or of a cluster
    (one: a cluster has one dyad). Values are strings; an empty string is an empty column."""
    document = document or {}
    cameo = record.get("cameo")
    rows = []
    pairs = _pairs(record)
    for source, target in pairs[:1] if kind == "clusters" else pairs:
        if kind == "clusters":
            ident = int(str(record["cluster_id"])[:15], 16)
            mentions, sources, articles = record["num_mentions"], record["num_sources"], record["num_articles"]
            url = record.get("first_url") or document.get("url")
        else:
            pair = f"{(source or {}).get('code') or (source or {}).get('text')}|" \
                   f"{(target or {}).get('code') or (target or {}).get('text')}"
            ident = _integer_id(f"{record['event_id']}|{pair}")
            mentions, sources, articles = max(1, len(record.get("mentions") or [])), 1, 1
            url = document.get("url")
        score = goldstein(cameo)
        sentences = [m.get("sentence") for m in record.get("mentions") or []] or [record.get("sentence")]
        row = dict.fromkeys(GDELT_COLUMNS, "")
        row.update({
            "GlobalEventID": str(ident),
            **_date_columns(record.get("date")),
            **_actor_columns(1, source),
            **_actor_columns(2, target),
            "IsRootEvent": "1" if 0 in sentences else "0",
            "EventCode": cameo or "",
            "EventBaseCode": cameo[:3] if cameo else "",
            "EventRootCode": cameo[:2] if cameo else "",
            "QuadClass": "" if record.get("quad_class") is None else str(record["quad_class"]),
            "GoldsteinScale": "" if score is None else f"{score:.1f}",
            "NumMentions": str(mentions),
            "NumSources": str(sources),
            "NumArticles": str(articles),
            **_geo_columns(record.get("location")),
            "SOURCEURL": url or "",
        })
        rows.append(row)
    return rows


@exporters.register("detente.gdelt.v1")
def export_gdelt(records: Iterable[Mapping[str, Any]], path: str | Path, *, kind: str = "events",
                 documents: Mapping[str, Mapping[str, Any]] | None = None, **options: Any) -> int:
    """A GDELT 2.0 event table: tab-separated, a header row of :data:`GDELT_COLUMNS`; returns the rows written."""
    _kind(kind, ("events", "clusters"))
    documents = documents or {}
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(GDELT_COLUMNS) + "\n")
        for record in records:
            for row in gdelt_rows(record, documents.get(str(record.get("doc_id"))), kind=kind):
                handle.write("\t".join(_tsv(row[c]) for c in GDELT_COLUMNS) + "\n")
                count += 1
    return count


def _tsv(value: str) -> str:
    return " ".join(str(value).replace("\t", " ").split()) if value else ""


# -- choosing an exporter --------------------------------------------------------------------------------------


def exporter(format: str) -> Exporter:
    """The exporter of a format: a built-in short name (``plover``), or any registered name."""
    registered = exporters.get_all()
    for name in (format, f"detente.{format}.v1"):
        if name in registered:
            return cast(Exporter, registered[name])
    choices = sorted({*FORMATS, *(n for n in registered if not n.startswith("detente."))})
    raise ExportError(f"unknown export format {format!r}; choose from {', '.join(choices)}")


def export_records(records: Iterable[Mapping[str, Any]], path: str | Path, format: str = "jsonl", *,
                   kind: str = "events", documents: Mapping[str, Mapping[str, Any]] | None = None,
                   clusters: Mapping[str, Sequence[str]] | None = None) -> int:
    """Write ``records`` (of ``kind``) to ``path`` in ``format``; returns how many records or rows were written."""
    _kind(kind)
    return int(exporter(format)(records, path, kind=kind, documents=documents or {}, clusters=clusters or {}))
