"""NGEC-2025's actor-resolution cases: an actor phrase (and date) -> country and sector."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente.eval.common import (
    Resolver,
    data_rows,
    default_resolver,
    is_organisation_code,
    iso3_codes,
    iter_limit,
    peer_path,
    ratio,
    read_jsonl,
)
from detente.eval.mappings import ngec_sector

__all__ = ["classify_phrase", "language_vocabulary", "ngec_actors"]

logger = logging.getLogger(__name__)

_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_SPLIT = re.compile(r"[\s\-,()/;:\"]+")
_TODAY = {"", "today"}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


@lru_cache(maxsize=1)
def language_vocabulary() -> frozenset[str]:
    """Lower-cased words and phrases a gazetteer resolves: ``vocabulary.tsv`` (organisations, seats of power,
    role and function words) and ``countries.tsv`` (names, aliases, nationality words, capitals)."""
    phrases = {row["phrase"].lower() for row in data_rows("vocabulary.tsv")}
    for row in data_rows("countries.tsv"):
        for column in ("name", "aliases", "nationality", "capitals"):
            phrases.update(p.strip().lower() for p in row.get(column, "").split("|") if p.strip())
    return frozenset(phrases)


@lru_cache(maxsize=4)
def _phrase_regex(vocabulary: frozenset[str]) -> re.Pattern[str]:
    multi = sorted((p for p in vocabulary if " " in p or "-" in p or "." in p), key=len, reverse=True)
    body = "|".join(re.escape(p) for p in multi) or r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def classify_phrase(phrase: str, vocabulary: Iterable[str] | None = None) -> tuple[str, list[str]]:
    """``("language" | "encyclopedia", unknown words)`` for an actor phrase.

    Rule: after removing possessive 's and every known phrase of the vocabulary (longest first,
    case-insensitive), split on spaces, hyphens and punctuation; a word that starts with a capital letter and
    is not in the vocabulary is a name that needs world knowledge ("Kwasi Kwarteng", "Riigikogu", "DEA").
    A phrase with such a word is ``encyclopedia``; otherwise ``language`` ("Armenian Prime Minister",
    "Mexican authorities", "TEHRAN", "an opposition lawmaker").
    """
    vocab = frozenset(v.lower() for v in vocabulary) if vocabulary is not None else language_vocabulary()
    text = _POSSESSIVE.sub("", phrase or "")
    text = _phrase_regex(vocab).sub(" ", text)
    unknown: list[str] = []
    for raw in _SPLIT.split(text):
        word = raw.strip(".'’!?")
        if not word or not word[0].isupper():
            continue
        if word.lower() in vocab or raw.lower() in vocab:
            continue
        unknown.append(word)
    return ("encyclopedia" if unknown else "language"), unknown


def _query_date(value: Any) -> str | None:
    text = str(value or "").strip()
    if text.lower() in _TODAY:
        return None
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    logger.warning("ngec_actors: unreadable query date %r, resolving without a date", text)
    return None


def _expected_country(expected: dict[str, Any]) -> tuple[str, Any] | None:
    """("equal", code|None) | ("igo", None) | ("not", code) | None when the case says nothing usable."""
    if "code" in expected and expected["code"] is None:
        return "equal", None
    if "code__Is" in expected and expected["code__Is"] is None:
        return "equal", None
    if "country__NotEq" in expected:
        return "not", str(expected["country__NotEq"]).upper()
    if "country" not in expected:
        return None
    value = str(expected.get("country") or "").strip().upper()
    if value == "":
        return "equal", None
    if value == "IGO":
        return "igo", None
    if value == "EUR":
        return "equal", "EU"
    if value in iso3_codes():
        return "equal", value
    return None  # e.g. a sector written in the country field (a defect of the source test)


def _expected_sectors(expected: dict[str, Any]) -> set[str] | None:
    values: list[Any] = []
    if "code_1__In" in expected:
        values.extend(expected["code_1__In"] or [])
    for key in ("code_1", "code_2"):
        if expected.get(key):
            values.append(expected[key])
    mapped = {s for s in (ngec_sector(str(v)) for v in values) if s}
    return mapped or None


def _country_ok(kind: str, want: Any, code: str | None, sector: str | None) -> bool:
    code = code.upper() if code else None
    if kind == "igo":
        return is_organisation_code(code, sector)
    if kind == "not":
        return code != want
    return code == want


def _subset_figures(cases: list[dict[str, Any]]) -> dict[str, Any]:
    country = [c for c in cases if c["country_ok"] is not None]
    sector = [c for c in cases if c["sector_ok"] is not None]
    both = [c for c in cases if c["country_ok"] is not None and c["sector_ok"] is not None]
    return {
        "cases": len(cases),
        "country_n": len(country),
        "country_accuracy": ratio(sum(c["country_ok"] for c in country), len(country)),
        "sector_n": len(sector),
        "sector_accuracy": ratio(sum(c["sector_ok"] for c in sector), len(sector)),
        "both_n": len(both),
        "both_accuracy": ratio(sum(c["country_ok"] and c["sector_ok"] for c in both), len(both)),
    }


def ngec_actors(
    *,
    path: str | Path | None = None,
    resolver: Resolver | None = None,
    limit: int | None = None,
    vocabulary: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Country and sector accuracy of ``resolve_actor`` on NGEC's ``agent_to_code`` cases (332).

    Conventions and how they map onto ours:

    * input: ``actor`` is resolved with ``date=query_date`` ("Today"/empty -> no date; "10 May 2015" and
      similar are read as dates) and ``context`` = the case's ``context`` or ``known_country`` when given;
    * country: NGEC ``country`` is ISO3 like ours; ``""`` means no state (we expect code null), ``EUR`` is our
      ``EU``, ``IGO`` matches any organisation code of ours (or sector IGO); ``code``/``code__Is`` None means
      "not an actor" (we expect code null); ``country__NotEq`` X means anything but X. A country value that is
      not a code (one source test swaps country and sector) is not scored;
    * sector: ``code_1``, ``code_2`` and ``code_1__In`` are NGEC sector codes, read through ``ngec_sectors.tsv``
      (same codes for GOV, MIL, LEG ...; JRN -> MED; REF, AGR -> CVL; NGEC's MED is medical and PRM, PRE, UAF,
      CRM ... have no equivalent). The sector is right when it is one of the mapped values; cases with none are
      scored on country only. Cases with neither (Wikipedia-title only) are skipped;
    * every test status is used (active, xfail, skip, not collected), counted in ``statuses``; the
      ``active_*`` figures are those of every case whose test runs in NGEC's own suite (status ``active``: the
      set a user meets, not a chosen subset), gated with the figures over all statuses;
    * each case is classed ``language`` or ``encyclopedia`` by :func:`classify_phrase` (a fixed vocabulary, so
      the split does not move as Detente's gazetteer grows); figures are given for both subsets and the
      encyclopedia cases are listed with the words that classed them.
    """
    path = Path(path) if path else peer_path("peers", "NGEC-2025", "derived_actor_resolution_cases.jsonl")
    resolve = resolver or default_resolver()
    vocab = frozenset(v.lower() for v in vocabulary) if vocabulary is not None else language_vocabulary()
    cases = [r for r in read_jsonl(path) if r.get("function") == "agent_to_code"]
    cases = list(iter_limit(cases, limit))

    judged: list[dict[str, Any]] = []
    skipped = resolver_errors = 0
    statuses: Counter[str] = Counter()
    start = time.perf_counter()
    for case in cases:
        expected = case.get("expected") or {}
        inputs = case.get("input") or {}
        country_rule = _expected_country(expected)
        sectors = _expected_sectors(expected)
        if country_rule is None and sectors is None:
            skipped += 1
            continue
        phrase = str(inputs.get("actor") or "")
        when = _query_date(inputs.get("query_date"))
        context = str(inputs.get("context") or inputs.get("known_country") or "").strip() or None
        try:
            result = resolve(phrase, date=when, context=context)
            code, sector = getattr(result, "code", None), getattr(result, "sector", None)
        except Exception as error:  # one bad case must not hide the other figures; it is listed as an error
            logger.warning("ngec_actors: resolver failed on %r: %s", phrase, error)
            resolver_errors += 1
            code, sector = None, None
        label, unknown = classify_phrase(phrase, vocab)
        statuses[str(case.get("status"))] += 1
        judged.append({
            "test": case.get("test"),
            "status": case.get("status"),
            "phrase": phrase,
            "date": when,
            "subset": label,
            "unknown_words": unknown,
            "expected_country": None if country_rule is None else
            {"equal": country_rule[1], "igo": "IGO (any organisation)", "not": f"not {country_rule[1]}"}[
                country_rule[0]],
            "expected_sectors": sorted(sectors) if sectors else None,
            "code": code,
            "sector": sector,
            "country_ok": None if country_rule is None else _country_ok(country_rule[0], country_rule[1], code,
                                                                         sector),
            "sector_ok": None if sectors is None else sector in sectors,
        })
    seconds = time.perf_counter() - start

    language = [c for c in judged if c["subset"] == "language"]
    encyclopedia = [c for c in judged if c["subset"] == "encyclopedia"]
    active = [c for c in judged if c["status"] == "active"]
    everything, lang, ency = _subset_figures(judged), _subset_figures(language), _subset_figures(encyclopedia)
    live = _subset_figures(active)
    overall = {
        "cases": len(judged),
        "country_accuracy": everything["country_accuracy"],
        "sector_accuracy": everything["sector_accuracy"],
        "both_accuracy": everything["both_accuracy"],
        "active_cases": len(active),
        "active_country_n": live["country_n"],
        "active_country_accuracy": live["country_accuracy"],
        "active_sector_n": live["sector_n"],
        "active_sector_accuracy": live["sector_accuracy"],
        "language_cases": len(language),
        "language_country_accuracy": lang["country_accuracy"],
        "language_sector_accuracy": lang["sector_accuracy"],
        "encyclopedia_cases": len(encyclopedia),
        "encyclopedia_country_accuracy": ency["country_accuracy"],
        "encyclopedia_sector_accuracy": ency["sector_accuracy"],
        "skipped": skipped,
        "resolver_errors": resolver_errors,
    }
    per_sector: dict[str, dict[str, Any]] = {}
    for sector_name in sorted({s for c in judged for s in c["expected_sectors"] or ["(country only)"]}):
        mine = [c for c in judged if sector_name in (c["expected_sectors"] or ["(country only)"])]
        per_sector[sector_name] = _subset_figures(mine)
    problems = [
        {"kind": "wrong_actor", "doc_id": c["test"], **{k: c[k] for k in (
            "status", "phrase", "date", "subset", "expected_country", "expected_sectors", "code", "sector")}}
        for c in judged if c["country_ok"] is False or c["sector_ok"] is False
    ]
    return {
        "suite": "ngec_actors",
        "data": {"cases": str(path)},
        "documents": len(judged),
        "overall": overall,
        "subsets": {"all": everything, "active": live, "language": lang, "encyclopedia": ency},
        "per_type": per_sector,
        "statuses": dict(statuses),
        "encyclopedia_cases": [
            {"test": c["test"], "phrase": c["phrase"],
             "rule": "capitalised words outside the gazetteer vocabulary: " + ", ".join(c["unknown_words"])}
            for c in encyclopedia
        ],
        "speed": {
            "documents": len(judged),
            "seconds": round(seconds, 3),
            "documents_per_second": round(len(judged) / seconds, 2) if seconds > 0 else None,
        },
        "errors": problems,
        "notes": ["per_type rows are by expected sector; 'language' vs 'encyclopedia' by classify_phrase.",
                  "active_*: every case whose test runs in NGEC's own suite (status active), not a chosen subset."],
    }
