"""The cluster scorer (detente.eval.clusters): pairwise and B-cubed figures on hand-made clusterings, gold
clusters from gold records, alignment, within-document duplicates, and the suite on the stories set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from detente.eval.clusters import (
    STORIES_DIR,
    bcubed,
    evaluate_clusters,
    gold_mentions,
    pairwise,
    score_clusters,
    within_doc_duplicates,
)
from detente.eval.common import read_jsonl
from detente.eval.gate import GATE_METRICS
from detente.eval.suites import GATE_LIMITS, SUITES


def actor(code: str | None) -> dict[str, Any]:
    return {"text": code or "someone", "name": code, "code": code, "sector": "GOV"}


def record(doc_id: str, kind: str, source: str, target: str, date: str | None, status: str = "asserted",
           **extra: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "event_type": kind, "mode": None, "source": [actor(source)], "target": [actor(target)],
            "date": date, "status": status, "evidence": f"{source} {kind} {target}", **extra}


def system(event_id: str, *args: Any, **extra: Any) -> dict[str, Any]:
    found = record(*args, **extra)
    found.update({"event_id": event_id, "date_precision": "day" if found["date"] and len(found["date"]) == 10
                  else ("month" if found["date"] else None), "confidence": 0.8, "sentence": 0, "mentions": []})
    return found


# -- the figures ----------------------------------------------------------------------------------------------

def test_pairwise_and_bcubed_on_a_known_clustering():
    gold = ["a", "a", "a", "b", "b", "c"]
    ours = ["x", "x", "y", "y", "y", "z"]
    pw = pairwise(gold, ours)
    # gold pairs: 3 (a) + 1 (b) = 4; system pairs: 1 (x) + 3 (y) = 4; both: 1 (a,x) + 1 (b,y) = 2
    assert (pw["gold_pairs"], pw["system_pairs"], pw["tp"]) == (4, 4, 2)
    assert (pw["precision"], pw["recall"], pw["f1"]) == (0.5, 0.5, 0.5)
    b3 = bcubed(gold, ours)
    # precision per item: 1, 1, 1/3, 2/3, 2/3, 1 -> 14/18; recall: 2/3, 2/3, 1/3, 1, 1, 1 -> 14/18
    assert b3["precision"] == b3["recall"] == round(14 / 18, 4)


def test_perfect_and_undefined_clusterings():
    assert pairwise(["a", "a", "b"], ["x", "x", "y"])["f1"] == 1.0
    assert bcubed(["a", "a", "b"], ["x", "x", "y"])["f1"] == 1.0
    singletons = pairwise(["a", "b"], ["x", "y"])
    assert (singletons["precision"], singletons["recall"], singletons["f1"]) == (None, None, None)
    merged = pairwise(["a", "b"], ["x", "x"])
    assert (merged["precision"], merged["recall"]) == (0.0, None)
    assert bcubed([], [])["f1"] is None


# -- gold clusters --------------------------------------------------------------------------------------------

def test_gold_clusters_need_the_same_type_dyad_and_day():
    gold = [
        record("d1", "SANCTION", "GBR", "CHN", "2021-03-22"),
        record("d2", "SANCTION", "GBR", "CHN", "2021-03-22"),
        record("d3", "SANCTION", "GBR", "CHN", "2021-03-23"),
        record("d4", "CONSULT", "CHN", "USA", "2023-06-19"),
        record("d5", "CONSULT", "USA", "CHN", "2023-06-19"),
        record("d6", "SANCTION", "GBR", "CHN", "2021-03"),
        record("d7", "SANCTION", "GBR", "CHN", "2021-03"),
        record("d8", "SANCTION", "GBR", "CHN", "2021-03-22", status="planned"),
    ]
    labels: dict[str, Any] = {m.key[0]: m.label for m in gold_mentions(gold)}
    assert "d8" not in labels
    assert labels["d1"] == labels["d2"] != labels["d3"]
    assert labels["d4"] == labels["d5"]
    assert labels["d6"] != labels["d7"]  # a month is not a day


def test_compound_gold_records_give_one_mention_per_dyad():
    gold = [{**record("d1", "SANCTION", "EU", "CHN", "2021-03-22"),
             "source": [actor("EU"), actor("GBR"), actor(None)]}]
    assert sorted(m.key for m in gold_mentions(gold)) == [("d1", "SANCTION", "EU", "CHN"),
                                                          ("d1", "SANCTION", "GBR", "CHN")]


# -- scoring a system ---------------------------------------------------------------------------------------------

GOLD = [
    record("d1", "SANCTION", "GBR", "CHN", "2021-03-22"),
    record("d2", "SANCTION", "GBR", "CHN", "2021-03-22"),
    record("d3", "SANCTION", "GBR", "CHN", "2021-03-22"),
    record("d1", "ACCUSE", "CHN", "GBR", "2021-03-22"),
    record("d2", "ACCUSE", "CHN", "GBR", "2021-03-23"),
]


def test_score_clusters_perfect_system():
    ours = [system(f"e{n}", r["doc_id"], r["event_type"], r["source"][0]["code"], r["target"][0]["code"], r["date"])
            for n, r in enumerate(GOLD)]
    report = score_clusters(GOLD, ours)
    assert report["coverage"] == 1.0
    assert report["gold_multi_document_clusters"] == 1
    assert report["pairwise"]["f1"] == report["bcubed"]["f1"] == 1.0
    assert report["end_to_end"]["pairwise"]["f1"] == 1.0
    assert report["errors"] == []


def test_score_clusters_counts_splits_and_merges_over_matched_mentions():
    ours = [
        system("e1", "d1", "SANCTION", "GBR", "CHN", "2021-03-22"),
        system("e2", "d2", "SANCTION", "GBR", "CHN", "2021-03-22"),
        system("e3", "d3", "SANCTION", "GBR", "CHN", "2021-03-25"),  # a wrong date: split off
        system("e4", "d1", "ACCUSE", "CHN", "GBR", "2021-03-23"),  # wrong dates, the same: merged
        system("e5", "d2", "ACCUSE", "CHN", "GBR", "2021-03-23"),
    ]
    report = score_clusters(GOLD, ours)
    assert report["matched_mentions"] == 5  # the main score matches dyad events whatever their date
    assert report["pairwise"]["tp"] == 1 and report["pairwise"]["system_pairs"] == 2
    assert report["pairwise"]["gold_pairs"] == 3
    assert sorted(e["kind"] for e in report["errors"]) == ["merged", "split", "split"]


def test_end_to_end_counts_missed_mentions_as_split():
    ours = [system("e1", "d1", "SANCTION", "GBR", "CHN", "2021-03-22"),
            system("e2", "d2", "SANCTION", "GBR", "CHN", "2021-03-22")]
    report = score_clusters(GOLD, ours)
    assert report["pairwise"]["f1"] == 1.0
    assert report["coverage"] == 0.4
    assert report["end_to_end"]["pairwise"]["recall"] == round(1 / 3, 4)


def test_within_document_duplicates():
    gold = [record("d1", "CONSULT", "USA", "CHN", "2023-06-19"), record("d1", "ACCUSE", "USA", "CHN", "2023-06-19"),
            record("d1", "ACCUSE", "USA", "CHN", "2023-06-20")]
    ours = [
        system("e1", "d1", "CONSULT", "USA", "CHN", "2023-06-19", sentence=0),  # headline
        system("e2", "d1", "CONSULT", "CHN", "USA", "2023-06-19", sentence=3),  # the body: a duplicate
        system("e3", "d1", "CONSULT", "USA", "CHN", "2023-05-01", sentence=5),  # another date: not one gold counts
        system("e4", "d1", "ACCUSE", "USA", "CHN", "2023-06-19", sentence=1),
        system("e5", "d1", "ACCUSE", "USA", "CHN", "2023-06-20", sentence=2),  # gold has both days
        system("e6", "d1", "ACCUSE", "USA", "CHN", "2023-06-19", status="planned"),
    ]
    found = within_doc_duplicates(gold, ours)
    assert (found["duplicates"], found["records"], found["share"]) == (1, 5, 0.2)
    assert found["items"][0]["evidence"] == "CHN CONSULT USA"


# -- the suite ------------------------------------------------------------------------------------------------

def test_clusters_suite_is_registered_and_gated():
    assert SUITES["clusters"].__name__ == "clusters_suite"
    assert GATE_LIMITS["clusters"] is None
    assert "stories_pairwise_f1" in GATE_METRICS["clusters"]


def test_stories_gold_has_several_documents_per_story():
    gold = read_jsonl(STORIES_DIR / "gold.jsonl")
    docs = read_jsonl(STORIES_DIR / "documents.jsonl")
    assert {r["doc_id"] for r in gold} <= {d["id"] for d in docs}
    mentions = gold_mentions(gold)
    sizes: dict[Any, set[str]] = {}
    for mention in mentions:
        sizes.setdefault(mention.label, set()).add(mention.key[0])
    assert sum(1 for docs_ in sizes.values() if len(docs_) > 1) == 10


@pytest.fixture(scope="module")
def stories_report() -> dict[str, Any]:
    return evaluate_clusters(STORIES_DIR / "documents.jsonl", STORIES_DIR / "gold.jsonl", name="stories")


def test_stories_report_shape(stories_report: dict[str, Any]):
    assert stories_report["documents"] == 14
    assert stories_report["gold_multi_document_clusters"] == 10
    assert stories_report["end_to_end"]["pairwise"]["gold_pairs"] == 16
    for key in ("pairwise", "bcubed", "within_doc_duplicates", "coverage", "errors", "speed"):
        assert key in stories_report
    assert 0 < stories_report["coverage"] <= 1


def test_stories_data_is_in_the_repository():
    assert Path(STORIES_DIR / "README.md").is_file()
