"""Score quotes and numeric claims against a gold file (``tests/data/quotes.gold.jsonl`` format).

A gold quote is found when a system quote of the same document starts with the gold ``start`` words (or the
gold start begins with the whole system quote, for short partial quotes). Speaker attribution is right when
the system speaker has the gold code and, where the gold names a person (not an institution), the same
surname. A gold claim is found when a system claim of the document has the same value (within 1%).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from detente.eval.common import read_jsonl, speed_report

__all__ = ["score_quotes", "evaluate_quotes"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def _norm(text: str | None) -> str:
    text = (text or "").translate(_QUOTES).lower()
    text = re.sub(r"[\"'`]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .,;:")


def _same_quote(gold_start: str, system_text: str) -> bool:
    gold, system = _norm(gold_start), _norm(system_text)
    if not gold or not system:
        return False
    return system.startswith(gold) or (len(system) >= 3 and gold.startswith(system)) or gold in system[:200]


# Words that mark a gold speaker name as an institution, not a person (whose surname is then compared).
INSTITUTION_WORDS = frozenset({"office", "committee", "ministry", "government", "house", "party", "kingdom", "states",
                               "nations", "times", "council", "department", "agency", "union", "china", "news"})


def _is_person(name: str | None) -> bool:
    words = (name or "").split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not (
        {w.lower() for w in words} & INSTITUTION_WORDS)


def _surname(name: str | None) -> str:
    return (name or "").split()[-1].lower() if name else ""


def score_quotes(gold: list[dict[str, Any]], quotes: list[dict[str, Any]],
                 claims: list[dict[str, Any]]) -> dict[str, Any]:
    """Quote recall (marked and indirect), speaker accuracy and claim recall of a run against the gold."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for quote in quotes:
        by_doc.setdefault(str(quote["doc_id"]), []).append(quote)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    speakers_judged = speakers_right = 0
    errors: list[dict[str, Any]] = []
    for item in (g for g in gold if g["kind"] == "quote"):
        kind = "marked" if item.get("type") in ("direct", "partial") else "indirect"
        total[kind] += 1
        match = next((q for q in by_doc.get(item["doc_id"], []) if _same_quote(item["start"], q["text"])), None)
        if match is None:
            errors.append({"kind": "missed_quote", "doc_id": item["doc_id"], "type": item.get("type"),
                           "start": item["start"]})
            continue
        found[kind] += 1
        if item.get("speaker_code"):
            speakers_judged += 1
            speaker = match.get("speaker") or {}
            right = speaker.get("code") == item["speaker_code"] and (
                not _is_person(item.get("speaker_name"))
                or _surname(item["speaker_name"]) in str(speaker.get("name")).lower())
            speakers_right += right
            if not right:
                errors.append({"kind": "wrong_speaker", "doc_id": item["doc_id"], "start": item["start"],
                               "gold": [item.get("speaker_name"), item["speaker_code"]],
                               "system": [speaker.get("name"), speaker.get("code")]})
    claim_total, claim_found, qualifier_right = _score_claims(gold, claims, errors)

    def ratio(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    marked = total["marked"]
    return {
        "overall": {
            "quotes_marked": marked,
            "quote_recall": ratio(found["marked"], marked),
            "quotes_indirect": total["indirect"],
            "indirect_recall": ratio(found["indirect"], total["indirect"]),
            "speaker_judged": speakers_judged,
            "speaker_accuracy": ratio(speakers_right, speakers_judged),
            "claims": claim_total,
            "claim_recall": ratio(claim_found, claim_total),
            "claim_qualifier_accuracy": ratio(qualifier_right, claim_found),
        },
        "errors": errors,
    }


def _score_claims(gold: list[dict[str, Any]], claims: list[dict[str, Any]],
                  errors: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(gold claims, found, with the right qualifier); misses go to ``errors``. A value within 1% matches."""
    claims_by_doc: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        claims_by_doc.setdefault(str(claim["doc_id"]), []).append(claim)
    claim_total = claim_found = qualifier_right = 0
    for item in (g for g in gold if g["kind"] == "claim"):
        claim_total += 1
        value = float(item["value"])
        match = next((c for c in claims_by_doc.get(item["doc_id"], [])
                      if abs(float(c["value"]) - value) <= 0.01 * max(abs(value), 1e-9)), None)
        if match is None:
            errors.append({"kind": "missed_claim", "doc_id": item["doc_id"], "text": item["text"]})
            continue
        claim_found += 1
        qualifier_right += (match.get("qualifier") or None) == (item.get("qualifier") or None)
    return claim_total, claim_found, qualifier_right


def evaluate_quotes(docs_path: str | Path, gold_path: str | Path) -> dict[str, Any]:
    """Run the pipeline on the documents and score its quotes and claims against the gold file."""
    from detente.pipeline.analyse import analyze_texts

    docs = read_jsonl(docs_path)
    started = time.perf_counter()
    quotes: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for result in analyze_texts(docs):
        quotes.extend(dict(q) for q in result.quotes)
        claims.extend(dict(c) for c in result.claims)
    report = score_quotes(read_jsonl(gold_path), quotes, claims)
    report["suite"] = "quotes"
    report["speed"] = speed_report(docs, time.perf_counter() - started)
    return report


QUOTES_GOLD = Path("tests") / "data" / "quotes.gold.jsonl"


def quotes_suite(*, extractor: Any = None, limit: int | None = None) -> dict[str, Any]:
    """The gate's quotes suite: the dev documents against the repository's quotes and claims gold.

    ``extractor`` is accepted for the suite interface and ignored: quotes come from the pipeline itself.
    """
    from detente.eval.common import EvalDataError, peer_path

    candidates = [Path.cwd() / QUOTES_GOLD, Path(__file__).resolve().parents[3] / QUOTES_GOLD]
    gold = next((path for path in candidates if path.is_file()), None)
    if gold is None:
        raise EvalDataError(f"quotes gold not found: {QUOTES_GOLD} (run from the repository root)")
    return evaluate_quotes(peer_path("dev", "seeds.jsonl"), gold)
