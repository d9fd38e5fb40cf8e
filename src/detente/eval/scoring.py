"""The GUIDELINES section-6 scorer: dyad events, main P/R/F1, date, sector and status accuracy, per type.

``score_events`` returns the same keys and figures as ``shared/eval/score.py`` (the tests compare the two on
perturbed and hand-made data). ``errors`` lists the false positives and false negatives behind the figures,
with the evidence sentences, so that a change in a score can be traced to records.

Definitions (GUIDELINES section 6):

* a dyad event is ``(doc_id, EVENT_TYPE, source code, target code)`` for every source x target pair whose
  codes are both non-null (codes upper-cased); CONSULT, AGREE and COOPERATE pairs are unordered; duplicates
  in a document count once; a record without ``status`` is ``asserted``;
* main score: system dyad events that have an ``asserted`` record against gold ones that have one;
* date accuracy: over matched dyad events whose gold has a date (``date`` or any ``date_alternatives``),
  the share where some system date agrees with some gold date at the gold's precision: a gold year needs
  the same year, a gold month the same year and month with a system month or day, a gold day a system day
  at most one day away;
* sector accuracy: over matched dyad events, the share where some system (source sector, target sector)
  pair equals some gold pair;
* status accuracy: over dyad events present in both (any status), the share sharing a status.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.eval.common import SYMMETRIC

__all__ = ["DyadKey", "date_agrees", "dyads", "errors", "f_score", "parse_date", "score_events"]

#: (doc_id, event type, first code, second code)
DyadKey = tuple[str, str, str, str]


@dataclass
class _Entry:
    statuses: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    sectors: set[tuple[Any, Any]] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)


def _codes(actors: Iterable[Mapping[str, Any] | None] | None) -> list[str]:
    return [str(actor["code"]).upper() for actor in actors or [] if actor and actor.get("code")]


def _sector_of(actors: Iterable[Mapping[str, Any] | None] | None) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for actor in actors or []:
        if actor and actor.get("code"):
            table[str(actor["code"]).upper()] = actor.get("sector")
    return table


def dyads(record: Mapping[str, Any]) -> Iterator[tuple[DyadKey, Any, Any]]:
    """``(key, source sector, target sector)`` for each source x target pair of a record with both codes.

    An actor acting on itself (a state coercing its own population) is a dyad like any other.
    """
    kind = str(record.get("event_type", "")).upper()
    doc_id = str(record.get("doc_id"))
    source_sector, target_sector = _sector_of(record.get("source")), _sector_of(record.get("target"))
    targets = _codes(record.get("target"))
    for source in _codes(record.get("source")):
        for target in targets:
            first, second = (min(source, target), max(source, target)) if kind in SYMMETRIC else (source, target)
            yield (doc_id, kind, first, second), source_sector.get(source), target_sector.get(target)


def parse_date(value: Any) -> tuple[date, str] | None:
    """``(date, precision)`` for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD...``; None when empty or invalid."""
    if not value:
        return None
    text = str(value).strip()
    try:
        if len(text) == 4:
            return date(int(text), 1, 1), "year"
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1), "month"
        return date.fromisoformat(text[:10]), "day"
    except ValueError:
        return None


def date_agrees(system: Any, gold: Any) -> bool:
    """Does a system date agree with a gold date at the gold's precision (a day may be off by one)?"""
    got, want = parse_date(system), parse_date(gold)
    if got is None or want is None:
        return False
    got_day, got_precision = got
    want_day, want_precision = want
    if want_precision == "year":
        return got_day.year == want_day.year
    if want_precision == "month":
        return got_precision != "year" and (got_day.year, got_day.month) == (want_day.year, want_day.month)
    return got_precision == "day" and abs((got_day - want_day).days) <= 1


def _index(records: Iterable[Mapping[str, Any]], docs: set[str]) -> dict[DyadKey, _Entry]:
    table: dict[DyadKey, _Entry] = {}
    for record in records:
        if str(record.get("doc_id")) not in docs:
            continue
        status = str(record.get("status") or "asserted").lower()
        when = [record.get("date"), *(record.get("date_alternatives") or [])]
        evidence = record.get("evidence")
        for key, source_sector, target_sector in dyads(record):
            entry = table.setdefault(key, _Entry())
            entry.statuses.add(status)
            entry.dates.update(str(value) for value in when if value)
            entry.sectors.add((source_sector, target_sector))
            if evidence and evidence not in entry.evidence:
                entry.evidence.append(str(evidence))
    return table


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def f_score(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts with precision, recall and F1 (None where undefined; F1 is 0.0 when P or R is 0)."""
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    if precision and recall:
        f1: float | None = round(2 * precision * recall / (precision + recall), 4)
    elif precision is None or recall is None:
        f1 = None
    else:
        f1 = 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _doc_scope(gold: list[dict[str, Any]], docs: set[str] | None) -> set[str]:
    return {str(record.get("doc_id")) for record in gold} if docs is None else set(docs)


def score_events(
    gold: list[dict[str, Any]], system: list[dict[str, Any]], docs: set[str] | None = None
) -> dict[str, Any]:
    """Score system event records against gold records (GUIDELINES section 6).

    ``docs`` limits scoring to those document ids (default: every document with a gold record).
    Keys: documents, gold_dyad_events, system_dyad_events, main {tp, fp, fn, precision, recall, f1},
    date_accuracy, sector_accuracy, status_accuracy, per_type {TYPE: {tp, fp, fn, precision, recall, f1}}.
    """
    scope = _doc_scope(gold, docs)
    gold_index, system_index = _index(gold, scope), _index(system, scope)
    gold_asserted = {key for key, entry in gold_index.items() if "asserted" in entry.statuses}
    system_asserted = {key for key, entry in system_index.items() if "asserted" in entry.statuses}
    matched = gold_asserted & system_asserted
    false_positives = system_asserted - gold_asserted
    false_negatives = gold_asserted - system_asserted

    counts: dict[str, Counter[str]] = {}
    for label, keys in (("tp", matched), ("fp", false_positives), ("fn", false_negatives)):
        for key in keys:
            counts.setdefault(key[1], Counter())[label] += 1

    datable = [key for key in matched if gold_index[key].dates]
    dated = sum(
        1 for key in datable
        if any(date_agrees(s, g) for s in system_index[key].dates for g in gold_index[key].dates)
    )
    sector_ok = sum(1 for key in matched if system_index[key].sectors & gold_index[key].sectors)
    common = gold_index.keys() & system_index.keys()
    status_ok = sum(1 for key in common if system_index[key].statuses & gold_index[key].statuses)

    return {
        "documents": len(scope),
        "gold_dyad_events": len(gold_asserted),
        "system_dyad_events": len(system_asserted),
        "main": f_score(len(matched), len(false_positives), len(false_negatives)),
        "date_accuracy": _ratio(dated, len(datable)),
        "sector_accuracy": _ratio(sector_ok, len(matched)),
        "status_accuracy": _ratio(status_ok, len(common)),
        "per_type": {
            kind: f_score(c["tp"], c["fp"], c["fn"]) for kind, c in sorted(counts.items())
        },
    }


def errors(
    gold: list[dict[str, Any]], system: list[dict[str, Any]], docs: set[str] | None = None
) -> list[dict[str, Any]]:
    """Every false positive and false negative dyad event of the main score, with its evidence.

    Each item: ``kind`` (``false_positive``/``false_negative``), ``doc_id``, ``event_type``, ``source``,
    ``target`` (codes; for symmetric types the pair is sorted), ``statuses`` (of the record that is there),
    ``other_side_statuses`` (statuses the other side gave the same dyad event, e.g. gold ``planned`` for a
    system ``asserted``), ``near_misses`` (other types the other side has for the same pair in the document),
    ``evidence`` (evidence sentences of the records behind it) and ``other_evidence`` (evidence of the
    near misses). Sorted by document, type and pair.
    """
    scope = _doc_scope(gold, docs)
    gold_index, system_index = _index(gold, scope), _index(system, scope)
    gold_asserted = {key for key, entry in gold_index.items() if "asserted" in entry.statuses}
    system_asserted = {key for key, entry in system_index.items() if "asserted" in entry.statuses}

    def pairs(index: dict[DyadKey, _Entry]) -> dict[tuple[str, frozenset[str]], list[DyadKey]]:
        table: dict[tuple[str, frozenset[str]], list[DyadKey]] = {}
        for key in index:
            table.setdefault((key[0], frozenset(key[2:])), []).append(key)
        return table

    gold_pairs, system_pairs = pairs(gold_index), pairs(system_index)
    found: list[dict[str, Any]] = []
    for kind, keys, own, other, other_pairs in (
        ("false_positive", system_asserted - gold_asserted, system_index, gold_index, gold_pairs),
        ("false_negative", gold_asserted - system_asserted, gold_index, system_index, system_pairs),
    ):
        for key in keys:
            near = [k for k in other_pairs.get((key[0], frozenset(key[2:])), []) if k[1] != key[1]]
            other_entry = other.get(key)
            found.append({
                "kind": kind,
                "doc_id": key[0],
                "event_type": key[1],
                "source": key[2],
                "target": key[3],
                "statuses": sorted(own[key].statuses),
                "other_side_statuses": sorted(other_entry.statuses) if other_entry else [],
                "near_misses": sorted({k[1] for k in near}),
                "evidence": list(own[key].evidence),
                "other_evidence": [e for k in near for e in other[k].evidence],
            })
    found.sort(key=lambda item: (item["doc_id"], item["event_type"], item["source"], item["target"], item["kind"]))
    return found
