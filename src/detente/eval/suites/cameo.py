"""CAMEO-manual example sentences: one per CAMEO code, scored on the PLOVER type of the sentence's event."""

from __future__ import annotations

import csv
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

from detente.eval.common import (
    Extractor,
    event_type,
    group_by_doc,
    in_cameo_convention,
    iter_limit,
    peer_path,
    primary_event,
    ratio,
    run_extractor,
)
from detente.eval.mappings import cameo_to_plover, cameo_unmapped_reason
from detente.eval.suites.base import Judged, label_rows

__all__ = ["cameo_examples", "read_cameo_examples"]

logger = logging.getLogger(__name__)

PUBLISHED = "2000-01-01"
_NOTE = re.compile(r"\s+Note:.*$", re.DOTALL)


def read_cameo_examples(path: str | Path) -> list[dict[str, str]]:
    """Rows ``{code, name, text}`` of ``eventtypes.csv`` that have an example; the manual's trailing
    "Note: ..." (coder guidance, not news text) is cut off."""
    rows: list[dict[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            example = (row.get("example") or "").strip()
            if not example or example.upper() == "NULL":
                continue
            rows.append({"code": row["code"].strip(), "name": row.get("name", "").strip(),
                         "text": _NOTE.sub("", example).strip()})
    return rows


def cameo_examples(
    *, path: str | Path | None = None, extractor: Extractor | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Type accuracy on the CAMEO codebook's example sentences (``cameo/eventtypes.csv``, 282 with an example).

    Conventions and how they map onto ours:

    * each example is a document published 2000-01-01; its expected type is its CAMEO code mapped to PLOVER
      by CAMEO2PLOVER-2021 (``cameo_plover.tsv``) with the GUIDELINES overrides (``cameo_overrides.tsv``:
      appeals 02x -> REQUEST, 016 deny -> REJECT, 036 intent to meet -> CONSULT, 163 sanctions -> SANCTION);
      a code missing from the table is looked up by prefix (``1951`` -> ``195``);
    * codes with no PLOVER type (the CAMEO 01 statements other than 016) are skipped and counted in
      ``skipped``; the system should find no event there, and ``statement_event_rate`` is the share where it
      still does;
    * predicted type = the system's most confident (else first) event, of any status ("will visit" is a
      planned CONSULT and still a CONSULT). ``type_accuracy``: predicted = expected; ``any_event_match``: some
      event has the expected type. Actors are not annotated and not scored;
    * ``eventtypes-cameo-extra.csv`` (5 cyber and other later codes) is not used.
    """
    path = Path(path) if path else peer_path("peers", "cameo", "eventtypes.csv")
    rows = list(iter_limit(read_cameo_examples(path), limit))
    expected: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    docs: list[dict[str, Any]] = []
    statements: list[str] = []
    for row in rows:
        doc_id = f"cameo-{row['code']}"
        docs.append({"id": doc_id, "text": row["text"], "published": PUBLISHED})
        mapping = cameo_to_plover(row["code"])
        if mapping is None or mapping.plover is None:
            skipped[cameo_unmapped_reason(row["code"])] += 1
            statements.append(doc_id)
        else:
            expected[doc_id] = mapping.plover
    system, speed = run_extractor(extractor, docs, partial_events=True)
    system = [in_cameo_convention(e) for e in system]
    by_doc = group_by_doc(system)

    judged: list[Judged] = []
    problems: list[dict[str, Any]] = []
    for row in rows:
        doc_id = f"cameo-{row['code']}"
        if doc_id not in expected:
            continue
        events = by_doc.get(doc_id, [])
        item = Judged(expected[doc_id], event_type(primary_event(events)),
                      {t for t in (event_type(e) for e in events) if t})
        judged.append(item)
        if not item.top_ok:
            problems.append({"kind": "wrong_type", "doc_id": doc_id, "cameo": row["code"], "cameo_name": row["name"],
                             "gold_type": item.gold, "system_types": [event_type(e) for e in events],
                             "text": row["text"]})
    statement_hits = [doc_id for doc_id in statements if by_doc.get(doc_id)]
    for doc_id in statement_hits:
        problems.append({"kind": "event_in_statement", "doc_id": doc_id,
                         "system_types": [event_type(e) for e in by_doc[doc_id]],
                         "text": next(d["text"] for d in docs if d["id"] == doc_id)})
    n = len(judged)
    overall = {
        "sentences": n,
        "type_accuracy": ratio(sum(j.top_ok for j in judged), n),
        "any_event_match": ratio(sum(j.any_ok for j in judged), n),
        "no_event_rate": ratio(sum(1 for j in judged if j.top is None), n),
        "skipped": sum(skipped.values()),
        "statement_event_rate": ratio(len(statement_hits), len(statements)),
    }
    return {
        "suite": "cameo_examples",
        "data": {"examples": str(path)},
        "documents": len(docs),
        "overall": overall,
        "per_type": label_rows(judged),
        "skipped": dict(skipped),
        "speed": speed,
        "records": len(system),
        "errors": problems,
        "notes": ["Expected type: CAMEO code -> PLOVER (2021 table + GUIDELINES overrides); actors not scored."],
    }
