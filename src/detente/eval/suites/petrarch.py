"""The PETRARCH functional validation suite (UniversalPetrarch ``PETR_Validate_records_2_02``)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.eval.common import (
    SECTORS,
    Extractor,
    group_by_doc,
    iter_limit,
    merge_speed,
    peer_path,
    ratio,
    read_jsonl,
    run_extractor,
    unique_ids,
)
from detente.eval.mappings import cameo_to_plover, cameo_unmapped_reason
from detente.eval.scoring import errors, score_events

__all__ = ["PetrarchActor", "extra_actors_for", "parse_petrarch_actors", "petrarch_validate"]

logger = logging.getLogger(__name__)

_CODE = re.compile(r"^\s*([A-Za-z+\-][A-Za-z0-9/+\-]*)\s*(.*?)\s*$")
_BEFORE_AFTER = re.compile(r"^([<>])\s*(\d{6,8})$")
_RANGE = re.compile(r"^(\d{6,8})\s*-\s*(\d{6,8})$")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
MIN_STEM = 4


@dataclass
class PetrarchActor:
    """One entry of a PETRARCH actor dictionary: its names (with synonyms) and codes (some date-restricted).

    ``names`` are upper-case with spaces; ``exact`` marks names written with a trailing underscore (a whole
    word), the others are stems (``ARGENTIN`` matches "Argentina" and "Argentine"). ``codes`` holds
    ``(code, kind, first, last)``: kind ``None`` (default), ``"<"`` (before ``first``), ``">"`` (after
    ``first``) or ``"-"`` (``first``..``last`` inclusive).
    """

    names: list[tuple[str, bool]] = field(default_factory=list)
    codes: list[tuple[str, str | None, date | None, date | None]] = field(default_factory=list)

    def code_on(self, when: date | None) -> str | None:
        """The code on a date: the first restriction that holds, else the unrestricted code."""
        default = next((code for code, kind, _, _ in self.codes if kind is None), None)
        if when is None:
            return default
        for code, kind, first, last in self.codes:
            if kind == "<" and first and when < first:
                return code
            if kind == ">" and first and when > first:
                return code
            if kind == "-" and first and last and first <= when <= last:
                return code
        return default


def _petrarch_date(text: str) -> date | None:
    try:
        if len(text) == 6:
            year = int(text[:2])
            return date(1900 + year if year >= 30 else 2000 + year, int(text[2:4]), int(text[4:6]))
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _parse_code(text: str) -> tuple[str, str | None, date | None, date | None] | None:
    match = _CODE.match(text)
    if not match or not match.group(1):
        return None
    code, rest = match.group(1).upper(), match.group(2)
    if not rest:
        return code, None, None, None
    if found := _BEFORE_AFTER.match(rest):
        return code, found.group(1), _petrarch_date(found.group(2)), None
    if found := _RANGE.match(rest):
        return code, "-", _petrarch_date(found.group(1)), _petrarch_date(found.group(2))
    return None


def _name(text: str) -> tuple[str, bool] | None:
    text = text.strip()
    if not text:
        return None
    name = " ".join(text.replace("_", " ").split()).upper()
    if not name:
        return None
    # A trailing underscore marks a whole word. Short last words (AU, KU, ENT) are read as whole words too:
    # as stems they would turn "The Australian" into the African Union.
    exact = text.endswith("_") or len(name.split()[-1]) < MIN_STEM
    return name, exact


def _add_codes(entry: PetrarchActor, codes: list[str], raw: str, ignored: list[str]) -> None:
    """The code blocks of one line added to its entry; a malformed block lists the line as ignored (once per
    block), so a partly readable line still gives its good codes."""
    for body in codes:
        parsed = _parse_code(body)
        if parsed is None:
            ignored.append(raw)
        else:
            entry.codes.append(parsed)


def parse_petrarch_actors(text: str) -> tuple[list[PetrarchActor], list[str]]:
    """Entries of a PETRARCH/TABARI actor dictionary, and the lines that could not be used.

    Read: ``NAME [CODE]`` entries (underscores are spaces; a trailing underscore means a whole word), ``+SYNONYM``
    lines, codes on indented lines below a name, date restrictions ``[CODE <YYMMDD]``, ``[CODE >YYMMDD]``,
    ``[CODE YYYYMMDD-YYYYMMDD]`` (six-digit years: 30-99 -> 19xx, else 20xx), ``#`` comments and ``<!-- -->``
    blocks. Ignored (listed in the second value): malformed code blocks (the dictionary deliberately holds a
    few, e.g. ``[950601-990815]`` without a code) and lines outside any entry.
    """
    entries: list[PetrarchActor] = []
    ignored: list[str] = []
    current: PetrarchActor | None = None
    in_comment = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("<!"):
            in_comment = "-->" not in stripped and not stripped.endswith(">")
            continue
        line = raw.split("#", 1)[0].rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        codes = _BRACKETS.findall(line)
        head = _BRACKETS.sub(" ", line)
        if raw[:1] in (" ", "\t") and stripped.startswith("["):
            if current is None:
                ignored.append(raw)
                continue
        elif stripped.startswith("+"):
            if current is None:
                ignored.append(raw)
                continue
            if name := _name(head.strip()[1:]):
                current.names.append(name)
        else:
            current = PetrarchActor()
            entries.append(current)
            if name := _name(head):
                current.names.append(name)
        _add_codes(current, codes, raw, ignored)
    return [entry for entry in entries if entry.names and entry.codes], ignored


def _code_parts(code: str | None) -> tuple[str, str | None] | None:
    """PETRARCH code -> (country part, sector) as given to the extractor; None for null/discard codes."""
    if not code:
        return None
    code = code.strip().strip('"').upper()
    if not code or code.startswith(("---", "+++", "###")) or " " in code:
        return None
    country, rest = code[:3], code[3:6]
    if country == "IGO":
        return country, "IGO"
    return country, (rest if rest in SECTORS else None)


def _country(code: str | None) -> str | None:
    parts = _code_parts(code)
    return parts[0] if parts else None


def extra_actors_for(
    entries: list[PetrarchActor], when: date | None, texts: list[str]
) -> dict[str, tuple[str, str | None]]:
    """The ``extra_actors`` dictionary (exact, case-sensitive phrase -> (code, sector)) for sentences on a date.

    PETRARCH matches upper-cased text by stems; Detente matches exact phrases. So every dictionary name is
    looked up in ``texts`` (case-insensitively, as a stem unless written as a whole word) and each capitalised
    surface form found there ("Arnor", "Eriadorian", "Minas Tirith") is entered with the entry's code on that
    date. Codes are given as their first three characters (the country part) with the sector when the rest
    starts with one of ours; null (``---``) and discard (``+++``) codes are left out, so that the resolver's
    own answer stands. Where two names yield the same surface form, the longer name wins.
    """
    found: dict[str, tuple[int, tuple[str, str | None]]] = {}
    for entry in entries:
        parts = _code_parts(entry.code_on(when))
        if parts is None:
            continue
        for name, exact in entry.names:
            words = name.split()
            pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + (r"(?!\w)" if exact else r"\w*")
            regex = re.compile(pattern, re.IGNORECASE)
            for text in texts:
                for match in regex.finditer(text):
                    surface = match.group(0)
                    if not surface[:1].isupper():
                        continue
                    if surface not in found or found[surface][0] < len(name):
                        found[surface] = (len(name), parts)
    return {surface: parts for surface, (_, parts) in sorted(found.items())}


def _iso(day: str | None) -> str | None:
    day = (day or "").strip()
    if len(day) == 8 and day.isdigit():
        return f"{day[:4]}-{day[4:6]}-{day[6:]}"
    return None


def _dyad_records(doc_id: str, kind: str, pairs: list[tuple[str | None, str | None]], evidence: str | None
                  ) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "event_type": kind, "source": [{"code": source}], "target": [{"code": target}],
         "status": "asserted", "evidence": evidence}
        for source, target in pairs
        if source and target
    ]


def _fold_reciprocal(records: list[dict[str, Any]], reciprocal: set[tuple[str, str, frozenset[str]]]
                     ) -> list[dict[str, Any]]:
    """Put the pair of a gold mirrored event (A->B and B->A of one non-symmetric type) in sorted order."""
    for record in records:
        source, target = record["source"][0]["code"], record["target"][0]["code"]
        if (record["doc_id"], record["event_type"], frozenset((source, target))) in reciprocal:
            first, second = sorted((source, target))
            record["source"], record["target"] = [{"code": first}], [{"code": second}]
    return records


def petrarch_validate(
    *,
    path: str | Path | None = None,
    actors_path: str | Path | None = None,
    extractor: Extractor | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Dyad P/R/F1 and no-event false positives on the PETRARCH validation records (``evaluate="true"``).

    Conventions and how they map onto ours:

    * sentences of the fictional world (Arnor, Gondor ...), dated by their ``date`` (YYYYMMDD -> published);
      a repeated id (DEMO-32) gets ``#2``;
      the fictional actor dictionary ``PETR_Validate_actors_2_02.txt`` is given to the extractor as
      ``extra_actors`` (see :func:`extra_actors_for`), resolved on each sentence's date; the agents, verbs and
      discards dictionaries are not used (Detente has its own role words and event lexicon);
    * expected events: CAMEO codes mapped to PLOVER via CAMEO2PLOVER-2021 with the GUIDELINES overrides.
      Events with no PLOVER type are dropped and counted in ``dropped_events`` (CAMEO 01 statements, and the
      test-dictionary codes 345/802/915 that are not CAMEO);
    * codes compared on their first three characters (the country part): ``ARNGOV`` -> ``ARN``; ``---`` (unknown
      country), ``+++`` (discard) and quoted noun phrases have no code, so they make no dyad (as GUIDELINES s6);
    * PETRARCH has no status: system events count as asserted whatever their status, except negated ones
      (PETRARCH codes nothing for an event that did not happen; its NEG records expect no event);
    * PETRARCH codes "A and B restored ties" as two mirrored events (A->B, B->A); such a mirrored pair counts
      once and either direction of the system's event matches it;
    * scores: dyad P/R/F1 as the main score (duplicates once, CONSULT/AGREE/COOPERATE unordered) over all
      evaluated sentences; ``noevents_fp_rate``: share of the "no event" sentences where the system emits any
      event; ``statement_fp_rate``: the same for sentences whose expected events are all dropped (statements);
    * left out: ``evaluate="false"`` records and the 7 ``error`` records (they test PETRARCH's parse-tree input
      and discard lists, not coding).
    """
    folder = ("peers", "UniversalPetrarch")
    path = Path(path) if path else peer_path(*folder, "derived_PETR_Validate_records_2_02.jsonl")
    actors_path = Path(actors_path) if actors_path else peer_path(*folder, "PETR_Validate_actors_2_02.txt")
    records = [r for r in read_jsonl(path) if str(r.get("evaluate")).lower() == "true" and not r.get("error")]
    records = list(iter_limit(records, limit))
    records = [{**r, "id": doc_id} for doc_id, r in zip(unique_ids(r.get("id") for r in records), records,
                                                        strict=True)]
    entries, ignored = parse_petrarch_actors(actors_path.read_text("utf-8", errors="replace"))
    logger.info("petrarch: %d sentences, %d dictionary entries (%d lines ignored)", len(records), len(entries),
                len(ignored))

    gold: list[dict[str, Any]] = []
    dropped: Counter[str] = Counter()
    negatives: list[str] = []
    statement_only: list[str] = []
    reciprocal: set[tuple[str, str, frozenset[str]]] = set()
    for record in records:
        doc_id = str(record["id"])
        if record.get("noevents"):
            negatives.append(doc_id)
            continue
        kept = 0
        seen: set[tuple[str, str | None, str | None]] = set()
        for event in record.get("events") or []:
            mapping = cameo_to_plover(event.get("cameo"))
            if mapping is None or mapping.plover is None:
                dropped[cameo_unmapped_reason(event.get("cameo"))] += 1
                continue
            kept += 1
            source, target = _country(event.get("source")), _country(event.get("target"))
            if (mapping.plover, target, source) in seen and source and target and source != target:
                reciprocal.add((doc_id, mapping.plover, frozenset((source, target))))
            seen.add((mapping.plover, source, target))
            gold.extend(_dyad_records(doc_id, mapping.plover, [(source, target)], record.get("text")))
        if not kept:
            statement_only.append(doc_id)

    docs_by_date: dict[str | None, list[dict[str, Any]]] = {}
    for record in records:
        published = _iso(record.get("date"))
        docs_by_date.setdefault(published, []).append(
            {"id": str(record["id"]), "text": record.get("text") or "", "published": published})
    system_raw: list[dict[str, Any]] = []
    speeds: list[dict[str, Any]] = []
    groups: dict[tuple[tuple[str, tuple[str, str | None]], ...], list[dict[str, Any]]] = {}
    for published, docs in docs_by_date.items():
        when = date.fromisoformat(published) if published else None
        extra = extra_actors_for(entries, when, [doc["text"] for doc in docs])
        groups.setdefault(tuple(sorted(extra.items())), []).extend(docs)
    for number, (extra_items, docs) in enumerate(groups.items()):
        found, speed = run_extractor(extractor, docs, extra_actors=dict(extra_items), warmup=number == 0)
        system_raw.extend(found)
        speeds.append(speed)

    system_raw = [event for event in system_raw if str(event.get("status")) != "negated"]
    system: list[dict[str, Any]] = []
    for event in system_raw:
        sources = [_country(a.get("code")) for a in event.get("source") or [] if a]
        targets = [_country(a.get("code")) for a in event.get("target") or [] if a]
        kind = str(event.get("event_type", "")).upper()
        pairs = [(s, t) for s in sources for t in targets]
        system.extend(_dyad_records(str(event.get("doc_id")), kind, pairs, event.get("evidence")))
    gold, system = _fold_reciprocal(gold, reciprocal), _fold_reciprocal(system, reciprocal)

    scope = {str(r["id"]) for r in records}
    score = score_events(gold, system, scope)
    by_doc = group_by_doc(system_raw)
    negative_hits = [doc_id for doc_id in negatives if by_doc.get(doc_id)]
    statement_hits = [doc_id for doc_id in statement_only if by_doc.get(doc_id)]
    main = score["main"]
    noevents_fp_rate = ratio(len(negative_hits), len(negatives))
    overall = {
        "sentences": len(records),
        "precision": main["precision"],
        "recall": main["recall"],
        "f1": main["f1"],
        "tp": main["tp"],
        "fp": main["fp"],
        "fn": main["fn"],
        "noevents_sentences": len(negatives),
        "noevents_fp_rate": noevents_fp_rate,
        "noevents_clean_rate": None if noevents_fp_rate is None else round(1 - noevents_fp_rate, 4),
        "statement_sentences": len(statement_only),
        "statement_fp_rate": ratio(len(statement_hits), len(statement_only)),
        "dropped_events": sum(dropped.values()),
    }
    texts = {str(r["id"]): r.get("text") for r in records}
    problems = errors(gold, system, scope)
    for doc_id in negative_hits + statement_hits:
        problems.append({
            "kind": "event_in_no_event_sentence", "doc_id": doc_id,
            "system_types": [str(e.get("event_type")) for e in by_doc[doc_id]], "evidence": [texts.get(doc_id)],
        })
    return {
        "suite": "petrarch_validate",
        "data": {"records": str(path), "actors": str(actors_path)},
        "documents": len(records),
        "overall": overall,
        "per_type": score["per_type"],
        "score": score,
        "dropped_events": dict(dropped),
        "dictionary": {"entries": len(entries), "ignored_lines": ignored},
        "speed": merge_speed(speeds),
        "records": len(system_raw),
        "errors": problems,
        "notes": [
            "Codes compared on their first three characters; every system status but negated counts.",
            "Mirrored PETRARCH pairs (A->B and B->A) count once, either direction matches.",
        ],
    }
