"""Event locations read back as records everywhere: the store keeps them as JSON (not DuckDB's STRUCT cast),
the API answers the object, the pages show the place, and stores written before the fix read right."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from detente import api
from detente.cli import app
from detente.web.app import create_app

KHARKIV = 706483  # GeoNames id of Kharkiv (Ukraine), the place of the first LOCATED article's event


def _kharkiv_event(client: TestClient) -> dict:
    items = client.get("/api/v1/events", params={"doc_id": "loc-kharkiv-1"}).json()["items"]
    located = [e for e in items if e["location"]]
    assert located, items
    return located[0]


def test_location_column_holds_json(located_store: Path):
    con = duckdb.connect(str(located_store), read_only=True)
    try:
        rows = con.execute("SELECT location, json_extract(record, '$.location') FROM events "
                           "WHERE location IS NOT NULL").fetchall()
        unlocated = con.execute("SELECT count(*) FROM events WHERE location IS NULL "
                                "AND json_extract(record, '$.location') <> 'null'").fetchone()
    finally:
        con.close()
    assert rows
    for column, record in rows:
        assert json.loads(column) == json.loads(record)
    assert unlocated == (0,)


def test_api_event_location_is_an_object(located_store: Path):
    with TestClient(create_app(located_store)) as client:
        event = _kharkiv_event(client)
        assert event["location"]["geonames_id"] == KHARKIV
        assert event["location"]["country_code"] == "UKR"
        assert event["location"]["precision"] == "city"
        assert isinstance(event["location"]["lat"], float) and isinstance(event["location"]["lon"], float)
        detail = client.get(f"/api/v1/events/{event['event_id']}").json()
        assert detail["location"] == event["location"]
        unlocated = client.get("/api/v1/events", params={"doc_id": "loc-none"}).json()["items"]
        assert unlocated and all(e["location"] is None for e in unlocated)


def test_document_page_shows_the_place(located_store: Path):
    with TestClient(create_app(located_store)) as client:
        event = _kharkiv_event(client)
        html = client.get("/documents/loc-kharkiv-1", params={"event": event["event_id"]}).text
        card = html[html.index(f'id="card-{event["event_id"]}"'):]
        card = card[:card.index("</li>")]
        assert "<dt>place</dt>" in card
        assert f"{event['location']['name']}, UKR" in card and "(city;" in card
        assert f'href="/events?place={KHARKIV}"' in card


def test_api_list_events_and_cli_give_the_location(located_store: Path):
    frame = api.list_events(db=located_store, doc_id="loc-kharkiv-1")
    located = [loc for loc in frame["location"] if loc]
    assert located and located[0]["geonames_id"] == KHARKIV
    result = CliRunner().invoke(app, ["events", "--db", str(located_store), "--json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_id = {r["event_id"]: r for r in records}
    assert {e: by_id[e]["location"] for e in frame["event_id"]} == dict(zip(frame["event_id"], frame["location"],
                                                                          strict=True))
    assert any((r["location"] or {}).get("geonames_id") == KHARKIV for r in records)


def test_a_store_written_before_the_fix_reads_right(located_store: Path, tmp_path: Path):
    """Such stores hold DuckDB's STRUCT cast in the column; the location then comes from the record."""
    old = tmp_path / "old.duckdb"
    shutil.copy(located_store, old)
    con = duckdb.connect(str(old))
    try:  # what the insert did before the fix: the record's dict passed through a DataFrame into the TEXT column
        rows = con.execute("SELECT event_id, record FROM events WHERE location IS NOT NULL").fetchall()
        frame = pd.DataFrame({"event_id": [r[0] for r in rows],
                              "location": [json.loads(r[1])["location"] for r in rows]})
        con.register("old_rows", frame)
        con.execute("UPDATE events SET location = old_rows.location FROM old_rows "
                    "WHERE events.event_id = old_rows.event_id")
        sample = con.execute("SELECT location FROM events WHERE location IS NOT NULL LIMIT 1").fetchone()
    finally:
        con.close()
    assert sample and sample[0].startswith("{'text':")
    with TestClient(create_app(old)) as client:
        assert _kharkiv_event(client)["location"]["geonames_id"] == KHARKIV
        assert client.get("/api/v1/events", params={"place": KHARKIV}).json()["total"] >= 1
    frame = api.list_events(db=old, place=KHARKIV)
    assert len(frame) >= 1 and all(loc["geonames_id"] == KHARKIV for loc in frame["location"])
