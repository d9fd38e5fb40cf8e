"""A GDELT 2.0 event table: GDELT's column names where they apply, empty columns documented."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente.actors.gazetteer import load_gazetteer
from detente.core.data import read_table
from detente.core.registry import exporters
from detente.pipeline.export.common import _kind
from detente.pipeline.export.plover import entity_names

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
    country_name = entity_names().get(str(country), country) if country else None
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


