"""Cross-document event clusters (detente.pipeline.cluster) on hand-made event records: the matching rules, the
canonical record and counts, and that the result depends only on the set of events (order, batches, re-runs)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.pipeline.cluster import (
    DATE_WINDOW_DAYS,
    cluster_events,
    cluster_id,
    dyads,
    group_keys,
    publisher,
)


def actor(code: str | None, text: str | None = None, sector: str | None = "GOV", name: str | None = None) -> dict:
    return {"text": text or code or "someone", "name": name or code, "code": code, "sector": sector}


def event(event_id: str, doc_id: str, kind: str = "SANCTION", source=("GBR",), target=("CHN",), date="2021-03-22",
          precision: str | None = "day", status: str = "asserted", mode: str | None = None, confidence: float = 0.8,
          **extra: Any) -> dict:
    def side(codes):
        return [c if isinstance(c, dict) else actor(c) for c in codes]

    return {"event_id": event_id, "doc_id": doc_id, "event_type": kind, "mode": mode, "source": side(source),
            "target": side(target), "date": date, "date_precision": precision if date else None, "status": status,
            "location": None, "context": [], "evidence": f"evidence of {event_id}", "sentence": 0, "start_char": 0,
            "end_char": 20, "trigger": {"text": "sanctioned", "lemma": "sanction", "start_char": 3},
            "attribution": None, "confidence": confidence, "cameo": None, "plover_score": None, "quad_class": None,
            "mentions": [], **extra}


def groups(clusters: list[dict]) -> set[frozenset[str]]:
    """The clusters as sets of member event ids (what the tests compare)."""
    return {frozenset(m["event_id"] for m in c["members"]) for c in clusters}


def with_member(clusters: list[dict], event_id: str, group_key: str | None = None) -> dict:
    found = [c for c in clusters if any(m["event_id"] == event_id for m in c["members"])
             and (group_key is None or c["group_key"] == group_key)]
    assert len(found) == 1, found
    return found[0]


# -- groups and dyads -----------------------------------------------------------------------------------------

def test_dyads_expand_compound_sides_and_sort_symmetric_types():
    compound = event("e1", "d1", source=("EU", "GBR", "USA", "CAN"), target=("CHN",))
    assert dyads(compound) == [("CAN", "CHN"), ("EU", "CHN"), ("GBR", "CHN"), ("USA", "CHN")]
    assert dyads(event("e2", "d1", kind="CONSULT", source=("USA",), target=("CHN",))) == [("CHN", "USA")]
    assert dyads(event("e3", "d1", kind="MOBILIZE", source=("PRK",), target=())) == [("PRK", "")]
    assert dyads(event("e4", "d1", source=(actor(None, "activists"),), target=(actor(None, "critics"),))) == []


def test_group_keys_name_type_status_and_dyad():
    assert group_keys(event("e1", "d1")) == ["SANCTION|asserted|GBR|CHN"]
    assert group_keys(event("e2", "d1", status="planned")) == ["SANCTION|planned|GBR|CHN"]
    uncoded = event("e3", "d1", source=(actor(None),), target=(actor(None),))
    assert group_keys(uncoded) == ["event|e3"]


def test_compound_source_meets_each_member_in_other_reports():
    joint = event("a1", "d1", source=("EU", "GBR", "USA", "CAN"))
    uk = event("a2", "d2", source=("GBR",))
    us = event("a3", "d3", source=("USA",))
    clusters = cluster_events([joint, uk, us])
    assert with_member(clusters, "a2")["group_key"] == "SANCTION|asserted|GBR|CHN"
    assert {m["event_id"] for m in with_member(clusters, "a2")["members"]} == {"a1", "a2"}
    assert {m["event_id"] for m in with_member(clusters, "a3")["members"]} == {"a1", "a3"}
    assert with_member(clusters, "a1", "SANCTION|asserted|EU|CHN")["num_articles"] == 1
    assert len(clusters) == 4  # one per dyad of the joint sanctions


def test_symmetric_types_match_either_way_round_and_others_do_not():
    consult = cluster_events([event("c1", "d1", kind="CONSULT", source=("USA",), target=("PRK",)),
                              event("c2", "d2", kind="CONSULT", source=("PRK",), target=("USA",))])
    assert groups(consult) == {frozenset({"c1", "c2"})}
    accuse = cluster_events([event("a1", "d1", kind="ACCUSE", source=("USA",), target=("CHN",)),
                             event("a2", "d2", kind="ACCUSE", source=("CHN",), target=("USA",))])
    assert groups(accuse) == {frozenset({"a1"}), frozenset({"a2"})}


def test_type_status_and_mode_must_be_compatible():
    clusters = cluster_events([
        event("s1", "d1", mode="expel"), event("s2", "d2", mode=None), event("s3", "d3", mode="discontinue"),
        event("s4", "d4", status="planned"), event("t1", "d5", kind="THREATEN"),
    ])
    assert groups(clusters) == {frozenset({"s1", "s2"}), frozenset({"s3"}), frozenset({"s4"}), frozenset({"t1"})}


# -- dates ----------------------------------------------------------------------------------------------------

def test_stated_days_must_be_equal():
    clusters = cluster_events([event("x1", "d1", date="2023-06-18"), event("x2", "d2", date="2023-06-19"),
                               event("x3", "d3", date="2023-06-19")])
    assert groups(clusters) == {frozenset({"x1"}), frozenset({"x2", "x3"})}


def test_publication_day_stand_in_joins_within_the_window():
    assert DATE_WINDOW_DAYS == 1
    stated = event("p1", "d1", date="2021-03-22")
    next_day = event("p2", "d2", date="2021-03-23", precision="day (publication)")
    too_late = event("p3", "d3", date="2021-03-24", precision="day (publication)")
    assert groups(cluster_events([stated, next_day, too_late])) == {frozenset({"p1", "p2"}), frozenset({"p3"})}


def test_stand_in_prefers_its_own_day():
    monday = event("m1", "d1", date="2023-06-18")
    tuesday = event("m2", "d2", date="2023-06-19")
    stand_in = event("m3", "d3", date="2023-06-19", precision="day (publication)")
    assert groups(cluster_events([monday, tuesday, stand_in])) == {frozenset({"m1"}), frozenset({"m2", "m3"})}


def test_month_joins_the_only_day_cluster_of_its_month():
    clusters = cluster_events([event("d1", "a", date="2021-03-22"), event("d2", "b", date="2021-03-22"),
                               event("m1", "c", date="2021-03", precision="month")])
    assert groups(clusters) == {frozenset({"d1", "d2", "m1"})}
    record = with_member(clusters, "m1")
    assert (record["date"], record["date_precision"]) == ("2021-03-22", "day")  # the most precise date


def test_month_with_two_day_clusters_stays_with_its_period():
    clusters = cluster_events([event("d1", "a", date="2021-03-02"), event("d2", "b", date="2021-03-22"),
                               event("m1", "c", date="2021-03", precision="month"),
                               event("m2", "e", date="2021-03", precision="month"),
                               event("y1", "f", date="2020", precision="year")])
    assert groups(clusters) == {frozenset({"d1"}), frozenset({"d2"}), frozenset({"m1", "m2"}), frozenset({"y1"})}


def test_events_without_a_date_are_clusters_of_their_own():
    clusters = cluster_events([event("n1", "a", date=None), event("n2", "b", date=None),
                               event("n3", "c", date="not a date")])
    assert groups(clusters) == {frozenset({"n1"}), frozenset({"n2"}), frozenset({"n3"})}


# -- the cluster record ---------------------------------------------------------------------------------------

DOCUMENTS = {
    "d1": {"source": "Northern Ledger", "url": "https://northernledger.example/a", "published": "2021-03-23"},
    "d2": {"source": "northern  ledger", "url": "https://www.northernledger.example/b", "published": "2021-03-22"},
    "d3": {"source": None, "url": "https://www.harbour.example/c", "published": "2021-03-22"},
    "d4": {},
}


def test_counts_first_report_and_publishers():
    records = [event("e1", "d1", mentions=[{"sentence": 0}, {"sentence": 4}]), event("e2", "d2"),
               event("e3", "d3"), event("e4", "d4"), event("e5", "d4")]
    [cluster] = cluster_events(records, DOCUMENTS)
    assert cluster["num_mentions"] == 6  # two sentences of e1, one for each other report
    assert cluster["num_articles"] == 4
    assert cluster["publishers"] == ["document d4", "harbour.example", "northern ledger"]
    assert cluster["num_sources"] == 3
    assert (cluster["first_doc_id"], cluster["first_published"]) == ("d2", "2021-03-22")
    assert cluster["first_url"] == "https://www.northernledger.example/b"
    assert [m["doc_id"] for m in cluster["members"]] == ["d2", "d3", "d1", "d4", "d4"]


def test_publisher_falls_back_from_source_to_site_to_document():
    assert publisher({"source": " Voice of  America "}, "x") == "voice of america"
    assert publisher({"url": "http://www.voanews.com/content/1.html"}, "x") == "voanews.com"
    assert publisher({"url": "voanews.com/a"}, "x") == "voanews.com"
    assert publisher(None, "x") == "document x"


def test_canonical_record_takes_the_best_evidence_and_most_common_actor():
    weak = event("w", "d1", confidence=0.5, source=(actor("GBR", "Britain", name="United Kingdom"),),
                 target=(actor("CHN", "Chinese officials", sector="GOV"),))
    strong = event("s", "d2", confidence=0.9, mode="discontinue",
                   source=(actor("GBR", "London", name="United Kingdom"),),
                   target=(actor("CHN", "four officials", sector="GOV"),))
    other = event("o", "d3", confidence=0.7, source=(actor("GBR", "the UK", name="UK"),),
                  target=(actor("CHN", "Xinjiang officials", sector="COP"),), context=["human_rights"])
    [cluster] = cluster_events([weak, strong, other])
    assert (cluster["event_id"], cluster["doc_id"], cluster["evidence"]) == ("s", "d2", "evidence of s")
    assert cluster["source"] == [{"text": "London", "name": "United Kingdom", "code": "GBR", "sector": "GOV"}]
    assert cluster["target"][0]["sector"] == "GOV"
    assert cluster["mode"] == "discontinue"
    assert (cluster["cameo"], cluster["quad_class"]) == ("162", 4)
    assert cluster["context"] == ["human_rights"]


def test_canonical_location_is_the_most_precise():
    city = {"text": "in Beijing", "name": "Beijing", "country_code": "CHN", "admin1": "Beijing", "lat": 39.9,
            "lon": 116.4, "geonames_id": 1816670, "precision": "city", "method": "preposition", "confidence": 0.6}
    country = {**city, "name": "China", "precision": "country", "confidence": 0.9}
    [cluster] = cluster_events([event("a", "d1", location=country, confidence=0.9),
                                event("b", "d2", location=city, confidence=0.5)])
    assert cluster["location"]["name"] == "Beijing"


def test_symmetric_cluster_keeps_the_best_reports_orientation():
    visit = event("v", "d1", kind="CONSULT", mode="visit", confidence=0.9, source=("USA",), target=("CHN",))
    hosted = event("h", "d2", kind="CONSULT", confidence=0.5, source=("CHN",), target=("USA",))
    [cluster] = cluster_events([hosted, visit])
    assert (cluster["source"][0]["code"], cluster["target"][0]["code"]) == ("USA", "CHN")


def test_uncoded_side_keeps_the_best_reports_words():
    record = event("u", "d1", kind="MOBILIZE", source=("PRK",), target=(actor(None, "the region", sector=None),))
    [cluster] = cluster_events([record])
    assert cluster["group_key"] == "MOBILIZE|asserted|PRK|"
    assert cluster["target"] == [{"text": "the region", "name": None, "code": None, "sector": None}]


# -- ids and determinism --------------------------------------------------------------------------------------

def test_cluster_id_from_group_and_first_event():
    [cluster] = cluster_events([event("b", "d2"), event("a", "d1")])
    assert cluster["cluster_id"] == cluster_id("SANCTION|asserted|GBR|CHN", "a")
    assert len(cluster["cluster_id"]) == 16 and int(cluster["cluster_id"], 16) >= 0


def _corpus() -> list[dict]:
    found = []
    for n in range(30):
        found.append(event(f"e{n:02d}", f"d{n % 7}", kind=random.Random(n).choice(["SANCTION", "CONSULT"]),
                           source=random.Random(n + 1).choice([("GBR",), ("USA", "GBR"), ("CHN",)]),
                           target=random.Random(n + 2).choice([("CHN",), ("USA",)]),
                           date=random.Random(n + 3).choice(["2021-03-22", "2021-03-23", "2021-03", None, "2021"]),
                           precision=random.Random(n + 4).choice(["day", "day (publication)"]),
                           mode=random.Random(n + 5).choice([None, None, "expel"])))
    for record in found:
        if record["date"] and len(record["date"]) == 7:
            record["date_precision"] = "month"
        elif record["date"] and len(record["date"]) == 4:
            record["date_precision"] = "year"
    return found


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(30))))
def test_clusters_do_not_depend_on_the_order_of_events(order: list[int]):
    corpus = _corpus()
    assert cluster_events([corpus[i] for i in order]) == cluster_events(corpus)


@pytest.mark.parametrize("split", [1, 10, 17, 29])
def test_recomputing_touched_groups_equals_clustering_from_scratch(split: int):
    """What the store does: cluster the first batch, then recompute only the groups the second batch touches."""
    corpus = _corpus()
    first, second = corpus[:split], corpus[split:]
    clusters = {c["cluster_id"]: c for c in cluster_events(first)}
    touched = {key for record in second for key in group_keys(record)}
    stored = [r for r in first if set(group_keys(r)) & touched]
    for key in touched:
        clusters = {k: c for k, c in clusters.items() if c["group_key"] != key}
    clusters.update({c["cluster_id"]: c for c in cluster_events([*stored, *second], groups=touched)})
    assert sorted(clusters.values(), key=lambda c: c["cluster_id"]) == cluster_events(corpus)


def test_a_repeated_event_is_used_once():
    record = event("e1", "d1")
    assert cluster_events([record, dict(record)]) == cluster_events([record])
