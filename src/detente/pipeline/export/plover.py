"""PLOVER JSON records, as the PLOVER specification defines them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente.actors.gazetteer import load_gazetteer
from detente.core.data import read_table
from detente.core.registry import exporters
from detente.pipeline.export.common import CODEBOOK, CODER, _kind

logger = logging.getLogger(__name__)

# -- PLOVER ---------------------------------------------------------------------------------------------------

#: PLOVER's required fields (PLOVER manual, "Data Fields": id, date, actor, event).
PLOVER_REQUIRED = ("id", "date", "actor", "event")
_RESOLUTION = {"city": 4, "admin1": 2, "country": 1}


@lru_cache(maxsize=1)
def entity_names() -> dict[str, str]:
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
        "country_name": entity_names().get(str(code), code) if code else None,
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
        "country": entity_names().get(str(country), country) if country else None,
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
        "text_info": _text_info(record, trigger),
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


def _text_info(record: Mapping[str, Any], trigger: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence sentence's number and offsets, and the trigger's."""
    start = trigger.get("start_char")
    return {"sequence": record.get("sentence"), "start": record.get("start_char"), "end": record.get("end_char"),
            "event_start": start,
            "event_end": start + len(trigger["text"]) if start is not None and trigger.get("text") else None}


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
