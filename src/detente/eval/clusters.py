"""Cluster scoring: cross-document event clusters against clusters derived from gold records, and the share of
within-document duplicates.

**Gold clusters** (issue 16): gold ``asserted`` dyad events of different documents with the same type, dyad and
day are one real event. A dyad event is ``(doc_id, TYPE, A, B)`` as GUIDELINES section 6 counts it (A, B unordered
for CONSULT, AGREE and COOPERATE), here taken with its date: one gold *mention* per distinct date of a dyad event
in a document. A mention dated to a month or a year, or not dated, is a cluster of its own (the rule needs a day).

**System clusters**: :func:`detente.pipeline.cluster.cluster_events` over the system's records; a system mention
is ``(doc_id, TYPE, A, B, cluster)`` for an ``asserted`` cluster whose dyad has both codes.

**Alignment**: in each ``(doc_id, TYPE, A, B)``, gold mentions are matched one to one with system mentions, first
by an equal date, then by date agreement (GUIDELINES section 6: at the gold's precision, a day may be off by one),
then in date order. Clustering is scored over the matched mentions only, so that extraction errors (a missed or
spurious dyad event, which the main score already counts) do not count twice; ``coverage`` is the share of gold
mentions matched. The ``end_to_end`` figures count them as well: a missed gold mention is a cluster of its own
on the system side, a spurious system mention one of its own on the gold side.

* **pairwise**: precision = pairs of matched mentions put together by both / pairs put together by the system;
  recall = the same / pairs put together by gold (None when there are no pairs to count);
* **B-cubed** (Bagga and Baldwin 1998): per mention, the share of its system cluster that is in its gold cluster
  (precision) and the share of its gold cluster in its system cluster (recall), averaged over mentions.

**Within-document duplicates**: system ``asserted`` records of one document that gold counts as one event (same
document, type, dyad and date): for each gold dyad event and date, the system records of that dyad whose date
agrees with it, beyond the first. The share is duplicate records / system asserted records with at least one
coded dyad. Gold counts a dyad event once per document and date, so two different statements of the same pair on
the same day ("the leaders agreed to X", "they agreed to Y") count as a duplicate too.

    .venv/bin/python -m detente.eval.clusters          # the three sets, a summary each
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.eval.common import SYMMETRIC, Extractor, peer_path, read_jsonl, run_extractor
from detente.eval.scoring import date_agrees, f_score
from detente.pipeline.cluster import cluster_events

__all__ = [
    "STORIES_DIR",
    "align",
    "bcubed",
    "clusters_suite",
    "evaluate_clusters",
    "gold_mentions",
    "pairwise",
    "score_clusters",
    "summary_lines",
    "system_mentions",
    "within_doc_duplicates",
]

logger = logging.getLogger(__name__)

#: Detente's own multi-report set: several documents per story (tests/data/clusters).
STORIES_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "clusters"

#: (doc_id, TYPE, A, B)
DyadKey = tuple[str, str, str, str]


def _codes(actors: Iterable[Mapping[str, Any] | None] | None) -> list[str]:
    return sorted({str(a["code"]).upper() for a in actors or [] if a and a.get("code")})


def _dyads(record: Mapping[str, Any]) -> list[DyadKey]:
    kind = str(record.get("event_type", "")).upper()
    doc_id = str(record.get("doc_id"))
    keys = set()
    for a in _codes(record.get("source")):
        for b in _codes(record.get("target")):
            first, second = (min(a, b), max(a, b)) if kind in SYMMETRIC else (a, b)
            keys.add((doc_id, kind, first, second))
    return sorted(keys)


def _asserted(record: Mapping[str, Any]) -> bool:
    return str(record.get("status") or "asserted").lower() == "asserted"


@dataclass(frozen=True)
class GoldMention:
    """One gold dyad event of a document at one date, and the gold cluster it is in."""

    key: DyadKey
    date: str | None
    dates: tuple[str, ...]  # the date and its alternatives
    label: tuple[str, ...]


def gold_mentions(gold: Iterable[Mapping[str, Any]], docs: set[str] | None = None) -> list[GoldMention]:
    """The gold mentions of the asserted gold records (of ``docs`` when given), each with its gold cluster."""
    dates: dict[tuple[DyadKey, str | None], set[str]] = {}
    for record in gold:
        if not _asserted(record) or (docs is not None and str(record.get("doc_id")) not in docs):
            continue
        when = str(record["date"]) if record.get("date") else None
        alternatives = {str(d) for d in [when, *(record.get("date_alternatives") or [])] if d}
        for key in _dyads(record):
            dates.setdefault((key, when), set()).update(alternatives)
    mentions = []
    for (key, when), alternatives in sorted(dates.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        label = (key[1], key[2], key[3], when) if when and len(when) == 10 else (*key, when or "")
        mentions.append(GoldMention(key, when, tuple(sorted(alternatives)), tuple(label)))
    return mentions


@dataclass
class SystemMention:
    """One system dyad event of a document in one cluster, with the dates its records give."""

    key: DyadKey
    cluster_id: str
    dates: set[str] = field(default_factory=set)


def system_mentions(clusters: Iterable[Mapping[str, Any]], events: Iterable[Mapping[str, Any]]
                    ) -> list[SystemMention]:
    """System mentions of asserted clusters whose dyad has two codes."""
    by_id = {str(e["event_id"]): e for e in events}
    found: dict[tuple[DyadKey, str], SystemMention] = {}
    for cluster in clusters:
        parts = str(cluster["group_key"]).split("|")
        if parts[0] == "event" or parts[1] != "asserted" or not parts[2] or not parts[3]:
            continue
        for member in cluster["members"]:
            key = (str(member["doc_id"]), parts[0], parts[2], parts[3])
            ident = str(cluster["cluster_id"])
            mention = found.setdefault((key, ident), SystemMention(key, ident))
            event = by_id.get(str(member["event_id"])) or {}
            if event.get("date"):
                mention.dates.add(str(event["date"]))
    return sorted(found.values(), key=lambda m: (m.key, m.cluster_id))


def align(gold: list[GoldMention], system: list[SystemMention]) -> list[tuple[GoldMention, SystemMention]]:
    """Match gold and system mentions one to one within each dyad event: by date agreement, then in order."""
    systems: dict[DyadKey, list[SystemMention]] = {}
    for found in system:
        systems.setdefault(found.key, []).append(found)
    golds: dict[DyadKey, list[GoldMention]] = {}
    for wanted in gold:
        golds.setdefault(wanted.key, []).append(wanted)
    pairs: list[tuple[GoldMention, SystemMention]] = []
    for key, group in golds.items():
        free = list(systems.get(key, []))
        waiting: list[GoldMention] = []
        for wanted in group:
            agreeing = next((s for s in free if wanted.date in s.dates), None) or next(
                (s for s in free if wanted.date is None
                 or any(date_agrees(d, g) for d in sorted(s.dates) for g in wanted.dates)), None)
            if agreeing is None:
                waiting.append(wanted)
                continue
            free.remove(agreeing)
            pairs.append((wanted, agreeing))
        pairs += zip(waiting, free, strict=False)
    return pairs


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise(gold_labels: list[Any], system_labels: list[Any]) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of a clustering of items (two label lists, one label per item)."""
    both = _pairs(Counter(zip(gold_labels, system_labels, strict=True)).values())
    system_pairs = _pairs(Counter(system_labels).values())
    gold_pairs = _pairs(Counter(gold_labels).values())
    score = f_score(both, system_pairs - both, gold_pairs - both)
    score["gold_pairs"], score["system_pairs"] = gold_pairs, system_pairs
    return score


def bcubed(gold_labels: list[Any], system_labels: list[Any]) -> dict[str, Any]:
    """B-cubed precision, recall and F1 (None with no items)."""
    if not gold_labels:
        return {"precision": None, "recall": None, "f1": None}
    cells = Counter(zip(gold_labels, system_labels, strict=True))
    gold_sizes, system_sizes = Counter(gold_labels), Counter(system_labels)
    precision = sum(cells[(g, s)] / system_sizes[s] for g, s in zip(gold_labels, system_labels, strict=True))
    recall = sum(cells[(g, s)] / gold_sizes[g] for g, s in zip(gold_labels, system_labels, strict=True))
    p, r = precision / len(gold_labels), recall / len(gold_labels)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def within_doc_duplicates(gold: Iterable[Mapping[str, Any]], system: Iterable[Mapping[str, Any]],
                          docs: set[str] | None = None) -> dict[str, Any]:
    """Asserted system records of one document that gold counts as one event (see the module docstring)."""
    gold_dates: dict[DyadKey, set[str | None]] = {}
    for record in gold:
        if _asserted(record) and (docs is None or str(record.get("doc_id")) in docs):
            for key in _dyads(record):
                gold_dates.setdefault(key, set()).add(str(record["date"]) if record.get("date") else None)
    records = [r for r in system if _asserted(r) and (docs is None or str(r.get("doc_id")) in docs) and _dyads(r)]
    by_dyad: dict[DyadKey, list[Mapping[str, Any]]] = {}
    for record in records:
        for key in _dyads(record):
            by_dyad.setdefault(key, []).append(record)
    duplicates: dict[str, dict[str, Any]] = {}
    for key, found in by_dyad.items():
        wanted = sorted(gold_dates.get(key, set()), key=lambda d: d or "")
        if not wanted or len(found) < 2:
            continue
        found = sorted(found, key=lambda r: (r.get("sentence") or 0, str(r["event_id"])))
        assigned: dict[str | None, list[Mapping[str, Any]]] = {}
        for record in found:
            when = record.get("date")
            date = next((d for d in wanted if d is not None and d == when), None) or next(
                (d for d in wanted if d is None or date_agrees(when, d)), "unassigned")
            if date != "unassigned":
                assigned.setdefault(date, []).append(record)
        for date, group in assigned.items():
            for record in group[1:]:
                duplicates.setdefault(str(record["event_id"]), {
                    "doc_id": key[0], "event_type": key[1], "source": key[2], "target": key[3],
                    "gold_date": date, "date": record.get("date"), "evidence": record.get("evidence"),
                    "first": group[0].get("evidence")})
    share = round(len(duplicates) / len(records), 4) if records else None
    return {"duplicates": len(duplicates), "records": len(records), "share": share,
            "items": [duplicates[k] for k in sorted(duplicates)]}


def score_clusters(gold: list[dict[str, Any]], system: list[dict[str, Any]],
                   documents: Mapping[str, Mapping[str, Any]] | None = None,
                   docs: set[str] | None = None) -> dict[str, Any]:
    """Cluster the system records and score the clusters against the gold-derived clusters."""
    scope = docs if docs is not None else {str(r.get("doc_id")) for r in gold}
    system = [r for r in system if str(r.get("doc_id")) in scope]
    clusters = cluster_events(system, documents or {})
    wanted = gold_mentions(gold, scope)
    found = system_mentions(clusters, system)
    pairs = align(wanted, found)
    gold_labels = [g.label for g, _ in pairs]
    system_labels = [s.cluster_id for _, s in pairs]
    # End to end: a gold mention the system missed is a cluster of its own on the system side, and a spurious
    # system mention one of its own on the gold side.
    matched_gold, matched_system = {id(g) for g, _ in pairs}, {id(s) for _, s in pairs}
    all_gold = [*gold_labels, *(g.label for g in wanted if id(g) not in matched_gold),
                *(("spurious", *s.key, s.cluster_id) for s in found if id(s) not in matched_system)]
    all_system = [*system_labels, *(("missed", *g.key, g.date or "") for g in wanted if id(g) not in matched_gold),
                  *(s.cluster_id for s in found if id(s) not in matched_system)]
    gold_clusters = Counter(g.label for g in wanted)
    duplicates = within_doc_duplicates(gold, system, scope)
    errors = _errors(pairs)
    return {
        "documents": len(scope),
        "gold_mentions": len(wanted),
        "matched_mentions": len(pairs),
        "coverage": round(len(pairs) / len(wanted), 4) if wanted else None,
        "gold_clusters": len(gold_clusters),
        "gold_multi_document_clusters": sum(1 for n in gold_clusters.values() if n > 1),
        "system_clusters": len(clusters),
        "system_multi_document_clusters": sum(1 for c in clusters if c["num_articles"] > 1),
        "pairwise": pairwise(gold_labels, system_labels),
        "bcubed": bcubed(gold_labels, system_labels),
        "end_to_end": {"pairwise": pairwise(all_gold, all_system), "bcubed": bcubed(all_gold, all_system)},
        "within_doc_duplicates": {k: v for k, v in duplicates.items() if k != "items"},
        "duplicate_items": duplicates["items"],
        "errors": errors,
    }


def _errors(pairs: list[tuple[GoldMention, SystemMention]]) -> list[dict[str, Any]]:
    """The matched mentions that gold and the system group differently: split (gold together, system apart) and
    merged (system together, gold apart), one item per pair of mentions."""
    found = []
    for n, (gold_a, system_a) in enumerate(pairs):
        for gold_b, system_b in pairs[n + 1:]:
            same_gold, same_system = gold_a.label == gold_b.label, system_a.cluster_id == system_b.cluster_id
            if same_gold != same_system:
                found.append({"kind": "split" if same_gold else "merged", "event_type": gold_a.key[1],
                              "dyad": list(gold_a.key[2:]), "documents": [gold_a.key[0], gold_b.key[0]],
                              "gold_dates": [gold_a.date, gold_b.date],
                              "clusters": [system_a.cluster_id, system_b.cluster_id]})
    return found


def _document_info(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"source": record.get("source"), "url": record.get("url"), "published": record.get("published"),
            "title": record.get("title")}


def evaluate_clusters(docs_path: str | Path, gold_path: str | Path, *, extractor: Extractor | None = None,
                      name: str = "clusters") -> dict[str, Any]:
    """Extract the documents' events, cluster them and score the clusters (and within-document duplicates)."""
    records = read_jsonl(docs_path)
    docs = [{"id": str(r.get("id")), "text": r.get("text") or "", "published": r.get("published"),
             "url": r.get("url"), "source": r.get("source")} for r in records]
    system, speed = run_extractor(extractor, docs)
    report = score_clusters(read_jsonl(gold_path), system, {str(r.get("id")): _document_info(r) for r in records},
                            {str(d["id"]) for d in docs})
    report["set"] = name
    report["data"] = {"docs": str(docs_path), "gold": str(gold_path)}
    report["speed"] = speed
    return report


def _sets() -> dict[str, tuple[Path, Path]]:
    return {
        "seeds": (peer_path("dev", "seeds.jsonl"), peer_path("dev", "seeds.gold.jsonl")),
        "dev_real": (peer_path("dev-real", "documents.jsonl"), peer_path("dev-real", "gold.jsonl")),
        "stories": (STORIES_DIR / "documents.jsonl", STORIES_DIR / "gold.jsonl"),
    }


def clusters_suite(*, extractor: Extractor | None = None, limit: int | None = None) -> dict[str, Any]:
    """The gate's clusters suite: seeds, dev-real and Detente's multi-report stories (``limit`` is ignored).

    ``overall`` holds, per set, pairwise and B-cubed F1 and ``duplicate_free`` (1 - the within-document
    duplicate share: the gate's figures are all higher-is-better)."""
    del limit
    reports = {name: evaluate_clusters(docs, gold, extractor=extractor, name=name)
               for name, (docs, gold) in _sets().items()}
    overall: dict[str, Any] = {}
    for name, report in reports.items():
        share = report["within_doc_duplicates"]["share"]
        overall.update({
            f"{name}_pairwise_precision": report["pairwise"]["precision"],
            f"{name}_pairwise_recall": report["pairwise"]["recall"],
            f"{name}_pairwise_f1": report["pairwise"]["f1"],
            f"{name}_bcubed_precision": report["bcubed"]["precision"],
            f"{name}_bcubed_recall": report["bcubed"]["recall"],
            f"{name}_bcubed_f1": report["bcubed"]["f1"],
            f"{name}_end_to_end_pairwise_f1": report["end_to_end"]["pairwise"]["f1"],
            f"{name}_end_to_end_pairwise_recall": report["end_to_end"]["pairwise"]["recall"],
            f"{name}_end_to_end_bcubed_f1": report["end_to_end"]["bcubed"]["f1"],
            f"{name}_coverage": report["coverage"],
            f"{name}_duplicate_share": share,
            f"{name}_duplicate_free": None if share is None else round(1 - share, 4),
        })
    return {
        "suite": "clusters",
        "overall": overall,
        "sets": {name: {k: v for k, v in r.items() if k not in ("errors", "duplicate_items")}
                 for name, r in reports.items()},
        "errors": [{**e, "set": name} for name, r in reports.items() for e in [*r["errors"], *(
            {"kind": "within_doc_duplicate", **d} for d in r["duplicate_items"])]],
        "notes": ["Clusters scored over matched gold/system mentions (coverage = matched / gold); gold clusters: "
                  "same type, dyad and day across documents. duplicate_free = 1 - within-document duplicate share."],
    }


def summary_lines(report: Mapping[str, Any]) -> list[str]:
    """A few readable lines per set of a :func:`clusters_suite` report."""
    lines = []
    for name, result in report["sets"].items():
        pw, b3, dup = result["pairwise"], result["bcubed"], result["within_doc_duplicates"]
        end_pw, end_b3 = result["end_to_end"]["pairwise"], result["end_to_end"]["bcubed"]
        lines += [
            f"{name}: {result['documents']} documents; {result['gold_mentions']} gold mentions in "
            f"{result['gold_clusters']} gold clusters ({result['gold_multi_document_clusters']} of several documents); "
            f"{result['matched_mentions']} matched (coverage {result['coverage']})",
            f"  matched   pairwise P {pw['precision']} R {pw['recall']} F1 {pw['f1']} (gold pairs {pw['gold_pairs']}, "
            f"system pairs {pw['system_pairs']}, both {pw['tp']}); B-cubed P {b3['precision']} R {b3['recall']} "
            f"F1 {b3['f1']}",
            f"  end2end   pairwise P {end_pw['precision']} R {end_pw['recall']} F1 {end_pw['f1']} (gold pairs "
            f"{end_pw['gold_pairs']}, both {end_pw['tp']}); B-cubed P {end_b3['precision']} R {end_b3['recall']} "
            f"F1 {end_b3['f1']}",
            f"  system clusters {result['system_clusters']} ({result['system_multi_document_clusters']} of several "
            f"documents); within-document duplicates {dup['duplicates']} of {dup['records']} asserted records "
            f"(share {dup['share']})",
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cluster scores on the seeds, dev-real and the stories set.")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    parser.add_argument("--errors", action="store_true", help="also list every split, merge and duplicate")
    args = parser.parse_args(argv)
    report = clusters_suite()
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        return 0
    sys.stdout.write("\n".join(summary_lines(report)) + "\n")
    if args.errors:
        for error in report["errors"]:
            sys.stdout.write(json.dumps(error, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
