"""PLOVER's gold standard records: 322 CAMEO-manual sentences coded in PLOVER (v0.5b1, 2016)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from detente.eval.common import (
    SYMMETRIC,
    Extractor,
    event_type,
    group_by_doc,
    in_cameo_convention,
    is_organisation_code,
    iter_limit,
    peer_path,
    primary_event,
    ratio,
    read_jsonl,
    run_extractor,
    unique_ids,
)
from detente.eval.mappings import gsr_code, gsr_mode
from detente.eval.suites.base import Judged, label_rows

__all__ = ["plover_gold"]

logger = logging.getLogger(__name__)

PUBLISHED = "2000-01-01"


def _actor_matches(gold_code: str, actor: dict[str, Any] | None) -> bool:
    if not actor:
        return False
    code = actor.get("code")
    if gold_code == "IGO":
        return is_organisation_code(str(code) if code else None, actor.get("sector"))
    return bool(code) and str(code).upper() == gold_code


def _side_matches(gold_code: str, actors: list[dict[str, Any]] | None) -> bool:
    return any(_actor_matches(gold_code, actor) for actor in actors or [])


def _dyad_matches(source: str, target: str, event: dict[str, Any]) -> bool:
    forward = _side_matches(source, event.get("source")) and _side_matches(target, event.get("target"))
    if forward or event_type(event) not in SYMMETRIC:
        return forward
    return _side_matches(target, event.get("source")) and _side_matches(source, event.get("target"))


def plover_gold(
    *, path: str | Path | None = None, extractor: Extractor | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Type, mode and dyad accuracy on ``PLOVER/derived_PLOVER_GSR_with_CAMEO.jsonl``.

    Conventions and how they map onto ours:

    * each sentence is a document published 2000-01-01, the date of every GSR record (a repeated id gets
      ``#2``); the gold type is ``plover_event_current`` (the 2016 names renamed: DEMAND->REQUEST,
      DISAPPROVE and INVESTIGATE->ACCUSE, FIGHT->ASSAULT); statuses are not judged (the GSR has none), so
      system events of any status count;
    * predicted type = the type of the system's most confident event (``confidence``), else its first one.
      ``top_type_accuracy``: predicted type = gold type; ``any_event_match``: some system event has the gold
      type. A sentence without a system event counts as wrong;
    * ``mode_accuracy``: over sentences whose gold has a mode with a current equivalent (``plover_gsr_modes.tsv``:
      ``strike-hun`` -> ``hunger``, ``detain`` -> ``arrest`` ...) and where the system has an event of the gold
      type (the top event if it has that type, else the first that does): the share with the same mode;
    * dyad accuracy on the single-dyad sentences (exactly one source and one target). GSR codes are read through
      ``plover_gsr_codes.tsv`` (``JAP`` -> ``JPN``, ``ITL`` -> ``ITA``; ``IGO`` matches any organisation code of ours
      or sector IGO; ``NGO``/``IMG``/``ISM`` and missing codes have no code under GUIDELINES and those sentences
      are left out, counted in ``dyads_skipped``). ``dyad_accuracy``: some system event has the gold source among
      its sources and the gold target among its targets (either order for CONSULT/AGREE/COOPERATE);
      ``typed_dyad_accuracy``: the same event also has the gold type; ``source_accuracy``/``target_accuracy``:
      each side alone. Sectors are not scored (the 2016 sectors are CAMEO-era and often missing).
    """
    path = Path(path) if path else peer_path("peers", "PLOVER", "derived_PLOVER_GSR_with_CAMEO.jsonl")
    gold = list(iter_limit(read_jsonl(path), limit))
    ids = unique_ids(r.get("id") for r in gold)
    docs = [{"id": doc_id, "text": r.get("text") or "", "published": PUBLISHED} for doc_id, r in zip(ids, gold,
                                                                                                       strict=True)]
    system, speed = run_extractor(extractor, docs, partial_events=True)
    system = [in_cameo_convention(e) for e in system]
    by_doc = group_by_doc(system)

    judged: list[Judged] = []
    problems: list[dict[str, Any]] = []
    mode_n = mode_ok = mode_skipped = mode_no_event = 0
    dyad_n = dyad_ok = typed_ok = source_ok = target_ok = dyads_skipped = 0
    for doc_id, record in zip(ids, gold, strict=True):
        gold_type = str(record.get("plover_event_current") or "").upper()
        events = by_doc.get(doc_id, [])
        top = primary_event(events)
        item = Judged(gold_type, event_type(top), {t for t in (event_type(e) for e in events) if t})
        judged.append(item)
        if not item.top_ok:
            problems.append({"kind": "wrong_type", "doc_id": doc_id, "gold_type": gold_type,
                             "system_types": [event_type(e) for e in events], "text": record.get("text")})

        if record.get("mode"):
            want = gsr_mode(gold_type, record["mode"])
            same_type = [e for e in events if event_type(e) == gold_type]
            if want is None:
                mode_skipped += 1
            elif not same_type:
                mode_no_event += 1
            else:
                chosen = top if item.top_ok else same_type[0]
                mode_n += 1
                got = str((chosen or {}).get("mode") or "").strip().lower()
                if got == want:
                    mode_ok += 1
                else:
                    problems.append({"kind": "wrong_mode", "doc_id": doc_id, "gold_type": gold_type,
                                     "gold_mode": want, "system_mode": got or None, "text": record.get("text")})

        sources, targets = record.get("source") or [], record.get("target") or []
        if len(sources) == 1 and len(targets) == 1:
            source, target = gsr_code(sources[0].get("code")), gsr_code(targets[0].get("code"))
            if source is None or target is None:
                dyads_skipped += 1
                continue
            dyad_n += 1
            source_ok += any(_side_matches(source, e.get("source")) for e in events)
            target_ok += any(_side_matches(target, e.get("target")) for e in events)
            matching = [e for e in events if _dyad_matches(source, target, e)]
            dyad_ok += bool(matching)
            typed = any(event_type(e) == gold_type for e in matching)
            typed_ok += typed
            if not typed:
                problems.append({
                    "kind": "wrong_dyad", "doc_id": doc_id, "gold_type": gold_type, "gold_source": source,
                    "gold_target": target,
                    "system": [{"event_type": event_type(e),
                                "source": [a.get("code") for a in e.get("source") or [] if a],
                                "target": [a.get("code") for a in e.get("target") or [] if a]} for e in events],
                    "text": record.get("text"),
                })

    n = len(judged)
    overall = {
        "sentences": n,
        "top_type_accuracy": ratio(sum(j.top_ok for j in judged), n),
        "any_event_match": ratio(sum(j.any_ok for j in judged), n),
        "no_event_rate": ratio(sum(1 for j in judged if j.top is None), n),
        "mode_accuracy": ratio(mode_ok, mode_n),
        "mode_n": mode_n,
        "mode_no_event": mode_no_event,
        "mode_skipped": mode_skipped,
        "dyad_accuracy": ratio(dyad_ok, dyad_n),
        "typed_dyad_accuracy": ratio(typed_ok, dyad_n),
        "source_accuracy": ratio(source_ok, dyad_n),
        "target_accuracy": ratio(target_ok, dyad_n),
        "dyad_n": dyad_n,
        "dyads_skipped": dyads_skipped,
    }
    logger.info("plover_gold: %s", overall)
    return {
        "suite": "plover_gold",
        "data": {"gold": str(path)},
        "documents": n,
        "overall": overall,
        "per_type": label_rows(judged),
        "speed": speed,
        "records": len(system),
        "errors": problems,
        "notes": [
            "Sentences from the CAMEO manual coded by PLOVER in 2016 (v0.5b1), renamed to current types.",
            "Predicted type = the most confident (else first) system event; statuses are not judged.",
            "Dyads: single-source single-target sentences; IGO matches any organisation code.",
        ],
    }
