"""Exports (detente.pipeline.export): every format round-trips with its own reader, PLOVER records have PLOVER's
required fields, the GDELT table opens in pandas with GDELT 2.0's columns; ``detente export`` and
``detente.export`` from a store."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.core.registry import exporters
from detente.pipeline.cluster import cluster_events
from detente.pipeline.export import (
    FORMATS,
    GDELT_COLUMNS,
    GDELT_EMPTY,
    PLOVER_REQUIRED,
    SCHEMAS,
    ExportError,
    export_records,
    exporter,
    gdelt_rows,
    goldstein,
    plover_problems,
    plover_record,
    read_csv,
)

pytestmark = pytest.mark.usefixtures("detente_env")

BEIJING = {"text": "in Beijing", "name": "Beijing", "country_code": "CHN", "admin1": "Beijing", "lat": 39.9075,
           "lon": 116.39723, "geonames_id": 1816670, "precision": "city", "method": "preposition",
           "confidence": 0.8}


def _actor(code: str | None, text: str, sector: str | None = "GOV", name: str | None = None) -> dict:
    return {"text": text, "name": name, "code": code, "sector": sector}


def _event(event_id: str, doc_id: str, **changes: Any) -> dict:
    record = {
        "event_id": event_id, "doc_id": doc_id, "event_type": "CONSULT", "mode": "visit",
        "source": [_actor("USA", "US Secretary of State Antony Blinken", name="Antony Blinken")],
        "target": [_actor("CHN", "Chinese President Xi Jinping", name="Xi Jinping")],
        "date": "2023-06-19", "date_precision": "day", "status": "asserted", "location": BEIJING,
        "context": ["diplomacy"],
        "evidence": "US Secretary of State Antony Blinken met Chinese President Xi Jinping in Beijing on Monday.",
        "sentence": 0, "start_char": 0, "end_char": 91, "trigger": {"text": "met", "lemma": "meet", "start_char": 37},
        "attribution": None, "confidence": 0.86, "cameo": "042", "plover_score": 4.0, "quad_class": 1,
        "mentions": [{"sentence": 0, "start_char": 0, "end_char": 91, "evidence": "US Secretary ... on Monday."},
                     {"sentence": 3, "start_char": 300, "end_char": 340, "evidence": "Blinken met Xi."}],
    }
    record.update(changes)
    return record


EVENTS = [
    _event("e1", "d1"),
    _event("e2", "d2", location=None, mentions=[], mode=None, cameo="040", plover_score=2.5,
           source=[_actor("CHN", "Xi", name="Xi Jinping")], target=[_actor("USA", "Blinken", name="Antony Blinken")],
           sentence=2, start_char=150, end_char=200, trigger={"text": "received", "lemma": "receive",
                                                                "start_char": 160}),
    # a compound source, a month, a second sector; an uncoded target
    _event("e3", "d3", event_type="SANCTION", mode="discontinue", cameo="163", plover_score=-6.0, quad_class=4,
           source=[_actor("EU", "the EU", "IGO", "European Union"), _actor("GBR", "Britain", name="United Kingdom")],
           target=[_actor(None, "ten Europeans", sector=None)], date="2021-03", date_precision="month",
           location={**BEIJING, "name": "China", "precision": "country", "admin1": None, "geonames_id": 1814991}),
    # no date, no actor: PLOVER cannot hold it
    _event("e4", "d3", event_type="MOBILIZE", mode=None, source=[], target=[_actor("PRK", "North Korea")],
           date=None, date_precision=None, location=None, cameo="150", plover_score=-2.0, quad_class=4),
]
DOCUMENTS = {
    "d1": {"source": "Harbour Times", "url": "https://harbourtimes.example/1", "title": "Blinken meets Xi",
           "language": "en", "published": "2023-06-19"},
    "d2": {"source": "Capital Wire", "url": "https://capitalwire.example/2", "title": None, "language": "en",
           "published": "2023-06-20"},
    "d3": {"source": None, "url": "https://www.eastgazette.example/3", "title": None, "language": "en",
           "published": "2021-03-23"},
}
CLUSTERS = cluster_events(EVENTS, DOCUMENTS)
QUOTES = [{"quote_id": "q1", "doc_id": "d1", "sentence": 1, "start_char": 95, "end_char": 140,
           "text": "we want \"stable\" relations, with a comma", "kind": "direct",
           "speaker": _actor("USA", "Blinken", name="Antony Blinken"), "speaker_code": "USA", "verb": "say",
           "addressee": None, "event_ids": ["e1"], "date": "2023-06-19"},
          {"quote_id": "q2", "doc_id": "d2", "sentence": 0, "start_char": 0, "end_char": 10, "text": "line\nbreak",
           "kind": "indirect", "speaker": None, "speaker_code": None, "verb": None, "addressee": "reporters",
           "event_ids": [], "date": None}]
CLAIMS = [{"claim_id": "c1", "doc_id": "d1", "sentence": 4, "start_char": 400, "end_char": 450,
           "text": "at least one million Uyghurs", "value": 1_000_000.0, "qualifier": "at least", "unit": None,
           "thing": "Uyghurs", "claimant": _actor("UN", "UN experts", "IGO", "United Nations"),
           "claimant_code": "UN", "quote_id": None, "date": "2023-06-19"}]
RECORDS = {"events": EVENTS, "clusters": CLUSTERS, "quotes": QUOTES, "claims": CLAIMS}


def _expected_rows(kind: str) -> list[dict]:
    """What the CSV and Parquet exports hold for each record: the schema's columns, derived ones filled."""
    rows = []
    for record in RECORDS[kind]:
        row = {name: record.get(name) for name, _ in SCHEMAS[kind]}
        if kind in ("events", "clusters"):
            document = DOCUMENTS[record["doc_id"]]
            row.update({"source_codes": [a["code"] for a in record["source"] if a["code"]],
                        "target_codes": [a["code"] for a in record["target"] if a["code"]],
                        "published": document["published"], "url": document["url"],
                        "publisher": document["source"]})
        if kind == "events":
            row["cluster_ids"] = ["c-" + record["event_id"]]
        rows.append(row)
    return rows


def _options(kind: str) -> dict:
    return {"kind": kind, "documents": DOCUMENTS,
            "clusters": {e["event_id"]: ["c-" + e["event_id"]] for e in EVENTS} if kind == "events" else {}}


def _with_location_fields(row: dict) -> dict:
    """Parquet gives a struct every field of its type (a missing optional field reads back as null)."""
    location = row.get("location")
    if location is not None:
        row = {**row, "location": {**dict.fromkeys(
            ["text", "name", "country_code", "admin1", "lat", "lon", "geonames_id", "precision", "method",
             "confidence"]), **location}}
    return row


# -- registry -------------------------------------------------------------------------------------------------

def test_builtin_exporters_are_registered_under_versioned_names():
    names = exporters.get_all()
    for name in FORMATS:
        assert f"detente.{name}.v1" in names
        assert exporter(name) is names[f"detente.{name}.v1"]
        assert exporter(f"detente.{name}.v1") is names[f"detente.{name}.v1"]


def test_a_user_exporter_registers_like_a_builtin(tmp_path: Path):
    def count_only(records, path, **options) -> int:
        records = list(records)
        Path(path).write_text(str(len(records)), encoding="utf-8")
        return len(records)

    exporters.register("test_count.v1", func=count_only)
    assert export_records(EVENTS, tmp_path / "n.txt", "test_count.v1") == len(EVENTS)
    assert (tmp_path / "n.txt").read_text("utf-8") == str(len(EVENTS))


def test_unknown_format_and_unsupported_kind_raise(tmp_path: Path):
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export_records(EVENTS, tmp_path / "x", "xml")
    for format in ("plover", "gdelt"):
        with pytest.raises(ExportError, match="cannot export 'quotes'"):
            export_records(QUOTES, tmp_path / "x", format, kind="quotes")


# -- round trips ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["events", "clusters", "quotes", "claims"])
def test_jsonl_round_trips(tmp_path: Path, kind: str):
    path = tmp_path / f"{kind}.jsonl"
    assert export_records(RECORDS[kind], path, "jsonl", **_options(kind)) == len(RECORDS[kind])
    assert [json.loads(line) for line in path.read_text("utf-8").splitlines()] == RECORDS[kind]


@pytest.mark.parametrize("kind", ["events", "clusters", "quotes", "claims"])
def test_csv_round_trips(tmp_path: Path, kind: str):
    path = tmp_path / f"{kind}.csv"
    assert export_records(RECORDS[kind], path, "csv", **_options(kind)) == len(RECORDS[kind])
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [name for name, _ in SCHEMAS[kind]]
    assert read_csv(path, kind) == _expected_rows(kind)


@pytest.mark.parametrize("kind", ["events", "clusters", "quotes", "claims"])
def test_parquet_round_trips_with_its_schema(tmp_path: Path, kind: str):
    path = tmp_path / f"{kind}.parquet"
    assert export_records(RECORDS[kind], path, "parquet", **_options(kind)) == len(RECORDS[kind])
    con = duckdb.connect()
    try:
        schema = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    assert [(name, type_.replace('"', "")) for name, type_, *_ in schema] == list(SCHEMAS[kind])
    assert rows == [_with_location_fields(row) for row in _expected_rows(kind)]


def test_parquet_actor_lists_are_lists_of_structs(tmp_path: Path):
    path = tmp_path / "events.parquet"
    export_records(EVENTS, path, "parquet", **_options("events"))
    con = duckdb.connect()
    try:
        codes = con.execute("SELECT event_id, [a.code FOR a IN source] FROM read_parquet(?) ORDER BY event_id",
                            [str(path)]).fetchall()
        located = con.execute("SELECT event_id FROM read_parquet(?) WHERE location.precision = 'city'",
                              [str(path)]).fetchall()
    finally:
        con.close()
    assert codes == [("e1", ["USA"]), ("e2", ["CHN"]), ("e3", ["EU", "GBR"]), ("e4", [])]
    assert located == [("e1",)]


def test_empty_exports_keep_their_columns(tmp_path: Path):
    assert export_records([], tmp_path / "none.parquet", "parquet") == 0
    con = duckdb.connect()
    try:
        columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)",
                                            [str(tmp_path / "none.parquet")]).fetchall()]
    finally:
        con.close()
    assert columns == [name for name, _ in SCHEMAS["events"]]
    assert export_records([], tmp_path / "none.csv", "csv") == 0
    assert read_csv(tmp_path / "none.csv") == []


# -- PLOVER ---------------------------------------------------------------------------------------------------

def _plover_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_plover_records_have_the_required_fields(tmp_path: Path):
    path = tmp_path / "events.plover.jsonl"
    written = export_records(EVENTS, path, "plover", **_options("events"))
    records = _plover_lines(path)
    assert written == len(records) == 3  # e4 has no date and no actor
    for record in records:
        assert plover_problems(record) == []
        for name in PLOVER_REQUIRED:
            assert record[name], name
        assert isinstance(record["event"], list) and isinstance(record["actor"], list)
        for entity in record["actor"] + record["recipient"]:
            assert set(entity) >= {"raw_text", "entity_name", "country_name", "code", "sector_code"}
        assert set(record["text_info"]) >= {"sequence", "start", "end"}
        assert set(record["cite_info"]) >= {"url", "coder", "codebook"}


def test_plover_record_fields():
    record = plover_record(EVENTS[0], DOCUMENTS["d1"], clusters=["c1"])
    assert record["id"] == "e1" and record["date"] == "2023-06-19" and "enddate" not in record
    assert record["event"] == ["CONSULT"] and record["mode"] == ["visit"] and record["context"] == ["diplomacy"]
    assert record["actor"] == [{"raw_text": "US Secretary of State Antony Blinken", "entity_name": "Antony Blinken",
                                "country_name": "United States", "code": "USA", "sector_code": "GOV",
                                "other_sector_codes": ""}]
    assert record["recipient"][0]["country_name"] == "China"
    assert record["event_text"] == ["met"]
    assert record["text_info"] == {"sequence": 0, "start": 0, "end": 91, "event_start": 37, "event_end": 40}
    assert EVENTS[0]["evidence"][37:40] == "met"
    assert record["cite_info"]["url"] == "https://harbourtimes.example/1"
    assert record["cite_info"]["publication"] == "Harbour Times"
    assert record["cite_info"]["coder"] == record["coder"] == f"Detente {detente.__version__}"
    assert (record["quad_code"], record["event_scale"], record["link"]) == (1, 4.0, ["c1"])
    assert record["event_loc"] == {"extracted_place": "in Beijing", "resolved_place": "Beijing", "geonameid": 1816670,
                                   "lat": 39.9075, "lon": 116.39723, "city": "Beijing", "province": "Beijing",
                                   "country": "China", "country_code": "CHN", "resolution": 4, "precision": "city"}
    assert len(record["mentions"]) == 2


def test_plover_month_is_a_period_and_organisations_have_names():
    record = plover_record(EVENTS[2], DOCUMENTS["d3"])
    assert (record["date"], record["enddate"], record["date_precision"]) == ("2021-03-01", "2021-03-31", "month")
    assert [a["country_name"] for a in record["actor"]] == ["European Union", "United Kingdom"]
    assert record["recipient"][0]["code"] is None and record["recipient"][0]["country_name"] is None
    assert record["event_loc"]["resolution"] == 1
    assert "event_loc" not in plover_record(EVENTS[1])


def test_plover_validator_names_what_is_missing():
    good = plover_record(EVENTS[0])
    assert plover_problems(good) == []
    assert "missing date" in plover_problems({k: v for k, v in good.items() if k != "date"})
    assert any("YYYY-MM-DD" in p for p in plover_problems({**good, "date": "2021-03"}))
    assert any("actor" in p for p in plover_problems({**good, "actor": []}))
    assert any("event" in p for p in plover_problems({**good, "event": "CONSULT"}))


def test_plover_clusters_carry_counts_and_reports(tmp_path: Path):
    path = tmp_path / "clusters.plover.jsonl"
    export_records(CLUSTERS, path, "plover", kind="clusters", documents=DOCUMENTS)
    records = {r["id"]: r for r in _plover_lines(path)}
    consult = next(r for r in records.values() if r["event"] == ["CONSULT"])
    assert plover_problems(consult) == []
    assert (consult["num_mentions"], consult["num_articles"], consult["num_sources"]) == (3, 2, 2)
    assert [r["doc_id"] for r in consult["reports"]] == ["d1", "d2"]
    assert consult["link"] == [consult["id"]]
    assert consult["first_report"]["doc_id"] == "d1"


# -- GDELT ----------------------------------------------------------------------------------------------------

def test_goldstein_from_the_cameo_table():
    assert goldstein("042") == 1.9
    assert goldstein("163") == -8.0
    assert goldstein("1623") == goldstein("162")  # not in the table: its base code
    assert goldstein(None) is None and goldstein("999") is None


def test_gdelt_table_opens_in_pandas_with_the_gdelt_columns(tmp_path: Path):
    path = tmp_path / "events.gdelt.tsv"
    written = export_records(EVENTS, path, "gdelt", **_options("events"))
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(GDELT_COLUMNS) and len(GDELT_COLUMNS) == 61
    assert written == len(frame) == 5  # e3's two sources are two rows, as GDELT splits compound actors
    numbers = pd.read_csv(path, sep="\t")
    assert numbers["GlobalEventID"].dtype.kind == "i" and numbers["GlobalEventID"].is_unique
    first = frame.iloc[0]
    assert (first["Day"], first["MonthYear"], first["Year"]) == ("20230619", "202306", "2023")
    assert (first["Actor1Code"], first["Actor1Name"], first["Actor1CountryCode"], first["Actor1Type1Code"]) == (
        "USAGOV", "ANTONY BLINKEN", "USA", "GOV")
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == ("042", "042", "04")
    assert (first["QuadClass"], first["GoldsteinScale"], first["NumMentions"]) == ("1", "1.9", "2")
    assert (first["ActionGeo_Type"], first["ActionGeo_FullName"], first["ActionGeo_CountryCode"]) == (
        "4", "Beijing, Beijing, China", "CHN")
    assert (first["ActionGeo_Lat"], first["ActionGeo_Long"], first["ActionGeo_FeatureID"]) == (
        "39.9075", "116.3972", "1816670")
    assert first["SOURCEURL"] == "https://harbourtimes.example/1" and first["IsRootEvent"] == "1"
    for column in GDELT_EMPTY:
        assert set(frame[column]) == {""}, column
    sanctions = frame[frame["EventCode"] == "163"]
    assert list(sanctions["Actor1Code"]) == ["EU", "GBRGOV"]
    assert set(sanctions["Actor1CountryCode"]) == {"", "GBR"}
    assert set(sanctions["Day"]) == {""} and set(sanctions["MonthYear"]) == {"202103"}
    assert set(sanctions["Actor2Code"]) == {""} and set(sanctions["Actor2Name"]) == {"TEN EUROPEANS"}
    assert set(sanctions["ActionGeo_Type"]) == {"1"}
    undated = frame[frame["EventCode"] == "150"].iloc[0]
    assert (undated["Day"], undated["Year"], undated["Actor1Code"], undated["Actor2Code"]) == ("", "", "", "PRKGOV")


def test_gdelt_clusters_one_row_each_with_counts(tmp_path: Path):
    path = tmp_path / "clusters.gdelt.tsv"
    assert export_records(CLUSTERS, path, "gdelt", kind="clusters", documents=DOCUMENTS) == len(CLUSTERS)
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    consult = frame[frame["EventRootCode"] == "04"].iloc[0]
    assert (consult["NumMentions"], consult["NumArticles"], consult["NumSources"]) == ("3", "2", "2")
    assert consult["SOURCEURL"] == "https://harbourtimes.example/1"
    cluster = next(c for c in CLUSTERS if c["event_type"] == "CONSULT")
    assert gdelt_rows(cluster, kind="clusters")[0]["GlobalEventID"] == consult["GlobalEventID"]


# -- from a store: the API and the CLI --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    stories = Path(__file__).parent / "data" / "clusters" / "documents.jsonl"
    db = folder / "detente.duckdb"
    detente.ingest([stories], db=db)
    return db


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("what", ["events", "clusters"])
def test_api_export_from_the_store(store: Path, tmp_path: Path, format: str, what: str):
    path = tmp_path / f"{what}.{format}"
    count = detente.export(path, format=format, what=what, db=store)
    listed = (detente.list_clusters(db=store) if what == "clusters" else detente.list_events(db=store))
    assert count > 0 and path.stat().st_size > 0
    if format == "jsonl":
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        key = "cluster_id" if what == "clusters" else "event_id"
        assert [r[key] for r in records] == list(listed[key])
    elif format == "csv":
        assert len(read_csv(path, what)) == len(listed) == count
    elif format == "parquet":
        con = duckdb.connect()
        try:
            assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone() == (len(listed),)
        finally:
            con.close()
    elif format == "plover":
        assert all(plover_problems(r) == [] for r in _plover_lines(path))
        assert count <= len(listed)
    else:
        assert list(pd.read_csv(path, sep="\t", nrows=0).columns) == list(GDELT_COLUMNS)


def test_api_export_filters_and_links_events_to_clusters(store: Path, tmp_path: Path):
    path = tmp_path / "sanctions.csv"
    count = detente.export(path, format="csv", db=store, event_type="SANCTION", actor="RUS")
    rows = read_csv(path)
    assert count == len(rows) > 0
    assert {r["event_type"] for r in rows} == {"SANCTION"}
    assert all(r["cluster_ids"] for r in rows)
    assert all(r["url"] and r["publisher"] != "" for r in rows)
    clusters = detente.export(tmp_path / "c.jsonl", clusters=True, db=store, limit=2)
    assert clusters == 2


def test_api_export_quotes_and_claims(store: Path, tmp_path: Path):
    quotes = detente.export(tmp_path / "q.parquet", format="parquet", what="quotes", db=store)
    assert quotes == len(detente.list_quotes(db=store))
    claims = detente.export(tmp_path / "c.csv", format="csv", what="claims", db=store)
    assert claims == len(detente.list_claims(db=store))
    with pytest.raises(ExportError):
        detente.export(tmp_path / "q.tsv", format="gdelt", what="quotes", db=store)


def test_cli_export(store: Path, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "clusters.plover.jsonl"
    result = runner.invoke(app, ["export", "--format", "plover", "--clusters", "--db", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "clusters written to" in result.output
    assert all(plover_problems(r) == [] for r in _plover_lines(out))
    gdelt = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", "--format", "gdelt", "--type", "SANCTION", "--db", str(store),
                                 "-o", str(gdelt)])
    assert result.exit_code == 0, result.output
    assert set(pd.read_csv(gdelt, sep="\t", dtype=str)["EventRootCode"]) <= {"16"}
    both = runner.invoke(app, ["export", "--clusters", "--quotes", "--db", str(store), "-o", str(out)])
    assert both.exit_code == 2
