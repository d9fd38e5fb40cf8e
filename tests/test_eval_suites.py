"""The peer suites, the code tables and the reports, with oracle and broken fake extractors (no NLP)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EVAL_DIR, skip_without_eval_data
from detente.eval.common import unique_ids
from detente.eval.mappings import (
    cameo_table,
    cameo_to_plover,
    gsr_code,
    gsr_mode,
    ngec_sector,
    parse_cameo2plover,
    penta_of_cameo,
    penta_of_type,
)
from detente.eval.report import format_table, to_json, write_errors
from detente.eval.suites import (
    cameo_examples,
    classify_phrase,
    conflibert,
    evaluate_dev,
    ngec_actors,
    parse_petrarch_actors,
    petrarch_validate,
    plover_gold,
)
from detente.eval.suites.cameo import read_cameo_examples
from detente.eval.suites.petrarch import extra_actors_for


def peer(*parts: str) -> Path:
    """A peer data file, or a skip (a failure under CI) naming it."""
    path = EVAL_DIR.joinpath("peers", *parts) if EVAL_DIR is not None else Path("peers", *parts)
    if not path.is_file():
        skip_without_eval_data(str(path))
    return path


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def actor(code: str | None, text: str | None = None, sector: str | None = None) -> dict[str, Any]:
    return {"text": text or str(code), "name": None, "code": code, "sector": sector}


def nothing(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
    list(docs)
    return []


# ------------------------------------------------------------------------------------------ tables


def test_bundled_cameo_table_is_a_fresh_parse_of_the_plover_file() -> None:
    source = peer("PLOVER", "CAMEO2PLOVER-2021.txt")
    from detente.eval.common import data_rows

    assert data_rows("cameo_plover.tsv") == parse_cameo2plover(source.read_text("utf-8"))


@pytest.mark.parametrize(
    ("code", "plover", "origin"),
    [("163", "SANCTION", "override"), ("016", "REJECT", "override"), ("0213", "REQUEST", "prefix"),
     ("036", "CONSULT", "override"), ("1951", "ASSAULT", "prefix"), ("0813", "RETREAT", "table"),
     ("0831", "CONCEDE", "table"), ("057", "SUPPORT", "table"), ("1712", "ASSAULT", "table"),
     ("173", "COERCE", "table"), ("04", "CONSULT", "table")],
)
def test_cameo_to_plover(code: str, plover: str, origin: str) -> None:
    mapping = cameo_to_plover(code)
    assert mapping is not None and (mapping.plover, mapping.origin) == (plover, origin)


@pytest.mark.parametrize("code", ["010", "012", "019", "345", "802", "915", "", None])
def test_unmapped_cameo_codes(code: str | None) -> None:
    assert cameo_to_plover(code) is None


def test_overrides_carry_reasons_and_root_08_is_split() -> None:
    table = cameo_table()
    assert all(m.reason for m in table.values() if m.origin == "override")
    assert "08" not in table


@pytest.mark.parametrize(
    ("kind", "penta"),
    [("AGREE", 1), ("CONSULT", 1), ("SUPPORT", 1), ("COOPERATE", 2), ("AID", 2), ("CONCEDE", 2), ("RETREAT", 2),
     ("ACCUSE", 3), ("REQUEST", 3), ("REJECT", 3), ("THREATEN", 3), ("SANCTION", 3), ("PROTEST", 4),
     ("MOBILIZE", 4), ("COERCE", 4), ("ASSAULT", 4), (None, 0)],
)
def test_penta_of_type(kind: str | None, penta: int) -> None:
    assert penta_of_type(kind) == penta


def test_penta_of_cameo_and_small_tables() -> None:
    assert (penta_of_cameo("0213"), penta_of_cameo("163"), penta_of_cameo("195")) == (0, 3, 4)
    assert (gsr_code("JAP"), gsr_code("IGO"), gsr_code("NGO"), gsr_code("usa")) == ("JPN", "IGO", None, "USA")
    assert (gsr_mode("PROTEST", "strike-hun"), gsr_mode("ASSAULT", "other"), gsr_mode("CONSULT", "phone")) == (
        "hunger", None, "phone")
    assert (ngec_sector("JRN"), ngec_sector("MED"), ngec_sector("GOV"), ngec_sector("")) == ("MED", None, "GOV", None)


# ------------------------------------------------------------------------------------ dev harness


def test_evaluate_dev_with_a_fake_extractor(tmp_path: Path) -> None:
    docs = [{"id": "a", "text": "Britain accused China. China denied it.", "published": "2021-01-02"},
            {"id": "b", "text": "Nothing happened here.", "published": None}]
    gold = [{"doc_id": "a", "event_type": "ACCUSE", "source": [actor("GBR")], "target": [actor("CHN")],
             "status": "asserted", "date": "2021-01-02", "evidence": "Britain accused China."},
            {"doc_id": "a", "event_type": "REJECT", "source": [actor("CHN")], "target": [actor("GBR")],
             "status": "asserted", "date": "2021-01-02", "evidence": "China denied it."}]
    (tmp_path / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs), "utf-8")
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold), "utf-8")
    seen: list[str] = []

    def fake(batch: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        batch = list(batch)
        seen.extend(d["id"] for d in batch)
        found = [dict(gold[0], evidence="Britain accused China.")] if any(d["id"] == "a" for d in batch) else []
        if any(d["id"] == "b" for d in batch):
            found.append({"doc_id": "b", "event_type": "ACCUSE", "source": [actor("USA")], "target": [actor("RUS")],
                          "evidence": "Nothing happened here."})
        return found

    report = evaluate_dev(tmp_path / "docs.jsonl", tmp_path / "gold.jsonl", extractor=fake)
    assert seen[0] == "__warmup__" and {"a", "b"} <= set(seen)
    assert report["overall"]["tp"] == 1 and report["overall"]["fp"] == 1 and report["overall"]["fn"] == 1
    assert report["speed"]["documents"] == 2 and report["speed"]["words"] == 9
    assert {(e["kind"], e["doc_id"]) for e in report["errors"]} == {("false_negative", "a"), ("false_positive", "b")}
    text = format_table(report)
    assert "ACCUSE" in text and "REJECT" in text and "documents/s" in text
    assert "errors" not in json.loads(to_json(report))
    assert write_errors(tmp_path / "errors.txt", report) == 2
    listing = (tmp_path / "errors.txt").read_text("utf-8")
    assert "false_negative a REJECT CHN->GBR" in listing and "evidence: China denied it." in listing
    assert write_errors(tmp_path / "errors.jsonl", {"dev": report}) == 2
    assert all(json.loads(line)["suite"] == "dev" for line in (tmp_path / "errors.jsonl").read_text().splitlines())


# ------------------------------------------------------------------------------------ peer suites


def test_plover_gold_oracle_and_empty() -> None:
    path = peer("PLOVER", "derived_PLOVER_GSR_with_CAMEO.jsonl")
    records = jsonl(path)
    gold = dict(zip(unique_ids(r["id"] for r in records), records, strict=True))

    def oracle(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        out = []
        for doc in docs:
            record = gold.get(doc["id"])
            if record is None:
                continue
            kind = record["plover_event_current"]
            side = {}
            for role in ("source", "target"):
                codes = [gsr_code(a.get("code")) for a in record.get(role) or []]
                side[role] = [actor("UN" if c == "IGO" else c) for c in codes]
            out.append({"doc_id": doc["id"], "event_type": kind, "mode": gsr_mode(kind, record.get("mode")),
                        "status": "asserted", **side})
        return out

    report = plover_gold(path=path, extractor=oracle)
    overall = report["overall"]
    assert overall["sentences"] == 322
    for figure in ("top_type_accuracy", "any_event_match", "mode_accuracy", "dyad_accuracy", "typed_dyad_accuracy"):
        assert overall[figure] == 1.0, figure
    assert overall["dyad_n"] > 250 and overall["mode_n"] > 90
    assert sum(row["n"] for row in report["per_type"].values()) == 322

    empty = plover_gold(path=path, extractor=nothing, limit=20)
    assert empty["overall"]["top_type_accuracy"] == 0.0 and empty["overall"]["no_event_rate"] == 1.0


def test_petrarch_actor_dictionary_parsing() -> None:
    text = """<!-- header
# comment -->
ARNOR_  [ARN]
GOLLUM  # pas
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
#\t[950601-990815]  incorrect
\t[HOBREB > 990816]
ARGENTIN  [ARG]
THE_AU [IGOAFR]
BOROMIR  [---]
GROUP OF 77  [G77]
"""
    entries, ignored = parse_petrarch_actors(text)
    assert ignored == []
    names = {name: entry for entry in entries for name, _ in entry.names}
    assert names["ARNOR"].names == [("ARNOR", True)]
    assert names["SMEAGOL"] is names["GOLLUM"]
    assert names["GOLLUM"].code_on(date(1994, 1, 1)) == "HOB"
    assert names["GOLLUM"].code_on(date(1997, 1, 1)) == "HOBGOV"
    assert names["GOLLUM"].code_on(date(2001, 1, 1)) == "HOBREB"
    texts = ["Smeagol met Arnor's envoy and the Argentine and Argentina delegates.", "The Australian and The AU."]
    extra = extra_actors_for(entries, date(1997, 1, 1), texts)
    assert extra["Smeagol"] == ("HOB", "GOV") and extra["Arnor"] == ("ARN", None)
    assert extra["Argentine"] == extra["Argentina"] == ("ARG", None)
    assert extra["The AU"] == ("IGO", "IGO") and "The Australian" not in extra
    assert "Boromir" not in extra_actors_for(entries, None, ["Boromir spoke."])
    assert extra_actors_for(entries, None, ["The Group of 77 met."])["Group of 77"] == ("G77", None)


def test_petrarch_validate_oracle() -> None:
    path = peer("UniversalPetrarch", "derived_PETR_Validate_records_2_02.jsonl")
    actors = peer("UniversalPetrarch", "PETR_Validate_actors_2_02.txt")
    rows = [r for r in jsonl(path) if r["evaluate"] == "true" and not r["error"]]
    records = dict(zip(unique_ids(r["id"] for r in rows), rows, strict=True))
    extras: list[dict[str, Any]] = []

    def oracle(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        extras.append(kwargs.get("extra_actors") or {})
        out = []
        for doc in docs:
            for event in (records.get(doc["id"]) or {}).get("events") or []:
                mapping = cameo_to_plover(event["cameo"])
                if mapping is None:
                    continue
                out.append({"doc_id": doc["id"], "event_type": mapping.plover, "status": "asserted",
                            "source": [actor(event["source"])], "target": [actor(event["target"])]})
        return out

    report = petrarch_validate(path=path, actors_path=actors, extractor=oracle)
    overall = report["overall"]
    assert (overall["precision"], overall["recall"], overall["f1"]) == (1.0, 1.0, 1.0)
    assert overall["noevents_fp_rate"] == 0.0 and overall["noevents_sentences"] == 18
    assert overall["sentences"] == 257 and overall["dropped_events"] > 0
    assert all(e.get("Arnor") == ("ARN", None) for e in extras if e and "Arnor" in e)
    assert any(e.get("Gondor") == ("GON", None) for e in extras)

    def accuse_everything(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        return [{"doc_id": d["id"], "event_type": "ACCUSE", "source": [actor("ARN")], "target": [actor("GON")]}
                for d in docs]

    bad = petrarch_validate(path=path, actors_path=actors, extractor=accuse_everything)["overall"]
    assert bad["noevents_fp_rate"] == 1.0 and bad["f1"] < 0.2


PEER_FORMATS = Path(__file__).parent / "data" / "peer_formats"  # hand-made files in the peers' layouts


def test_cameo_examples_oracle() -> None:
    """The CAMEO suite on a hand-made eventtypes.csv in the manual's layout (NULL rows, quoted commas, a trailing
    "Note:"); the real manual runs in the gate."""
    path = PEER_FORMATS / "eventtypes.csv"
    rows = read_cameo_examples(path)
    assert [row["code"] for row in rows] == ["010", "016", "0231", "036", "071", "163", "1831"]
    assert rows[2]["text"] == "Freedonia asked the World Bank for an emergency loan, officials said."
    by_text = {row["text"]: row["code"] for row in rows}

    def oracle(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        out = []
        for doc in docs:
            mapping = cameo_to_plover(by_text.get(doc["text"]))
            if mapping is not None:
                out.append({"doc_id": doc["id"], "event_type": mapping.plover, "source": [], "target": []})
        return out

    report = cameo_examples(path=path, extractor=oracle)
    overall = report["overall"]
    assert overall["type_accuracy"] == 1.0 and overall["statement_event_rate"] == 0.0
    assert (overall["sentences"], overall["skipped"]) == (6, 1)  # the 010 statement has no PLOVER type
    assert report["per_type"]["REQUEST"]["n"] == 1

    def consult_everything(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        return [{"doc_id": d["id"], "event_type": "CONSULT", "source": [], "target": []} for d in docs]

    wrong = cameo_examples(path=path, extractor=consult_everything)["overall"]
    assert wrong["type_accuracy"] == round(1 / 6, 4) and wrong["statement_event_rate"] == 1.0


def test_conflibert_oracle_and_limit() -> None:
    path = peer("ConfliBERT", "derived_cameo_train_joined.jsonl")
    rows = {str(r["id"]): r for r in jsonl(path)}
    rows["__warmup__"] = {"penta_label": 0}
    kind_of = {1: "CONSULT", 2: "AID", 3: "ACCUSE", 4: "ASSAULT"}

    def oracle(docs: Iterable[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        out = []
        for doc in docs:
            row = rows[doc["id"]]
            if row["penta_label"] == 0:
                continue
            sources = (row.get("source_spans") or []) + (row.get("reciprocal_spans") or [])
            targets = (row.get("target_spans") or []) + (row.get("reciprocal_spans") or [])
            out.append({"doc_id": doc["id"], "event_type": kind_of[row["penta_label"]],
                        "source": [actor(None, text=s) for s in sources[:1]],
                        "target": [actor(None, text=t) for t in targets[:1]]})
        return out

    report = conflibert(path=path, extractor=oracle, limit=120)
    overall = report["overall"]
    assert overall["sentences"] == 120 and overall["penta_accuracy"] == 1.0
    assert overall["source_span_f1"] == 1.0 and overall["target_span_f1"] == 1.0
    matrix = report["confusion"]["rows_gold_columns_system"]
    assert sum(map(sum, matrix)) == 120 and sum(matrix[i][i] for i in range(5)) == 120


def test_ngec_conventions(tmp_path: Path) -> None:
    cases = [
        ("eu", {"actor": "the European Union"}, {"country": "EUR"}, ("EU", "IGO"), (True, None)),
        ("igo", {"actor": "World Bank"}, {"country": "IGO"}, ("WB", "IGO"), (True, None)),
        ("none", {"actor": "a demand"}, {"code": None}, (None, None), (True, None)),
        ("not", {"actor": "John Waluke"}, {"country__NotEq": "GBR"}, ("GBR", "GOV"), (False, None)),
        ("two", {"actor": "Defense Minister", "query_date": "Today"}, {"country": "", "code_1": "GOV",
                                                                       "code_2": "MIL"}, (None, "MIL"), (True, True)),
        ("jrn", {"actor": "Ukrainian journalists"}, {"country": "UKR", "code_1": "JRN"}, ("UKR", "MED"), (True, True)),
        ("med", {"actor": "ambulance"}, {"country": "", "code_1": "MED"}, (None, "MED"), (True, None)),
        ("in", {"actor": "Hezbollah"}, {"country": "LBN", "code_1__In": ["PTY", "REB"]}, ("LBN", "REB"),
         (True, True)),
        ("swapped", {"actor": "Feliciano Valencia"}, {"country": "LEG", "code_1": "COL"}, ("COL", "LEG"),
         None),
        ("wiki", {"actor": "Alhaji Atiku Abubakar"}, {"wiki": "Atiku Abubakar"}, ("NGA", "ELI"), None),
    ]
    lines = [json.dumps({"test": name, "status": "active", "function": "agent_to_code", "input": given,
                         "expected": expected}) for name, given, expected, _, _ in cases]
    lines.append(json.dumps({"test": "nat", "status": "active", "function": "search_nat", "input": {"text": "x"},
                             "expected": {"country": "GBR"}}))
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines), "utf-8")
    answers = {given["actor"]: answer for _, given, _, answer, _ in cases}
    calls: list[tuple[str, Any]] = []

    class Resolution:
        def __init__(self, code: str | None, sector: str | None) -> None:
            self.code, self.sector = code, sector

    def resolver(text: str, *, date: Any = None, context: Any = None, **kwargs: Any) -> Resolution:
        calls.append((text, date))
        return Resolution(*answers[text])

    report = ngec_actors(path=path, resolver=resolver)
    assert report["overall"]["skipped"] == 2 and report["overall"]["cases"] == 8
    judged = {c["doc_id"]: c for c in report["errors"]}
    assert set(judged) == {"not"}
    assert ("Defense Minister", None) in calls
    assert report["overall"]["country_accuracy"] == round(7 / 8, 4)
    assert report["overall"]["sector_accuracy"] == 1.0


def test_ngec_active_figures_count_every_active_case_and_only_those(tmp_path: Path) -> None:
    cases = [("a", "active", "CHN"), ("b", "active", "RUS"), ("c", "active", "USA"), ("d", "xfail", "FRA"),
             ("e", "skip", "DEU")]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps({"test": name, "status": status, "function": "agent_to_code",
                                          "input": {"actor": name}, "expected": {"country": want, "code_1": "GOV"}})
                              for name, status, want in cases), "utf-8")

    class Resolution:
        code, sector = "CHN", "GOV"  # right for "a" only

    report = ngec_actors(path=path, resolver=lambda text, **kwargs: Resolution())
    overall = report["overall"]
    assert (overall["active_cases"], overall["active_country_n"], overall["active_sector_n"]) == (3, 3, 3)
    assert overall["active_country_accuracy"] == round(1 / 3, 4) and overall["active_sector_accuracy"] == 1.0
    assert overall["country_accuracy"] == round(1 / 5, 4)  # the figure over every status is kept
    assert report["subsets"]["active"]["cases"] == 3


@pytest.mark.parametrize(
    ("phrase", "subset"),
    [("Armenian Prime Minister", "language"), ("Mexican authorities", "language"), ("TEHRAN", "language"),
     ("Britain’s Defense Ministry", "language"), ("an opposition lawmaker", "language"),
     ("the European Union", "language"), ("The Pentagon", "language"), ("Kwasi Kwarteng", "encyclopedia"),
     ("Armenian Prime Minister Nikol Pashinyan", "encyclopedia"), ("Riigikogu", "encyclopedia"),
     ("The DEA", "encyclopedia"), ("Shanghai police", "encyclopedia"), ("Northern Fleet", "encyclopedia")],
)
def test_classify_phrase(phrase: str, subset: str) -> None:
    label, unknown = classify_phrase(phrase)
    assert label == subset, unknown
    assert bool(unknown) is (subset == "encyclopedia")


def test_ngec_real_cases_split_into_both_subsets() -> None:
    path = peer("NGEC-2025", "derived_actor_resolution_cases.jsonl")

    class Nothing:
        code = sector = None

    report = ngec_actors(path=path, resolver=lambda text, **kwargs: Nothing())
    overall = report["overall"]
    assert overall["cases"] + overall["skipped"] == 332
    assert overall["language_cases"] > 100 and overall["encyclopedia_cases"] > 100
    assert all(case["rule"] for case in report["encyclopedia_cases"])
    assert "per expected sector" in format_table(report)


@pytest.mark.parametrize(
    ("event_type", "status", "expected"),
    [("AID", "planned", "AGREE"), ("SUPPORT", "hypothetical", "AGREE"), ("AID", "asserted", "AID"),
     ("SANCTION", "planned", "THREATEN"), ("SANCTION", "asserted", "SANCTION"), ("CONSULT", "planned", "CONSULT")],
)
def test_eval_common_intent_convention(event_type: str, status: str, expected: str) -> None:
    from detente.eval.common import in_cameo_convention

    assert in_cameo_convention({"event_type": event_type, "status": status})["event_type"] == expected
