"""ConfliBERT's CAMEO "penta-class" sentences (train split) with source/target spans."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from detente.eval.common import (
    Extractor,
    event_type,
    group_by_doc,
    iter_limit,
    peer_path,
    primary_event,
    ratio,
    read_jsonl,
    run_extractor,
    unique_ids,
)
from detente.eval.mappings import penta_of_type
from detente.eval.suites.base import Judged, label_rows, token_f1

__all__ = ["PENTA_NAMES", "conflibert"]

logger = logging.getLogger(__name__)

PENTA_NAMES = {
    0: "statement (CAMEO 01-02)",
    1: "verbal cooperation (03-05)",
    2: "material cooperation (06-08)",
    3: "verbal conflict (09-13, 16)",
    4: "material conflict (14-15, 17-20)",
}
#: A span counts as found when its token F1 with a system actor text reaches this.
SPAN_MATCH = 0.5


def _best_overlap(system_texts: list[str], gold_spans: list[str]) -> float:
    return max((token_f1(s, g) for s in system_texts for g in gold_spans), default=0.0)


def conflibert(
    *, path: str | Path | None = None, extractor: Extractor | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Penta-class accuracy and actor-span agreement on ``ConfliBERT/derived_cameo_train_joined.jsonl``.

    The ConfliBERT *test* split is held back for independent evaluation, so this suite uses the train split
    (1349 sentences, 922 with spans); ``limit`` takes the first N sentences in file order (the gate uses 300).

    Conventions and how they map onto ours:

    * each sentence is a document without a publication date;
    * penta classes by CAMEO root: 0 statement (01-02), 1 verbal cooperation (03-05), 2 material cooperation
      (06-08), 3 verbal conflict (09-13, 16), 4 material conflict (14-15, 17-20). A PLOVER type's class is the
      class of the CAMEO roots it comes from (``penta_classes.tsv``): AGREE/CONSULT/SUPPORT 1;
      COOPERATE/AID/CONCEDE/RETREAT 2; ACCUSE/REQUEST/REJECT/THREATEN/SANCTION 3; PROTEST/MOBILIZE/COERCE/
      ASSAULT 4; no event 0. The system's class is that of its most confident (else first) event.
      Known mismatch: GUIDELINES code appeals ("urged", "called on", CAMEO 02) as REQUEST (class 3) where the
      penta labels put them in class 0;
    * span agreement, over sentences with gold spans and a class other than 0 (statements are not events for
      us, so no actors are expected): for the source (resp. target), the best token-overlap F1
      (lower-cased words, articles dropped) between the top event's source (target) actor texts and the gold
      source (target) spans; reciprocal spans (joint actors) count as both. ``source_span_f1`` is the mean,
      ``source_span_match`` the share reaching 0.5.
    """
    path = Path(path) if path else peer_path("peers", "ConfliBERT", "derived_cameo_train_joined.jsonl")
    rows = list(iter_limit(read_jsonl(path), limit))
    ids = unique_ids(r.get("id") for r in rows)
    docs = [{"id": doc_id, "text": r.get("text") or "", "published": None} for doc_id, r in zip(ids, rows,
                                                                                                 strict=True)]
    system, speed = run_extractor(extractor, docs, partial_events=True)
    by_doc = group_by_doc(system)

    judged: list[Judged] = []
    problems: list[dict[str, Any]] = []
    confusion = [[0] * 5 for _ in range(5)]
    source_scores: list[float] = []
    target_scores: list[float] = []
    for doc_id, row in zip(ids, rows, strict=True):
        gold = int(row["penta_label"])
        events = by_doc.get(doc_id, [])
        top = primary_event(events)
        predicted = penta_of_type(event_type(top))
        judged.append(Judged(str(gold), str(predicted), {str(penta_of_type(event_type(e))) for e in events} or {"0"}))
        confusion[gold][predicted] += 1
        if predicted != gold:
            problems.append({"kind": "wrong_class", "doc_id": doc_id, "gold_class": gold, "system_class": predicted,
                             "system_types": [event_type(e) for e in events], "text": row.get("text")})
        if gold == 0:
            continue  # statements are not events for Detente, so no actors are expected
        reciprocal = list(row.get("reciprocal_spans") or [])
        gold_sources = list(row.get("source_spans") or []) + reciprocal
        gold_targets = list(row.get("target_spans") or []) + reciprocal
        system_sources = [str(a.get("text") or "") for a in (top or {}).get("source") or [] if a]
        system_targets = [str(a.get("text") or "") for a in (top or {}).get("target") or [] if a]
        if gold_sources:
            source_scores.append(_best_overlap(system_sources, gold_sources))
        if gold_targets:
            target_scores.append(_best_overlap(system_targets, gold_targets))

    n = len(judged)
    overall = {
        "sentences": n,
        "penta_accuracy": ratio(sum(j.top_ok for j in judged), n),
        "any_event_class_match": ratio(sum(j.any_ok for j in judged), n),
        "source_spans_n": len(source_scores),
        "source_span_f1": round(sum(source_scores) / len(source_scores), 4) if source_scores else None,
        "source_span_match": ratio(sum(s >= SPAN_MATCH for s in source_scores), len(source_scores)),
        "target_spans_n": len(target_scores),
        "target_span_f1": round(sum(target_scores) / len(target_scores), 4) if target_scores else None,
        "target_span_match": ratio(sum(s >= SPAN_MATCH for s in target_scores), len(target_scores)),
    }
    rows_by_class = label_rows(judged)
    per_type = {f"{label} {PENTA_NAMES[int(label)]}": row for label, row in rows_by_class.items()}
    return {
        "suite": "conflibert",
        "data": {"sentences": str(path), "split": "train (the test split is held back)"},
        "settings": {"limit": limit},
        "documents": n,
        "overall": overall,
        "per_type": per_type,
        "confusion": {"rows_gold_columns_system": confusion},
        "speed": speed,
        "records": len(system),
        "errors": problems,
        "notes": ["Train split (the test split is held back). Penta class of the top event; no event = class 0."],
    }
