"""The Python API and the CLI end to end: ingest the sample corpus into a temporary store, then query it."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from detente import api
from detente.cli import app
from detente.core.ontology import PLOVER_TYPES
from detente.store.db import Store

pytestmark = pytest.mark.usefixtures("detente_env")

ERRORS = {"DetenteError", "InputError", "ModelNotInstalledError", "NotFoundError", "QueryError", "SchemaVersionError",
          "StoreBusyError",
          "StoreError"}
# Typed records the API returns (README "From Python").
RECORDS = {"ActorRecord", "ClaimRecord", "EventRecord", "IngestSummary", "KnownActor", "MentionRecord", "QuoteRecord",
           "Resolution"}
# The Python API as documented: README "From Python" (detente.ingest, detente.events, detente.resolve_actor) and
# the functions of detente/api.py, "The Python API", which the CLI wraps.
DOCUMENTED = ERRORS | RECORDS | {"ingest", "documents", "document", "sample_corpus", "extract", "list_events",
                                 "list_places", "list_actors", "resolve_actor", "correct_actor", "list_quotes",
                                 "list_claims", "actors_kb", "list_clusters", "export"}

EVENT_COLUMNS = ["event_id", "doc_id", "date", "event_type", "mode", "status", "source", "target", "evidence",
                 "confidence", "cameo", "plover_score", "quad_class", "location"]
QUOTE_COLUMNS = ["quote_id", "doc_id", "date", "kind", "speaker", "speaker_code", "verb", "addressee", "text"]
CLAIM_COLUMNS = ["claim_id", "doc_id", "date", "qualifier", "value", "unit", "thing", "claimant_code", "claimant",
                 "text"]
ACTOR_COLUMNS = ["code", "sector", "name", "mentions", "docs", "method"]
TABLES = ("documents", "events", "mentions", "quotes", "claims")


# -- names -------------------------------------------------------------------------------------------------

def test_api_package_all_is_the_documented_api():
    assert set(detente.__all__) == DOCUMENTED


def test_api_package_all_names_importable():
    module = importlib.import_module("detente")
    assert list(module.__all__) == sorted(module.__all__)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    namespace: dict = {}
    exec(f"from detente import {', '.join(module.__all__)}", namespace)
    assert set(module.__all__) <= set(namespace)


def test_api_module_all_names_exist():
    assert len(api.__all__) == len(set(api.__all__))
    for name in api.__all__:
        assert callable(getattr(api, name)), name
    assert set(api.__all__) == DOCUMENTED - ERRORS - RECORDS


@pytest.mark.parametrize("name", ["events", "actors", "quotes"])
def test_api_package_function_survives_subpackage_import(name: str):
    importlib.import_module(f"detente.{name}")
    importlib.import_module("detente.events.extract")
    assert getattr(detente, f"list_{name}") is getattr(api, f"list_{name}")


# -- end to end through the API ----------------------------------------------------------------------------

def _counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return {table: int(store.query(f"SELECT count(*) AS n FROM {table}")["n"][0]) for table in TABLES}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("api") / "detente.duckdb"
    first = detente.ingest([detente.sample_corpus()], db=db)
    counts = _counts(db)
    second = detente.ingest([detente.sample_corpus()], db=db)
    return {"db": db, "first": first, "second": second, "counts": counts, "after": _counts(db)}


def test_api_ingest_stores_everything(store):
    first, counts = store["first"], store["counts"]
    assert first.failed == []
    assert first.new == counts["documents"] >= 8
    assert first.events == counts["events"] > 0
    for table in TABLES:
        assert counts[table] > 0, table


def test_api_ingest_twice_adds_nothing(store):
    second = store["second"]
    assert second.new == 0
    assert second.duplicate == store["first"].new
    assert second.events == 0
    assert store["after"] == store["counts"]


def test_api_events_frame(store):
    frame = api.list_events(db=store["db"])
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == EVENT_COLUMNS
    assert len(frame) == store["counts"]["events"]
    assert set(frame["event_type"]) <= set(PLOVER_TYPES)
    assert set(frame["status"]) <= {"asserted", "planned", "hypothetical", "negated"}


def _has_code(cell, code: str) -> bool:
    return code in str(cell or "").split(",")


def test_api_events_actor_filter(store):
    everything = api.list_events(db=store["db"])
    russia = api.list_events(db=store["db"], actor="RUS")
    assert list(russia.columns) == EVENT_COLUMNS
    coded = everything[everything["source"].map(lambda c: _has_code(c, "RUS"))
                       | everything["target"].map(lambda c: _has_code(c, "RUS"))]
    assert len(coded) > 0
    assert set(coded["event_id"]) <= set(russia["event_id"])


@pytest.mark.parametrize("event_type", ["SANCTION", "sanction", "CONSULT"])
def test_api_events_type_filter(store, event_type: str):
    everything = api.list_events(db=store["db"])
    frame = api.list_events(db=store["db"], event_type=event_type)
    assert list(frame.columns) == EVENT_COLUMNS
    assert len(frame) > 0
    assert set(frame["event_type"]) == {event_type.upper()}
    assert len(frame) == int((everything["event_type"] == event_type.upper()).sum())


def test_api_events_combined_filters(store):
    frame = api.list_events(db=store["db"], actor="RUS", event_type="SANCTION", status="asserted", limit=5)
    assert 0 < len(frame) <= 5
    assert set(frame["event_type"]) == {"SANCTION"}
    assert set(frame["status"]) == {"asserted"}


def test_api_quotes_claims_actors_frames(store):
    quotes = api.list_quotes(db=store["db"])
    claims = api.list_claims(db=store["db"])
    actors = api.list_actors(db=store["db"])
    for frame, columns, table in ((quotes, QUOTE_COLUMNS, "quotes"), (claims, CLAIM_COLUMNS, "claims")):
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == columns
        assert len(frame) == store["counts"][table]
    assert list(actors.columns) == ACTOR_COLUMNS
    assert {"USA", "CHN", "RUS", "GBR"} <= set(actors["code"])
    assert set(quotes["kind"]) <= {"direct", "partial", "indirect"}
    usa = api.list_quotes(db=store["db"], code="usa")
    assert len(usa) > 0 and set(usa["speaker_code"]) == {"USA"}


# -- the CLI -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _invoke(runner: CliRunner, *args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _json_stream(text: str) -> list[dict]:
    decoder, records, index = json.JSONDecoder(), [], 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            return records
        record, index = decoder.raw_decode(text, index)
        records.append(record)


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_cli_extract_writes_json_lines(runner, tmp_path: Path):
    source = detente.sample_corpus() / "04_xinjiang_sanctions.txt"
    out = tmp_path / "out.jsonl"
    output = _invoke(runner, "extract", str(source), "-o", str(out))
    lines = out.read_text("utf-8").splitlines()
    assert lines
    assert f"{len(lines)} events" in output
    records = [json.loads(line) for line in lines]
    for record in records:
        assert record["event_type"] in PLOVER_TYPES
        assert isinstance(record["source"], list) and isinstance(record["target"], list)
        assert _squash(record["evidence"]) in _squash(source.read_text("utf-8")), record["evidence"]
    assert any(record["event_type"] == "SANCTION" and any(a["code"] == "CHN" for a in record["target"])
               for record in records)


def test_cli_events_json_actor(runner, store):
    output = _invoke(runner, "events", "--db", str(store["db"]), "--actor", "RUS", "--json", "--limit", "500")
    records = _json_stream(output)
    expected = api.list_events(db=store["db"], actor="RUS")
    assert len(records) == len(expected) > 0
    assert {r["event_id"] for r in records} == set(expected["event_id"])
    assert any(_has_code(r["source"], "RUS") or _has_code(r["target"], "RUS") for r in records)


def test_cli_events_table(runner, store):
    output = _invoke(runner, "events", "--db", str(store["db"]), "--type", "SANCTION", "--limit", "3")
    assert "SANCTION" in output
    for source in api.list_events(db=store["db"], event_type="SANCTION", limit=3)["source"]:
        for code in filter(None, str(source or "").split(",")):
            assert code in output


def test_cli_quotes(runner, store):
    output = _invoke(runner, "quotes", "--db", str(store["db"]), "--limit", "10")
    codes = api.list_quotes(db=store["db"], limit=10)["speaker_code"].dropna()
    assert len(codes) > 0
    for code in codes:
        assert code in output


def test_cli_claims(runner, store):
    output = _invoke(runner, "claims", "--db", str(store["db"]), "--limit", "10")
    frame = api.list_claims(db=store["db"], limit=10)
    assert len(frame) > 0
    for code in frame["claimant_code"].dropna():
        assert code in output


@pytest.mark.parametrize(("command", "column"), [("quotes", "speaker_code"), ("claims", "claimant_code")])
def test_cli_null_codes_not_printed_as_nan(runner, store, command: str, column: str):
    frame = getattr(api, f"list_{command}")(db=store["db"], limit=100)
    assert frame[column].isna().any()  # the case this test is about is in the sample corpus
    output = _invoke(runner, command, "--db", str(store["db"]), "--limit", "100")
    assert not re.search(r"\bnan\b", output)


def test_cli_actors(runner, store):
    output = _invoke(runner, "actors", "--db", str(store["db"]), "--limit", "5")
    top = api.list_actors(db=store["db"], limit=5)
    for code in top["code"]:
        assert code in output
    assert "CHN" in output and "USA" in output


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("Chinese officials", "code CHN  sector GOV"), ("Amnesty International", "code -  sector NGO"),
     ("British MPs", "code GBR  sector LEG")],
)
def test_cli_actors_resolve(runner, phrase: str, expected: str):
    assert expected in _invoke(runner, "actors", "resolve", phrase)


def test_cli_actors_resolve_with_date(runner):
    output = _invoke(runner, "actors", "resolve", "Boris Johnson", "--date", "2023-05-01")
    assert "code GBR  sector ELI" in output
    assert "method roles" in output


def test_cli_actors_resolve_shows_the_office_its_dates_and_source(runner):
    output = _squash(_invoke(runner, "actors", "resolve", "Kassym-Jomart Tokayev", "--date", "2016-06-01"))
    assert "code KAZ sector LEG" in output
    assert "office KAZ/LEG Chairman of the Senate 2013-10-16 to 2019-03-19" in output
    assert "source: Wikipedia" in output and "held on the date" in output


def test_cli_actors_resolve_lists_the_candidates_of_a_shared_name(runner):
    output = _squash(_invoke(runner, "actors", "resolve", "Pedro Sánchez", "--date", "2025-06-01"))
    assert "code - sector - name Pedro Sánchez method ambiguous" in output
    assert "COL/GOV Defence Minister" in output and "ESP/GOV Prime Minister" in output
    told = _squash(_invoke(runner, "actors", "resolve", "Pedro Sánchez", "--date", "2025-06-01", "--context",
                           "The talks were held in Madrid."))
    assert "code ESP sector GOV" in told and "ambiguous" not in told


def test_cli_actors_resolve_json(runner):
    [record] = _json_stream(_invoke(runner, "actors", "resolve", "Angela Merkel", "--date", "2023-01-01", "--json"))
    assert (record["code"], record["sector"], record["current"]) == ("DEU", "ELI", False)
    assert record["office"]["role"] == "Chancellor" and record["office"]["end"] == "2021-12-08"
    assert record["candidates"] == []


def test_cli_actors_kb_lists_what_is_known_for_a_state(runner):
    records = _json_stream(_invoke(runner, "actors", "kb", "--country", "kaz", "--date", "2022-01-05", "--json"))
    people = {(r["name"], r["role"]) for r in records if r["kind"] == "person"}
    assert ("Kassym-Jomart Tokayev", "President") in people
    assert all(r["current"] is not False for r in records)
    assert all(r["source"] for r in records)
    table = _squash(_invoke(runner, "actors", "kb", "--country", "AFG", "--kind", "body"))
    assert "Taliban" in table and "2021-08-15" in table and "person" not in table


def test_api_actors_kb_records():
    rows = detente.actors_kb("KAZ")
    assert all(isinstance(r, detente.KnownActor) for r in rows)
    nazarbayev = [r for r in rows if r.name == "Nursultan Nazarbayev" and r.role == "President"]
    assert [(r.start.year, r.end.year, r.current) for r in nazarbayev] == [(1990, 2019, None)]
    tokayev = next(r for r in rows if r.name == "Kassym-Jomart Tokayev")
    assert "Tokayev" in tokayev.aliases
    with pytest.raises(detente.NotFoundError):
        detente.actors_kb("XYZ")


def test_api_corpus_memory_resolves_a_name_stated_in_an_earlier_document(tmp_path):
    db = tmp_path / "memory.duckdb"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "a1", "published": "2022-03-01",
                                 "text": "UK Trade Envoy Jane Quillfeather met Chinese officials in Beijing."}) + "\n")
    second.write_text(json.dumps({"id": "b1", "published": "2022-03-09",
                                  "text": "Jane Quillfeather accused China of unfair trade practices."}) + "\n")
    detente.ingest([first], db=db)
    detente.ingest([second], db=db)
    frame = api.list_events(db=db, event_type="ACCUSE")
    assert list(frame["source"]) == ["GBR"]
    with Store(db, read_only=True) as store:
        [(name, code, doc_id, evidence)] = store.con.execute(
            "SELECT name, code, doc_id, evidence FROM known_roles").fetchall()
    assert (name, code, doc_id) == ("Jane Quillfeather", "GBR", "a1")
    assert "Trade Envoy" in evidence


def test_api_correct_actor_overrides_the_corpus_memory(tmp_path):
    db = tmp_path / "memory.duckdb"
    corpus = tmp_path / "a.jsonl"
    corpus.write_text(json.dumps({"id": "a1", "published": "2022-03-01",
                                  "text": "UK Trade Envoy Jane Quillfeather met Chinese officials in Beijing."}) + "\n")
    detente.ingest([corpus], db=db)
    detente.correct_actor("Jane Quillfeather", code="irl", sector="gov", db=db)
    with Store(db, read_only=True) as store:
        assert store.role_memory()["Jane Quillfeather"] == ("IRL", "GOV")
