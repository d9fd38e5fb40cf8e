"""What every export format shares: the record kinds, their typed columns, the coder's name."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from importlib import metadata
from typing import Any

from detente.core.errors import DetenteError

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
